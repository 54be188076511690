import type { Lexicons, Term } from './lexicons';
import { TERM_ENGLISH, TERM_LEXICON, TERM_NEGATED_ONLY } from './lexicons';

export const TOKEN_WORD = 0;
/** Emoji or emoticon: valence comes from `valences`, no lexicon term. */
export const TOKEN_SYMBOL = 1;

const INITIAL_CAPACITY = 64;

/**
 * Reusable per-engine scratch space: one tokenisation writes here instead of allocating arrays per call.
 * Not shared across engines, and score() is synchronous, so reuse is safe.
 */
export class TokenBuffer {
  words: string[] = [];
  terms: (Term | undefined)[] = [];
  kinds = new Uint8Array(INITIAL_CAPACITY);
  /** Symbol valences (emoji/emoticons); 0 for words. */
  valences = new Float64Array(INITIAL_CAPACITY);
  /** 1 when the word is written in capitals (≥ 2 letters, no lower-case letter). */
  caps = new Uint8Array(INITIAL_CAPACITY);
  /** 1 when clause punctuation (. , ; : ! ? …) separates the token from the previous one: modifiers stop there. */
  clauseStart = new Uint8Array(INITIAL_CAPACITY);
  /** Clause punctuation seen since the last token. */
  pendingClauseBreak = false;
  /** 1 when the word was found only after squeezing a run of ≥ 3 repeated letters ("loooove"). */
  elongated = new Uint8Array(INITIAL_CAPACITY);
  count = 0;
  exclamations = 0;
  questions = 0;
  /** Words with at least one letter; of those, known English ones, non-Latin-script ones, ALL-CAPS ones. */
  letterWords = 0;
  englishWords = 0;
  /** Language evidence in half points: 2 per English-only word, 1 per word also a stop word elsewhere ("me"). */
  englishEvidence = 0;
  nonLatinWords = 0;
  capsWords = 0;
  /** Per foreign language (bit position of Lexicons.foreignLanguages): its stop words, in half points as above. */
  foreignEvidence = new Int32Array(32);
  /** A NUL or other C0 control character (other than tab/CR/LF) was seen: binary, not text. */
  hasControlCharacters = false;
  /** Unknown lower-cased words → what they normalise to; kept across calls (bounded, see tokenizer). */
  readonly unknownWords = new Map<string, WordResolution>();

  reset(): void {
    this.count = 0;
    this.exclamations = 0;
    this.questions = 0;
    this.letterWords = 0;
    this.englishWords = 0;
    this.englishEvidence = 0;
    this.nonLatinWords = 0;
    this.capsWords = 0;
    this.hasControlCharacters = false;
    this.pendingClauseBreak = false;
    this.foreignEvidence.fill(0);
  }

  push(
    word: string,
    term: Term | undefined,
    kind: number,
    valence: number,
    caps: number,
    elongated: number,
  ): void {
    const index = this.count;
    if (index === this.kinds.length) this.grow();
    this.words[index] = word;
    this.terms[index] = term;
    this.kinds[index] = kind;
    this.valences[index] = valence;
    this.caps[index] = caps;
    this.elongated[index] = elongated;
    this.clauseStart[index] = this.pendingClauseBreak ? 1 : 0;
    this.pendingClauseBreak = false;
    this.count = index + 1;
  }

  private grow(): void {
    const capacity = this.kinds.length * 2;
    const kinds = new Uint8Array(capacity);
    kinds.set(this.kinds);
    this.kinds = kinds;
    const valences = new Float64Array(capacity);
    valences.set(this.valences);
    this.valences = valences;
    const caps = new Uint8Array(capacity);
    caps.set(this.caps);
    this.caps = caps;
    const elongated = new Uint8Array(capacity);
    elongated.set(this.elongated);
    this.elongated = elongated;
    const clauseStart = new Uint8Array(capacity);
    clauseStart.set(this.clauseStart);
    this.clauseStart = clauseStart;
  }
}

