// Types only: importing the domain module at run time would pull zod (≈ 450 KB) into every bundle of the engine.
import type { SentimentLabel, SentimentScore } from '../domain/sentiment-score';
import { decideLanguage, detectWithTinyld, foreignVerdict, type LanguageDetector } from './language';
import {
  BOOSTER_INCREMENT,
  CAPS_INCREMENT,
  EXCLAMATION_INCREMENT,
  MAX_QUESTION_AMPLIFIER,
  NEGATION_SCALAR,
  NEVER_AGAIN_VALENCE,
  NORMALIZATION_ALPHA,
  QUESTION_INCREMENT,
  RATING_NEUTRAL_FRACTION,
  RATING_VALENCE,
} from './lexicon/rules-data';
import type { ContextRule } from './lexicon/slang';
import {
  buildLexicons,
  type Lexicons,
  TERM_ADJECTIVE_BOOSTER,
  TERM_BOOSTER,
  TERM_DAMPENER_HEAD,
  TERM_DAMPENER_TAIL,
  TERM_LEXICON,
  TERM_NEGATED_ONLY,
  TERM_NEGATOR,
  type Term,
} from './lexicons';
import { TOKEN_SYMBOL, TOKEN_WORD, TokenBuffer, tokenize } from './tokenizer';

/** Longer texts are refused (`too_long`): comments are capped far below this by every platform. */
export const DEFAULT_MAX_TEXT_LENGTH = 20_000;

export interface SentimentEngineOptions {
  /** Language detector for comments the vocabulary check cannot settle; default tinyld (light model). */
  readonly detectLanguage?: LanguageDetector;
  /** Longest accepted text in UTF-16 code units; default 20,000. */
  readonly maxTextLength?: number;
  /** Prebuilt lexicons, to share one set between engines. */
  readonly lexicons?: Lexicons;
}

export interface SentimentEngine {
  score(text: string): SentimentScore;
}

/**
 * Creates an engine: builds the lexicon tables once, then scores texts synchronously with no I/O.
 * One engine is not re-entrant across threads (it reuses scratch buffers), which JavaScript guarantees anyway.
 */
export function createSentimentEngine(options: SentimentEngineOptions = {}): SentimentEngine {
  const lexicons = options.lexicons ?? buildLexicons();
  const detector = options.detectLanguage ?? detectWithTinyld;
  const maxTextLength = options.maxTextLength ?? DEFAULT_MAX_TEXT_LENGTH;
  const tokens = new TokenBuffer();
  const scratch = { sentiments: new Float64Array(64), phraseMember: new Uint8Array(64) };

  return {
    score(text: string): SentimentScore {
      if (typeof text !== 'string') return { scored: false, reason: 'invalid_input', language: null };
      if (text.length > maxTextLength) return { scored: false, reason: 'too_long', language: null };
      tokenize(text, lexicons, tokens);
      if (tokens.hasControlCharacters) return { scored: false, reason: 'invalid_input', language: null };
      if (tokens.count === 0 && text.trim() === '') return { scored: false, reason: 'empty', language: null };
      const language = decideLanguage(text, tokens, lexicons, detector);
      if (!language.scorable) {
        return { scored: false, reason: 'unsupported_language', language: language.language };
      }
      if (scratch.sentiments.length < tokens.count) {
        scratch.sentiments = new Float64Array(tokens.count * 2);
        scratch.phraseMember = new Uint8Array(tokens.count * 2);
      }
      const result = scoreTokens(
        tokens,
        lexicons,
        scratch.sentiments,
        scratch.phraseMember,
        language.language,
      );
      // No sentiment found, several words, next to no English evidence and some foreign: the word lists could not tell
      // the language ("me gustó muchísimo jajaja": only "me" is listed, and English shares it). Rather than report a
      // foreign comment as neutral English, ask the detector; only texts that would score 0 pay for it, so accuracy and
      // speed on English are untouched. On so few words the detector is unreliable, so it wins only when it does not
      // also find English plausible ("Link in bio" stays English).
      if (
        result.scored &&
        result.compound === 0 &&
        language.language === 'en' &&
        tokens.letterWords >= 3 &&
        tokens.englishEvidence <= 1 &&
        foreignEvidenceAtLeast(tokens, Math.max(1, tokens.englishEvidence))
      ) {
        const detected = foreignVerdict(detector(text));
        if (detected !== undefined)
          return { scored: false, reason: 'unsupported_language', language: detected };
      }
      return result;
    },
  };
}

