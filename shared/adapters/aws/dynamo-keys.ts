import type { Platform } from '../../domain/platform';

/**
 * Key builders for the `creators` and `data` tables. The one place key strings are spelled; the layout is
 * documented in docs/data-model.md (§Key design).
 */
export const Keys = {
  creator: (platform: Platform, accountId: string) => ({
    pk: `CREATOR#${platform}#${accountId}`,
    sk: 'CREATOR',
  }),
  creatorsByStatus: (status: string) => `STATUS#${status}`,
  campaign: (campaignId: string) => ({ pk: `CAMPAIGN#${campaignId}`, sk: 'CAMPAIGN' }),
  allCampaigns: 'CAMPAIGNS',

  /** Partition of everything per creator in `data`: posts, campaign links, watermarks, creator engagement. */
  creatorPartition: (platform: Platform, accountId: string) => `C#${platform}#${accountId}`,
  postSortKey: (postId: string) => `POST#${postId}`,
  postSortPrefix: 'POST#',
  campaignLinkSortKey: (postId: string, campaignId: string) => `CAMPLINK#${postId}#${campaignId}`,
  campaignLinkSortPrefix: 'CAMPLINK#',
  campaignIndexKey: (campaignId: string) => `CAMP#${campaignId}`,
  watermarkSortKey: (stream: string) => `WM#${stream}`,

  /** Partition per post in `data`: snapshots, hourly sentiment buckets, hourly engagement. */
  postPartition: (platform: Platform, postId: string) => `P#${platform}#${postId}`,
  snapshotSortKey: (capturedAt: string) => `SNAP#${capturedAt}`,
  sentimentSortKey: (bucket: string) => `SENT#${bucket}`,
  engagementSortKey: (bucket: string) => `ENG#${bucket}`,
  organicIndexKey: (platform: Platform, accountId: string) => `ORG#${platform}#${accountId}`,

  /** One partition per post-hour bucket holds that hour's comment-score items (sk = comment id). */
  commentBucketPartition: (platform: Platform, postId: string, bucket: string) =>
    `PC#${platform}#${postId}#${bucket}`,

  alert: (alertId: string) => ({ pk: `ALERT#${alertId}`, sk: 'ALERT' }),
  openAlertsIndexKey: 'ALERTS#OPEN',

  /** Quota ledger state per `platform#credentialKey` (shared/ports/quota-ledger.ts). */
  quotaState: (key: string) => ({ pk: `QUOTA#${key}`, sk: 'STATE' }),
} as const;

/** Strips table key attributes from an item read back (`pk`, `sk`, `gsi*`). */
export function withoutKeys<T extends Record<string, unknown>>(item: T): Record<string, unknown> {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, ...rest } = item;
  return rest;
}

export function epochSeconds(instant: string | Date): number {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return Math.floor(ms / 1000);
}

export const DAY_SECONDS = 86_400;