const HTML_ENTITY = /&(?:(amp|quot|apos|lt|gt|nbsp)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));/g;
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  quot: '"',
  apos: "'",
  lt: '<',
  gt: '>',
  nbsp: ' ',
};

/** Decodes the entities comment APIs leave in text (&amp; &quot; &#39; &#x1F525; …). */
export function decodeHtmlEntities(text: string): string {
  return text.replace(HTML_ENTITY, (entity, name: string | undefined, decimal?: string, hex?: string) => {
    if (name !== undefined) return NAMED_ENTITIES[name] ?? entity;
    const codePoint = decimal !== undefined ? Number(decimal) : Number.parseInt(hex ?? '', 16);
    return codePoint > 0 && codePoint <= 0x10ffff && (codePoint < 0xd800 || codePoint > 0xdfff)
      ? String.fromCodePoint(codePoint)
      : entity;
  });
}

function isSpace(code: number): boolean {
  return (
    code === 32 ||
    (code >= 9 && code <= 13) ||
    code === 0xa0 ||
    code === 0x3000 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029
  );
}

function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isAsciiUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}

function isAsciiLower(code: number): boolean {
  return code >= 97 && code <= 122;
}

/** Letters and digits of any script; general punctuation, symbols and surrogates (emoji) are not. */
function isWordCharacter(code: number): boolean {
  if (code < 128) return isAsciiLower(code) || isAsciiUpper(code) || isAsciiDigit(code);
  if (code < 0xc0) return code === 0xaa || code === 0xb5 || code === 0xba;
  if (code < 0x2000) return code !== 0xd7 && code !== 0xf7;
  return (
    (code >= 0x3040 && code <= 0x9fff) ||
    (code >= 0xac00 && code <= 0xd7af) ||
    (code >= 0xf900 && code <= 0xfaff)
  );
}

function isEmojiSkinTone(codePoint: number): boolean {
  return codePoint >= 0x1f3fb && codePoint <= 0x1f3ff;
}

/** Pictographs that count as a (neutral) token when the emoji lexicon lacks them. */
function isPictograph(codePoint: number): boolean {
  return (codePoint >= 0x1f300 && codePoint <= 0x1faff) || (codePoint >= 0x2600 && codePoint <= 0x27bf);
}

/** Case-insensitive "http://", "https://" or "www." at `start` (ASCII compare, no allocation). */
function startsWithUrl(text: string, start: number, end: number): boolean {
  return (
    matchesLowerAscii(text, start, end, 'http://') ||
    matchesLowerAscii(text, start, end, 'https://') ||
    matchesLowerAscii(text, start, end, 'www.')
  );
}

function matchesLowerAscii(text: string, start: number, end: number, prefix: string): boolean {
  if (end - start < prefix.length) return false;
  for (let offset = 0; offset < prefix.length; offset++) {
    if ((text.charCodeAt(start + offset) | 0x20) !== (prefix.charCodeAt(offset) | 0x20)) return false;
  }
  return true;
}

/** Squeezes runs of ≥ `keep + 1` identical letters to `keep` letters ("loooove", 2 → "loove"; 1 → "love"). */
export function squeezeRepeats(word: string, keep: number): string {
  let result = '';
  let run = 0;
  for (let index = 0; index < word.length; index++) {
    const character = word[index];
    run = index > 0 && character === word[index - 1] ? run + 1 : 1;
    if (run <= keep) result += character;
  }
  return result;
}

function hasRepeatedLetters(word: string, minimumRun: number): boolean {
  let run = 1;
  for (let index = 1; index < word.length; index++) {
    run = word.charCodeAt(index) === word.charCodeAt(index - 1) ? run + 1 : 1;
    if (run >= minimumRun) return true;
  }
  return false;
}

/**
 * Single-pass tokenizer: splits on whitespace, drops @handles and URLs, looks emoticons up whole, splits each chunk
 * into words (inner apostrophes and hyphens kept), emoji (one token each; skin tones and joiners dropped) and
 * punctuation (only "!" and "?" counted), reads hashtags as words, lower-cases and normalises elongations.
 */
