/**
 * The comment-section layer: the only valences in the engine that are ours rather than from a published lexicon.
 * Kept deliberately small; each entry is documented in docs/sentiment.md. Values are on VADER's −4…+4 scale
 * (VADER anchors: "good" 1.9, "great" 3.1, "love" 3.2, "bad" −2.5, "hate" −2.7).
 */

/** Slang words that VADER/AFINN lack or read the other way round in comment sections. Override the lexicons. */
export const SLANG_WORDS: ReadonlyArray<readonly [string, number]> = [
  // Praise.
  ['obsessed', 2.0], // VADER −0.7 (clinical sense); in comments "obsessed with this" is praise.
  ['obsessing', 1.5],
  ['slay', 2.5],
  ['slayed', 2.5],
  ['slays', 2.5],
  ['slaying', 2.5],
  ['goated', 3.0],
  ['bussin', 2.5],
  ['banger', 2.5],
  ['bangers', 2.5],
  ['bop', 2.0],
  ['iconic', 2.5],
  ['lit', 2.0],
  ['yas', 2.0],
  ['yass', 2.0],
  ['legend', 2.0],
  ['underrated', 1.5], // "so underrated" praises the creator.
  ['subscribed', 1.5], // "just subscribed": the viewer's vote, the mirror of "unsubscribed"; the imperative stays 0.
  ['resubscribed', 1.5],
  // Criticism.
  ['overrated', -1.5],
  ['cringe', -2.0],
  ['cringey', -2.0],
  ['cringy', -2.0],
  ['sellout', -2.5],
  ['sellouts', -2.5],
  ['scam', -2.7],
  ['scammer', -2.7],
  ['scammers', -2.7],
  ['scammy', -2.5],
  ['unsubscribed', -2.0],
  ['unsubscribing', -2.0],
  ['unsubscribe', -1.5],
  ['unfollowed', -1.8],
  ['unfollowing', -1.8],
  ['ick', -2.0],
  ['clickbait', -2.0],
  ['shill', -2.0],
  ['shilling', -2.0],
  ['trash', -2.0],
  ['junk', -2.0], // "this is junk", "piece of junk": VADER and AFINN lack it.
  ['overpriced', -1.5], // the mirror of "overrated"; VADER and AFINN lack it.
  ['junky', -2.0],
  ['yikes', -1.5],
  ['sus', -1.0],
];

/**
 * Frequent comment-section words with no valence: they only tell the language policy the comment is English.
 */
export const SLANG_NEUTRAL_ENGLISH: readonly string[] = [
  'ngl',
  'fr',
  'frfr',
  'lowkey',
  'highkey',
  'tbh',
  'imo',
  'imho',
  'idk',
  'bruh',
  'bro',
  'sis',
  'fam',
  'vibe',
  'vibes',
  'literally',
  'deadass',
  'periodt',
  'omg',
  'u',
  'ur',
];

