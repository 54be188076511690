import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { QueueId } from '../config/resource-names';
import { Retention } from '../config/table-definitions';
import type { Campaign } from '../domain/creator';
import type { Platform } from '../domain/platform';
import type { MetricSnapshot, Post } from '../domain/post';
import { detectSponsorship } from '../domain/sponsored';
import { type MetricsBatch, MetricsBatchSchema } from '../messages/metrics-batch';
import type { AggregateStore } from '../ports/aggregate-store';
import type { CreatorRegistry } from '../ports/creator-registry';
import type { MessagePublisher } from '../ports/message-publisher';
import type { PostStore } from '../ports/post-store';
import type { QuarantineSink } from '../ports/raw-archive';
import type { SnapshotStore } from '../ports/snapshot-store';
import { type CampaignSource, createCampaignAwareConsumer } from './campaign-source';
import { type CreatorPostInput, creatorEngagementValues, postEngagementValues } from './metrics-engagement';

/**
 * process-metrics: MetricsBatch → sponsored detection → posts → snapshots (keyed by capture time) → the post's
 * engagement aggregate recomputed from all its stored snapshots → the creator's 30-day aggregate.
 * Every write is a deterministic overwrite computed from stored items (no counters), and every time used is taken
 * from the data (capture times, the batch's `collectedAt`), so replaying a message once or three times, or
 * retrying after a crash half-way, writes identical items.
 */

export interface ProcessMetricsDeps {
  readonly posts: PostStore;
  readonly snapshots: SnapshotStore;
  readonly aggregates: AggregateStore;
  readonly registry: CreatorRegistry;
  readonly quarantine: QuarantineSink;
  readonly publisher: MessagePublisher;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Powertools Metrics (or any `addMetric`); counts only, low-cardinality (no ids as dimensions). */
  readonly metrics?: Pick<Metrics, 'addMetric'>;
  readonly config?: {
    /** Days kept for hourly aggregates (TTL). */
    readonly aggregateRetentionDays?: number;
    /** Creator aggregate window (days). */
    readonly creatorWindowDays?: number;
  };
  /** Test hook: runs after posts and snapshots are stored, before any aggregate (simulates a crash). */
  readonly afterSnapshotsStored?: () => Promise<void>;
}

