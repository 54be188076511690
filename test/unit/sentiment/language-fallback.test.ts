import { describe, expect, it } from 'vitest';
import { createSentimentEngine, foreignVerdict } from '../../../shared/sentiment';

// "me gustó muchísimo jajaja": only "me" is in any word list, and English shares it with Spanish.
const AMBIGUOUS = 'me gustó muchísimo jajaja';

describe('foreign comments whose known words are ambiguous', () => {
  it('asks the detector instead of reporting them as neutral English', () => {
    const calls: string[] = [];
    const engine = createSentimentEngine({
      detectLanguage: (text) => {
        calls.push(text);
        return ['es', 'pt', 'fr'];
      },
    });
    expect(engine.score(AMBIGUOUS)).toEqual({
      scored: false,
      reason: 'unsupported_language',
      language: 'es',
    });
    expect(calls).toEqual([AMBIGUOUS]);
  });

  it('never asks for English texts that carry sentiment or plenty of English evidence', () => {
    const calls: string[] = [];
    const engine = createSentimentEngine({
      detectLanguage: (text) => {
        calls.push(text);
        return ['es'];
      },
    });
    expect(engine.score('I love this so much').scored).toBe(true);
    expect(engine.score('going to the store later with my mom').scored).toBe(true);
    expect(calls).toEqual([]);
  });

  it('keeps the text English when the detector agrees or cannot tell', () => {
    for (const candidates of [[], [''], ['en', 'es']]) {
      const engine = createSentimentEngine({ detectLanguage: () => candidates });
      const score = engine.score(AMBIGUOUS);
      expect(score).toMatchObject({ scored: true, language: 'en', compound: 0 });
    }
  });

  it('keeps the text English when the detector ranks English among its first three candidates', () => {
    const engine = createSentimentEngine({ detectLanguage: () => ['it', 'nl', 'en'] });
    expect(engine.score('Link in bio')).toMatchObject({ scored: true, language: 'en', label: 'neutral' });
  });

  it('with the default detector: short English stays English, the Spanish comment does not', () => {
    const engine = createSentimentEngine();
    for (const text of ['Link in bio', 'check my channel', 'Check my footwork.']) {
      expect(engine.score(text), text).toMatchObject({ scored: true, language: 'en' });
    }
    expect(engine.score(AMBIGUOUS)).toMatchObject({ scored: false, language: 'es' });
  });
});

describe('foreignVerdict', () => {
  it('is the first candidate unless it is English, empty, or English is within the first three', () => {
    expect(foreignVerdict(['es', 'pt', 'fr', 'en'])).toBe('es');
    expect(foreignVerdict(['it', 'nl', 'en'])).toBeUndefined();
    expect(foreignVerdict(['pl', 'en'])).toBeUndefined();
    expect(foreignVerdict(['en', 'es'])).toBeUndefined();
    expect(foreignVerdict([''])).toBeUndefined();
    expect(foreignVerdict([])).toBeUndefined();
  });
});
