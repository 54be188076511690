import { addScore, emptyStats, type SentimentWindowStats } from '../../../shared/domain/alert';
import { labelFor, type SentimentScore } from '../../../shared/domain/sentiment-score';

export function scored(compound: number): SentimentScore {
  return { scored: true, compound, pos: 0, neu: 1, neg: 0, label: labelFor(compound), language: 'en' };
}

export function statsOf(compounds: readonly number[]): SentimentWindowStats {
  return compounds.reduce((stats, compound) => addScore(stats, scored(compound)), emptyStats());
}

/** Deterministic PRNG (mulberry32) so simulated comment mixes are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Share of negative and neutral comments; the rest are positive. */
export interface CommentMix {
  readonly negative: number;
  readonly neutral: number;
}
/** Typical positive mix: mean compound ≈ +0.4, 15 % negative. */
export const POSITIVE_MIX: CommentMix = { negative: 0.15, neutral: 0.15 };
/** Clearly negative mix: mean compound ≈ −0.33, 70 % negative. */
export const NEGATIVE_MIX: CommentMix = { negative: 0.7, neutral: 0.15 };

/** Compounds like VADER's on real comments: negatives in [−0.95, −0.3], positives in [0.4, 0.95], neutrals 0. */
export function sampleCompounds(random: () => number, mix: CommentMix, count: number): number[] {
  const compounds: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const u = random();
    let value = 0;
    if (u < mix.negative) value = -(0.3 + 0.65 * random());
    else if (u >= mix.negative + mix.neutral) value = 0.4 + 0.55 * random();
    compounds.push(Math.round(value * 10_000) / 10_000);
  }
  return compounds;
}
