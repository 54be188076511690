import { detectAll } from 'tinyld/light';
import type { Lexicons } from './lexicons';
import type { TokenBuffer } from './tokenizer';

/** Candidate languages as ISO 639-1 codes, most likely first; empty when the detector cannot tell. */
export type LanguageDetector = (text: string) => readonly string[];

/** tinyld's light model (≈ 70 KB, 24 languages): the normal model loads in ~180 ms, over the Lambda budget. */
export const detectWithTinyld: LanguageDetector = (text) =>
  detectAll(text).map((candidate) => candidate.lang);

/**
 * How far down the detector's ranking English may sit and still be plausible. On a few words a statistical detector
 * is close to guessing (tinyld light ranks "Link in bio" it 0.11, nl 0.07, en 0.06, and "Check my footwork." pl, en,
 * it): its verdict overrules the English default of the vocabulary check only when English is not among its leading
 * candidates.
 */
export const ENGLISH_PLAUSIBLE_WITHIN = 3;

/** The detector's verdict when it may overrule English: its first candidate, unless English is plausible. */
export function foreignVerdict(candidates: readonly string[]): string | undefined {
  const first = candidates[0];
  if (first === undefined || first === '' || first === 'en') return undefined;
  return candidates.slice(0, ENGLISH_PLAUSIBLE_WITHIN).includes('en') ? undefined : first;
}

/** Language tag for texts with no words (emoji, emoticons, numbers): BCP 47 "undetermined". */
export const UNDETERMINED_LANGUAGE = 'und';

/** Languages the engine has a lexicon for. */
export const SCORABLE_LANGUAGES: ReadonlySet<string> = new Set(['en']);

/** A foreign language needs at least this much evidence (half points; 3 = one and a half of its words) to win. */
export const FOREIGN_EVIDENCE_MINIMUM = 3;
/** Comments of at most this many words and no English evidence may be attributed on a single word of another language. */
export const SHORT_WORD_COUNT = 5;

export type LanguageDecision =
  | { readonly scorable: true; readonly language: string }
  | { readonly scorable: false; readonly language: string | null };

/**
 * Language policy, cheapest evidence first:
 * - no words (emoji, emoticons, numbers): scorable, language "und";
 * - mostly Latin script: English unless the words of another language (its stop words and most frequent words)
 *   outweigh the known English words (VADER/AFINN lexicon words, English stop words, slang, common dictionary words;
 *   a word known to both counts half for each) — so short, slangy and emoji-heavy comments, which
 *   statistical detectors mislabel, stay scorable, while "me encanta este video" does not become neutral English;
 * - mostly another script: the detector (tinyld) names the language; only English is scorable.
 */
export function decideLanguage(
  text: string,
  tokens: TokenBuffer,
  lexicons: Lexicons,
  detector: LanguageDetector,
): LanguageDecision {
  const words = tokens.letterWords;
  if (words === 0) return { scorable: true, language: UNDETERMINED_LANGUAGE };
  if (tokens.nonLatinWords * 2 < words) {
    let bestEvidence = 0;
    let bestLanguage = -1;
    for (let index = 0; index < lexicons.foreignLanguages.length; index++) {
      const evidence = tokens.foreignEvidence[index] ?? 0;
      if (evidence > bestEvidence) {
        bestEvidence = evidence;
        bestLanguage = index;
      }
    }
    const english = tokens.englishEvidence;
    const minimum = words <= SHORT_WORD_COUNT && english === 0 ? 2 : FOREIGN_EVIDENCE_MINIMUM;
    if (bestLanguage >= 0 && bestEvidence >= minimum && bestEvidence > english) {
      return { scorable: false, language: lexicons.foreignLanguages[bestLanguage] ?? null };
    }
    return { scorable: true, language: 'en' };
  }
  const detected = detector(text)[0] ?? '';
  if (SCORABLE_LANGUAGES.has(detected)) return { scorable: true, language: detected };
  return { scorable: false, language: detected === '' ? null : detected };
}