/** Another language's stop words weigh at least `minimum` (the detector is worth asking only then). */
function foreignEvidenceAtLeast(tokens: TokenBuffer, minimum: number): boolean {
  for (const evidence of tokens.foreignEvidence) if (evidence >= minimum) return true;
  return false;
}

function wordAt(tokens: TokenBuffer, index: number): string {
  return index >= 0 && index < tokens.count && tokens.kinds[index] === TOKEN_WORD
    ? (tokens.words[index] ?? '')
    : '';
}

function isNegator(tokens: TokenBuffer, phraseMember: Uint8Array, index: number): boolean {
  if (index < 0 || tokens.kinds[index] !== TOKEN_WORD || phraseMember[index] === 1) return false;
  const term = tokens.terms[index];
  // Known words are negators by their flag; only unknown ones ("shouldn't've") need the "n't" search.
  if (term !== undefined) return (term.flags & TERM_NEGATOR) !== 0;
  return (tokens.words[index] ?? '').includes("n't");
}

function isSentimentWord(tokens: TokenBuffer, index: number): boolean {
  if (index >= tokens.count || tokens.kinds[index] !== TOKEN_WORD) return false;
  const term = tokens.terms[index];
  return (
    term !== undefined && (term.flags & TERM_LEXICON) !== 0 && (term.flags & TERM_ADJECTIVE_BOOSTER) === 0
  );
}

/** Index of the nearest word token before `index` (emoji and emoticons skipped), or −1. */
function previousWordIndex(tokens: TokenBuffer, index: number): number {
  let previous = index - 1;
  while (previous >= 0 && tokens.kinds[previous] !== TOKEN_WORD) previous--;
  return previous;
}

/** No word before `index` in its clause (the comment's first word, or the first after clause punctuation). */
function isClauseStart(tokens: TokenBuffer, index: number): boolean {
  return tokens.clauseStart[index] === 1 || previousWordIndex(tokens, index) < 0;
}

/**
 * Evaluative disjuncts (Quirk et al. 1985 §8.127): they judge the whole statement ("sadly true", "luckily cheap"), so
 * they keep their own valence even right before a sentiment word.
 */
const EVALUATIVE_DISJUNCTS: ReadonlySet<string> = new Set([
  'fortunately',
  'unfortunately',
  'luckily',
  'unluckily',
  'sadly',
  'happily',
  'unhappily',
  'hopefully',
  'thankfully',
  'regrettably',
  'mercifully',
  'tragically',
  'ironically',
  'oddly',
  'strangely',
  'curiously',
  'funnily',
]);

/**
 * An -ly adverb of the opposite sign right before a sentiment word in its clause is a degree word, not a second
 * judgement: "insanely good", "ridiculously cheap", "awfully nice", "stupidly fun", "surprisingly bad" (Quirk et
 * al.'s intensifiers; SO-CAL, Taboada et al. 2011, reads them as modifiers). It then boosts that word and carries no
 * valence of its own. Same-sign pairs ("wonderfully funny") are left to sum, as VADER does.
 */
function isDegreeAdverb(tokens: TokenBuffer, index: number): boolean {
  const term = tokens.terms[index];
  if (term === undefined || term.valence === 0) return false;
  const word = tokens.words[index] ?? '';
  if (!word.endsWith('ly') || EVALUATIVE_DISJUNCTS.has(word)) return false;
  const next = index + 1;
  if (!isSentimentWord(tokens, next) || tokens.clauseStart[next] === 1) return false;
  const nextTerm = tokens.terms[next];
  if (nextTerm === undefined) return false;
  const nextValence =
    nextTerm.context !== undefined
      ? contextValence(tokens, next, nextTerm, nextTerm.context)
      : nextTerm.valence;
  return term.valence * nextValence < 0;
}