/** Multi-word expressions; the phrase's valence replaces its words' (negators inside them are not negators). */
export const SLANG_PHRASES: ReadonlyArray<readonly [string, number]> = [
  ['no cap', 0], // "no lie": an assertion marker, must not negate what follows.
  ['no hate', 0], // "no hate but…": a hedge, not a negated "hate".
  ['no offense', 0],
  ['no offence', 0],
  ['no crumbs', 2.5], // "ate and left no crumbs": flawless.
  ['no notes', 2.5], // "no notes": nothing to criticise.
  ['the goat', 3.0], // "greatest of all time" (alone, "goat" is the animal).
  ['hits different', 2.0],
  ["chef's kiss", 3.0],
  ['chefs kiss', 3.0],
  ['rip off', -2.5],
  ["can't wait", 2.0], // eager anticipation, not a negated "wait".
  ['cant wait', 2.0],
  ['instant subscribe', 2.0], // "instant sub(scribe)": subscribed on the spot.
  ['instant sub', 2.0],
  // Warnings to other buyers, common under sponsored posts and in reviews; the literal words score the other way
  // ("clear" +1.6, "save" +2.2) or not at all.
  ['stay away', -1.5],
  ['steer clear', -1.5],
  ['look elsewhere', -1.5],
  ['buyer beware', -2.0],
  ['save your money', -2.0],
  // Expletive affirmations and exclamations: the expletive intensifies the interjection, it is not a complaint
  // ("hell yeah" is enthusiastic agreement; "holy shit" is astonishment, its sign comes from the rest of the text).
  ['hell yeah', 2.0],
  ['hell yes', 2.0],
  ['heck yeah', 2.0],
  ['heck yes', 2.0],
  ['fuck yeah', 2.0],
  ['fuck yes', 2.0],
  ['holy shit', 0],
  ['holy crap', 0],
  ['holy fuck', 0],
  // "X is a joke" judges X worthless; alone, VADER's "joke" (+1.2) is the funny kind ("told a joke").
  ['is a joke', -1.5],
  ['was a joke', -1.5],
  ["that's a joke", -1.5],
  ['what a joke', -1.5],
  ['such a joke', -1.5],
  ['total joke', -1.5],
  ['complete joke', -1.5],
  ['thanks for nothing', -2.0], // "thanks" +1.9 is the sarcastic opposite here.
  ['fell apart', -2.0],
  ['falls apart', -2.0],
  ['falling apart', -2.0],
  ['fall apart', -2.0],
  ['made my day', 2.5],
  ['makes my day', 2.5],
  ['make my day', 2.5],
];

/**
 * Neutral verbs of patronage that are negative when negated ("DO NOT BUY", "won't be returning", "I wouldn't
 * purchase"), like AFINN's "not working": a refusal to buy or come back is a verdict. Inflections reach them too.
 */
export const NEGATED_ONLY_WORDS: ReadonlyArray<readonly [string, number]> = [
  ['buy', -1.5],
  ['purchase', -1.5],
  ['return', -1.5],
];

/**
 * Words whose comment-section sense differs from the lexicon's: the slang valence applies in the listed contexts,
 * otherwise the lexicon valence (or 0) does. `after`: the previous token; `before`: the next token;
 * `atEnd`: the word ends the comment (e.g. "she ate").
 */
export interface ContextRule {
  readonly slangValence: number;
  /** Slang sense when the previous token is one of these. */
  readonly after?: readonly string[];
  /** Slang sense is ruled out when the previous token is one of these (checked first). */
  readonly notAfter?: readonly string[];
  /** Slang sense is ruled out when the next token is one of these. */
  readonly notBefore?: readonly string[];
  /** Slang sense when the next token is one of these. */
  readonly before?: readonly string[];
  /** Slang sense when the word is the last word of the comment. */
  readonly atEnd?: boolean;
  /** Slang sense when the word opens the comment or a clause ("W video. Subscribed"). */
  readonly atStart?: boolean;
  /** Valence outside the slang contexts, replacing the lexicon's. */
  readonly otherwise?: number;
  /** Slang sense by default (unless ruled out). */
  readonly byDefault?: boolean;
  /** Slang sense is ruled out when the next token starts with a digit ("mid 2020"). */
  readonly notBeforeNumber?: boolean;
}

const DESCRIBING = [
  'that',
  "that's",
  'thats',
  'looks',
  'look',
  'sounds',
  'sound',
  'hella',
  'straight',
  'lowkey',
];

/** Words after which "W"/"L" is a noun, the win or the loss ("a huge W", "take the L", "that's an L"). */
const BEFORE_WIN_OR_LOSS = [
  'the',
  'a',
  'an',
  'huge',
  'massive',
  'big',
  'another',
  'major',
  'absolute',
  'such',
  'biggest',
  'straight',
  'total',
  'certified',
];

/** Words after which a clause-initial "w" is "with" ("w my friends", "w/ the squad"): pronouns and determiners. */
const AFTER_W_AS_WITH = [
  'my',
  'your',
  'ur',
  'his',
  'her',
  'our',
  'their',
  'me',
  'you',
  'u',
  'him',
  'them',
  'us',
  'it',
  'this',
  'that',
  'the',
  'a',
  'an',
  'some',
  'all',
  'no',
];

