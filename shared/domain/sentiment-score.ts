import { z } from 'zod';

export const SentimentLabelSchema = z.enum(['positive', 'neutral', 'negative']);
export type SentimentLabel = z.infer<typeof SentimentLabelSchema>;

export const ScoredSentimentSchema = z.object({
  scored: z.literal(true),
  /** Normalised sum of valences, in [-1, 1]. */
  compound: z.number().min(-1).max(1),
  pos: z.number().min(0).max(1),
  neu: z.number().min(0).max(1),
  neg: z.number().min(0).max(1),
  /** positive ≥ 0.05, negative ≤ -0.05, else neutral. */
  label: SentimentLabelSchema,
  /** ISO 639-1 code of the detected language. */
  language: z.string().min(2).max(8),
});

/** A text we cannot score. Aggregates must skip it, never count it as neutral. */
export const UnscoredSentimentSchema = z.object({
  scored: z.literal(false),
  reason: z.enum(['unsupported_language', 'empty', 'invalid_input', 'too_long']),
  /** Detected language when known, else null. */
  language: z.string().nullable(),
});

export const SentimentScoreSchema = z.discriminatedUnion('scored', [
  ScoredSentimentSchema,
  UnscoredSentimentSchema,
]);
export type SentimentScore = z.infer<typeof SentimentScoreSchema>;
export type ScoredSentiment = z.infer<typeof ScoredSentimentSchema>;
export type UnscoredSentiment = z.infer<typeof UnscoredSentimentSchema>;

export const POSITIVE_THRESHOLD = 0.05;
export const NEGATIVE_THRESHOLD = -0.05;

export function labelFor(compound: number): SentimentLabel {
  if (compound >= POSITIVE_THRESHOLD) return 'positive';
  if (compound <= NEGATIVE_THRESHOLD) return 'negative';
  return 'neutral';
}