function isLastWord(tokens: TokenBuffer, index: number): boolean {
  for (let next = index + 1; next < tokens.count; next++) if (tokens.kinds[next] === TOKEN_WORD) return false;
  return true;
}

/**
 * Words after which "like" is the verb of liking: subject pronouns, auxiliaries and modals, negators (flagged), "to",
 * and the adverbs that sit between a subject and its verb ("I really like", "we just like"). Anywhere else "like" is
 * the preposition or discourse marker ("tasted like rubber", "like 5 minutes", "it was like, whatever"), which carries
 * no sentiment — the most frequent English use of the word (it is among the commonest prepositions in the BNC).
 */
const BEFORE_LIKE_VERB: ReadonlySet<string> = new Set([
  'i',
  'you',
  'we',
  'they',
  'he',
  'she',
  'u',
  'ya',
  'yall',
  'people',
  'who',
  'do',
  'does',
  'did',
  'would',
  'will',
  'should',
  'could',
  'might',
  'may',
  'must',
  'can',
  "i'd",
  "you'd",
  "we'd",
  "they'd",
  'id',
  'to',
  'really',
  'just',
  'also',
  'actually',
  'still',
  'totally',
  'definitely',
  'genuinely',
  'especially',
  'honestly',
  'truly',
  'always',
  'usually',
  'kinda',
  'gonna',
  'wanna',
  'all',
  'both',
  'and',
  'much',
]);

function isLikeVerb(tokens: TokenBuffer, index: number): boolean {
  const previous = previousWordIndex(tokens, index);
  if (previous < 0 || tokens.clauseStart[index] === 1) return true; // "Like it!", "Love it. Like the colours."
  const word = tokens.words[previous] ?? '';
  const term = tokens.terms[previous];
  return BEFORE_LIKE_VERB.has(word) || (term !== undefined && (term.flags & TERM_NEGATOR) !== 0);
}

function startsWithDigit(word: string): boolean {
  const code = word.charCodeAt(0);
  return code >= 48 && code <= 57;
}

/** Valence of a context-dependent slang word: slang sense in its contexts, the lexicon's otherwise. */
function contextValence(tokens: TokenBuffer, index: number, term: Term, rule: ContextRule): number {
  const previous = wordAt(tokens, index - 1);
  const next = wordAt(tokens, index + 1);
  const otherwise = rule.otherwise ?? term.valence;
  if (rule.notAfter?.includes(previous)) return otherwise;
  if (rule.notBefore?.includes(next)) return otherwise;
  if (rule.notBeforeNumber === true && startsWithDigit(next)) return otherwise;
  if (rule.byDefault === true) return rule.slangValence;
  if (rule.after?.includes(previous)) return rule.slangValence;
  if (rule.before?.includes(next)) return rule.slangValence;
  if (rule.atEnd === true && isLastWord(tokens, index)) return rule.slangValence;
  if (rule.atStart === true && isClauseStart(tokens, index)) return rule.slangValence;
  return otherwise;
}

/** Booster/dampener contribution of the token at `index` to a sentiment word of valence `valence` (VADER). */
function scalarOf(
  tokens: TokenBuffer,
  lexicons: Lexicons,
  index: number,
  valence: number,
  capDiff: boolean,
): number {
  const term = tokens.terms[index];
  let scalar = 0;
  if (
    term !== undefined &&
    ((term.flags & (TERM_BOOSTER | TERM_ADJECTIVE_BOOSTER)) !== 0 || isDegreeAdverb(tokens, index))
  ) {
    const booster = (term.flags & TERM_BOOSTER) !== 0 ? term.booster : BOOSTER_INCREMENT;
    scalar = valence < 0 ? -booster : booster;
    if (capDiff && tokens.caps[index] === 1) scalar += valence > 0 ? CAPS_INCREMENT : -CAPS_INCREMENT;
  } else if (term !== undefined && (term.flags & TERM_DAMPENER_TAIL) !== 0) {
    const heads = lexicons.dampenerTails.get(wordAt(tokens, index));
    if (heads?.has(wordAt(tokens, index - 1))) scalar = valence < 0 ? BOOSTER_INCREMENT : -BOOSTER_INCREMENT;
  }
  return scalar;
}

