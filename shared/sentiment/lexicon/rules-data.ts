/**
 * Rule vocabularies of the VADER reference implementation (cjhutto/vaderSentiment 3.3.2, MIT): negators, degree
 * adverbs (boosters/dampeners) and idioms, with its empirically derived constants. Only the comment-section slang layer
 * in `slang.ts` is ours.
 */

/** Mean rating increase for a booster word (VADER B_INCR); dampeners use the negative. */
export const BOOSTER_INCREMENT = 0.293;
/** Mean rating increase for an ALL-CAPS sentiment word in mixed-case text (VADER C_INCR). */
export const CAPS_INCREMENT = 0.733;
/** Multiplier applied to a negated valence (VADER N_SCALAR). */
export const NEGATION_SCALAR = -0.74;
/**
 * Valence of the vow "never … again" (ours, documented in docs/sentiment.md): between VADER's "regret" (−1.8) and
 * "disappointed" (−2.1), the feelings such a vow reports.
 */
export const NEVER_AGAIN_VALENCE = -2.0;
/**
 * Explicit ratings ("10/10", "5 stars", "3 out of 10", ours, documented in docs/sentiment.md): the ends of a rating
 * scale score like VADER's strongest common words ("great" 3.1, "horrible" −2.5 … "worst" −3.1); the point of the
 * scale read as neutral is 55 %, since review scales lean positive (3 of 5 stars is "okay", VADER's "okay" is 0.9).
 */
export const RATING_VALENCE = 3.0;
export const RATING_NEUTRAL_FRACTION = 0.55;
/** Normalisation constant of the compound score: x / sqrt(x² + α). */
export const NORMALIZATION_ALPHA = 15;
/** Per "!" (at most 4) and per "?" (2–3; 0.96 for 4+), added in the direction of the sum (VADER). */
export const EXCLAMATION_INCREMENT = 0.292;
export const QUESTION_INCREMENT = 0.18;
export const MAX_QUESTION_AMPLIFIER = 0.96;

/** VADER's NEGATE list, plus apostrophe-less spellings common in comments. Matched lower-cased. */
export const NEGATORS: readonly string[] = [
  'aint',
  'arent',
  'cannot',
  'cant',
  'couldnt',
  'darent',
  'didnt',
  'doesnt',
  "ain't",
  "aren't",
  "can't",
  "couldn't",
  "daren't",
  "didn't",
  "doesn't",
  'dont',
  'hadnt',
  'hasnt',
  'havent',
  'isnt',
  'mightnt',
  'mustnt',
  'neither',
  "don't",
  "hadn't",
  "hasn't",
  "haven't",
  "isn't",
  "mightn't",
  "mustn't",
  'neednt',
  "needn't",
  'never',
  'none',
  'nope',
  'nor',
  'not',
  'nothing',
  'nowhere',
  'oughtnt',
  'shant',
  'shouldnt',
  'uhuh',
  'wasnt',
  'werent',
  "oughtn't",
  "shan't",
  "shouldn't",
  'uh-uh',
  "wasn't",
  "weren't",
  'without',
  'wont',
  'wouldnt',
  "won't",
  "wouldn't",
  'rarely',
  'seldom',
  'despite',
];

const UP = BOOSTER_INCREMENT;
const DOWN = -BOOSTER_INCREMENT;

