import type { Platform } from '../domain/platform';
import type { SentimentLabel } from '../domain/sentiment-score';

/**
 * One comment's sentiment, stored as its own item keyed by (post, hour bucket, comment id): putting it again is
 * idempotent, and the bucket's totals are always recomputed from these items (no ADD counters).
 */
export interface CommentScoreRecord {
  platform: Platform;
  postId: string;
  accountId: string;
  commentId: string;
  /** HMAC-SHA256 of the platform author id; never the handle. */
  authorKey: string;
  /** UTC hour bucket of `publishedAt`, `YYYY-MM-DDTHH`. */
  bucket: string;
  publishedAt: string;
  scored: boolean;
  /** Present when scored. */
  compound: number | null;
  label: SentimentLabel | null;
  language: string | null;
  /** Why it was not scored, when not scored. */
  unscoredReason: string | null;
  likes: number | null;
  /** Epoch seconds after which the record (personal data) may be deleted. */
  expiresAt: number;
}

export interface CommentScoreStore {
  /** Idempotent batch put (BatchWriteItem, UnprocessedItems retried with backoff). */
  putCommentScores(records: readonly CommentScoreRecord[]): Promise<void>;
  /** Every record of one post-hour bucket, sorted by commentId (deterministic aggregation order). */
  listBucket(platform: Platform, postId: string, bucket: string): Promise<CommentScoreRecord[]>;
}
