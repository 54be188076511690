import type { Campaign } from './creator';
import { creatorKey, type Platform } from './platform';
import type { Sponsorship, SponsorshipSignal } from './post';

/**
 * Sponsored-post detection as a union of signals with provenance. A post is sponsored when at least one
 * `definite` signal fires, or at least two distinct `weak` ones do. Every signal that fired is returned, also
 * when the post is judged organic, so the decision can be explained and audited.
 *
 * Matching works on one normalised copy of the caption (NFKC, lower-case, accents stripped, whitespace
 * collapsed): hashtags are read with a single linear scan and looked up in a map; phrases are found with
 * `indexOf` plus a word-boundary check. No per-phrase regular expressions run over the caption.
 */

export type SponsorshipKind = SponsorshipSignal['kind'];
export type SignalStrength = 'definite' | 'weak';

interface SignalRule {
  readonly kind: SponsorshipKind;
  readonly strength: SignalStrength;
}

const definite = (kind: SponsorshipKind): SignalRule => ({ kind, strength: 'definite' });
const weak = (kind: SponsorshipKind): SignalRule => ({ kind, strength: 'weak' });

/**
 * Disclosure hashtags, normalised (lower-case, no accents). `#advertising`, `#adidas`, `#adventure`, `#adhd`
 * are simply absent: a tag matches only as a whole tag. `#pub` (fr), `#sponsor` and `#sp`/`#spon` are weak
 * because they are also ordinary words/abbreviations and the FTC calls `#sp` and `#partner` unclear. `#ads`,
 * `#gift`, `#pr` (personal record), `#thanks` and `#regalo` are not signals at all: too common in organic posts.
 */
export const DISCLOSURE_TAGS: ReadonlyMap<string, SignalRule> = new Map<string, SignalRule>([
  // English
  ['ad', definite('unknown')],
  ['advert', definite('unknown')],
  ['advertisement', definite('unknown')],
  ['sponsored', definite('paid')],
  ['sponsoredpost', definite('paid')],
  ['sponsoredcontent', definite('paid')],
  ['sponsor', weak('paid')],
  ['paid', definite('paid')],
  ['paidad', definite('paid')],
  ['paidpartner', definite('paid')],
  ['paidpartnership', definite('paid')],
  ['paidpromotion', definite('paid')],
  ['gifted', definite('gifted')],
  ['giftedproduct', definite('gifted')],
  ['prgift', definite('gifted')],
  ['prgifted', definite('gifted')],
  ['prsample', definite('gifted')],
  ['affiliate', definite('affiliate')],
  ['affiliatelink', definite('affiliate')],
  ['affiliatelinks', definite('affiliate')],
  ['commissionearned', definite('affiliate')],
  ['partner', weak('unknown')],
  ['partnership', weak('unknown')],
  ['collab', weak('unknown')],
  ['collaboration', weak('unknown')],
  ['sp', weak('unknown')],
  ['spon', weak('unknown')],
  ['ambassador', weak('unknown')],
  ['brandambassador', weak('unknown')],
  ['brandpartner', weak('unknown')],
  // German
  ['anzeige', definite('unknown')],
  ['werbung', definite('unknown')],
  ['bezahltewerbung', definite('paid')],
  ['gesponsert', definite('paid')],
  ['unbezahltewerbung', definite('gifted')],
  ['werbungunbezahlt', definite('gifted')],
  ['kooperation', weak('unknown')],
  ['partnerschaft', weak('unknown')],
  // French
  ['sponsorise', definite('paid')],
  ['partenariatremunere', definite('paid')],
  ['publicite', definite('unknown')],
  ['produitoffert', definite('gifted')],
  ['pub', weak('unknown')],
  ['partenariat', weak('unknown')],
  // Spanish / Portuguese / Italian
  ['publi', definite('unknown')],
  ['publicidad', definite('unknown')],
  ['publicidade', definite('unknown')],
  ['patrocinado', definite('paid')],
  ['colaboracionpagada', definite('paid')],
  ['sponsorizzato', definite('paid')],
  ['pubblicita', definite('unknown')],
  ['colaboracion', weak('unknown')],
  // Dutch / Nordic / Baltic / Slavic
  ['gesponsord', definite('paid')],
  ['advertentie', definite('unknown')],
  ['reklame', definite('unknown')],
  ['reklam', definite('unknown')],
  ['reklaam', definite('unknown')],
  ['reklama', definite('unknown')],
  ['annonse', definite('unknown')],
  ['annons', definite('unknown')],
  ['samarbeid', weak('unknown')],
  ['samarbete', weak('unknown')],
  ['wspolpraca', weak('unknown')],
  ['wspołpraca', weak('unknown')],
]);

