import {
  AFINN_EXTRA_WORDS,
  AFINN_PHRASES,
  EMOJI_RANKING,
  ENGLISH_STOPWORDS,
  ENGLISH_VOCABULARY,
  FOREIGN_STOPWORDS,
  FOREIGN_VOCABULARY,
  VADER_EMOTICONS,
  VADER_PHRASES,
  VADER_WORDS,
} from './lexicon/lexicon-data.generated';
import {
  ADJECTIVES_AS_BOOSTERS,
  BOOSTERS,
  ENGLISH_FUNCTION_WORDS,
  NEGATORS,
  TWO_WORD_DAMPENERS,
  VADER_IDIOMS,
} from './lexicon/rules-data';
import {
  CONTEXT_RULES,
  type ContextRule,
  EMOJI_OVERRIDES,
  NEGATED_ONLY_WORDS,
  SLANG_NEUTRAL_ENGLISH,
  SLANG_PHRASES,
  SLANG_WORDS,
} from './lexicon/slang';

/** The word carries a lexicon valence (it then blocks the modifier window of later words, as in VADER). */
export const TERM_LEXICON = 1;
export const TERM_NEGATOR = 2;
export const TERM_BOOSTER = 4;
/** Known English word (lexicon, function word, negator, booster, slang): drives the language policy. */
export const TERM_ENGLISH = 8;
/** First word of a two-word dampener ("kind" of "kind of"). */
export const TERM_DAMPENER_HEAD = 16;
/** Last word of a two-word dampener ("of" of "kind of"). */
export const TERM_DAMPENER_TAIL = 64;
/** Adjective that acts as a booster when a sentiment word follows ("pretty bad"). */
export const TERM_ADJECTIVE_BOOSTER = 32;
/** Neutral word that is negative when negated ("doesn't work", "can't stand"): see `Term.negatedValence`. */
export const TERM_NEGATED_ONLY = 128;

/** A node of the phrase trie: the words after the first one. */
export interface PhraseNode {
  readonly next: Map<string, PhraseNode>;
  valence: number | undefined;
}

/** Everything the engine knows about one lower-cased token; looked up once per token. */
export interface Term {
  valence: number;
  booster: number;
  flags: number;
  context: ContextRule | undefined;
  /**
   * Valence of the word under negation when the word itself is neutral: AFINN-165 lists "does not work", "not
   * working" and "can't stand" as phrases; as a rule on the content word they also cover "didn't work", "never
   * works", "couldn't stand". 0 when none.
   */
  negatedValence: number;
  /** Phrases that start with this word. */
  phrases: PhraseNode | undefined;
  /** Bit mask over `Lexicons.foreignLanguages` of the languages this word is a stop word of. */
  foreign: number;
}

export interface Lexicons {
  readonly terms: ReadonlyMap<string, Term>;
  /** Emoticons (tokens with punctuation) by exact spelling and by lower-cased spelling. */
  readonly emoticons: ReadonlyMap<string, number>;
  /** Emoji valences keyed by code point. */
  readonly emoji: ReadonlyMap<number, number>;
  /** Tail words of the two-word dampeners, keyed by tail, value: heads ("of" → {"kind","sort"}). */
  readonly dampenerTails: ReadonlyMap<string, ReadonlySet<string>>;
  /** ISO 639-1 codes, indexed by bit position of `Term.foreign` masks. */
  readonly foreignLanguages: readonly string[];
  /**
   * Language evidence of a word the lexicon does not know (dictionary English, frequent words of other languages):
   * a shared, frozen term with no valence, or undefined when no vocabulary lists the word.
   */
  readonly vocabularyTerm: (word: string) => Term | undefined;
  readonly termCount: number;
}

function parseEntries(serialised: string, onEntry: (token: string, valence: number) => void): void {
  let lineStart = 0;
  while (lineStart < serialised.length) {
    let lineEnd = serialised.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = serialised.length;
    const tab = serialised.indexOf('\t', lineStart);
    onEntry(serialised.slice(lineStart, tab), Number(serialised.slice(tab + 1, lineEnd)));
    lineStart = lineEnd + 1;
  }
}

