import type { Campaign } from '../../../shared/domain/creator';
import type { Platform } from '../../../shared/domain/platform';
import type { PostType } from '../../../shared/domain/post';
import {
  BACKLASH_MIX,
  BASELINE_MIX,
  EMOJI_ONLY,
  FOREIGN,
  NEGATIVE_BACKLASH,
  NEGATIVE_ORGANIC,
  NEUTRAL,
  POSITIVE,
  SLANG,
  SPAM,
  type TemplateClass,
} from './comment-templates';
import { Rng } from './prng';

/**
 * The simulated world, generated once from the seed: creators, campaigns, posts (with their growth curves and
 * scripted events) and every comment with its publish time. Time-dependent views (what exists at `now`, metric
 * values at `now`) are pure functions over this data, so the same seed and clock give the same API responses.
 */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export type SimTier = 'nano' | 'micro' | 'mid' | 'macro' | 'mega';
export const SIM_TIERS: readonly SimTier[] = ['nano', 'micro', 'mid', 'macro', 'mega'];

const TIER_FOLLOWERS: Record<SimTier, [number, number]> = {
  nano: [1_500, 9_500],
  micro: [12_000, 95_000],
  mid: [110_000, 480_000],
  macro: [520_000, 980_000],
  mega: [1_100_000, 4_000_000],
};

/**
 * Final likes per follower by platform × tier, near the reference bands (IG by followers, untapper/Statista;
 * TikTok and YouTube the same order, TikTok higher); ER by followers ≈ (likes + comments) / followers.
 */
const LIKES_PER_FOLLOWER: Record<Platform, Record<SimTier, number>> = {
  instagram: { nano: 0.04, micro: 0.025, mid: 0.019, macro: 0.014, mega: 0.01 },
  tiktok: { nano: 0.08, micro: 0.055, mid: 0.04, macro: 0.028, mega: 0.016 },
  youtube: { nano: 0.03, micro: 0.02, mid: 0.015, macro: 0.012, mega: 0.009 },
};

/** Final views per follower by post type. */
const VIEWS_PER_FOLLOWER: Record<PostType, number> = {
  video: 0.6,
  short: 1.1,
  reel: 1.3,
  carousel: 0.45,
  image: 0.4,
  story: 0.12,
};

/** Growth time constant (views/likes saturate as 1 − e^(−age/τ)). */
const GROWTH_TAU_MS: Record<PostType, number> = {
  video: 30 * HOUR,
  short: 14 * HOUR,
  reel: 14 * HOUR,
  carousel: 9 * HOUR,
  image: 8 * HOUR,
  story: 4 * HOUR,
};

const NICHES = ['beauty', 'fitness', 'gaming', 'food', 'travel', 'tech', 'fashion', 'parenting'] as const;
const FIRST_NAMES = [
  'mia',
  'leo',
  'ava',
  'noah',
  'zoe',
  'kai',
  'luna',
  'omar',
  'ines',
  'theo',
  'nora',
  'ravi',
  'ella',
  'sam',
  'yara',
  'finn',
];

interface CampaignSpec {
  readonly campaignId: string;
  readonly brand: string;
  readonly tag: string;
  readonly code: string;
  readonly niches: readonly string[];
}

const CAMPAIGN_SPECS: readonly CampaignSpec[] = [
  {
    campaignId: 'acme-glow',
    brand: 'Acme Skincare',
    tag: 'glowwithacme',
    code: 'ACME20',
    niches: ['beauty', 'fashion'],
  },
  {
    campaignId: 'volt-energy',
    brand: 'Volt Energy',
    tag: 'voltup',
    code: 'VOLT15',
    niches: ['gaming', 'fitness'],
  },
  {
    campaignId: 'nomad-gear',
    brand: 'Nomad Gear',
    tag: 'nomadmade',
    code: 'NOMAD10',
    niches: ['travel', 'tech'],
  },
  {
    campaignId: 'brightbite',
    brand: 'BrightBite',
    tag: 'brightbitekitchen',
    code: 'BITE25',
    niches: ['food', 'parenting'],
  },
];