export function tokenize(input: string, lexicons: Lexicons, out: TokenBuffer): void {
  out.reset();
  const text = input.includes('&') ? decodeHtmlEntities(input) : input;
  const length = text.length;
  let index = 0;
  while (index < length) {
    if (isSpace(text.charCodeAt(index))) index++;
    else index = tokenizeChunk(text, index, length, lexicons, out);
  }
}

function chunkEnd(text: string, start: number, length: number): number {
  let end = start + 1;
  while (end < length && !isSpace(text.charCodeAt(end))) end++;
  return end;
}

/** Tokenizes the whitespace-delimited chunk starting at `start`; returns where it ends (one pass over its text). */
function tokenizeChunk(
  text: string,
  start: number,
  length: number,
  lexicons: Lexicons,
  out: TokenBuffer,
): number {
  const first = text.charCodeAt(start);
  // @handle: creator and brand names must not score as words ("@united"). URLs carry no opinion.
  if (first === 64) return chunkEnd(text, start, length);
  if (
    (first === 104 || first === 72 || first === 119 || first === 87) &&
    startsWithUrl(text, start, length)
  ) {
    return chunkEnd(text, start, length);
  }

  // Emoticons start with punctuation (":)", "<3") or have it second ("D:", "8)", "o.O"): only those chunks are
  // measured up front and looked up whole.
  const second = start + 1 < length ? text.charCodeAt(start + 1) : 32;
  if (!isWordCharacter(first) || (!isWordCharacter(second) && !isSpace(second))) {
    const end = chunkEnd(text, start, length);
    if (end - start <= 8 && looksLikeEmoticon(text, start, end)) {
      const chunk = text.slice(start, end);
      const valence = lexicons.emoticons.get(chunk) ?? lexicons.emoticons.get(chunk.toLowerCase());
      if (valence !== undefined) {
        out.push(chunk, undefined, TOKEN_SYMBOL, valence, 0, 0);
        return end;
      }
    }
  }

  let wordStart = -1;
  let hashtagWordStart = -1;
  let upper = 0;
  let lower = 0;
  let nonLatin = false;
  let curlyApostrophe = false;
  let end = start;
  for (; end < length; end++) {
    const code = text.charCodeAt(end);
    if (isWordCharacter(code)) {
      if (wordStart < 0) {
        wordStart = end;
        upper = 0;
        lower = 0;
        nonLatin = false;
        curlyApostrophe = false;
      }
      if (code >= 97 && code <= 122) lower++;
      else if (code >= 65 && code <= 90) upper++;
      else if (code >= 0xc0) {
        if (code >= 0x370) nonLatin = true;
        const character = text[end] ?? '';
        if (character !== character.toLowerCase()) upper++;
        else if (character !== character.toUpperCase()) lower++;
      }
      continue;
    }
    if (
      wordStart >= 0 &&
      (code === 47 || code === 46) &&
      end + 1 < length &&
      isAsciiDigit(text.charCodeAt(end - 1)) &&
      isAsciiDigit(text.charCodeAt(end + 1))
    ) {
      // "10/10", "4.5", "8.5/10": a slash or decimal point between digits belongs to the number (ratings are read
      // whole by the engine), and a decimal point is not the end of a clause.
      continue;
    }
    if (wordStart >= 0 && (code === 39 || code === 0x2019 || code === 45) && end + 1 < length) {
      // Inner apostrophes ("don't") and hyphens ("kind-of", "mock-ups") stay inside the word.
      if (isWordCharacter(text.charCodeAt(end + 1))) {
        if (code === 0x2019) curlyApostrophe = true;
        continue;
      }
    }
    if (wordStart >= 0) {
      emitWord(
        text,
        wordStart,
        end,
        upper,
        lower,
        nonLatin,
        curlyApostrophe,
        hashtagWordStart === wordStart,
        lexicons,
        out,
      );
      wordStart = -1;
    }
    if (isSpace(code)) break;
    if (code === 33) {
      out.exclamations++;
      out.pendingClauseBreak = true;
    } else if (code === 63) {
      out.questions++;
      out.pendingClauseBreak = true;
    } else if (code === 46 || code === 44 || code === 59 || code === 58 || code === 0x2026) {
      out.pendingClauseBreak = true;
    } else if (code === 35) {
      hashtagWordStart = end + 1;
    } else if (code >= 0xd800 && code <= 0xdbff) {
      const codePoint = text.codePointAt(end) ?? code;
      if (codePoint > 0xffff) end++;
      emitSymbol(codePoint, lexicons, out);
    } else if (code >= 0x2190 && code <= 0x2bff) {
      emitSymbol(code, lexicons, out);
    } else if (code < 32 && code !== 9 && code !== 10 && code !== 13) {
      out.hasControlCharacters = true;
    }
  }
  if (wordStart >= 0) {
    emitWord(
      text,
      wordStart,
      end,
      upper,
      lower,
      nonLatin,
      curlyApostrophe,
      hashtagWordStart === wordStart,
      lexicons,
      out,
    );
  }
  return end;
}