/** Auxiliaries that carry negation in English ("does not", "did not"): not content words of a negated phrase. */
const AUXILIARIES: ReadonlySet<string> = new Set(['do', 'does', 'did', 'is', 'are', 'was', 'were', 'be']);

/** Builds the lookup tables once; everything the per-text path needs is a Map lookup afterwards. */
export function buildLexicons(): Lexicons {
  const terms = new Map<string, Term>();
  const emoticons = new Map<string, number>();
  const emoji = new Map<number, number>();

  const termFor = (word: string): Term => {
    let term = terms.get(word);
    if (term === undefined) {
      term = {
        valence: 0,
        booster: 0,
        flags: 0,
        negatedValence: 0,
        context: undefined,
        phrases: undefined,
        foreign: 0,
      };
      terms.set(word, term);
    }
    return term;
  };
  const setValence = (word: string, valence: number): void => {
    const term = termFor(word);
    term.valence = valence;
    term.flags |= TERM_LEXICON | TERM_ENGLISH;
  };
  const setNegatedValence = (word: string, valence: number): void => {
    const term = termFor(word);
    term.negatedValence = valence;
    term.flags |= TERM_NEGATED_ONLY | TERM_ENGLISH;
  };
  const addPhrase = (phrase: string, valence: number): void => {
    const [head, ...rest] = phrase.split(' ');
    if (head === undefined || rest.length === 0) return;
    const headTerm = termFor(head);
    headTerm.phrases ??= { next: new Map(), valence: undefined };
    let node = headTerm.phrases;
    for (const word of rest) {
      let child = node.next.get(word);
      if (child === undefined) {
        child = { next: new Map(), valence: undefined };
        node.next.set(word, child);
      }
      node = child;
    }
    node.valence = valence;
  };

  parseEntries(VADER_WORDS, setValence);
  parseEntries(AFINN_EXTRA_WORDS, setValence);
  parseEntries(VADER_PHRASES, addPhrase);
  parseEntries(VADER_EMOTICONS, (token, valence) => {
    emoticons.set(token, valence);
    emoticons.set(token.toLowerCase(), valence);
  });

  for (const word of NEGATORS) termFor(word).flags |= TERM_NEGATOR | TERM_ENGLISH;
  for (const [word, scalar] of BOOSTERS) {
    const term = termFor(word);
    term.booster = scalar;
    term.flags |= TERM_BOOSTER | TERM_ENGLISH;
  }
  const dampenerTails = new Map<string, Set<string>>();
  for (const [head, tail] of TWO_WORD_DAMPENERS) {
    termFor(head).flags |= TERM_DAMPENER_HEAD;
    termFor(tail).flags |= TERM_DAMPENER_TAIL;
    const heads = dampenerTails.get(tail) ?? new Set<string>();
    heads.add(head);
    dampenerTails.set(tail, heads);
  }
  for (const word of ADJECTIVES_AS_BOOSTERS) termFor(word).flags |= TERM_ADJECTIVE_BOOSTER;
  for (const word of ENGLISH_FUNCTION_WORDS) termFor(word).flags |= TERM_ENGLISH;
  for (const word of ENGLISH_STOPWORDS.split(' ')) termFor(word).flags |= TERM_ENGLISH;
  for (const word of SLANG_NEUTRAL_ENGLISH) termFor(word).flags |= TERM_ENGLISH;
  for (const [word, valence] of SLANG_WORDS) setValence(word, valence);
  for (const [word, rule] of CONTEXT_RULES) {
    const term = termFor(word);
    term.context = rule;
    term.flags |= TERM_ENGLISH;
  }

  // AFINN phrases whose effect the rules already produce ("not good", "fucking great", "kind of") are skipped, so
  // negation and boosting are not applied twice. A negated phrase whose other words are neutral ("does not work",
  // "not working", "can't stand") is something the rules cannot produce: it becomes the negated valence of its
  // content word, so every negator and inflection reaches it ("didn't work", "never works").
  parseEntries(AFINN_PHRASES, (phrase, valence) => {
    const words = phrase.split(' ');
    const flagsOf = (word: string): number => terms.get(word)?.flags ?? 0;
    const negators = words.filter((word) => (flagsOf(word) & TERM_NEGATOR) !== 0);
    if (negators.length > 0) {
      const content = words.filter((word) => (flagsOf(word) & TERM_NEGATOR) === 0 && !AUXILIARIES.has(word));
      const [only] = content;
      if (content.length === 1 && only !== undefined && (flagsOf(only) & TERM_LEXICON) === 0) {
        setNegatedValence(only, valence);
      }
      return;
    }
    const ruleWords = words.some(
      (word) => (flagsOf(word) & (TERM_NEGATOR | TERM_BOOSTER | TERM_DAMPENER_HEAD)) !== 0,
    );
    if (!ruleWords && !words.some((word) => ['damn', 'fucking', 'some', 'no'].includes(word))) {
      addPhrase(phrase, valence);
    }
  });
  for (const [word, valence] of NEGATED_ONLY_WORDS) setNegatedValence(word, valence);
  for (const [phrase, valence] of VADER_IDIOMS) {
    if (phrase.includes(' ')) addPhrase(phrase, valence);
    else setValence(phrase, valence);
  }
  for (const [phrase, valence] of SLANG_PHRASES) addPhrase(phrase, valence);

  parseEntries(EMOJI_RANKING, (symbol, valence) => {
    const codePoint = symbol.codePointAt(0);
    if (codePoint !== undefined) emoji.set(codePoint, valence);
  });
  for (const [symbol, valence] of EMOJI_OVERRIDES) {
    const codePoint = symbol.codePointAt(0);
    if (codePoint !== undefined) emoji.set(codePoint, valence);
  }

  const foreignLanguages: string[] = [];
  for (const line of FOREIGN_STOPWORDS.split('\n')) {
    const [language, words] = line.split('\t');
    if (language === undefined || words === undefined) continue;
    const bit = 1 << foreignLanguages.length;
    foreignLanguages.push(language);
    for (const word of words.split(' ')) termFor(word).foreign |= bit;
  }
  const vocabularyTerm = addVocabulary(terms, foreignLanguages);

  return {
    terms,
    emoticons,
    emoji,
    dampenerTails,
    foreignLanguages,
    vocabularyTerm,
    termCount: terms.size,
  };
}

