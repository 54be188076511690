import { z } from 'zod';
import { MetricValueSchema } from './metric-value';
import { InstantSchema, PlatformSchema } from './platform';

export const PostTypeSchema = z.enum(['video', 'short', 'reel', 'carousel', 'image', 'story']);
export type PostType = z.infer<typeof PostTypeSchema>;

/** One piece of sponsorship evidence and where it came from. */
export const SponsorshipSignalSchema = z.object({
  source: z.enum([
    'platform_flag',
    'campaign_registry',
    'disclosure_tag',
    'disclosure_phrase',
    'promo_code',
    'tracked_link',
  ]),
  /** What matched, e.g. `#ad`, `paid partnership`, `campaign:acme-spring`, `code ACME20`. */
  match: z.string().max(200),
  /** The kind this signal implies. */
  kind: z.enum(['paid', 'gifted', 'affiliate', 'unknown']),
  campaignId: z.string().optional(),
  /**
   * `definite` signals make a post sponsored on their own; `weak` ones (#collab, #sp, …) only in pairs.
   * Absent = definite (signals recorded before strengths existed).
   */
  strength: z.enum(['definite', 'weak']).optional(),
});
export type SponsorshipSignal = z.infer<typeof SponsorshipSignalSchema>;

export const SponsorshipSchema = z.object({
  sponsored: z.boolean(),
  kind: z.enum(['paid', 'gifted', 'affiliate', 'unknown']).nullable(),
  signals: z.array(SponsorshipSignalSchema),
  campaignIds: z.array(z.string()),
});
export type Sponsorship = z.infer<typeof SponsorshipSchema>;

export const PostSchema = z.object({
  platform: PlatformSchema,
  postId: z.string().min(1).max(128),
  /** Platform account id of the creator who published it. */
  accountId: z.string().min(1).max(128),
  type: PostTypeSchema,
  caption: z.string().max(10_000).default(''),
  publishedAt: InstantSchema,
  permalink: z.string().url().optional(),
  /** `deleted`/`private` posts are kept with their history and no longer polled. */
  status: z.enum(['active', 'deleted', 'private']).default('active'),
  /**
   * What the platform itself says about a paid partnership, when it says anything.
   * `undefined` = the platform gave no flag (not the same as `false`).
   */
  platformPaidPartnership: z.boolean().optional(),
  sponsorship: SponsorshipSchema.optional(),
});
export type Post = z.infer<typeof PostSchema>;

export const MetricNameSchema = z.enum([
  'views',
  'likes',
  'comments',
  'shares',
  'saves',
  'reach',
  'impressions',
]);
export type MetricName = z.infer<typeof MetricNameSchema>;
export const METRIC_NAMES: readonly MetricName[] = MetricNameSchema.options;

/** The numbers of one post at one moment. Every metric is present, as a value or as unavailable-with-reason. */
export const MetricSnapshotSchema = z.object({
  platform: PlatformSchema,
  postId: z.string().min(1),
  accountId: z.string().min(1),
  capturedAt: InstantSchema,
  /** Follower count of the creator at capture time, when known. */
  followers: MetricValueSchema,
  metrics: z.object({
    views: MetricValueSchema,
    likes: MetricValueSchema,
    comments: MetricValueSchema,
    shares: MetricValueSchema,
    saves: MetricValueSchema,
    reach: MetricValueSchema,
    impressions: MetricValueSchema,
  }),
});
export type MetricSnapshot = z.infer<typeof MetricSnapshotSchema>;
