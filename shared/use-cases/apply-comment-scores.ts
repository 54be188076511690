import { createHash } from 'node:crypto';
import type { Platform } from '../domain/platform';
import type { SentimentScore } from '../domain/sentiment-score';
import {
  type AggregateStore,
  RevisionConflictError,
  type SentimentBucket,
  type SentimentBucketStats,
} from '../ports/aggregate-store';
import type { CommentScoreRecord, CommentScoreStore } from '../ports/comment-score-store';

/**
 * Applies scored comments of one post to the store, replay-safe:
 * 1. each comment becomes its own item keyed by (post, hour bucket of publishedAt, comment id) — a put, so
 *    applying the same comment twice leaves one item;
 * 2. every touched hour bucket is recomputed from *all* its comment items (strongly consistent Query, summed in
 *    comment-id order so floating-point sums do not depend on arrival order) and written whole, conditioned on
 *    the revision read before the Query. The item is a pure function of its comment set, so 1×, 3× or a crash
 *    half-way then a retry all end with byte-identical buckets; an unchanged bucket is not rewritten.
 * No ADD counters, no transactions. Scores are passed in (the sentiment engine is not a dependency).
 */

export interface ScoredCommentInput {
  commentId: string;
  authorKey: string;
  publishedAt: string;
  likes: number | null;
  score: SentimentScore;
}

export interface ApplyCommentScoresInput {
  post: {
    platform: Platform;
    postId: string;
    accountId: string;
    sponsored: boolean;
    campaignIds: readonly string[];
  };
  comments: readonly ScoredCommentInput[];
}

export interface ApplyCommentScoresDeps {
  commentScores: CommentScoreStore;
  aggregates: AggregateStore;
  /** Current time (injected; decides which buckets are too old to recompute). */
  now: Date;
  /** Raw-comment retention in days (`PULSE_RAW_COMMENT_RETENTION_DAYS`). */
  retentionDays: number;
  /** How long hourly buckets are kept (days). */
  bucketRetentionDays: number;
  maxConflictRetries?: number;
  /** Test hook: called after the comment items are written, before any bucket (simulates a crash). */
  afterCommentsWritten?: () => Promise<void>;
  /** Test hook: called after each bucket write. */
  afterBucketWritten?: (bucket: string) => Promise<void>;
}

export interface ApplyCommentScoresResult {
  commentsWritten: number;
  /** Comments whose bucket is older than the retention allows recomputing: stored nowhere, counted here. */
  commentsTooLate: number;
  bucketsWritten: string[];
  bucketsUnchanged: string[];
}

export class BucketContentionError extends Error {
  override readonly name = 'BucketContentionError';
}

const HOUR_MS = 3_600_000;
const DAY_SECONDS = 86_400;

/** `YYYY-MM-DDTHH` of an instant, UTC. */
export function hourBucket(instant: string): string {
  return new Date(instant).toISOString().slice(0, 13);
}

function bucketStartSeconds(bucket: string): number {
  return Math.floor(Date.parse(`${bucket}:00:00.000Z`) / 1000);
}

export function emptyStats(): SentimentBucketStats {
  return {
    scoredCount: 0,
    sumCompound: 0,
    sumSquaredCompound: 0,
    positiveCount: 0,
    neutralCount: 0,
    negativeCount: 0,
    unscoredCount: 0,
  };
}

/** Totals of a bucket's comment records; callers pass them sorted by commentId. */
export function computeBucketStats(records: readonly CommentScoreRecord[]): SentimentBucketStats {
  const stats = emptyStats();
  for (const record of records) {
    if (!record.scored || record.compound === null || record.label === null) {
      stats.unscoredCount += 1;
      continue;
    }
    stats.scoredCount += 1;
    stats.sumCompound += record.compound;
    stats.sumSquaredCompound += record.compound * record.compound;
    if (record.label === 'positive') stats.positiveCount += 1;
    else if (record.label === 'negative') stats.negativeCount += 1;
    else stats.neutralCount += 1;
  }
  return stats;
}

