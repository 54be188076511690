import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SentimentScoreSchema } from '../../../shared/domain/sentiment-score';
import { createSentimentEngine } from '../../../shared/sentiment/index';

// One engine for the whole file, as a Lambda container keeps one: its scratch buffers and unknown-word cache are
// reused across calls, which is what these properties exercise.
const engine = createSentimentEngine();

/** Words that trigger the rules (negators, boosters, "but", vows, slang in context, emoji, emoticons, foreign words). */
const RULE_WORDS = [
  'good',
  'bad',
  'love',
  'hate',
  'not',
  "don't",
  'NOT',
  'never',
  'again',
  'ever',
  'very',
  'kind',
  'of',
  'pretty',
  'insanely',
  'sadly',
  'but',
  'however',
  'although',
  'like',
  'would',
  'have',
  'been',
  'waste',
  'buy',
  'W',
  'L',
  'the',
  'fire',
  'sick',
  'mid',
  'ate',
  'no',
  'cap',
  'junk',
  'stay',
  'away',
  '🔥',
  '🙄',
  '😍',
  ':)',
  '!',
  '?',
  ',',
  '.',
  '#disappointed',
  '@brand',
  'https://x.y/z',
  'sooo',
  'gracias',
  'muy',
  'bien',
  'que',
];

const ruleText = fc
  .array(fc.constantFrom(...RULE_WORDS), { minLength: 1, maxLength: 24 })
  .map((words) => words.join(' '));
const anyText = fc.oneof(ruleText, fc.string({ unit: 'binary', maxLength: 200 }));

describe('sentiment engine: properties over arbitrary input', () => {
  it('always returns a valid score: compound in [−1, 1], proportions summing to 1, label from compound', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const score = engine.score(text);
        expect(SentimentScoreSchema.safeParse(score).success).toBe(true);
        if (!score.scored) return;
        expect(score.compound).toBeGreaterThanOrEqual(-1);
        expect(score.compound).toBeLessThanOrEqual(1);
        expect(score.pos + score.neu + score.neg).toBeCloseTo(1, 2);
        const expected =
          score.compound >= 0.05 ? 'positive' : score.compound <= -0.05 ? 'negative' : 'neutral';
        expect(score.label).toBe(expected);
      }),
      { numRuns: 2_000 },
    );
  });

  it('keeps no state between calls: a text scores the same before and after any other text', () => {
    fc.assert(
      fc.property(anyText, anyText, (text, other) => {
        const first = engine.score(text);
        engine.score(other);
        expect(engine.score(text)).toEqual(first);
      }),
      { numRuns: 1_000 },
    );
  });

  it('scores the same in a fresh engine as in a long-lived one', () => {
    const fresh = createSentimentEngine();
    fc.assert(
      fc.property(ruleText, (text) => {
        expect(engine.score(text)).toEqual(fresh.score(text));
      }),
      { numRuns: 1_000 },
    );
  });

  it('ignores surrounding whitespace', () => {
    fc.assert(
      fc.property(ruleText, fc.constantFrom(' ', '  ', '\t', ' \u00a0'), (text, pad) => {
        expect(engine.score(`${pad}${text}${pad}`)).toEqual(engine.score(text));
      }),
      { numRuns: 1_000 },
    );
  });
});