interface PhraseRule extends SignalRule {
  readonly phrase: string;
  /** Checked against the text just before the phrase: "not sponsored by", "isn't sponsored by". */
  readonly negatable?: boolean;
}

/** Disclosure phrases, normalised. Plain "ad", "commission", "werbung" are not phrases: too ambiguous. */
export const DISCLOSURE_PHRASES: readonly PhraseRule[] = [
  { phrase: 'paid partnership', ...definite('paid'), negatable: true },
  { phrase: 'includes paid promotion', ...definite('paid') },
  { phrase: 'paid promotion', ...definite('paid'), negatable: true },
  { phrase: 'sponsored by', ...definite('paid'), negatable: true },
  { phrase: 'is sponsored', ...definite('paid') },
  { phrase: 'for sponsoring', ...definite('paid') },
  { phrase: 'in partnership with', ...definite('unknown'), negatable: true },
  { phrase: 'gifted by', ...definite('gifted'), negatable: true },
  { phrase: 'was gifted', ...definite('gifted') },
  { phrase: 'kindly gifted', ...definite('gifted') },
  { phrase: 'gifted to me', ...definite('gifted') },
  { phrase: 'affiliate link', ...definite('affiliate') },
  { phrase: 'affiliate links', ...definite('affiliate') },
  { phrase: 'earn a commission', ...definite('affiliate') },
  { phrase: 'earn a small commission', ...definite('affiliate') },
  { phrase: 'earn commission', ...definite('affiliate') },
  { phrase: 'small commission', ...definite('affiliate') },
  { phrase: 'amazon associate', ...definite('affiliate') },
  { phrase: '[ad]', ...definite('unknown') },
  { phrase: '(ad)', ...definite('unknown') },
  { phrase: '[anzeige]', ...definite('unknown') },
  { phrase: '(anzeige)', ...definite('unknown') },
  { phrase: '[werbung]', ...definite('unknown') },
  { phrase: '(werbung)', ...definite('unknown') },
  { phrase: 'bezahlte partnerschaft', ...definite('paid') },
  { phrase: 'unbezahlte werbung', ...definite('gifted') },
  { phrase: 'partenariat remunere', ...definite('paid') },
  { phrase: 'sponsorise par', ...definite('paid') },
  { phrase: 'en partenariat avec', ...definite('unknown') },
  { phrase: 'colaboracion pagada', ...definite('paid') },
  { phrase: 'patrocinado por', ...definite('paid') },
  { phrase: 'sponsorizzato da', ...definite('paid') },
  { phrase: 'gesponsord door', ...definite('paid') },
  { phrase: 'pr package', ...weak('gifted') },
  { phrase: 'brand ambassador', ...weak('unknown') },
  { phrase: 'in collaboration with', ...weak('unknown') },
  { phrase: 'collab with', ...weak('unknown') },
  { phrase: 'in kooperation mit', ...weak('unknown') },
  { phrase: 'en colaboracion con', ...weak('unknown') },
];