/** VADER's BOOSTER_DICT (single words; "kind of"/"sort of" are handled as two-word dampeners by the engine). */
export const BOOSTERS: ReadonlyArray<readonly [string, number]> = [
  ['absolutely', UP],
  ['amazingly', UP],
  ['awfully', UP],
  ['completely', UP],
  ['considerably', UP],
  ['decidedly', UP],
  ['deeply', UP],
  ['effing', UP],
  ['enormously', UP],
  ['entirely', UP],
  ['especially', UP],
  ['exceptionally', UP],
  ['extremely', UP],
  ['fabulously', UP],
  ['flipping', UP],
  ['flippin', UP],
  ['frackin', UP],
  ['fracking', UP],
  ['fricking', UP],
  ['frickin', UP],
  ['frigging', UP],
  ['friggin', UP],
  ['fully', UP],
  ['fuckin', UP],
  ['fucking', UP],
  ['fuggin', UP],
  ['fugging', UP],
  ['greatly', UP],
  ['hella', UP],
  ['highly', UP],
  ['hugely', UP],
  ['incredibly', UP],
  ['intensely', UP],
  ['majorly', UP],
  ['more', UP],
  ['most', UP],
  ['particularly', UP],
  ['purely', UP],
  ['quite', UP],
  ['really', UP],
  ['remarkably', UP],
  ['so', UP],
  ['substantially', UP],
  ['thoroughly', UP],
  ['totally', UP],
  ['tremendously', UP],
  ['uber', UP],
  ['unbelievably', UP],
  ['unusually', UP],
  ['utterly', UP],
  ['very', UP],
  ['almost', DOWN],
  ['barely', DOWN],
  ['hardly', DOWN],
  ['kinda', DOWN],
  ['kindof', DOWN],
  ['kind-of', DOWN],
  ['less', DOWN],
  ['little', DOWN],
  ['marginally', DOWN],
  ['occasionally', DOWN],
  ['partly', DOWN],
  ['scarcely', DOWN],
  ['slightly', DOWN],
  ['somewhat', DOWN],
  ['sorta', DOWN],
  ['sortof', DOWN],
  ['sort-of', DOWN],
  // Downtoners VADER's list lacks (Quirk et al. 1985, "compromisers"): as degree words they also must not be read
  // as their adjectives through the -ly inflection fallback ("fairly" is not "fair").
  ['fairly', DOWN],
  ['moderately', DOWN],
  ['rather', DOWN],
  ['reasonably', DOWN],
  ['relatively', DOWN],
];

/** Two-word dampeners: the first word is neutral, the pair acts as one dampener at the second word. */
export const TWO_WORD_DAMPENERS: ReadonlyArray<readonly [string, string]> = [
  ['kind', 'of'],
  ['sort', 'of'],
  ['just', 'enough'],
];

/** VADER's SPECIAL_CASE_IDIOMS (3.3.2): the phrase's valence replaces its words'. */
export const VADER_IDIOMS: ReadonlyArray<readonly [string, number]> = [
  ['the shit', 3],
  ['the bomb', 3],
  ['bad ass', 1.5],
  ['badass', 1.5],
  ['bus stop', 0],
  ['yeah right', -2],
  ['kiss of death', -1.5],
  ['to die for', 3],
  ['beating heart', 3.1],
  ['broken heart', -2.9],
  ['cut the mustard', 2],
  ['hand to mouth', -2],
];

/**
 * Frequent English function words (closed-class: pronouns, determiners, auxiliaries, prepositions, conjunctions).
 * Used only for the language policy: a comment made mostly of these and lexicon words is English without running the
 * statistical detector (which is slow and unreliable on short comments).
 */
export const ENGLISH_FUNCTION_WORDS: readonly string[] = (
  'a an the this that these those i me my mine we us our ours you your yours u ur he him his she her hers it its ' +
  "it's they them their theirs what which who whom whose when where why how all any both each few many much some " +
  'such no nor not only own same than too very can will just should now is am are was were be been being have has ' +
  'had having do does did doing would could might must shall may of at by for with about against between into ' +
  'through during before after above below to from up down in out on off over under again further then once here ' +
  "there and but if or because as until while also i'm i've i'll i'd you're you've you'll he's she's we're they're " +
  "that's there's what's let's im ive ill youre thats dont didnt doesnt isnt wasnt cant wont gonna wanna gotta " +
  'ya yall lol omg tho though get got go going make made one two new like just really'
).split(' ');

/**
 * Lexicon adjectives that are degree adverbs before another sentiment word ("pretty bad", "super cute", "real good"):
 * there they boost that word and carry no valence of their own (VADER scores "pretty bad" as 2.2 − 2.5).
 */
export const ADJECTIVES_AS_BOOSTERS: readonly string[] = [
  'pretty',
  'super',
  'real',
  'damn',
  'damned',
  'darn',
  'dang',
  'goddamn',
  'goddamned',
  'freaking',
  'freakin',
  'bloody',
];
