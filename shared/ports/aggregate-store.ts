import type { Platform } from '../domain/platform';

/**
 * Sentiment totals of one post-hour bucket. Compatible with `SentimentWindowStats` (shared/domain/alert-rule.ts):
 * the same six fields, plus the unscored count (texts we could not score are never counted as neutral).
 */
export interface SentimentBucketStats {
  scoredCount: number;
  sumCompound: number;
  sumSquaredCompound: number;
  positiveCount: number;
  neutralCount: number;
  negativeCount: number;
  unscoredCount: number;
}

export interface SentimentBucket {
  platform: Platform;
  postId: string;
  accountId: string;
  /** `YYYY-MM-DDTHH` (UTC). */
  bucket: string;
  sponsored: boolean;
  campaignIds: string[];
  stats: SentimentBucketStats;
  /**
   * Hash of everything above: the item is a pure function of its comment set, so replays write identical
   * bytes, and the hash doubles as the optimistic-concurrency token.
   */
  revision: string;
  expiresAt: number;
}

/** Engagement numbers of one post (or one creator) for one hour, overwritten by newer captures only. */
export interface EngagementAggregate {
  platform: Platform;
  accountId: string;
  /** Omitted for the creator-level aggregate. */
  postId?: string;
  /** `YYYY-MM-DDTHH` (UTC). */
  bucket: string;
  capturedAt: string;
  /** Metric name → value, or null when unavailable (never 0 for unavailable). */
  values: Record<string, number | null>;
  expiresAt: number;
}

export class RevisionConflictError extends Error {
  override readonly name = 'RevisionConflictError';
}

export interface AggregateStore {
  getSentimentBucket(
    platform: Platform,
    postId: string,
    bucket: string,
  ): Promise<SentimentBucket | undefined>;
  /**
   * Writes the bucket only if the stored revision is still `expectedRevision` (`null` = must not exist).
   * Throws RevisionConflictError otherwise (a concurrent writer won: recompute and retry).
   */
  putSentimentBucket(bucket: SentimentBucket, expectedRevision: string | null): Promise<void>;
  /**
   * Buckets of one post with `from <= bucket <= to`, oldest first. Strongly consistent: the revisions it returns
   * serve as concurrency tokens for `putSentimentBucket` (apply-comment-scores reads all touched buckets at once).
   */
  listPostSentimentBuckets(
    platform: Platform,
    postId: string,
    range: { from: string; to: string },
  ): Promise<SentimentBucket[]>;
  /** A creator's organic (non-sponsored) post buckets with `from <= bucket <= to`: the baseline read. */
  listCreatorOrganicBuckets(
    platform: Platform,
    accountId: string,
    range: { from: string; to: string },
  ): Promise<SentimentBucket[]>;
  /** Idempotent: keeps the newer `capturedAt` when two writes race or replay out of order. */
  putEngagement(aggregate: EngagementAggregate): Promise<void>;
  listEngagement(
    platform: Platform,
    accountId: string,
    postId: string | undefined,
    range: { from: string; to: string },
  ): Promise<EngagementAggregate[]>;
}