const CAPTIONS: Record<string, readonly string[]> = {
  beauty: ['my everyday makeup routine', 'skincare that actually works for me', 'trying a new lip combo'],
  fitness: ['full body workout, no equipment', 'morning run vlog', 'leg day, do not skip it'],
  gaming: ['ranked grind tonight', 'this boss fight was insane', 'new season first impressions'],
  food: ['easy pasta in 15 minutes', 'street food tour', 'baking sourdough again'],
  travel: ['48 hours in Lisbon', 'hidden beach nobody talks about', 'packing light for two weeks'],
  tech: ['my desk setup 2026', 'is this laptop worth it', 'three apps I use every day'],
  fashion: ['autumn outfit ideas', 'thrift haul', 'styling one blazer five ways'],
  parenting: ['morning routine with two kids', 'rainy day activities', 'what is in my diaper bag'],
};

export type SponsorshipSignalKind = 'disclosure_tag' | 'campaign_registry' | 'platform_flag';

export interface SimCreator {
  readonly platform: Platform;
  readonly accountId: string;
  readonly handle: string;
  readonly niche: string;
  readonly tier: SimTier;
  readonly baseFollowers: number;
  /** Relative follower growth per day. */
  readonly followerGrowthPerDay: number;
  readonly accessToken: string;
  /** YouTube uploads playlist id. */
  readonly uploadsPlaylistId?: string;
  readonly campaignIds: string[];
  /** When the token stops working (token-expiry fault), epoch ms. */
  tokenExpiresAt?: number;
}

export interface SimComment {
  readonly commentId: string;
  readonly postId: string;
  readonly parentId: string | null;
  readonly authorId: string;
  readonly authorName: string;
  readonly text: string;
  readonly lang: string;
  readonly templateClass: TemplateClass;
  /** Epoch ms, whole seconds. */
  readonly publishedAt: number;
  readonly likes: number;
}

export interface SimPost {
  readonly platform: Platform;
  readonly postId: string;
  readonly accountId: string;
  readonly type: PostType;
  readonly title: string;
  readonly caption: string;
  readonly publishedAt: number;
  readonly durationSeconds: number;
  readonly sponsorship: { readonly signal: SponsorshipSignalKind; readonly campaignId: string } | null;
  readonly commentsDisabled: boolean;
  readonly likesHidden: boolean;
  readonly finalViews: number;
  readonly finalLikes: number;
  readonly tauMs: number;
  /** Scripted sentiment drop start, epoch ms. */
  readonly dropAt?: number;
  /** Deleted-posts fault: gone from this instant. */
  deletedAt?: number;
  /** YouTube only: made private instead of deleted. */
  privateInsteadOfDeleted?: boolean;
  readonly comments: SimComment[];
}

export interface SimWorld {
  readonly seed: number;
  readonly startAt: number;
  readonly creators: SimCreator[];
  readonly campaigns: Campaign[];
  readonly posts: SimPost[];
  readonly postsById: Map<string, SimPost>;
  readonly commentsById: Map<string, SimComment>;
}