/**
 * Same thresholds as `labelFor` in shared/domain/sentiment-score.ts (positive ≥ 0.05, negative ≤ −0.05); a unit test
 * checks the two agree, so the engine stays free of the zod runtime.
 */
export function labelOfCompound(compound: number): SentimentLabel {
  if (compound >= 0.05) return 'positive';
  if (compound <= -0.05) return 'negative';
  return 'neutral';
}

function round(value: number, factor: number): number {
  return Math.round(value * factor) / factor;
}

function scoreTokens(
  tokens: TokenBuffer,
  lexicons: Lexicons,
  sentiments: Float64Array,
  phraseMember: Uint8Array,
  language: string,
): SentimentScore {
  const count = tokens.count;
  const capDiff = tokens.capsWords > 0 && tokens.capsWords < tokens.letterWords;
  phraseMember.fill(0, 0, count);
  let consumedUntil = -1;
  let butIndex = -1;
  let hasConcessive = false;
  let mayHoldVow = false;
  let mayHoldRating = false;

  for (let index = 0; index < count; index++) {
    sentiments[index] = 0;
    if (index <= consumedUntil) continue;
    if (tokens.kinds[index] === TOKEN_SYMBOL) {
      sentiments[index] = tokens.valences[index] ?? 0;
      continue;
    }
    const word = tokens.words[index] ?? '';
    if (butIndex < 0 && (word === 'but' || word === 'however')) butIndex = index;
    if (word === 'although' || word === 'though') hasConcessive = true;
    if (word === 'never' || word === 'ever') mayHoldVow = true;
    if (!mayHoldRating && mayBeRating(word)) mayHoldRating = true;
    const term = tokens.terms[index];
    if (term === undefined) continue;
    if ((term.flags & TERM_BOOSTER) !== 0) continue;
    if (
      (term.flags & TERM_DAMPENER_HEAD) !== 0 &&
      lexicons.dampenerTails.get(wordAt(tokens, index + 1))?.has(word)
    ) {
      continue;
    }

    if ((term.flags & TERM_ADJECTIVE_BOOSTER) !== 0 && isSentimentWord(tokens, index + 1)) continue;
    if (isDegreeAdverb(tokens, index)) continue;

    let valence: number;
    let phraseEnd = -1;
    let phraseValence = 0;
    if (term.phrases !== undefined) {
      let node = term.phrases;
      for (let next = index + 1; next < count && tokens.kinds[next] === TOKEN_WORD; next++) {
        const child = node.next.get(tokens.words[next] ?? '');
        if (child === undefined) break;
        node = child;
        if (node.valence !== undefined) {
          phraseEnd = next;
          phraseValence = node.valence;
        }
      }
    }
    if (phraseEnd > index) {
      phraseMember.fill(1, index, phraseEnd + 1);
      consumedUntil = phraseEnd;
      valence = phraseValence;
    } else {
      valence = term.context !== undefined ? contextValence(tokens, index, term, term.context) : term.valence;
      if (word === 'like' && !isLikeVerb(tokens, index)) valence = 0;
    }
    if (valence === 0) {
      if ((term.flags & TERM_NEGATED_ONLY) !== 0 && phraseEnd < 0) {
        sentiments[index] = negatedOnlyValence(tokens, phraseMember, term, index);
      }
      continue;
    }

    // "no" before another sentiment word negates it instead of scoring −1.2 itself (VADER 3.3).
    if (word === 'no' && phraseEnd < 0) {
      const nextTerm = tokens.terms[index + 1];
      if (index + 1 < count && nextTerm !== undefined && (nextTerm.flags & TERM_LEXICON) !== 0) continue;
    }
    if (
      (wordAt(tokens, index - 1) === 'no' && phraseMember[index - 1] !== 1) ||
      (wordAt(tokens, index - 2) === 'no' && phraseMember[index - 2] !== 1) ||
      (wordAt(tokens, index - 3) === 'no' &&
        phraseMember[index - 3] !== 1 &&
        (wordAt(tokens, index - 1) === 'or' || wordAt(tokens, index - 1) === 'nor'))
    ) {
      valence *= NEGATION_SCALAR;
    }

    const sign = valence > 0 ? 1 : -1;
    if (capDiff && tokens.caps[index] === 1 && phraseEnd < 0) valence += sign * CAPS_INCREMENT;
    // Elongation ("loooove") signals emphasis like a booster does (Brody & Diakopoulos 2011).
    if (tokens.elongated[index] === 1) valence += sign * BOOSTER_INCREMENT;

    for (let distance = 0; distance < 3; distance++) {
      const previous = index - distance - 1;
      // Modifiers and negators act within their clause: "Not hating; just confused" does not negate "confused".
      if (previous < 0 || tokens.clauseStart[previous + 1] === 1) break;
      if (tokens.kinds[previous] === TOKEN_SYMBOL || phraseMember[previous] === 1) continue;
      const previousTerm = tokens.terms[previous];
      // A preceding sentiment word is scored on its own (VADER) and also ends the scope of anything before it:
      // in "aren't good at dirty talk" the negator applies to "good" only.
      if (
        previousTerm !== undefined &&
        (previousTerm.flags & TERM_LEXICON) !== 0 &&
        (previousTerm.flags & (TERM_NEGATOR | TERM_BOOSTER)) === 0 &&
        !(
          previous === index - 1 &&
          ((previousTerm.flags & TERM_ADJECTIVE_BOOSTER) !== 0 || isDegreeAdverb(tokens, previous))
        )
      ) {
        break;
      }
      let scalar = scalarOf(tokens, lexicons, previous, valence, capDiff);
      if (distance === 1) scalar *= 0.95;
      else if (distance === 2) scalar *= 0.9;
      valence += scalar;
      valence = negationCheck(tokens, phraseMember, valence, distance, index);
    }
    valence = leastCheck(tokens, valence, index);
    sentiments[index] = valence;
  }

  if (mayHoldVow) scoreVowsNeverAgain(tokens, phraseMember, sentiments, count);
  if (mayHoldRating) scoreExplicitRatings(tokens, sentiments, count);
  if (butIndex >= 0) {
    for (let index = 0; index < count; index++) {
      if (index < butIndex) sentiments[index] = (sentiments[index] ?? 0) * 0.5;
      else if (index > butIndex) sentiments[index] = (sentiments[index] ?? 0) * 1.5;
    }
  }
  if (hasConcessive) weakenConcessiveClauses(tokens, sentiments, count);
  return summarise(tokens, sentiments, count, language);
}