/**
 * Vocabulary for the language policy, added last: lexicon terms gain the language marks of the lists that contain
 * them; every other word is looked up in the vocabulary sets when it is first met (unknown words are resolved once
 * per engine and cached by the tokenizer), so the ≈ 23k vocabulary words never enter the term map of the hot path.
 */
function addVocabulary(
  terms: Map<string, Term>,
  foreignLanguages: readonly string[],
): (word: string) => Term | undefined {
  const englishWords = ENGLISH_VOCABULARY.split(' ');
  const english = new Set(englishWords);
  const foreign: { readonly bit: number; readonly words: ReadonlySet<string> }[] = [];
  for (const line of FOREIGN_VOCABULARY.split('\n')) {
    const [language, list] = line.split('\t');
    const position = foreignLanguages.indexOf(language ?? '');
    if (list === undefined || position < 0) continue;
    const bit = 1 << position;
    const words = list.split(' ');
    foreign.push({ bit, words: new Set(words) });
    for (let index = 0; index < words.length; index++) {
      const known = terms.get(words[index] ?? '');
      if (known !== undefined) known.foreign |= bit;
    }
  }
  // Dictionary words the rules or another language's stop words already know ("con", "also"): English as well.
  for (let index = 0; index < englishWords.length; index++) {
    const known = terms.get(englishWords[index] ?? '');
    if (known !== undefined) known.flags |= TERM_ENGLISH;
  }

  const shared = new Map<number, Term>();
  return (word) => {
    let mask = 0;
    for (const list of foreign) if (list.words.has(word)) mask |= list.bit;
    const flags = english.has(word) ? TERM_ENGLISH : 0;
    if (flags === 0 && mask === 0) return undefined;
    // Foreign masks use at most 31 bits; the English flag is kept apart by the sign.
    const key = flags === 0 ? mask : -1 - mask;
    let term = shared.get(key);
    if (term === undefined) {
      term = Object.freeze({
        valence: 0,
        booster: 0,
        flags,
        negatedValence: 0,
        context: undefined,
        phrases: undefined,
        foreign: mask,
      });
      shared.set(key, term);
    }
    return term;
  };
}
