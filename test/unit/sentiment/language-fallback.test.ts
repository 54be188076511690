import { describe, expect, it } from 'vitest';
import { createSentimentEngine } from '../../../shared/sentiment';

describe('foreign comments whose stop words are ambiguous', () => {
  it('asks the detector instead of reporting them as neutral English', () => {
    const calls: string[] = [];
    const engine = createSentimentEngine({
      detectLanguage: (text) => {
        calls.push(text);
        return 'es';
      },
    });
    expect(engine.score('gracias amiga, me encanta')).toEqual({
      scored: false,
      reason: 'unsupported_language',
      language: 'es',
    });
    expect(calls).toEqual(['gracias amiga, me encanta']);
  });

  it('never asks for English texts that carry sentiment or plenty of English evidence', () => {
    const calls: string[] = [];
    const engine = createSentimentEngine({
      detectLanguage: (text) => {
        calls.push(text);
        return 'es';
      },
    });
    expect(engine.score('I love this so much').scored).toBe(true);
    expect(engine.score('going to the store later with my mom').scored).toBe(true);
    expect(calls).toEqual([]);
  });

  it('keeps the text English when the detector agrees or cannot tell', () => {
    const engine = createSentimentEngine({ detectLanguage: () => '' });
    const score = engine.score('gracias amiga, me encanta');
    expect(score).toMatchObject({ scored: true, language: 'en', compound: 0 });
  });
});