/**
 * "We'll never go again", "never buying this again", "won't be back ever again": a vow not to repeat an experience is
 * the standard complaint formula of reviews and comment sections, yet none of its words carries sentiment, so the
 * lexicon rules score it neutral. When "again" closes a clause that a "never" (or a negator followed by "ever") opened,
 * with no sentiment word in between, "again" takes NEVER_AGAIN_VALENCE. A sentiment word in between is left to the
 * negation rules ("I'll never doubt you again" is a negated "doubt", so positive).
 */
function scoreVowsNeverAgain(
  tokens: TokenBuffer,
  phraseMember: Uint8Array,
  sentiments: Float64Array,
  count: number,
): void {
  // "never", "ever" and "again" carry no valence of their own, so any scored token ends an open vow.
  let inVow = false;
  for (let index = 0; index < count; index++) {
    if (tokens.clauseStart[index] === 1 || (sentiments[index] ?? 0) !== 0) inVow = false;
    if (tokens.kinds[index] !== TOKEN_WORD || phraseMember[index] === 1) continue;
    const word = tokens.words[index];
    if (word === 'again' && inVow) {
      sentiments[index] = NEVER_AGAIN_VALENCE;
      inVow = false;
    } else if (word === 'never' || (word === 'ever' && isNegatedEver(tokens, phraseMember, index))) {
      inVow = true;
    }
  }
}