export interface ProcessMetricsResult {
  readonly postsStored: number;
  readonly snapshotsStored: number;
  readonly postAggregates: number;
  readonly sponsoredPosts: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const FAR_PAST = '0000-01-01T00:00:00.000Z';
const FAR_FUTURE = '9999-12-31T23:59:59.999Z';

export function hourOf(instant: string): string {
  return new Date(instant).toISOString().slice(0, 13);
}

function iso(instant: string): string {
  return new Date(instant).toISOString();
}

function expiresAt(bucket: string, days: number): number {
  return Math.floor(Date.parse(`${bucket}:00:00.000Z`) / 1000) + days * 86_400;
}

/** The last of each key wins (a batch may carry a post or snapshot twice after a collector retry). */
function dedupe<T>(items: readonly T[], key: (item: T) => string): T[] {
  const map = new Map<string, T>();
  for (const item of items) map.set(key(item), item);
  return [...map.values()];
}

/** Post with its sponsorship detected from the platform flag, the caption and the campaign registry. */
export function withSponsorship(post: Post, campaigns: readonly Campaign[]): Post {
  return { ...post, publishedAt: iso(post.publishedAt), sponsorship: detectSponsorship(post, campaigns) };
}

/** Where a message gets the campaign registry from (once per invocation in the SQS handlers). */
export async function processMetricsBatch(
  batch: MetricsBatch,
  deps: ProcessMetricsDeps,
  campaignSource: CampaignSource = () => deps.registry.listCampaigns(),
): Promise<ProcessMetricsResult> {
  const retentionDays = deps.config?.aggregateRetentionDays ?? Retention.hourlyBucketDays;
  const windowDays = deps.config?.creatorWindowDays ?? 30;
  const { platform, accountId } = batch;
  const campaigns = await campaignSource();

  const posts = dedupe(
    batch.posts.map((post) => withSponsorship(post, campaigns)),
    (post) => post.postId,
  );
  const snapshots = dedupe(
    batch.snapshots.map((snapshot) => ({ ...snapshot, capturedAt: iso(snapshot.capturedAt) })),
    (snapshot) => `${snapshot.postId}#${snapshot.capturedAt}`,
  );
  if (posts.length > 0) await deps.posts.putPosts(posts);
  if (snapshots.length > 0) await deps.snapshots.putSnapshots(snapshots);
  await deps.afterSnapshotsStored?.();

  // The creator's stored posts, one strongly consistent Query (after this message's posts were written): it
  // serves the posts whose snapshots arrived without the post itself (collected earlier; no GetItem per post)
  // and the creator aggregate.
  const creatorPosts = await deps.posts.listPostsByCreator(platform, accountId);
  const storedById = new Map(creatorPosts.map((post) => [post.postId, post]));
  const byId = new Map(posts.map((post) => [post.postId, post]));
  for (const postId of new Set(snapshots.map((snapshot) => snapshot.postId))) {
    if (byId.has(postId)) continue;
    const stored = storedById.get(postId);
    if (stored) byId.set(postId, stored);
    else deps.logger.warn('snapshot for an unknown post; aggregate skipped', { platform, postId });
  }

  const reads = snapshotReads(deps, platform, snapshots);
  let postAggregates = 0;
  for (const post of byId.values()) {
    const stored = await reads.series(post.postId);
    const latest = stored[stored.length - 1];
    if (latest === undefined) continue;
    // As-of = the newest capture (data time, not wall time): identical on every replay.
    const collectedAt = iso(batch.collectedAt);
    const asOf = [latest.capturedAt, collectedAt].sort()[1] as string;
    const bucket = hourOf(latest.capturedAt);
    await deps.aggregates.putEngagement({
      platform,
      accountId,
      postId: post.postId,
      bucket,
      capturedAt: latest.capturedAt,
      values: postEngagementValues(post.publishedAt, stored, asOf),
      expiresAt: expiresAt(bucket, retentionDays),
    });
    postAggregates += 1;
  }

  await putCreatorAggregate(batch, deps, { windowDays, retentionDays, reads, creatorPosts });
  return {
    postsStored: posts.length,
    snapshotsStored: snapshots.length,
    postAggregates,
    sponsoredPosts: posts.filter((post) => post.sponsorship?.sponsored).length,
  };
}

interface SnapshotReads {
  /** Every snapshot of the post, oldest first (read once per message, then from memory). */
  series(postId: string): Promise<MetricSnapshot[]>;
  /** The newest snapshot at or before `asOf`: from the series when it was read, else a one-item read. */
  latest(postId: string, asOf: string): Promise<MetricSnapshot | undefined>;
}

/**
 * Snapshot reads of one message. The post aggregate needs a post's whole series and the creator aggregate its
 * latest snapshot: a series already read serves both (one Query per post instead of two), and a post not in
 * this message costs a one-item Query (newest first, Limit 1) instead of its whole series.
 * The snapshots this message just wrote are merged into a series when the read does not return them (the
 * Query is eventually consistent on AWS); a stored copy wins, so results equal reading the store alone.
 */
function snapshotReads(
  deps: ProcessMetricsDeps,
  platform: Platform,
  written: readonly MetricSnapshot[],
): SnapshotReads {
  const cache = new Map<string, Promise<MetricSnapshot[]>>();
  const writtenPosts = new Set(written.map((snapshot) => snapshot.postId));
  const load = async (postId: string): Promise<MetricSnapshot[]> => {
    const stored = await deps.snapshots.listSnapshots(platform, postId, { from: FAR_PAST, to: FAR_FUTURE });
    const capturedAt = new Set(stored.map((snapshot) => snapshot.capturedAt));
    const missing = written.filter(
      (snapshot) => snapshot.postId === postId && !capturedAt.has(snapshot.capturedAt),
    );
    if (missing.length === 0) return stored;
    return [...stored, ...missing].sort((a, b) =>
      a.capturedAt < b.capturedAt ? -1 : a.capturedAt > b.capturedAt ? 1 : 0,
    );
  };
  const series = (postId: string): Promise<MetricSnapshot[]> => {
    let loaded = cache.get(postId);
    if (loaded === undefined) {
      loaded = load(postId);
      cache.set(postId, loaded);
    }
    return loaded;
  };
  return {
    series,
    async latest(postId, asOf) {
      if (!cache.has(postId) && !writtenPosts.has(postId)) {
        return deps.snapshots.latestSnapshot(platform, postId, asOf);
      }
      const list = (await series(postId)).filter((snapshot) => snapshot.capturedAt <= asOf);
      return list[list.length - 1];
    },
  };
}

async function putCreatorAggregate(
  batch: MetricsBatch,
  deps: ProcessMetricsDeps,
  read: {
    windowDays: number;
    retentionDays: number;
    reads: SnapshotReads;
    creatorPosts: readonly Post[];
  },
): Promise<void> {
  const { windowDays, retentionDays, reads } = read;
  const asOf = iso(batch.collectedAt);
  const since = new Date(Date.parse(asOf) - windowDays * DAY_MS).toISOString();
  const recent = read.creatorPosts.filter(
    (post) => iso(post.publishedAt) >= since && iso(post.publishedAt) <= asOf,
  );
  const inputs: CreatorPostInput[] = [];
  for (const post of recent) {
    inputs.push({
      sponsored: post.sponsorship?.sponsored === true,
      latest: await reads.latest(post.postId, asOf),
    });
  }
  const bucket = hourOf(asOf);
  await deps.aggregates.putEngagement({
    platform: batch.platform,
    accountId: batch.accountId,
    bucket,
    capturedAt: asOf,
    values: creatorEngagementValues(batch.followers, inputs),
    expiresAt: expiresAt(bucket, retentionDays),
  });
}

/** The SQS consumer (partial batch failures; invalid bodies → quarantine + DLQ with the reason). */
export function createProcessMetricsHandler(
  deps: ProcessMetricsDeps,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  return createCampaignAwareConsumer({
    queueId: QueueId.metrics,
    schema: MetricsBatchSchema,
    deps,
    processMessage: async (batch, record, campaigns) => {
      const result = await processMetricsBatch(batch, deps, campaigns);
      deps.metrics?.addMetric('SnapshotsStored', MetricUnit.Count, result.snapshotsStored);
      deps.metrics?.addMetric('SponsoredPostsDetected', MetricUnit.Count, result.sponsoredPosts);
      deps.logger.info('metrics batch processed', {
        messageId: record.messageId,
        creatorKey: batch.creatorKey,
        collectionId: batch.collectionId,
        part: batch.part,
        ...result,
      });
    },
  });
}