/** Words that introduce a promo code; the next token is the code. */
const PROMO_CODE_LEADS: readonly string[] = [
  'use code',
  'use my code',
  'using code',
  'using my code',
  'with code',
  'with my code',
  'promo code',
  'discount code',
  'coupon code',
  'code promo',
  'codigo',
  'rabattcode',
  'gutscheincode',
  'rabattkod',
];
/** Tokens after a lead that are not codes ("use code below", "discount code in bio"). */
const NOT_A_CODE = new Set([
  'below',
  'above',
  'link',
  'bio',
  'the',
  'for',
  'and',
  'here',
  'from',
  'del',
  'por',
]);

/** Link hosts of affiliate platforms. `amzn.to` is weak: it is also Amazon's plain share link. */
const AFFILIATE_HOSTS: readonly { readonly host: string; readonly rule: SignalRule }[] = [
  { host: 'liketk.it', rule: definite('affiliate') },
  { host: 'shopltk.com', rule: definite('affiliate') },
  { host: 'rstyle.me', rule: definite('affiliate') },
  { host: 'shopmy.us', rule: definite('affiliate') },
  { host: 'howl.me', rule: definite('affiliate') },
  { host: 'amzn.to', rule: weak('affiliate') },
];

/** Leading labels ("Ad | …", "Anzeige: …", "Werbung – …") as the UK ASA and German courts ask for. */
const LEADING_LABELS = new Map<string, SignalRule>([
  ['ad', definite('unknown')],
  ['advert', definite('unknown')],
  ['anzeige', definite('unknown')],
  ['werbung', definite('unknown')],
  ['publicidad', definite('unknown')],
  ['publi', definite('unknown')],
  ['reklame', definite('unknown')],
]);
const LABEL_SEPARATORS = new Set(['|', ':', '•', '–', '—', '/', '-']);

/** Negations just before a phrase, also with an article in between ("isn't a paid partnership"). */
const NEGATIONS: readonly string[] = [
  'not ',
  "n't ",
  'never ',
  'no ',
  'nicht ',
  'kein ',
  'keine ',
  'pas ',
].flatMap((negation) => [negation, `${negation}a `, `${negation}an `]);

const WORD_CHAR = /[\p{L}\p{N}_]/u;
/** Hashtag body; hyphenated continuations are kept so `#ad-free` reads as one word, not `#ad`. */
const HASHTAG = /#([\p{L}\p{N}_]+(?:-[\p{L}\p{N}_]+)*)/gu;

/** NFKC (full-width `＃ＡＤ` → `#ad`), lower-case, accents stripped, typographic apostrophes and spaces unified. */
export function normaliseForMatching(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2018\u2019\u02bc]/gu, "'")
    .replace(/\s+/gu, ' ');
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && WORD_CHAR.test(char);
}

/** Hashtags of a normalised text, without '#'. A '#' glued to a word (`page#ad`) does not start a tag. */
export function hashtagsOf(normalised: string): string[] {
  const tags: string[] = [];
  for (const match of normalised.matchAll(HASHTAG)) {
    if (!isWordChar(normalised[match.index - 1])) tags.push(match[1] as string);
  }
  return tags;
}

/** Start offsets of `needle` in `haystack` where it stands as a whole word (edges checked only if word chars). */
function wholeWordOffsets(haystack: string, needle: string): number[] {
  const offsets: number[] = [];
  const checkStart = isWordChar(needle[0]);
  const checkEnd = isWordChar(needle[needle.length - 1]);
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(needle, from);
    if (at < 0) return offsets;
    const startOk = !checkStart || !isWordChar(haystack[at - 1]);
    const endOk = !checkEnd || !isWordChar(haystack[at + needle.length]);
    if (startOk && endOk) offsets.push(at);
    from = at + 1;
  }
}

function isNegated(text: string, offset: number): boolean {
  const before = text.slice(Math.max(0, offset - 12), offset);
  return NEGATIONS.some((negation) => before.endsWith(negation));
}

