import { describe, expect, it } from 'vitest';
import { labelFor, SentimentScoreSchema } from '../../../shared/domain/sentiment-score';
import { createSentimentEngine, labelOfCompound } from '../../../shared/sentiment/index';

const engine = createSentimentEngine();

function compound(text: string): number {
  const result = engine.score(text);
  if (!result.scored) throw new Error(`expected ${JSON.stringify(text)} to be scored, got ${result.reason}`);
  return result.compound;
}

describe('output contract', () => {
  it('returns SentimentScore objects that satisfy the domain schema', () => {
    for (const text of ['I love this', 'meh', '', 'Das ist wirklich toll', '😍', 'x'.repeat(20_001)]) {
      expect(SentimentScoreSchema.safeParse(engine.score(text)).success, text).toBe(true);
    }
  });

  it('labels with the same thresholds as the domain labelFor', () => {
    for (let value = -1; value <= 1.0001; value += 0.0025) {
      const rounded = Math.round(value * 10_000) / 10_000;
      expect(labelOfCompound(rounded)).toBe(labelFor(rounded));
    }
  });

  it('reports pos/neu/neg proportions that sum to 1', () => {
    const result = engine.score('The food is good, but the service is terrible!');
    if (!result.scored) throw new Error('not scored');
    expect(result.pos + result.neu + result.neg).toBeCloseTo(1, 2);
    expect(result.pos).toBeGreaterThan(0);
    expect(result.neg).toBeGreaterThan(0);
  });

  it('is deterministic across calls (scratch buffers are reset)', () => {
    const long = `${'really great stuff '.repeat(60)}!`;
    const first = engine.score(long);
    engine.score('bad');
    expect(engine.score(long)).toEqual(first);
    expect(compound('bad')).toBeLessThan(0);
  });
});

describe('unscorable input', () => {
  it('marks empty and whitespace-only text as empty', () => {
    expect(engine.score('')).toEqual({ scored: false, reason: 'empty', language: null });
    expect(engine.score('   \t ')).toEqual({ scored: false, reason: 'empty', language: null });
  });

  it('marks text over the length limit as too_long', () => {
    expect(engine.score('a'.repeat(20_001))).toMatchObject({ scored: false, reason: 'too_long' });
    expect(createSentimentEngine({ maxTextLength: 5 }).score('too long')).toMatchObject({
      reason: 'too_long',
    });
  });

  it('marks binary content (NUL and control bytes) as invalid_input', () => {
    expect(engine.score('good\u0000stuff')).toMatchObject({ scored: false, reason: 'invalid_input' });
    expect(engine.score('\u0001\u0002')).toMatchObject({ scored: false, reason: 'invalid_input' });
  });
});

