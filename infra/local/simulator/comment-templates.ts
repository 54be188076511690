/**
 * Comment texts the simulator draws from: mostly English, some es/pt/fr/de, emoji-only, slang and a little spam.
 * The negative set is plainly negative English so a scripted sentiment drop is clear to any lexicon scorer.
 */
export type TemplateClass = 'positive' | 'neutral' | 'negative' | 'foreign' | 'emoji' | 'slang' | 'spam';

export const POSITIVE = [
  'love this so much',
  'this is amazing, thank you!',
  'great video, really helpful',
  'you always make my day',
  'so good! love the energy',
  'beautiful shots, great work',
  'this made me so happy',
  'best content on here, honestly',
  'wow this is awesome',
  'thank you for sharing, super useful',
  'love it, keep going!',
  'such a great idea, love it',
  'perfect, exactly what I needed',
  'this is brilliant 😍',
  'you look amazing!!',
  'great tips, thanks a lot',
  'so inspiring, thank you',
  'love your style',
  'happy to see you post again!',
  'this is the best one yet',
];

export const NEUTRAL = [
  'where is this?',
  'what camera do you use?',
  'first',
  'how long did this take?',
  'part 2 please',
  'what song is this',
  'which one is the link',
  'watching from Ohio',
  'is this available in Canada?',
  'how much was it',
];

/** Ordinary grumbling on organic posts (keeps the baseline near 15 % negative). */
export const NEGATIVE_ORGANIC = [
  'not my favourite, sorry',
  'this was boring',
  'the audio is bad',
  'too many ads lately',
  'I miss the old videos',
  'meh, kind of disappointing',
];

/** The scripted backlash on a sponsored post after its drop time. */
export const NEGATIVE_BACKLASH = [
  'this is such a scam, unfollowing',
  'so disappointed, fake review 👎',
  'terrible product, total waste of money',
  'sad and disappointing, you sold out',
  'worst sponsored post ever, awful',
  'this product is terrible and fake',
  'unfollowing, this is so fake',
  'horrible, I hate this ad',
  "don't buy this, it broke after a day. terrible",
  'what a scam, so disappointed',
  'this brand is a scam and you know it',
  'disgusting, shame on you',
  'worst product ever, total scam',
  'never buying this garbage, horrible',
];

export const FOREIGN: readonly { lang: string; text: string }[] = [
  { lang: 'es', text: 'me encanta este video' },
  { lang: 'es', text: 'qué bonito, gracias por compartir' },
  { lang: 'es', text: 'increíble como siempre' },
  { lang: 'pt', text: 'amei demais esse vídeo' },
  { lang: 'pt', text: 'que lindo, parabéns' },
  { lang: 'fr', text: "j'adore, merci beaucoup" },
  { lang: 'fr', text: 'trop bien cette vidéo' },
  { lang: 'de', text: 'richtig cool, danke dir' },
  { lang: 'de', text: 'sehr schön gemacht' },
];

export const EMOJI_ONLY = ['😍😍😍', '🔥🔥', '👏👏👏', '❤️', '😂😂', '🙌', '💯💯', '😭❤️'];

export const SLANG = [
  'ate, no crumbs',
  'lowkey obsessed w this',
  'this slaps fr',
  'ngl this is fire',
  'sheesh 🔥',
  'no cap best one',
  'its giving main character',
  'bro really did that',
];

export const SPAM = [
  'check my page for free followers!!',
  'DM me for a collab 💰💰',
  'earn $500 a day from home, link in bio',
  'follow me I follow back',
];

/** Organic mix: ≈ 15 % negative, the rest mostly positive, with neutral, foreign, emoji, slang and spam. */
export const BASELINE_MIX: readonly (readonly [TemplateClass, number])[] = [
  ['positive', 52],
  ['neutral', 12],
  ['negative', 14],
  ['foreign', 9],
  ['emoji', 6],
  ['slang', 5],
  ['spam', 2],
];

/** After a scripted drop: > 60 % plainly negative. */
export const BACKLASH_MIX: readonly (readonly [TemplateClass, number])[] = [
  ['negative', 80],
  ['positive', 7],
  ['neutral', 8],
  ['emoji', 3],
  ['foreign', 2],
];