export interface WorldOptions {
  readonly seed: number;
  readonly creators: number;
  readonly startAt: number;
  /** How far back the post history reaches (default 7 days). */
  readonly historyMs?: number;
  /** How far ahead posts are scheduled (default 2 days). */
  readonly horizonMs?: number;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function creatorAccountId(rng: Rng, platform: Platform): string {
  switch (platform) {
    case 'youtube':
      return `UC${rng.id(22)}`;
    case 'instagram':
      return `1784${rng.id(13, '0123456789')}`;
    case 'tiktok':
      return `-000${rng.id(20, 'abcdefghijklmnopqrstuvwxyz0123456789')}`;
  }
}

function postIdFor(rng: Rng, platform: Platform): string {
  switch (platform) {
    case 'youtube':
      return rng.id(11);
    case 'instagram':
      return `179${rng.id(14, '0123456789')}`;
    case 'tiktok':
      return `73${rng.id(17, '0123456789')}`;
  }
}

function commentIdFor(rng: Rng, platform: Platform): string {
  switch (platform) {
    case 'youtube':
      return `Ug${rng.id(24)}`;
    case 'instagram':
      return `180${rng.id(14, '0123456789')}`;
    case 'tiktok':
      return `74${rng.id(17, '0123456789')}`;
  }
}

function postTypeFor(rng: Rng, platform: Platform): PostType {
  switch (platform) {
    case 'youtube':
      return rng.weighted([
        ['video', 65],
        ['short', 35],
      ]);
    case 'instagram':
      return rng.weighted([
        ['reel', 38],
        ['image', 22],
        ['carousel', 25],
        ['video', 7],
        ['story', 8],
      ]);
    case 'tiktok':
      return 'video';
  }
}

const POST_INTERVAL_MS: Record<Platform, number> = {
  youtube: 44 * HOUR,
  instagram: 22 * HOUR,
  tiktok: 16 * HOUR,
};

interface Author {
  readonly id: string;
  readonly name: string;
}

function authorPool(rng: Rng, platform: Platform, size: number): Author[] {
  const authors: Author[] = [];
  for (let i = 0; i < size; i++) {
    const name = `${rng.pick(FIRST_NAMES)}${rng.pick(['', '_', '.'])}${rng.int(1, 9999)}`;
    const id =
      platform === 'youtube'
        ? `UC${rng.id(22)}`
        : platform === 'instagram'
          ? `1784${rng.id(13, '0123456789')}`
          : `${rng.id(24, 'abcdef0123456789')}`;
    authors.push({ id, name });
  }
  return authors;
}

function commentText(
  rng: Rng,
  cls: TemplateClass,
  brand: string | undefined,
): { text: string; lang: string } {
  switch (cls) {
    case 'positive': {
      const base = rng.pick(POSITIVE);
      return { text: rng.chance(0.25) ? `${base} ${rng.pick(EMOJI_ONLY)}` : base, lang: 'en' };
    }
    case 'neutral':
      return {
        text: brand !== undefined && rng.chance(0.3) ? `is ${brand} available in Europe?` : rng.pick(NEUTRAL),
        lang: 'en',
      };
    case 'negative':
      return { text: rng.pick(NEGATIVE_ORGANIC), lang: 'en' };
    case 'foreign': {
      const pick = rng.pick(FOREIGN);
      return { text: pick.text, lang: pick.lang };
    }
    case 'emoji':
      return { text: rng.pick(EMOJI_ONLY), lang: 'und' };
    case 'slang':
      return { text: rng.pick(SLANG), lang: 'en' };
    case 'spam':
      return { text: rng.pick(SPAM), lang: 'en' };
  }
}

interface CommentPlan {
  readonly count: number;
  readonly tauMs: number;
  readonly dropAt?: number;
  readonly burst?: number;
}

function generateComments(
  rng: Rng,
  post: Omit<SimPost, 'comments'>,
  plan: CommentPlan,
  authors: readonly Author[],
  brand?: string,
): SimComment[] {
  const times: number[] = [];
  const maxAge = 10 * DAY;
  const maxFraction = 1 - Math.exp(-maxAge / plan.tauMs);
  for (let i = 0; i < plan.count; i++) {
    // Decaying arrival rate: ages from an exponential distribution truncated at maxAge.
    const age = -plan.tauMs * Math.log(1 - rng.next() * maxFraction);
    times.push(post.publishedAt + age);
  }
  if (plan.dropAt !== undefined && plan.burst !== undefined) {
    for (let i = 0; i < plan.burst; i++) times.push(plan.dropAt + rng.range(0, 6 * HOUR) * rng.range(0.3, 1));
  }
  times.sort((a, b) => a - b);
  const comments: SimComment[] = [];
  const topLevel: SimComment[] = [];
  const hotThreads: SimComment[] = [];
  let previous: number | undefined;
  for (const rawTime of times) {
    // Whole seconds like the platforms; ~15 % share the previous comment's timestamp exactly.
    let publishedAt = Math.floor(rawTime / 1000) * 1000;
    if (previous !== undefined && rng.chance(0.15)) publishedAt = previous;
    if (previous !== undefined && publishedAt < previous) publishedAt = previous;
    previous = publishedAt;
    const backlash = plan.dropAt !== undefined && publishedAt >= plan.dropAt;
    const cls = rng.weighted(backlash ? BACKLASH_MIX : BASELINE_MIX);
    const { text, lang } =
      cls === 'negative' && backlash
        ? { text: rng.pick(NEGATIVE_BACKLASH), lang: 'en' }
        : commentText(rng, cls, brand);
    let parent: SimComment | undefined;
    if (rng.chance(0.18)) {
      const recentHot = hotThreads.filter((c) => c.publishedAt >= publishedAt - 3 * HOUR);
      const recent = topLevel.filter((c) => c.publishedAt >= publishedAt - 3 * HOUR);
      parent =
        recentHot.length > 0 && rng.chance(0.6)
          ? rng.pick(recentHot)
          : recent.length > 0
            ? rng.pick(recent)
            : undefined;
    }
    const author = rng.pick(authors);
    const comment: SimComment = {
      commentId: commentIdFor(rng, post.platform),
      postId: post.postId,
      parentId: parent?.commentId ?? null,
      authorId: author.id,
      authorName: author.name,
      text,
      lang,
      templateClass: cls,
      publishedAt,
      likes: rng.chance(0.6) ? 0 : rng.int(1, 40),
    };
    comments.push(comment);
    if (parent === undefined) {
      topLevel.push(comment);
      if (rng.chance(0.05)) hotThreads.push(comment);
    }
  }
  return comments;
}

function captionFor(
  rng: Rng,
  creator: SimCreator,
  sponsorship: SimPost['sponsorship'],
  campaign: CampaignSpec | undefined,
): { title: string; caption: string } {
  const title = rng.pick(CAPTIONS[creator.niche] ?? CAPTIONS.beauty ?? ['new post']);
  const flavour = rng.pick(['', ' ✨', ' — let me know what you think', ' (part 2 soon)', ' 🙌']);
  if (sponsorship === null || campaign === undefined) return { title, caption: `${title}${flavour}` };
  switch (sponsorship.signal) {
    case 'disclosure_tag':
      return { title, caption: `${title} with ${campaign.brand}! #ad` };
    case 'campaign_registry':
      return { title, caption: `${title}${flavour} #${campaign.tag} use ${campaign.code} for a discount` };
    case 'platform_flag':
      return { title, caption: `${title}${flavour}` };
  }
}

/** Generates the whole world from the seed. */
export function generateWorld(options: WorldOptions): SimWorld {
  const rng = new Rng(options.seed);
  const { startAt } = options;
  const historyMs = options.historyMs ?? 7 * DAY;
  const horizonMs = options.horizonMs ?? 2 * DAY;
  const platforms: readonly Platform[] = ['youtube', 'instagram', 'tiktok'];
  const authorsByPlatform: Record<Platform, Author[]> = {
    youtube: authorPool(rng, 'youtube', 400),
    instagram: authorPool(rng, 'instagram', 400),
    tiktok: authorPool(rng, 'tiktok', 400),
  };

  const creators: SimCreator[] = [];
  for (let i = 0; i < options.creators; i++) {
    const platform = platforms[i % 3] ?? 'youtube';
    const tier =
      i < SIM_TIERS.length
        ? (SIM_TIERS[(i * 2) % SIM_TIERS.length] ?? 'nano')
        : rng.weighted<SimTier>([
            ['nano', 30],
            ['micro', 30],
            ['mid', 20],
            ['macro', 12],
            ['mega', 8],
          ]);
    const [low, high] = TIER_FOLLOWERS[tier];
    const niche = NICHES[(i * 3 + rng.int(0, 1)) % NICHES.length] ?? 'beauty';
    const accountId = creatorAccountId(rng, platform);
    creators.push({
      platform,
      accountId,
      handle: `${rng.pick(FIRST_NAMES)}.${niche}${rng.int(1, 99)}`,
      niche,
      tier,
      baseFollowers: Math.round(rng.logUniform(low, high)),
      followerGrowthPerDay: rng.range(0.0005, 0.004),
      accessToken: `sim-${platform}-${rng.id(32, 'abcdefghijklmnopqrstuvwxyz0123456789')}`,
      ...(platform === 'youtube' ? { uploadsPlaylistId: `UU${accountId.slice(2)}` } : {}),
      campaignIds: [],
    });
  }

  const campaignFor = (creator: SimCreator) =>
    CAMPAIGN_SPECS.find((c) => c.niches.includes(creator.niche)) ?? CAMPAIGN_SPECS[0];
  const posts: SimPost[] = [];
  const planPost = (
    creator: SimCreator,
    publishedAt: number,
    sponsorship: SimPost['sponsorship'],
    dropAt: number | undefined,
  ) => {
    // A scripted drop needs a post that takes comments (never an Instagram story).
    const type: PostType =
      dropAt === undefined
        ? postTypeFor(rng, creator.platform)
        : creator.platform === 'instagram'
          ? 'reel'
          : 'video';
    const campaign =
      sponsorship === null ? undefined : CAMPAIGN_SPECS.find((c) => c.campaignId === sponsorship.campaignId);
    const { title, caption } = captionFor(rng, creator, sponsorship, campaign);
    const noise = rng.logUniform(0.7, 1.4);
    const finalViews = Math.round(creator.baseFollowers * VIEWS_PER_FOLLOWER[type] * noise);
    const sponsoredFactor = sponsorship === null ? 1 : 0.85;
    const finalLikes = Math.min(
      finalViews,
      Math.round(
        creator.baseFollowers *
          LIKES_PER_FOLLOWER[creator.platform][creator.tier] *
          rng.logUniform(0.75, 1.3) *
          sponsoredFactor,
      ),
    );
    const base: Omit<SimPost, 'comments'> = {
      platform: creator.platform,
      postId: postIdFor(rng, creator.platform),
      accountId: creator.accountId,
      type,
      title,
      caption,
      publishedAt: Math.floor(publishedAt / 1000) * 1000,
      durationSeconds:
        type === 'short' ? rng.int(15, 59) : type === 'video' ? rng.int(240, 1500) : rng.int(8, 90),
      sponsorship,
      commentsDisabled: dropAt === undefined && type !== 'story' && rng.chance(0.03),
      likesHidden: creator.platform !== 'tiktok' && dropAt === undefined && rng.chance(0.04),
      finalViews,
      finalLikes,
      tauMs: GROWTH_TAU_MS[type],
      ...(dropAt === undefined ? {} : { dropAt }),
    };
    const commentCount =
      type === 'story' || base.commentsDisabled
        ? 0
        : dropAt !== undefined
          ? rng.int(70, 110)
          : Math.min(120, 3 + Math.floor(Math.sqrt(creator.baseFollowers) * 0.35 * rng.range(0.5, 1.5)));
    const comments = generateComments(
      rng,
      base,
      {
        count: commentCount,
        tauMs: dropAt !== undefined ? 14 * HOUR : 10 * HOUR,
        ...(dropAt === undefined ? {} : { dropAt, burst: rng.int(55, 75) }),
      },
      authorsByPlatform[creator.platform],
      campaign?.brand,
    );
    posts.push({ ...base, comments });
  };

  for (const creator of creators) {
    const campaign = campaignFor(creator);
    let t = startAt - historyMs + rng.range(0, POST_INTERVAL_MS[creator.platform]);
    while (t < startAt + horizonMs) {
      let sponsorship: SimPost['sponsorship'] = null;
      if (campaign !== undefined && rng.chance(0.14)) {
        const signals: SponsorshipSignalKind[] =
          creator.platform === 'youtube'
            ? ['disclosure_tag', 'campaign_registry', 'platform_flag']
            : ['disclosure_tag', 'campaign_registry'];
        sponsorship = { signal: rng.pick(signals), campaignId: campaign.campaignId };
      }
      planPost(creator, t, sponsorship, undefined);
      t += POST_INTERVAL_MS[creator.platform] * rng.range(0.5, 1.5);
    }
  }

  // Scripted drops: sponsored launch posts around the start, whose comments turn negative 4–10 h after it.
  const drops = Math.max(1, Math.round(options.creators / 6));
  for (let d = 0; d < drops && creators.length > 0; d++) {
    const creator = creators[(d * 4 + 1) % creators.length] ?? creators[0];
    if (creator === undefined) break;
    const campaign = campaignFor(creator);
    if (campaign === undefined) continue;
    const publishedAt = startAt + rng.range(-3 * HOUR, 2 * HOUR);
    const dropAt = Math.floor((startAt + rng.range(4 * HOUR, 10 * HOUR)) / 1000) * 1000;
    const signal: SponsorshipSignalKind =
      creator.platform === 'youtube' && d % 2 === 1
        ? 'platform_flag'
        : d % 2 === 0
          ? 'campaign_registry'
          : 'disclosure_tag';
    planPost(creator, publishedAt, { signal, campaignId: campaign.campaignId }, dropAt);
  }

  const campaigns: Campaign[] = [];
  for (const spec of CAMPAIGN_SPECS) {
    const members = creators.filter((c) => campaignFor(c)?.campaignId === spec.campaignId);
    if (members.length === 0) continue;
    for (const member of members) member.campaignIds.push(spec.campaignId);
    campaigns.push({
      campaignId: spec.campaignId,
      brand: spec.brand,
      startsAt: iso(startAt - historyMs - DAY),
      endsAt: iso(startAt + horizonMs + 7 * DAY),
      creatorKeys: members.map((m) => `${m.platform}#${m.accountId}`),
      tags: [spec.tag],
      promoCodes: [spec.code],
      links: [],
      kind: 'paid',
    });
  }

  posts.sort((a, b) => a.publishedAt - b.publishedAt || a.postId.localeCompare(b.postId));
  const postsById = new Map(posts.map((p) => [p.postId, p]));
  const commentsById = new Map<string, SimComment>();
  for (const post of posts) for (const comment of post.comments) commentsById.set(comment.commentId, comment);
  return { seed: options.seed, startAt, creators, campaigns, posts, postsById, commentsById };
}

/** Follower count at `now`: slow steady growth from the start. */
export function followersAt(creator: SimCreator, now: number, startAt: number): number {
  return Math.max(
    0,
    Math.round(creator.baseFollowers * (1 + (creator.followerGrowthPerDay * (now - startAt)) / DAY)),
  );
}

/** Saturating growth 1 − e^(−age/τ). */
function growth(ageMs: number, tauMs: number): number {
  return ageMs <= 0 ? 0 : 1 - Math.exp(-ageMs / tauMs);
}

export interface SimMetrics {
  readonly views: number;
  readonly likes: number;
  readonly comments: number;
  readonly shares: number;
  readonly saves: number;
  readonly reach: number;
}

export function metricsAt(post: SimPost, now: number): SimMetrics {
  const age = now - post.publishedAt;
  const views = Math.floor(post.finalViews * growth(age, post.tauMs));
  const likes = Math.floor(post.finalLikes * growth(age, post.tauMs * 0.8));
  const comments = post.comments.filter((c) => c.publishedAt <= now).length;
  return {
    views,
    likes,
    comments,
    shares: Math.floor(likes * 0.06),
    saves: Math.floor(likes * 0.09),
    reach: Math.floor(views * 0.78),
  };
}

/** A post exists (is listed) when published and not deleted; IG stories only for 24 h. */
export function postVisible(post: SimPost, now: number): boolean {
  if (post.publishedAt > now) return false;
  if (post.deletedAt !== undefined && post.deletedAt <= now) return false;
  if (post.type === 'story' && now - post.publishedAt > DAY) return false;
  return true;
}

export function isoOf(ms: number): string {
  return iso(ms);
}
