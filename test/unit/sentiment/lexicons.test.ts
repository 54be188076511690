import { describe, expect, it } from 'vitest';
import { buildLexicons } from '../../../shared/sentiment';
import { TERM_ENGLISH, TERM_LEXICON } from '../../../shared/sentiment/lexicons';

describe('buildLexicons: the language word lists', () => {
  const lexicons = buildLexicons();
  const bitOf = (language: string): number => 1 << lexicons.foreignLanguages.indexOf(language);

  it('knows common English words the sentiment lexicon lacks, as English with no valence', () => {
    for (const word of ['dinner', 'yellow', 'comment', 'channel']) {
      expect(lexicons.terms.has(word), word).toBe(false);
      const term = lexicons.vocabularyTerm(word);
      expect(term?.flags, word).toBe(TERM_ENGLISH);
      expect(term?.valence, word).toBe(0);
    }
  });

  it('knows the most frequent words of other languages, without marking them English', () => {
    expect(lexicons.vocabularyTerm('gracias')).toMatchObject({ flags: 0 });
    expect((lexicons.vocabularyTerm('gracias')?.foreign ?? 0) & bitOf('es')).not.toBe(0);
    expect((lexicons.vocabularyTerm('obrigado')?.foreign ?? 0) & bitOf('pt')).not.toBe(0);
    expect((lexicons.vocabularyTerm('è')?.foreign ?? 0) & bitOf('it')).not.toBe(0);
  });

  it('returns nothing for words no list has, and one shared frozen term per combination of marks', () => {
    expect(lexicons.vocabularyTerm('zzqxv')).toBeUndefined();
    const dinner = lexicons.vocabularyTerm('dinner');
    expect(lexicons.vocabularyTerm('yellow')).toBe(dinner);
    expect(Object.isFrozen(dinner)).toBe(true);
  });

  it('adds the marks to words the lexicon already has: shared words count for both languages', () => {
    // "con" is a Spanish and Italian stop word and an English dictionary word ("pros and cons").
    const con = lexicons.terms.get('con');
    expect((con?.flags ?? 0) & TERM_ENGLISH).not.toBe(0);
    expect((con?.foreign ?? 0) & bitOf('es')).not.toBe(0);
    // "no" is a VADER word and among the most frequent Spanish words.
    const no = lexicons.terms.get('no');
    expect((no?.flags ?? 0) & TERM_LEXICON).not.toBe(0);
    expect((no?.foreign ?? 0) & bitOf('es')).not.toBe(0);
  });
});