describe('VADER rules', () => {
  it('negation flips and dampens valence, whatever the case of the negator', () => {
    expect(compound('happy')).toBeGreaterThan(0);
    expect(compound('not happy')).toBeLessThan(0);
    expect(compound('Not happy')).toBeLessThan(0);
    expect(compound('I am NOT happy')).toBeLessThan(0);
    expect(compound("isn't good")).toBeLessThan(0);
    expect(compound('isn’t good')).toBeLessThan(0);
    expect(compound('isnt good')).toBeLessThan(0);
    expect(Math.abs(compound('not bad'))).toBeLessThan(Math.abs(compound('bad')));
  });

  it('negates within three words but not beyond', () => {
    expect(compound('never ever really good')).toBeLessThan(0);
    expect(compound('not that I think it was good')).toBeGreaterThan(0);
  });

  it('ends negation scope at clause punctuation and at the first sentiment word', () => {
    expect(compound('Not sure; happy though')).toBeGreaterThan(0);
    expect(compound("you aren't good at dirty talk")).toBeLessThan(compound("you aren't at dirty talk"));
  });

  it('boosters raise and dampeners lower intensity', () => {
    expect(compound('very good')).toBeGreaterThan(compound('good'));
    expect(compound('extremely bad')).toBeLessThan(compound('bad'));
    expect(compound('slightly good')).toBeLessThan(compound('good'));
    expect(compound('kind of good')).toBeLessThan(compound('good'));
    expect(compound('kind of good')).toBeGreaterThan(0);
    expect(compound('sort of bad')).toBeGreaterThan(compound('bad'));
  });

  it('"pretty"/"super"/"real" before a sentiment word boost it instead of scoring themselves', () => {
    expect(compound('pretty bad')).toBeLessThan(compound('bad'));
    expect(compound('super cute')).toBeGreaterThan(compound('cute'));
    expect(compound('so pretty')).toBeGreaterThan(0);
  });

  it('expletives before a sentiment word are degree words, not complaints ("damn good", "freaking love")', () => {
    expect(compound('damn good')).toBeGreaterThan(compound('good'));
    expect(compound('pretty damn good')).toBeGreaterThan(compound('good'));
    expect(compound('freaking love that song')).toBeGreaterThan(compound('love that song'));
    expect(compound('bloody brilliant')).toBeGreaterThan(compound('brilliant'));
    expect(compound('bloody awful')).toBeLessThan(compound('awful'));
    // Alone, or before a neutral word, the expletive keeps its own (negative) valence.
    expect(compound('damn it')).toBeLessThan(-0.05);
    expect(compound('damn')).toBeLessThan(-0.05);
  });

  it('expletive interjections: "hell yeah" agrees, "holy shit" only marks astonishment', () => {
    expect(compound('hell yeah')).toBeGreaterThan(0.3);
    expect(compound('fuck yes, finally')).toBeGreaterThan(0.3);
    expect(compound('holy shit this is good')).toBeCloseTo(compound('this is good'), 4);
    expect(compound('holy crap that was awful')).toBeCloseTo(compound('that was awful'), 4);
  });

  it('reads explicit ratings: "10/10", "N out of 10", "N stars", "N-star"', () => {
    expect(compound('10/10')).toBeGreaterThan(0.5);
    expect(compound('11/10 editing')).toBeCloseTo(compound('10/10 editing'), 4);
    expect(compound('I rate this movie 9/10.')).toBeGreaterThan(0.3);
    expect(compound('8.5/10')).toBeGreaterThan(compound('7/10'));
    expect(compound('0/10 would not recommend')).toBeLessThan(-0.5);
    expect(compound('Rating: 1 out of 10.')).toBeLessThan(-0.5);
    expect(compound('ten out of ten')).toBeGreaterThan(0.5);
    expect(compound('5 stars')).toBeGreaterThan(0.5);
    expect(compound('one star')).toBeLessThan(-0.3);
    expect(compound('a 4.5-star hotel')).toBeGreaterThan(0.3);
    expect(compound('3 stars')).toBeGreaterThan(0);
    expect(compound('3 stars')).toBeLessThan(0.1);
    // A rating is a stated fact: a negator does not turn one star into praise.
    expect(compound('not even 1 star')).toBeLessThan(-0.3);
  });

  it('leaves numbers that are not ratings alone: dates, "24/7", fractions, star counts above 5', () => {
    for (const text of [
      'open 24/7',
      'it happened on 9/11',
      'see you 12/21',
      '1 1/2 hours',
      '100 stars on github',
    ]) {
      expect(compound(text), text).toBe(0);
    }
    // A decimal point inside a number neither splits it nor ends a clause.
    expect(compound('version 2.5 is great')).toBeCloseTo(compound('version 2 is great'), 4);
  });

  it('reads review idioms: "X is a joke", "thanks for nothing", "fell apart", "overpriced"', () => {
    expect(compound('customer service is a joke')).toBeLessThan(-0.05);
    expect(compound('he told a joke')).toBeGreaterThan(0.05);
    expect(compound('thanks for nothing')).toBeLessThan(-0.05);
    expect(compound('it fell apart after a week')).toBeLessThan(-0.05);
    expect(compound("it doesn't fall apart")).toBeGreaterThan(0.05);
    expect(compound('way overpriced')).toBeLessThan(-0.05);
  });

  it('"kind" is not scored as the adjective in "kind of"', () => {
    expect(compound('kind of')).toBe(0);
    expect(compound('so kind')).toBeGreaterThan(0);
  });

  it('ALL-CAPS emphasis applies only when the text is mixed-case', () => {
    expect(compound('this is GREAT')).toBeGreaterThan(compound('this is great'));
    expect(compound('THIS IS GREAT')).toBe(compound('this is great'));
    expect(compound('VERY good')).toBeGreaterThan(compound('very good'));
  });

  it('exclamation marks amplify (up to 4), two or more question marks amplify', () => {
    expect(compound('good!')).toBeGreaterThan(compound('good'));
    expect(compound('good!!!')).toBeGreaterThan(compound('good!'));
    expect(compound('good!!!!!!!!')).toBe(compound('good!!!!'));
    expect(compound('bad???')).toBeLessThan(compound('bad?'));
    expect(compound('bad?')).toBe(compound('bad'));
  });

  it('"but" shifts weight to the clause after it', () => {
    expect(compound('the food is great but the service is bad')).toBeLessThan(0);
    expect(compound('the service is bad but the food is great')).toBeGreaterThan(0);
    expect(compound('great BUT bad')).toBeLessThan(0);
  });

  it('"however" contrasts like "but"; a concessive clause ("although …") counts half', () => {
    expect(compound('the screen is great, however the battery is bad')).toBeLessThan(0);
    expect(compound('the battery is bad, although the screen is great')).toBeLessThan(0);
    expect(compound('although the screen is great, the battery is bad')).toBeLessThan(0);
    expect(compound('although it is great.')).toBeLessThan(compound('it is great'));
    expect(compound('although it is great.')).toBeGreaterThan(0.05);
    // Sentence-final "though" is the contrastive adverb: left alone.
    expect(compound('great screen though')).toBe(compound('great screen'));
    expect(compound('the room is great though the bed is bad')).toBeGreaterThan(0);
  });

  it('an -ly adverb of the opposite sign before a sentiment word is a degree word ("insanely good")', () => {
    expect(compound('insanely good')).toBeGreaterThan(compound('good'));
    expect(compound('ridiculously good')).toBeGreaterThan(compound('good'));
    expect(compound('awfully nice')).toBeGreaterThan(compound('nice'));
    expect(compound('surprisingly bad')).toBeLessThan(compound('bad'));
    expect(compound('not insanely good')).toBeLessThan(-0.05);
    // Same sign: both words count, as in VADER.
    expect(compound('wonderfully funny')).toBeGreaterThan(compound('funny') + 0.1);
    // Evaluative disjuncts judge the statement and keep their valence; clause punctuation separates.
    expect(compound('sadly good')).toBeLessThan(compound('good'));
    expect(compound('insanely, good')).toBeLessThan(compound('good'));
  });

  it('negated verbs of futile effort keep their judgement ("don\'t waste your money"); the noun is negated', () => {
    expect(compound("don't waste your money")).toBeLessThan(-0.05);
    expect(compound('Do not waste your time.')).toBeLessThan(-0.05);
    expect(compound("In short, don't bother with this movie.")).toBeLessThan(-0.05);
    expect(compound('not a waste of money')).toBeGreaterThan(0.05);
    // Other negative verbs still flip: "don't miss it" recommends.
    expect(compound("don't miss it")).toBeGreaterThan(0.05);
  });

  it('negated verbs of patronage are negative ("DO NOT BUY", "won\'t be returning"); affirmed, they are neutral', () => {
    expect(compound('DO NOT BUY')).toBeLessThan(-0.05);
    expect(compound("We won't be returning.")).toBeLessThan(-0.05);
    expect(compound("I wouldn't purchase it")).toBeLessThan(-0.05);
    expect(compound('I bought it')).toBe(0);
    expect(compound('will return next time')).toBe(0);
  });

  it('a vow "never … again" is negative; a sentiment word in between is left to negation', () => {
    expect(compound('never buying this again')).toBeLessThan(-0.05);
    expect(compound("We'll never go again.")).toBeLessThan(-0.05);
    expect(compound('Never again will I be dining at this place!')).toBeLessThan(-0.05);
    expect(compound("won't be buying from them ever again")).toBeLessThan(-0.05);
    // The vow's valence is "again"'s, so it follows "but" like any word: the clause after it dominates.
    expect(compound('never going back again but the food was great')).toBeGreaterThan(0.05);
    // "doubt" sits between: the negation rules decide, and a negated "doubt" is positive.
    expect(compound("I'll never doubt you again")).toBeGreaterThan(0.05);
    // The vow must be one clause: "never" and "again" in different sentences are no vow.
    expect(compound('Never have I ever. Watch it again')).toBe(0);
    // Without "never" (or a negated "ever"), "again" stays neutral.
    expect(compound('watching this again')).toBe(0);
    expect(compound('not again')).toBe(0);
  });

  it('a past counterfactual ("would have been", "could\'ve been") negates the sentiment word after it', () => {
    expect(compound('it would have been great')).toBeLessThan(-0.05);
    expect(compound("could've been better")).toBeLessThan(-0.05);
    expect(compound('What SHOULD have been a fun evening')).toBeLessThan(-0.05);
    expect(compound('it would be great')).toBeGreaterThan(0.05);
    expect(compound('I have been happy')).toBeGreaterThan(0.05);
  });

  it('"couldn\'t be happier" asserts the highest degree instead of negating it', () => {
    expect(compound("I couldn't be happier")).toBeGreaterThan(0.05);
    expect(compound('I could not be happier with it')).toBeGreaterThan(0.05);
    expect(compound("it couldn't be worse")).toBeLessThan(-0.05);
    expect(compound("I couldn't be happy")).toBeLessThan(-0.05);
    expect(compound('it is not better')).toBeLessThan(-0.05);
  });

  it('"like" scores as the verb only after a subject, auxiliary, negator or adverb', () => {
    expect(compound('I like it')).toBeGreaterThan(0.05);
    expect(compound('I really like it')).toBeGreaterThan(0.05);
    expect(compound("I don't like it")).toBeLessThan(-0.05);
    expect(compound('Like it')).toBeGreaterThan(0.05);
    expect(compound('the potatoes were like rubber')).toBe(0);
    expect(compound('it took like 5 hours')).toBe(0);
    expect(compound('it looks like a phone')).toBe(0);
    // The verb's inflections are unambiguous.
    expect(compound('everyone likes it')).toBeGreaterThan(0.05);
  });

  it('"least" negates except in "at least"', () => {
    expect(compound('the least funny video')).toBeLessThan(0);
    expect(compound('at least funny')).toBeGreaterThan(0);
  });

  it('"never so/this" intensifies instead of negating', () => {
    expect(compound('never so happy')).toBeGreaterThan(compound('happy'));
  });

  it('"no" negates the next sentiment word instead of scoring itself', () => {
    expect(compound('no')).toBeLessThan(0);
    expect(compound('no good')).toBeLessThan(0);
    expect(compound('no problems')).toBeGreaterThan(0);
  });

  it('idioms replace the valence of their words', () => {
    expect(compound('the bomb')).toBeGreaterThan(0.5);
    expect(compound('yeah right')).toBeLessThan(0);
    expect(compound('kiss of death')).toBeLessThan(0);
  });

  it('emoticons score whole', () => {
    expect(compound(':)')).toBeGreaterThan(0);
    expect(compound(':-(')).toBeLessThan(0);
    expect(compound('<3')).toBeGreaterThan(0);
    expect(compound('XD')).toBeGreaterThan(0);
    // VADER lists "d:" twice after lower-casing: the anguished "D:" keeps its negative valence.
    expect(compound('D:')).toBeLessThan(0);
  });
});