/** Canonical JSON: object keys sorted recursively, so equal content gives equal bytes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function revisionOf(bucket: Omit<SentimentBucket, 'revision'>): string {
  return createHash('sha256').update(canonicalJson(bucket)).digest('hex').slice(0, 32);
}

export function toCommentScoreRecord(
  post: ApplyCommentScoresInput['post'],
  comment: ScoredCommentInput,
  retentionDays: number,
): CommentScoreRecord {
  const bucket = hourBucket(comment.publishedAt);
  const score = comment.score;
  return {
    platform: post.platform,
    postId: post.postId,
    accountId: post.accountId,
    commentId: comment.commentId,
    authorKey: comment.authorKey,
    bucket,
    publishedAt: new Date(comment.publishedAt).toISOString(),
    scored: score.scored,
    compound: score.scored ? score.compound : null,
    label: score.scored ? score.label : null,
    language: score.language,
    unscoredReason: score.scored ? null : score.reason,
    likes: comment.likes,
    // All items of a bucket expire together, measured from the bucket (not from when they were written).
    expiresAt: bucketStartSeconds(bucket) + retentionDays * DAY_SECONDS,
  };
}

export async function applyCommentScores(
  input: ApplyCommentScoresInput,
  deps: ApplyCommentScoresDeps,
): Promise<ApplyCommentScoresResult> {
  const { post } = input;
  // A bucket may only be recomputed while all its comment items still exist: one day of margin before TTL.
  const oldestRecomputable = hourBucket(
    new Date(deps.now.getTime() - (deps.retentionDays - 1) * 24 * HOUR_MS).toISOString(),
  );
  const records: CommentScoreRecord[] = [];
  let commentsTooLate = 0;
  for (const comment of input.comments) {
    const record = toCommentScoreRecord(post, comment, deps.retentionDays);
    if (record.bucket < oldestRecomputable) commentsTooLate += 1;
    else records.push(record);
  }
  await deps.commentScores.putCommentScores(records);
  await deps.afterCommentsWritten?.();

  const buckets = [...new Set(records.map((record) => record.bucket))].sort();
  const result: ApplyCommentScoresResult = {
    commentsWritten: records.length,
    commentsTooLate,
    bucketsWritten: [],
    bucketsUnchanged: [],
  };
  const campaignIds = [...new Set(post.campaignIds)].sort();
  const stored = await readStoredBuckets(post, buckets, deps);
  for (const bucket of buckets) {
    const written = await recomputeBucket(post, campaignIds, bucket, deps, stored.get(bucket));
    (written ? result.bucketsWritten : result.bucketsUnchanged).push(bucket);
    if (written) await deps.afterBucketWritten?.(bucket);
  }
  return result;
}

/**
 * The stored revisions of every touched bucket in ONE strongly consistent Query over the post's bucket range
 * (instead of one GetItem per bucket). Read before any bucket's comment Query, so "revision read before the
 * Query" still holds for each bucket; a revision that changes meanwhile makes the conditional put fail and the
 * retry reads that bucket again.
 */
async function readStoredBuckets(
  post: ApplyCommentScoresInput['post'],
  buckets: readonly string[],
  deps: ApplyCommentScoresDeps,
): Promise<Map<string, SentimentBucket>> {
  const from = buckets[0];
  const to = buckets[buckets.length - 1];
  if (from === undefined || to === undefined) return new Map();
  if (from === to) {
    const one = await deps.aggregates.getSentimentBucket(post.platform, post.postId, from);
    return new Map(one ? [[from, one]] : []);
  }
  const wanted = new Set(buckets);
  const stored = await deps.aggregates.listPostSentimentBuckets(post.platform, post.postId, { from, to });
  return new Map(stored.filter((item) => wanted.has(item.bucket)).map((item) => [item.bucket, item]));
}

/**
 * Recomputes one bucket; returns whether it wrote. The first attempt uses the revision read by
 * {@link readStoredBuckets}; a retry (a concurrent writer changed the revision) reads the bucket again.
 */
async function recomputeBucket(
  post: ApplyCommentScoresInput['post'],
  campaignIds: string[],
  bucket: string,
  deps: ApplyCommentScoresDeps,
  prefetched: SentimentBucket | undefined,
): Promise<boolean> {
  const maxRetries = deps.maxConflictRetries ?? 5;
  for (let attempt = 0; attempt <= maxRetries; attempt += 1) {
    const current =
      attempt === 0
        ? prefetched
        : await deps.aggregates.getSentimentBucket(post.platform, post.postId, bucket);
    const records = await deps.commentScores.listBucket(post.platform, post.postId, bucket);
    const content: Omit<SentimentBucket, 'revision'> = {
      platform: post.platform,
      postId: post.postId,
      accountId: post.accountId,
      bucket,
      sponsored: post.sponsored,
      campaignIds,
      stats: computeBucketStats(records),
      expiresAt: bucketStartSeconds(bucket) + deps.bucketRetentionDays * DAY_SECONDS,
    };
    const revision = revisionOf(content);
    if (current?.revision === revision) return false;
    try {
      await deps.aggregates.putSentimentBucket({ ...content, revision }, current?.revision ?? null);
      return true;
    } catch (error) {
      if (!(error instanceof RevisionConflictError)) throw error;
    }
  }
  throw new BucketContentionError(
    `Bucket ${post.postId}/${bucket} kept changing after ${maxRetries} retries`,
  );
}
