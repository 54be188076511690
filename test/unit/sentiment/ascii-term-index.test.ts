import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AsciiTermIndex,
  AsciiWordCache,
  FNV_OFFSET,
  hashSpan,
  hashStep,
} from '../../../shared/sentiment/ascii-term-index';
import { createSentimentEngine } from '../../../shared/sentiment/index';
import type { Term } from '../../../shared/sentiment/lexicons';
import { buildLexicons } from '../../../shared/sentiment/lexicons';

function term(valence: number): Term {
  return {
    valence,
    booster: 0,
    flags: 1,
    context: undefined,
    negatedValence: 0,
    phrases: undefined,
    foreign: 0,
  };
}

const asciiWord = fc.stringMatching(/^[A-Za-z][A-Za-z'-]{0,11}$/);

describe('AsciiTermIndex', () => {
  const good = term(1.9);
  const index = new AsciiTermIndex([
    ['good', good],
    ["don't", term(0)],
    ['kind-of', term(0)],
    ['Upper', term(2)],
    ['café', term(1)],
  ]);

  it('finds a span of text case-insensitively and returns the canonical lower-case key', () => {
    const text = 'so GOOD!';
    const entry = index.find(text, 3, 7);
    expect(entry).toBeGreaterThanOrEqual(0);
    expect(index.keys[entry]).toBe('good');
    expect(index.terms[entry]).toBe(good);
    expect(index.keys[index.find("I DON'T", 2, 7)]).toBe("don't");
    expect(index.keys[index.find('Kind-Of', 0, 7)]).toBe('kind-of');
  });

  it('misses prefixes, extensions and other words', () => {
    expect(index.find('goo', 0, 3)).toBe(-1);
    expect(index.find('goods', 0, 5)).toBe(-1);
    expect(index.find('bad', 0, 3)).toBe(-1);
    expect(index.find('', 0, 0)).toBe(-1);
  });

  it('holds only lower-case ASCII keys (others stay on the general path)', () => {
    expect(index.size).toBe(3);
    expect(index.find('upper', 0, 5)).toBe(-1);
    expect(index.find('café', 0, 4)).toBe(-1);
  });

  it('agrees with a Map over lower-cased slices for arbitrary words (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(asciiWord, { maxLength: 60 }), asciiWord, (keys, probe) => {
        const lowerKeys = [...new Set(keys.map((key) => key.toLowerCase()))];
        const map = new Map(lowerKeys.map((key, position) => [key, term(position)]));
        const table = new AsciiTermIndex(map);
        const text = ` ${probe} `;
        const entry = table.find(text, 1, 1 + probe.length);
        const expected = map.get(probe.toLowerCase());
        if (expected === undefined) expect(entry).toBe(-1);
        else expect(table.terms[entry]).toBe(expected);
      }),
    );
  });

  it('is built over the whole lexicon and finds every lower-case ASCII word of it', () => {
    const lexicons = buildLexicons();
    let asciiKeys = 0;
    for (const [key, value] of lexicons.terms) {
      if (!/^[\x20-\x40\x5b-\x7f]+$/.test(key)) continue;
      asciiKeys++;
      expect(lexicons.asciiTerms.terms[lexicons.asciiTerms.find(key, 0, key.length)]).toBe(value);
    }
    expect(lexicons.asciiTerms.size).toBe(asciiKeys);
  });
});

describe('hashing', () => {
  it('hashSpan equals hashStep folded over the code units, and ignores ASCII case', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[\x20-\x7e]{0,20}$/), (text) => {
        let hash = FNV_OFFSET;
        for (let position = 0; position < text.length; position++)
          hash = hashStep(hash, text.charCodeAt(position));
        expect(hashSpan(text, 0, text.length)).toBe(hash | 0);
        expect(hashSpan(text.toUpperCase(), 0, text.length)).toBe(
          hashSpan(text.toLowerCase(), 0, text.length),
        );
      }),
    );
  });

  it('tells non-ASCII letters from their case partners (only ASCII is folded)', () => {
    expect(hashSpan('É', 0, 1)).not.toBe(hashSpan('é', 0, 1));
  });
});

describe('AsciiWordCache', () => {
  it('returns the stored key and value for a span of any case', () => {
    const cache = new AsciiWordCache<number>(8);
    expect(cache.find('Hello', 0, 5)).toBe(-1);
    const entry = cache.add('hello', 42);
    expect(cache.find('HELLO', 0, 5)).toBe(entry);
    expect(cache.keyAt(entry)).toBe('hello');
    expect(cache.valueAt(entry)).toBe(42);
    expect(cache.valueAt(99)).toBeUndefined();
    expect(cache.keyAt(99)).toBe('');
  });

  it('empties itself when full, so memory stays bounded', () => {
    const cache = new AsciiWordCache<number>(4);
    for (const [position, word] of ['a', 'b', 'c', 'd'].entries()) cache.add(word, position);
    expect(cache.size).toBe(4);
    cache.add('e', 4);
    expect(cache.size).toBe(1);
    expect(cache.find('a', 0, 1)).toBe(-1);
    expect(cache.valueAt(cache.find('e', 0, 1))).toBe(4);
  });
});

describe('engine with the span lookups', () => {
  it('scores a word the same in any case mix and whether or not it was seen before', () => {
    const engine = createSentimentEngine();
    const first = engine.score('this is Horrible and zxqvbl');
    const again = engine.score('this is horrible and ZXQVBL');
    if (!first.scored || !again.scored) throw new Error('not scored');
    expect(again.compound).toBe(first.compound);
    expect(first.compound).toBeLessThan(-0.4);
  });

  it('still resolves unknown words through the cache (elongation, inflection)', () => {
    const engine = createSentimentEngine();
    for (let round = 0; round < 2; round++) {
      const elongated = engine.score('sooooo goooood');
      const inflected = engine.score('it disappoints');
      if (!elongated.scored || !inflected.scored) throw new Error('not scored');
      expect(elongated.compound).toBeGreaterThan(0.4);
      expect(inflected.compound).toBeLessThan(-0.2);
    }
  });
});