export const CONTEXT_RULES: ReadonlyArray<readonly [string, ContextRule]> = [
  [
    // "this beat is fire", "so fire" (+) vs "a house fire", "mouth is on fire", "fire the manager" (VADER −1.4).
    'fire',
    {
      slangValence: 2.2,
      after: [
        ...DESCRIBING,
        'is',
        'was',
        "it's",
        'its',
        'so',
        'pure',
        'absolute',
        'absolutely',
        'literally',
        'straight',
      ],
      notBefore: [
        'the',
        'him',
        'her',
        'them',
        'everyone',
        'alarm',
        'department',
        'truck',
        'station',
        'at',
        'in',
      ],
    },
  ],
  [
    // "that's sick" (+) vs "I'm sick", "sick of this" (VADER −2.3).
    'sick',
    {
      slangValence: 2.0,
      after: [...DESCRIBING, 'is', 'was', 'so'],
      notBefore: ['of', 'and', 'with', 'to', 'in'],
    },
  ],
  [
    // "killer vocals", "looks killer" (+) vs "the killer" (VADER −3.3).
    'killer',
    {
      slangValence: 2.0,
      after: [...DESCRIBING, 'absolutely', 'so'],
      before: [
        'content',
        'video',
        'vid',
        'look',
        'outfit',
        'vocals',
        'performance',
        'beat',
        'track',
        'edit',
        'fit',
      ],
    },
  ],
  [
    // "she ate", "ate that", "ate and left no crumbs" (+) vs "I ate pasta" (0).
    'ate',
    {
      slangValence: 2.0,
      atEnd: true,
      before: ['that', 'this', 'no', 'and', 'down', 'it', 'again'],
      notAfter: ['i', 'we', "i've", 'ive', "we've", 'just', 'already', 'never', 'who', 'cat', 'dog'],
    },
  ],
  [
    // "W video", "huge W", "pull off the W" (a win, +) vs "w my friends" ("with", 0).
    'w',
    { slangValence: 2.0, after: BEFORE_WIN_OR_LOSS, atStart: true, notBefore: AFTER_W_AS_WITH },
  ],
  [
    // "L take", "take the L", "that's an L" (a loss, −) vs "size L" (0). VADER rates a lone "l" +2.0, a sense no
    // comment section uses, so outside these contexts it is neutral.
    'l',
    {
      slangValence: -2.0,
      after: BEFORE_WIN_OR_LOSS,
      atStart: true,
      notBefore: AFTER_W_AS_WITH,
      otherwise: 0,
    },
  ],
  [
    // "this is mid" (−) vs "mid 2020", "mid season".
    'mid',
    {
      slangValence: -1.5,
      byDefault: true,
      notBeforeNumber: true,
      notBefore: [
        'season',
        'week',
        'day',
        'year',
        'century',
        'range',
        'size',
        'air',
        'game',
        'night',
        'morning',
      ],
    },
  ],
];

/**
 * Emoji valences we set ourselves: ones the Emoji Sentiment Ranking (2015) lacks (🙄🤮🔥🤣🥰💯🤡) and ones whose
 * ranking value contradicts their current comment-section use (💀 "I'm dead" = laughing; 😭 crying from laughter or
 * from being moved as often as from sadness, so neutral; 👎😡 floor-rounded too weak in the `sentiment` build).
 */
export const EMOJI_OVERRIDES: ReadonlyArray<readonly [string, number]> = [
  ['🔥', 2.5],
  ['🙄', -1.5],
  ['🤮', -3.0],
  ['🤢', -2.5],
  ['👎', -2.0],
  ['💀', 0.5],
  ['😭', 0],
  ['🤣', 1.5],
  ['🥰', 2.5],
  ['💯', 2.0],
  ['🤡', -2.0],
  ['😡', -2.3],
  ['🤬', -3.0],
  ['🧡', 2.3],
  ['🤍', 2.3],
  ['🫶', 2.3],
  ['🤩', 2.5],
  ['🥳', 2.3],
];