/** "won't … ever", "not … ever": "ever" after a negator earlier in its clause. */
function isNegatedEver(tokens: TokenBuffer, phraseMember: Uint8Array, index: number): boolean {
  for (let previous = index - 1; previous >= 0; previous--) {
    if (isNegator(tokens, phraseMember, previous)) return true;
    if (tokens.clauseStart[previous] === 1) return false;
  }
  return false;
}

/** Number words a rating may be written with ("one star", "ten out of ten"). */
const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ['zero', 0],
  ['one', 1],
  ['two', 2],
  ['three', 3],
  ['four', 4],
  ['five', 5],
  ['six', 6],
  ['seven', 7],
  ['eight', 8],
  ['nine', 9],
  ['ten', 10],
]);

/**
 * Cheap pre-check in the main loop (runs for every word, so no substring search): only texts with a number, "star(s)",
 * "out" or an "…-star(s)" compound pay for the rating scan.
 */
function mayBeRating(word: string): boolean {
  if (startsWithDigit(word)) return true;
  if (word === 'star' || word === 'stars' || word === 'out') return true;
  const last = word.charCodeAt(word.length - 1);
  return (last === 114 || last === 115) && word.length > 5 && word.includes('-star');
}

/** "7", "4.5", "ten" → the number; anything else → NaN. */
function numberOf(word: string): number {
  const named = NUMBER_WORDS.get(word);
  if (named !== undefined) return named;
  return startsWithDigit(word) ? Number(word) : Number.NaN;
}

/** Denominators of rating scales; "9/11", "24/7", "50/50" and dates are not ratings. */
function isRatingScale(denominator: number): boolean {
  return denominator === 5 || denominator === 10 || denominator === 100;
}

/**
 * An explicit rating is the writer's verdict in numbers, the most direct sentiment a review or comment can state
 * ("10/10", "0/10 would not recommend", "9 out of 10", "5 stars", "one star", "a 4.5-star hotel"), yet none of its
 * tokens is in a lexicon. The fraction of the scale maps linearly onto VADER's range, neutral at 55 % (a 3 of 5 is
 * "okay", as review scales are read) and ±RATING_VALENCE at the ends; "11/10" is the top. The rating is a stated
 * fact, so negators do not flip it ("not even 1 star" is still one star), but "but" and concessive clauses weigh it
 * like any other sentiment. Stars count only on a 0–5 scale ("100 stars on GitHub" is no rating).
 */
function scoreExplicitRatings(tokens: TokenBuffer, sentiments: Float64Array, count: number): void {
  for (let index = 0; index < count; index++) {
    if (tokens.kinds[index] !== TOKEN_WORD || (sentiments[index] ?? 0) !== 0) continue;
    const word = tokens.words[index] ?? '';
    let fraction = Number.NaN;
    const slash = startsWithDigit(word) ? word.indexOf('/') : -1;
    if (slash > 0) {
      const denominator = Number(word.slice(slash + 1));
      if (isRatingScale(denominator)) fraction = Number(word.slice(0, slash)) / denominator;
    } else if (word === 'star' || word === 'stars') {
      const stars = numberOf(wordAt(tokens, index - 1));
      if (stars <= 5 && tokens.clauseStart[index] !== 1) fraction = stars / 5;
    } else if (word.endsWith('-star') || word.endsWith('-stars')) {
      const stars = numberOf(word.slice(0, word.lastIndexOf('-star')));
      if (stars <= 5) fraction = stars / 5;
    } else if (word === 'out' && wordAt(tokens, index + 1) === 'of') {
      const denominator = numberOf(wordAt(tokens, index + 2));
      if (isRatingScale(denominator)) fraction = numberOf(wordAt(tokens, index - 1)) / denominator;
    }
    if (!(fraction >= 0)) continue;
    const position = (Math.min(fraction, 1) - RATING_NEUTRAL_FRACTION) / (1 - RATING_NEUTRAL_FRACTION);
    sentiments[index] = Math.max(-1, position) * RATING_VALENCE;
  }
}