function leadingLabel(normalised: string): string | undefined {
  const text = normalised.trimStart();
  let end = 0;
  while (isWordChar(text[end])) end += 1;
  const word = text.slice(0, end);
  if (!LEADING_LABELS.has(word)) return undefined;
  const rest = text.slice(end);
  const separator = rest.trimStart()[0];
  if (separator === undefined || !LABEL_SEPARATORS.has(separator)) return undefined;
  // "ad-free" / "Ad-hoc": a hyphen glued to both words is a compound, not a label separator.
  if (separator === '-' && rest[0] === '-') return undefined;
  return word;
}

function promoCodesOf(normalised: string): string[] {
  const codes: string[] = [];
  for (const lead of PROMO_CODE_LEADS) {
    for (const offset of wholeWordOffsets(normalised, lead)) {
      let start = offset + lead.length;
      while (start < normalised.length && ' :"\'“”«»'.includes(normalised[start] as string)) start += 1;
      let end = start;
      while (isWordChar(normalised[end]) || normalised[end] === '-') end += 1;
      const code = normalised.slice(start, end).replace(/-+$/u, '');
      if (code.length >= 3 && code.length <= 30 && !NOT_A_CODE.has(code)) codes.push(code);
    }
  }
  return codes;
}

/** The parts of a post detection needs; a `Post` fits. */
export interface SponsorshipInput {
  readonly platform: Platform;
  readonly accountId: string;
  readonly caption: string;
  readonly publishedAt: string;
  /** `true` adds a definite signal; `false`/absent adds nothing (a missing flag does not prove organic). */
  readonly platformPaidPartnership?: boolean | undefined;
}

const KIND_PRIORITY: readonly SponsorshipKind[] = ['paid', 'affiliate', 'gifted', 'unknown'];

function strongestKind(signals: readonly SponsorshipSignal[]): SponsorshipKind {
  return KIND_PRIORITY.find((kind) => signals.some((signal) => signal.kind === kind)) ?? 'unknown';
}

class SignalCollector {
  readonly signals: SponsorshipSignal[] = [];
  private readonly seen = new Set<string>();

  add(source: SponsorshipSignal['source'], match: string, rule: SignalRule, campaignId?: string): void {
    const key = `${source}|${match}|${campaignId ?? ''}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const signal: SponsorshipSignal = { source, match, kind: rule.kind, strength: rule.strength };
    if (campaignId !== undefined) signal.campaignId = campaignId;
    this.signals.push(signal);
  }
}

function withinCampaign(post: SponsorshipInput, campaign: Campaign): boolean {
  const published = Date.parse(post.publishedAt);
  return (
    campaign.creatorKeys.includes(creatorKey(post.platform, post.accountId)) &&
    published >= Date.parse(campaign.startsAt) &&
    published <= Date.parse(campaign.endsAt)
  );
}

function linkOffsets(normalised: string, link: string): number[] {
  // A tracked link is a prefix: check only its start ("notacme.co/r/" must not match "acme.co/r/").
  const offsets: number[] = [];
  let from = 0;
  for (;;) {
    const at = normalised.indexOf(link, from);
    if (at < 0) return offsets;
    const before = normalised[at - 1];
    if (!isWordChar(before) && before !== '.' && before !== '-') offsets.push(at);
    from = at + 1;
  }
}

function matchCampaigns(
  post: SponsorshipInput,
  normalised: string,
  tags: ReadonlySet<string>,
  campaigns: readonly Campaign[],
  collector: SignalCollector,
): Set<string> {
  const campaignCodes = new Set<string>();
  for (const campaign of campaigns) {
    const rule = definite(campaign.kind);
    const inCampaign = withinCampaign(post, campaign);
    const matchedTags = campaign.tags.map(normaliseForMatching).filter((tag) => tags.has(tag));
    const matchedCodes = campaign.promoCodes
      .map(normaliseForMatching)
      .filter((code) => wholeWordOffsets(normalised, code).length > 0);
    const matchedLinks = campaign.links
      .map(normaliseForMatching)
      .filter((link) => linkOffsets(normalised, link).length > 0);
    for (const code of campaign.promoCodes) campaignCodes.add(normaliseForMatching(code));
    const markers = campaign.tags.length + campaign.promoCodes.length + campaign.links.length;
    const matched = matchedTags.length + matchedCodes.length + matchedLinks.length;
    if (inCampaign) {
      // Creator + window alone is weak when the campaign has markers and none appears: the creator may also
      // post organic content during a campaign.
      const registryRule = markers === 0 || matched > 0 ? rule : weak(campaign.kind);
      collector.add(
        'campaign_registry',
        `campaign:${campaign.campaignId}`,
        registryRule,
        campaign.campaignId,
      );
      for (const tag of matchedTags) collector.add('campaign_registry', `#${tag}`, rule, campaign.campaignId);
    }
    // A campaign's code or link outside its creator/window still shows a commercial tie, but a looser one.
    const markerRule = inCampaign ? rule : weak(campaign.kind);
    for (const code of matchedCodes) {
      collector.add('promo_code', `code ${code.toUpperCase()}`, markerRule, campaign.campaignId);
    }
    for (const link of matchedLinks) collector.add('tracked_link', link, markerRule, campaign.campaignId);
  }
  return campaignCodes;
}

