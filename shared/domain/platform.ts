import { z } from 'zod';

export const PlatformSchema = z.enum(['youtube', 'instagram', 'tiktok']);
export type Platform = z.infer<typeof PlatformSchema>;
export const PLATFORMS: readonly Platform[] = PlatformSchema.options;

/** ISO-8601 instant with an offset (`Z` or `+00:00`), normalised by callers to UTC `Z` form. */
export const InstantSchema = z.iso.datetime({ offset: true });
export type Instant = z.infer<typeof InstantSchema>;

/** A creator is identified by platform + the platform's account id (channel id, IG user id, TikTok open id). */
export function creatorKey(platform: Platform, accountId: string): string {
  return `${platform}#${accountId}`;
}