/** Emoticons are short, have punctuation and at most two letters (":)", ":-D", "<3", "o.O", "D:"). */
function looksLikeEmoticon(text: string, start: number, end: number): boolean {
  let letters = 0;
  let punctuation = 0;
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (isAsciiUpper(code) || isAsciiLower(code)) letters++;
    else if (code < 128 && !(code >= 48 && code <= 57)) punctuation++;
  }
  return punctuation > 0 && letters <= 2;
}

function emitSymbol(codePoint: number, lexicons: Lexicons, out: TokenBuffer): void {
  if (isEmojiSkinTone(codePoint)) return;
  const valence = lexicons.emoji.get(codePoint);
  if (valence !== undefined)
    out.push(String.fromCodePoint(codePoint), undefined, TOKEN_SYMBOL, valence, 0, 0);
  else if (isPictograph(codePoint))
    out.push(String.fromCodePoint(codePoint), undefined, TOKEN_SYMBOL, 0, 0, 0);
}

function emitWord(
  text: string,
  start: number,
  end: number,
  upper: number,
  lower: number,
  nonLatin: boolean,
  curlyApostrophe: boolean,
  hashtag: boolean,
  lexicons: Lexicons,
  out: TokenBuffer,
): void {
  const raw = text.slice(start, end);
  let word = upper > 0 ? raw.toLowerCase() : raw;
  if (curlyApostrophe) word = word.replaceAll('\u2019', "'");
  let term = lexicons.terms.get(word);
  let elongated = 0;
  if (term === undefined) {
    if (hashtag && upper > 0 && lower > 0 && splitCamelCase(raw, lexicons, out)) return;
    // Unknown words recur (names, typos, product words): their normalisation is remembered per engine instead of
    // being redone with several slices and lookups each time.
    let resolution = out.unknownWords.get(word);
    if (resolution === undefined) {
      resolution = resolveUnknownWord(word, lexicons);
      if (out.unknownWords.size >= UNKNOWN_WORD_CACHE_SIZE) out.unknownWords.clear();
      out.unknownWords.set(word, resolution);
    }
    if (resolution !== UNRESOLVED) {
      word = resolution.word;
      term = resolution.term;
      elongated = resolution.elongated;
    }
  }
  const caps = upper >= 2 && lower === 0 ? 1 : 0;
  pushWord(word, term, caps, elongated, nonLatin, out);
}

/** What an unknown word normalises to: a known word (and whether it was elongated), or UNRESOLVED. */
export interface WordResolution {
  readonly word: string;
  readonly term: Term | undefined;
  readonly elongated: number;
}

const UNRESOLVED: WordResolution = { word: '', term: undefined, elongated: 0 };
/** Bound of the per-engine cache of unknown words (cleared when full: memory stays bounded on any input). */
const UNKNOWN_WORD_CACHE_SIZE = 16_384;

/**
 * A word the term map lacks: a lexicon word it normalises to, else its language evidence from the vocabulary lists
 * (a dictionary word like "dinner", a Spanish "gracias"), else nothing.
 */