/**
 * A concessive clause ("although it looks nice", "even though the price is low") concedes a point the writer then
 * outweighs (Quirk et al. 1985 §15.19; Polanyi & Zaenen 2006 treat it as a contextual valence shifter, like "but"):
 * its sentiment counts half, as VADER counts the clause before "but". The clause runs to the next clause punctuation.
 * Sentence-final "though" ("nice screen though") is the contrastive adverb and is left alone.
 */
function weakenConcessiveClauses(tokens: TokenBuffer, sentiments: Float64Array, count: number): void {
  for (let index = 0; index < count - 1; index++) {
    if (tokens.kinds[index] !== TOKEN_WORD) continue;
    const word = tokens.words[index];
    if (word !== 'although' && word !== 'though') continue;
    for (let next = index + 1; next < count && tokens.clauseStart[next] !== 1; next++) {
      sentiments[next] = (sentiments[next] ?? 0) * 0.5;
    }
  }
}

function negationCheck(
  tokens: TokenBuffer,
  phraseMember: Uint8Array,
  valence: number,
  distance: number,
  index: number,
): number {
  const previous = index - distance - 1;
  if (distance === 1) {
    const first = wordAt(tokens, index - 2);
    const second = wordAt(tokens, index - 1);
    if (first === 'never' && (second === 'so' || second === 'this')) return valence * 1.25;
    if (first === 'without' && second === 'doubt') return valence;
  } else if (distance === 2) {
    // As in VADER 3.3.2: "never so/this …" intensifies, and so does a "so"/"this" right before the word, which
    // then shields it from a negator three words back ("haven't been this sore" stays negative).
    const first = wordAt(tokens, index - 3);
    const second = wordAt(tokens, index - 2);
    const third = wordAt(tokens, index - 1);
    if ((first === 'never' && (second === 'so' || second === 'this')) || third === 'so' || third === 'this') {
      return valence * 1.25;
    }
    if (first === 'without' && (second === 'doubt' || third === 'doubt')) return valence;
  }
  if (isNegator(tokens, phraseMember, previous)) {
    return isUnsurpassable(tokens, previous, index) || isFutileEffort(tokens, index)
      ? valence
      : valence * NEGATION_SCALAR;
  }
  return isCounterfactual(tokens, previous) ? valence * NEGATION_SCALAR : valence;
}

const POSSIBILITY_NEGATORS: ReadonlySet<string> = new Set(["can't", 'cant', 'cannot', "couldn't", 'couldnt']);

/**
 * "couldn't be happier", "could not have been simpler", "can't be more pleased": denying that a higher degree is
 * possible asserts the highest degree, so the comparative keeps its sign instead of being negated.
 */
function isUnsurpassable(tokens: TokenBuffer, negator: number, index: number): boolean {
  const negatorWord = wordAt(tokens, negator);
  const possibility =
    POSSIBILITY_NEGATORS.has(negatorWord) ||
    (negatorWord === 'not' &&
      (wordAt(tokens, negator - 1) === 'could' || wordAt(tokens, negator - 1) === 'can'));
  if (!possibility) return false;
  const word = wordAt(tokens, index);
  const comparative =
    word === 'better' ||
    word === 'worse' ||
    (word.length > 4 && word.endsWith('er')) ||
    wordAt(tokens, index - 1) === 'more';
  if (!comparative) return false;
  for (let between = negator + 1; between < index; between++) {
    const betweenWord = wordAt(tokens, between);
    if (betweenWord === 'be' || betweenWord === 'been') return true;
  }
  return false;
}

/** Verbs of futile effort: negating them ("don't waste your money", "didn't bother") keeps the judgement. */
const FUTILE_EFFORT_VERBS: ReadonlySet<string> = new Set(['waste', 'wasted', 'wasting', 'bother']);