describe('comment-section layer', () => {
  it('scores emoji, including the ones the Emoji Sentiment Ranking lacks', () => {
    for (const symbol of ['😍', '🔥', '🙌', '❤️', '👍', '🥰', '💯'])
      expect(compound(symbol), symbol).toBeGreaterThan(0);
    for (const symbol of ['🙄', '🤮', '👎', '😡', '🤡']) expect(compound(symbol), symbol).toBeLessThan(0);
    expect(compound('😭')).toBe(0);
    expect(compound('😍😍😍')).toBeGreaterThan(compound('😍'));
  });

  it('splits emoji glued to words and ignores skin tones and joiners', () => {
    expect(compound('love😍')).toBeGreaterThan(compound('love'));
    expect(compound('👍🏽')).toBe(compound('👍'));
    expect(compound('❤️‍🔥')).toBeGreaterThan(0);
  });

  it('reads slang in its comment-section sense', () => {
    for (const text of [
      'obsessed',
      'slay',
      'goated',
      'this is fire',
      "that's sick",
      'she ate',
      'bussin',
      'iconic',
      'W video',
      'huge W',
      'Great vid. W creator',
      'just subscribed',
      'Instant subscribe',
    ]) {
      expect(compound(text), text).toBeGreaterThan(0);
    }
    for (const text of [
      'Piece of Junk.',
      'Stay away from this brand',
      'Steer clear of this product',
      'save your money',
      'buyer beware',
      'this is mid',
      'cringe',
      'sellout',
      'scam',
      'unsubscribed',
      'the ick',
      'clickbait',
      'L take',
      'take the L',
      "that's an L",
      'L',
    ]) {
      expect(compound(text), text).toBeLessThan(0);
    }
  });

  it('keeps the literal sense of context-dependent slang', () => {
    expect(compound("I'm sick of this")).toBeLessThan(0);
    expect(compound('a house fire')).toBeLessThan(0);
    expect(compound('I ate pasta')).toBe(0);
    expect(compound('mid 2020')).toBe(0);
    expect(compound('the killer was caught')).toBeLessThan(0);
    expect(compound('killer vocals')).toBeGreaterThan(0);
    // "w" as "with", and "L" as a size: no win, no loss (VADER's +2.0 for a lone "l" is not used either).
    expect(compound('w my friends')).toBe(compound('my friends'));
    expect(compound('size L')).toBe(0);
    expect(compound('size W')).toBe(0);
    // The call to action (or spam) is not a vote.
    expect(compound('subscribe to my channel')).toBe(0);
  });

  it('phrases consume their negators: "no cap", "can\'t wait", "no notes"', () => {
    expect(compound('no cap this is fire')).toBe(compound('this is fire'));
    expect(compound("can't wait")).toBeGreaterThan(0);
    expect(compound('no notes')).toBeGreaterThan(0);
  });
});