function resolveUnknownWord(word: string, lexicons: Lexicons): WordResolution {
  const normalised = normaliseToLexicon(word, lexicons);
  if (normalised !== UNRESOLVED) return normalised;
  const term = lexicons.vocabularyTerm(word);
  return term === undefined ? UNRESOLVED : { word, term, elongated: 0 };
}

function normaliseToLexicon(word: string, lexicons: Lexicons): WordResolution {
  // Elongations: squeeze runs of 3+ letters to 2, then to 1 ("goooood" → "good", "loooove" → "love"). Doubled
  // letters alone are squeezed only in short words ("soo", "yess"): in longer ones they are spelling ("rappers").
  const elongation = hasRepeatedLetters(word, 3);
  if (elongation || (word.length <= 4 && hasRepeatedLetters(word, 2))) {
    const squeezedToTwo = squeezeRepeats(word, 2);
    const squeezedToOne = squeezeRepeats(word, 1);
    // Only English vocabulary counts: "neeeeel" must not become the Italian stop word "nel".
    const toTwo = lexicons.terms.get(squeezedToTwo);
    if (toTwo !== undefined && toTwo.flags !== 0) {
      return { word: squeezedToTwo, term: toTwo, elongated: elongation ? 1 : 0 };
    }
    const toOne = lexicons.terms.get(squeezedToOne);
    if (toOne !== undefined && toOne.flags !== 0) {
      return { word: squeezedToOne, term: toOne, elongated: elongation ? 1 : 0 };
    }
    return UNRESOLVED;
  }
  if (word.length >= 5) {
    const base = inflectionBase(word, lexicons);
    // An -ly adverb keeps its own spelling: the engine reads adverbs before sentiment words as degree words
    // ("insanely good"), and nothing else looks at its letters.
    if (base !== undefined) {
      return { word: word.endsWith('ly') ? word : base, term: lexicons.terms.get(base), elongated: 0 };
    }
  }
  return UNRESOLVED;
}

/**
 * Base form of an unknown word whose base is a lexicon word — regular English inflection undone, the way a reader
 * recognises "disappoints" or "horribly" from "disappoint" and "horrible" (VADER's lexicon lists some inflected forms
 * and not others, as its source word lists did). Only a lexicon hit counts, so a wrong split cannot invent a word:
 * - dropped g ("lovin" → "loving");
 * - superlatives ("coolest", "nicest", "happiest", "biggest" → "cool", "nice", "happy", "big");
 * - -s/-es/-ies, -ed/-ied, -ing ("sucks", "wishes", "worries", "annoyed", "stopped", "loving", "hating");
 * - -ly adverbs ("happily", "horribly", "perfectly", "tragically").
 * Not "-er": it forms agent nouns too ("player", "hater"), whose valence is not the verb's.
 */
function inflectionBase(word: string, lexicons: Lexicons): string | undefined {
  const length = word.length;
  if (word.endsWith('in')) {
    // "lovin", "rockin"; a trailing apostrophe ("lovin'") is already stripped as punctuation.
    const candidate = `${word}g`;
    if (isLexiconWord(candidate, lexicons)) return candidate;
  }
  if (word.endsWith('est')) return stemToLexicon(word, length - 3, lexicons);
  if (word.endsWith('ing')) return stemToLexicon(word, length - 3, lexicons);
  if (word.endsWith('ed')) {
    if (word.endsWith('ied')) return lexiconOrUndefined(`${word.slice(0, -3)}y`, lexicons);
    return stemToLexicon(word, length - 2, lexicons);
  }
  if (word.endsWith('ly')) {
    if (word.endsWith('ily')) return lexiconOrUndefined(`${word.slice(0, -3)}y`, lexicons);
    // "horribly", "terribly" → "horrible"; "tragically" → "tragic".
    if (word.endsWith('bly')) return lexiconOrUndefined(`${word.slice(0, -1)}e`, lexicons);
    if (word.endsWith('ally')) {
      return (
        lexiconOrUndefined(word.slice(0, -2), lexicons) ?? lexiconOrUndefined(word.slice(0, -4), lexicons)
      );
    }
    return lexiconOrUndefined(word.slice(0, -2), lexicons);
  }
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith("'s")) {
    if (word.endsWith('ies')) return lexiconOrUndefined(`${word.slice(0, -3)}y`, lexicons);
    return (
      lexiconOrUndefined(word.slice(0, -1), lexicons) ??
      (word.endsWith('es') ? lexiconOrUndefined(word.slice(0, -2), lexicons) : undefined)
    );
  }
  return undefined;
}

