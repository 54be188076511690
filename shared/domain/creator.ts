import { z } from 'zod';
import { InstantSchema, PlatformSchema } from './platform';

export const FollowerObservationSchema = z.object({
  capturedAt: InstantSchema,
  followers: z.number().int().nonnegative(),
});
export type FollowerObservation = z.infer<typeof FollowerObservationSchema>;

/** A brand campaign in the registry: which creators, when, and what marks its posts. */
export const CampaignSchema = z.object({
  campaignId: z.string().min(1).max(128),
  brand: z.string().min(1).max(200),
  /** Inclusive window in which posts by the campaign's creators count as the campaign's. */
  startsAt: InstantSchema,
  endsAt: InstantSchema,
  /** Creators in the campaign, as `platform#accountId` keys. */
  creatorKeys: z.array(z.string().min(3)).default([]),
  /** Campaign hashtags without '#', lower-case (e.g. `glowwithacme`). */
  tags: z.array(z.string().min(1)).default([]),
  /** Promo codes (case-insensitive match in captions). */
  promoCodes: z.array(z.string().min(2)).default([]),
  /** Tracked link prefixes or hosts (e.g. `acme.co/r/`, `bit.ly/acme`). */
  links: z.array(z.string().min(3)).default([]),
  /** Whether the brand paid, gifted product, or runs an affiliate programme. */
  kind: z.enum(['paid', 'gifted', 'affiliate']).default('paid'),
});
export type Campaign = z.infer<typeof CampaignSchema>;

export const CreatorSchema = z.object({
  platform: PlatformSchema,
  /** The platform's own account id (YouTube channel id, Instagram user id, TikTok open id). */
  accountId: z.string().min(1).max(128),
  handle: z.string().min(1).max(100),
  niche: z.string().min(1).max(60).default('general'),
  followerHistory: z.array(FollowerObservationSchema).default([]),
  /** Campaign ids this creator belongs to. */
  campaignIds: z.array(z.string()).default([]),
  /** Tracking state: `active` is polled; `paused` is kept but not polled; `auth_error` needs a new token. */
  status: z.enum(['active', 'paused', 'auth_error']).default('active'),
});
export type Creator = z.infer<typeof CreatorSchema>;

/** The newest follower observation at or before `at`, if any. */
export function followersAt(history: readonly FollowerObservation[], at: string): number | undefined {
  let best: FollowerObservation | undefined;
  const atMs = Date.parse(at);
  for (const observation of history) {
    const t = Date.parse(observation.capturedAt);
    if (t <= atMs && (best === undefined || t >= Date.parse(best.capturedAt))) best = observation;
  }
  return best?.followers;
}