/**
 * "Don't waste your money", "do not waste your time", "don't bother", "I will not bother with this movie": advice
 * or a report not to spend effort on something says the thing is not worth it, so the negator does not flip these
 * verbs. The noun keeps ordinary negation: "not a waste of money" is praise.
 */
function isFutileEffort(tokens: TokenBuffer, index: number): boolean {
  if (!FUTILE_EFFORT_VERBS.has(wordAt(tokens, index))) return false;
  const before = wordAt(tokens, index - 1);
  return before !== 'a' && before !== 'the' && before !== 'no';
}

const MODALS: ReadonlySet<string> = new Set(['would', 'could', 'should', 'might']);
const MODAL_PERFECTS: ReadonlySet<string> = new Set([
  "would've",
  "could've",
  "should've",
  "might've",
  'wouldve',
  'couldve',
  'shouldve',
]);

/**
 * A past counterfactual ("would have been great", "could've been better", "should have been fun") asserts that the
 * state did not hold (Iatridou 2000; Taboada et al. 2011 treat such irrealis contexts as non-factual): it negates the
 * sentiment word after it, as a negator does.
 */
function isCounterfactual(tokens: TokenBuffer, index: number): boolean {
  if (index < 0 || tokens.kinds[index] !== TOKEN_WORD) return false;
  const word = tokens.words[index] ?? '';
  if (word === 'have') return MODALS.has(wordAt(tokens, index - 1));
  return MODAL_PERFECTS.has(word);
}

/** A neutral word with a negated valence ("work"): that valence when a negator precedes it in its clause. */
function negatedOnlyValence(
  tokens: TokenBuffer,
  phraseMember: Uint8Array,
  term: Term,
  index: number,
): number {
  for (let previous = index - 1; previous >= index - 3 && previous >= 0; previous--) {
    if (tokens.clauseStart[previous + 1] === 1) break;
    if (isNegator(tokens, phraseMember, previous)) return term.negatedValence;
  }
  return 0;
}

/** "least" negates ("the least funny"), except in "at least" / "very least" (VADER). */
function leastCheck(tokens: TokenBuffer, valence: number, index: number): number {
  if (wordAt(tokens, index - 1) !== 'least') return valence;
  const before = wordAt(tokens, index - 2);
  if (before === 'at' || before === 'very') return valence;
  return valence * NEGATION_SCALAR;
}

function summarise(
  tokens: TokenBuffer,
  sentiments: Float64Array,
  count: number,
  language: string,
): SentimentScore {
  let sum = 0;
  let positiveSum = 0;
  let negativeSum = 0;
  let neutralCount = 0;
  for (let index = 0; index < count; index++) {
    const sentiment = sentiments[index] ?? 0;
    sum += sentiment;
    // +1/−1 compensate for neutral words being counted as 1 (VADER).
    if (sentiment > 0) positiveSum += sentiment + 1;
    else if (sentiment < 0) negativeSum += sentiment - 1;
    else neutralCount++;
  }
  const exclamations = Math.min(tokens.exclamations, 4) * EXCLAMATION_INCREMENT;
  const questions =
    tokens.questions > 3
      ? MAX_QUESTION_AMPLIFIER
      : tokens.questions > 1
        ? tokens.questions * QUESTION_INCREMENT
        : 0;
  const emphasis = exclamations + questions;
  if (sum > 0) sum += emphasis;
  else if (sum < 0) sum -= emphasis;
  const compound = Math.max(-1, Math.min(1, sum / Math.sqrt(sum * sum + NORMALIZATION_ALPHA)));

  if (positiveSum > -negativeSum) positiveSum += emphasis;
  else if (positiveSum < -negativeSum) negativeSum -= emphasis;
  const total = positiveSum - negativeSum + neutralCount;
  const roundedCompound = round(compound, 10_000);
  return {
    scored: true,
    compound: roundedCompound,
    pos: total > 0 ? round(positiveSum / total, 1000) : 0,
    neu: total > 0 ? round(neutralCount / total, 1000) : 1,
    neg: total > 0 ? round(-negativeSum / total, 1000) : 0,
    label: labelOfCompound(roundedCompound),
    language,
  };
}