describe('preprocessing', () => {
  it('removes @handles and URLs before scoring', () => {
    expect(compound('@united')).toBe(0);
    expect(compound('@happy_brand thanks')).toBe(compound('thanks'));
    expect(compound('https://example.com/great-awesome')).toBe(0);
    expect(compound('www.lovely.example')).toBe(0);
    expect(compound('HTTP://EXAMPLE.COM/GOOD good')).toBe(compound('good'));
  });

  it('reads hashtags as words, splitting camelCase', () => {
    expect(compound('#disappointed')).toBe(compound('disappointed'));
    expect(compound('#SoDisappointed')).toBe(compound('so disappointed'));
    expect(compound('#amazing!')).toBe(compound('amazing!'));
  });

  it('strips punctuation around words', () => {
    for (const text of ['great...', '(great)', '"great"', 'great,', '*great*']) {
      expect(compound(text), text).toBe(compound('great'));
    }
  });

  it('normalises elongated words against the lexicon and treats elongation as emphasis', () => {
    expect(compound('goooood')).toBeGreaterThan(compound('good'));
    expect(compound('loooove')).toBeGreaterThan(compound('love'));
    expect(compound('sooo good')).toBe(compound('so good'));
    expect(compound('rappers')).toBe(0);
  });

  it('maps dropped g and superlatives to lexicon words', () => {
    expect(compound('lovin it')).toBe(compound('loving it'));
    expect(compound('coolest')).toBeGreaterThan(0);
    expect(compound('happiest')).toBeGreaterThan(0);
  });

  it('undoes regular inflection (-s, -ed, -ing, -ly) only onto lexicon words', () => {
    // "crash", "impress", "suck", "awful" are lexicon words; these inflections of them are not.
    expect(compound('it crashes')).toBe(compound('it crash'));
    expect(compound('it crashed')).toBe(compound('it crash'));
    expect(compound('this is sucking')).toBe(compound('this is suck'));
    expect(compound('awfully')).toBe(0); // a booster in VADER's list, not "awful"
    expect(compound('smells awfully')).toBe(0);
    expect(compound('grabbing the phones')).toBe(0);
    // Degree adverbs are dampeners, not their adjectives: "fairly" is not "fair".
    expect(compound('fairly')).toBe(0);
    expect(compound('fairly good')).toBeLessThan(compound('good'));
    expect(compound('fairly good')).toBeGreaterThan(0);
  });

  it('remembers unknown-word normalisation in a bounded cache without changing results', () => {
    const fresh = createSentimentEngine();
    const before = fresh.score('it crashes, sooo goooood');
    for (let index = 0; index < 20_000; index++) fresh.score(`zqx${index}ing wobbles`);
    expect(fresh.score('it crashes, sooo goooood')).toEqual(before);
  });

  it('gives neutral words their negated valence from AFINN phrases ("does not work", "can\'t stand")', () => {
    expect(compound('it works')).toBe(0);
    for (const text of [
      "it doesn't work",
      'does not work',
      'didnt work at all',
      'never works',
      'not working',
    ]) {
      expect(compound(text), text).toBeLessThan(-0.4);
    }
    expect(compound("I can't stand it")).toBeLessThan(-0.3);
    // Negation stops at clause punctuation.
    expect(compound('Not me. It works')).toBe(0);
  });

  it('decodes HTML entities', () => {
    expect(compound('&quot;great&quot;')).toBe(compound('great'));
    expect(compound('mac &amp; cheese is good')).toBe(compound('mac & cheese is good'));
    expect(compound('I&#39;m happy')).toBe(compound("I'm happy"));
    expect(compound('&#x1F60D;')).toBe(compound('😍'));
  });
});