/** The stem before a suffix, as is, with a final "e" restored ("nic-est", "lov-ing"), or with a doubled consonant undone ("bigg-est", "stopp-ed"). */
function stemToLexicon(word: string, stemLength: number, lexicons: Lexicons): string | undefined {
  if (stemLength < 3) return undefined;
  const stem = word.slice(0, stemLength);
  if (isLexiconWord(stem, lexicons)) return stem;
  const withE = `${stem}e`;
  if (isLexiconWord(withE, lexicons)) return withE;
  if (stem.endsWith('i')) {
    const withY = `${stem.slice(0, -1)}y`;
    if (isLexiconWord(withY, lexicons)) return withY;
  }
  if (stemLength >= 4 && stem.charCodeAt(stemLength - 1) === stem.charCodeAt(stemLength - 2)) {
    const undoubled = stem.slice(0, -1);
    if (isLexiconWord(undoubled, lexicons)) return undoubled;
  }
  return undefined;
}

function lexiconOrUndefined(candidate: string, lexicons: Lexicons): string | undefined {
  return candidate.length >= 3 && isLexiconWord(candidate, lexicons) ? candidate : undefined;
}

function isLexiconWord(candidate: string, lexicons: Lexicons): boolean {
  const term = lexicons.terms.get(candidate);
  return term !== undefined && (term.flags & (TERM_LEXICON | TERM_NEGATED_ONLY)) !== 0;
}

function pushWord(
  word: string,
  term: Term | undefined,
  caps: number,
  elongated: number,
  nonLatin: boolean,
  out: TokenBuffer,
): void {
  out.push(word, term, TOKEN_WORD, 0, caps, elongated);
  if (!hasLetter(word)) return;
  out.letterWords++;
  if (caps === 1) out.capsWords++;
  if (nonLatin) {
    out.nonLatinWords++;
    return;
  }
  // Evidence in half points: a word known to English and to another language counts half for each.
  let languages = term?.foreign ?? 0;
  const english = term !== undefined && (term.flags & TERM_ENGLISH) !== 0;
  if (english) {
    out.englishWords++;
    out.englishEvidence += languages === 0 ? 2 : 1;
  }
  const weight = english ? 1 : 2;
  for (let bit = 0; languages !== 0; bit++, languages >>>= 1) {
    if ((languages & 1) === 1) out.foreignEvidence[bit] = (out.foreignEvidence[bit] ?? 0) + weight;
  }
}

function hasLetter(word: string): boolean {
  for (let index = 0; index < word.length; index++) {
    const code = word.charCodeAt(index);
    if (!isAsciiDigit(code)) return true;
  }
  return false;
}

/** "#SoDisappointed" → "so", "disappointed"; only when every part is a known word. */
function splitCamelCase(raw: string, lexicons: Lexicons, out: TokenBuffer): boolean {
  const parts: string[] = [];
  let partStart = 0;
  for (let index = 1; index < raw.length; index++) {
    if (isAsciiUpper(raw.charCodeAt(index)) && !isAsciiUpper(raw.charCodeAt(index - 1))) {
      parts.push(raw.slice(partStart, index).toLowerCase());
      partStart = index;
    }
  }
  parts.push(raw.slice(partStart).toLowerCase());
  if (parts.length < 2 || !parts.every((part) => (lexicons.terms.get(part)?.flags ?? 0) !== 0)) return false;
  for (const part of parts) pushWord(part, lexicons.terms.get(part), 0, 0, false, out);
  return true;
}