/** Detects sponsorship from the platform flag, the campaign registry and the caption. Pure and deterministic. */
export function detectSponsorship(post: SponsorshipInput, campaigns: readonly Campaign[] = []): Sponsorship {
  const collector = new SignalCollector();
  const normalised = normaliseForMatching(post.caption);
  const tags = new Set(hashtagsOf(normalised));

  if (post.platformPaidPartnership === true) {
    collector.add('platform_flag', 'platform:paid_partnership', definite('paid'));
  }
  const campaignCodes = matchCampaigns(post, normalised, tags, campaigns, collector);

  for (const tag of tags) {
    const rule = DISCLOSURE_TAGS.get(tag);
    if (rule) collector.add('disclosure_tag', `#${tag}`, rule);
  }
  const label = leadingLabel(normalised);
  if (label !== undefined) {
    collector.add('disclosure_phrase', `${label} (leading label)`, LEADING_LABELS.get(label) as SignalRule);
  }
  for (const rule of DISCLOSURE_PHRASES) {
    const offsets = wholeWordOffsets(normalised, rule.phrase);
    if (offsets.some((offset) => !(rule.negatable && isNegated(normalised, offset)))) {
      collector.add('disclosure_phrase', rule.phrase, rule);
    }
  }
  for (const code of promoCodesOf(normalised)) {
    if (!campaignCodes.has(code))
      collector.add('promo_code', `code ${code.toUpperCase()}`, definite('affiliate'));
  }
  for (const { host, rule } of AFFILIATE_HOSTS) {
    if (linkOffsets(normalised, host).length > 0) collector.add('tracked_link', host, rule);
  }

  const signals = collector.signals;
  const definiteSignals = signals.filter((signal) => signal.strength === 'definite');
  const weakMatches = new Set(
    signals.filter((signal) => signal.strength === 'weak').map((signal) => signal.match),
  );
  const sponsored = definiteSignals.length > 0 || weakMatches.size >= 2;
  if (!sponsored) return { sponsored: false, kind: null, signals, campaignIds: [] };

  // The brand's own registry knows the deal best; otherwise the most specific kind among the signals decides.
  const campaignSignals = definiteSignals.filter((signal) => signal.campaignId !== undefined);
  const deciding =
    campaignSignals.length > 0 ? campaignSignals : definiteSignals.length > 0 ? definiteSignals : signals;
  const campaignIds = [
    ...new Set(signals.flatMap((signal) => (signal.campaignId === undefined ? [] : [signal.campaignId]))),
  ];
  return { sponsored: true, kind: strongestKind(deciding), signals, campaignIds };
}