describe('language policy', () => {
  it('scores emoji-only and punctuation-only comments as undetermined language', () => {
    expect(engine.score('🔥🔥')).toMatchObject({ scored: true, language: 'und' });
    expect(engine.score('!!!')).toMatchObject({ scored: true, language: 'und', compound: 0 });
  });

  it('scores very short and mostly-English comments as English', () => {
    expect(engine.score('lol')).toMatchObject({ scored: true, language: 'en' });
    expect(engine.score('me encanta this video so good')).toMatchObject({ scored: true, language: 'en' });
  });

  it('tells short comments apart by dictionary English and the most frequent words of other languages', () => {
    for (const text of [
      'first comment',
      'pinned comment',
      'dinner: one yellow tomato.',
      'where did you buy that',
    ]) {
      expect(engine.score(text), text).toMatchObject({ scored: true, language: 'en' });
    }
    for (const [text, language] of [
      ['Gracias', 'es'],
      ['hermoso trabajo amigo', 'es'],
      ['ficou lindo demais', 'pt'],
      ['magnifique travail', 'fr'],
      ['Questo video è bellissimo', 'it'],
    ] as const) {
      expect(engine.score(text), text).toEqual({ scored: false, reason: 'unsupported_language', language });
    }
  });

  it('marks Latin-script comments in other languages unsupported, naming the language', () => {
    expect(engine.score('Das ist wirklich toll')).toEqual({
      scored: false,
      reason: 'unsupported_language',
      language: 'de',
    });
    expect(engine.score('Qué asco de video, no lo recomiendo para nada')).toMatchObject({
      scored: false,
      language: 'es',
    });
  });

  it('asks the detector only for non-Latin scripts, and scores only English', () => {
    const asked: string[] = [];
    const custom = createSentimentEngine({
      detectLanguage: (text) => {
        asked.push(text);
        return ['ja'];
      },
    });
    expect(custom.score('I love it')).toMatchObject({ scored: true, language: 'en' });
    expect(custom.score('素晴らしい動画です')).toEqual({
      scored: false,
      reason: 'unsupported_language',
      language: 'ja',
    });
    expect(asked).toEqual(['素晴らしい動画です']);
    expect(engine.score('Очень круто!')).toMatchObject({ scored: false, reason: 'unsupported_language' });
  });
});
