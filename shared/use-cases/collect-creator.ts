import { randomUUID } from 'node:crypto';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { z } from 'zod';
import { RawPageKind } from '../config/bucket-layout';
import { QueueId } from '../config/resource-names';
import type { Campaign, Creator } from '../domain/creator';
import type { MetricValue } from '../domain/metric-value';
import { type Platform, creatorKey as toCreatorKey } from '../domain/platform';
import type { MetricSnapshot, Post } from '../domain/post';
import { createSqsBatchHandler } from '../lambda/sqs-batch-handler';
import { type CollectJob, CollectJobSchema } from '../messages/collect-job';
import type { CommentsBatch, CommentsPostContext } from '../messages/comments-batch';
import { createDeadLetterRouter } from '../messages/dead-letter';
import type { MetricsBatch } from '../messages/metrics-batch';
import { packBySize, packCommentsBatches } from '../messages/pack-messages';
import {
  DEFAULT_MATURATION_BY_PLATFORM,
  type MaturationSchedule,
  postsDueForPoll,
} from '../platforms/maturation';
import type { CreatorRegistry } from '../ports/creator-registry';
import type { MessagePublisher } from '../ports/message-publisher';
import {
  type CommentWatermark,
  type CreatorRef,
  CredentialError,
  type PlatformConnector,
  QuotaExhaustedError,
} from '../ports/platform-connector';
import type { QuotaLedger } from '../ports/quota-ledger';
import type { QuarantineSink, RawArchive } from '../ports/raw-archive';
import { type Watermark, WatermarkConflictError, type WatermarkStore } from '../ports/watermark-store';
import { CollectionArchive } from './collect-archive';
import { idempotentCollectRunner, isAlreadyInProgress } from './collect-idempotency';
import type { CollectMetrics } from './collect-observability';
import {
  commentsStream,
  commentWatermarkExpiresAt,
  nextPollingState,
  POSTS_STREAM,
  parseCommentWatermark,
  parsePollingState,
  serialiseCommentWatermark,
} from './collect-state';

/**
 * collect-creator (consumer of the `collect` queue): one CollectJob → the creator's recent posts, metric
 * snapshots of the posts due on the maturation schedule, and new comments since each post's watermark.
 *
 * Order of effects, which is what makes redelivery safe:
 *   1. every raw page is archived to S3 as it arrives (nothing collected is lost);
 *   2. MetricsBatch and CommentsBatch messages are sent;
 *   3. ONLY THEN the watermarks advance (conditional on their version).
 * A crash before 3 → the job is redelivered, collects from the same watermarks and sends the same comments
 * again; consumers dedupe by comment id (per-comment items), so counts stay exact.
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface CollectCreatorConfig {
  /** Posts published within this many days are listed (default 30). */
  readonly lookbackDays: number;
  /** When a post's metrics are re-read (platform helper's maturation schedule). */
  readonly metricsSchedule: Readonly<Record<Platform, MaturationSchedule>>;
  /**
   * When a post's comments are re-read. Denser than metrics by default (hourly for 7 days, daily to day 30):
   * comment sentiment drives the alerts, and a comment read is one cheap call per post.
   */
  readonly commentsSchedule: Readonly<Record<Platform, MaturationSchedule>>;
  /** Target size of packed messages (default: shared/config MessageSize.targetBytes). */
  readonly messageTargetBytes?: number;
}

/**
 * The age after which collect-creator never reads a post's comments again: a scheduled job reads them only while
 * the post is younger than the comments schedule's last stage (postsDueForPoll), a manual/backfill sweep only
 * while it is younger than the lookback. With the defaults both are 30 days.
 */
export function commentPollingHorizonMs(config: CollectCreatorConfig, platform: Platform): number {
  const stages = config.commentsSchedule[platform];
  return Math.max(config.lookbackDays * DAY_MS, ...stages.map((stage) => stage.untilAgeMs));
}

const DEFAULT_COMMENTS_SCHEDULE: MaturationSchedule = [
  { untilAgeMs: 7 * DAY_MS, everyMs: HOUR_MS },
  { untilAgeMs: 30 * DAY_MS, everyMs: DAY_MS },
];

export const DEFAULT_COLLECT_CREATOR_CONFIG: CollectCreatorConfig = {
  lookbackDays: 30,
  metricsSchedule: DEFAULT_MATURATION_BY_PLATFORM,
  commentsSchedule: {
    youtube: DEFAULT_COMMENTS_SCHEDULE,
    instagram: DEFAULT_COMMENTS_SCHEDULE,
    tiktok: DEFAULT_COMMENTS_SCHEDULE,
  },
};

export interface CollectCreatorDeps {
  readonly registry: CreatorRegistry;
  readonly watermarks: WatermarkStore;
  /** The platform's connector, already wired with credentials, quota ledger, author keyer and base URL. */
  readonly connectorFor: (platform: Platform) => Promise<PlatformConnector>;
  readonly archive: RawArchive & QuarantineSink;
  readonly publisher: MessagePublisher;
  readonly ledger: QuotaLedger;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly metrics?: CollectMetrics;
  readonly config?: Partial<CollectCreatorConfig>;
  /** Unique part of each run's collection id (default: random); injected by tests. */
  readonly newId?: () => string;
  /**
   * Powertools idempotency records: each job runs at most once per natural key (collect-idempotency.ts).
   * DynamoDB in Lambda and `pulse run`; InMemoryIdempotencyPersistence in unit tests.
   */
  readonly idempotency: BasePersistenceLayer;
}

export type CollectOutcome =
  | 'collected'
  | 'deferred_quota'
  | 'auth_error'
  | 'skipped_not_active'
  | 'creator_missing';

export interface CollectCreatorResult {
  readonly outcome: CollectOutcome;
  readonly creatorKey: string;
  readonly collectionId?: string;
  readonly posts: number;
  readonly snapshots: number;
  readonly comments: number;
  readonly rawPages: number;
  readonly quarantined: number;
  readonly metricsMessages: number;
  readonly commentsMessages: number;
  /** Watermarks that another run advanced first (its data was sent too; nothing is lost). */
  readonly watermarkConflicts: number;
  readonly resetAt?: string;
}

function compactInstant(instant: string): string {
  return instant.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** Campaigns of this creator whose window contains the post (the processors decide whether it is sponsored). */
function candidateCampaignIds(post: Post, campaigns: readonly Campaign[]): string[] {
  const published = Date.parse(post.publishedAt);
  return campaigns
    .filter(
      (campaign) => published >= Date.parse(campaign.startsAt) && published <= Date.parse(campaign.endsAt),
    )
    .map((campaign) => campaign.campaignId)
    .sort();
}

function postContext(post: Post, campaigns: readonly Campaign[]): CommentsPostContext {
  return {
    platform: post.platform,
    postId: post.postId,
    accountId: post.accountId,
    type: post.type,
    publishedAt: post.publishedAt,
    caption: post.caption,
    ...(post.platformPaidPartnership === undefined
      ? {}
      : { platformPaidPartnership: post.platformPaidPartnership }),
    campaignIds: candidateCampaignIds(post, campaigns),
  };
}

async function loadCampaigns(registry: CreatorRegistry, creator: Creator): Promise<Campaign[]> {
  const key = toCreatorKey(creator.platform, creator.accountId);
  const all = await registry.listCampaigns();
  return all.filter(
    (campaign) => campaign.creatorKeys.includes(key) || creator.campaignIds.includes(campaign.campaignId),
  );
}

function emptyResult(outcome: CollectOutcome, creatorKey: string): CollectCreatorResult {
  return {
    outcome,
    creatorKey,
    posts: 0,
    snapshots: 0,
    comments: 0,
    rawPages: 0,
    quarantined: 0,
    metricsMessages: 0,
    commentsMessages: 0,
    watermarkConflicts: 0,
  };
}

export async function collectCreator(
  deps: CollectCreatorDeps,
  job: CollectJob,
): Promise<CollectCreatorResult> {
  const config = { ...DEFAULT_COLLECT_CREATOR_CONFIG, ...deps.config };
  const { platform, accountId } = job;
  const creatorKey = toCreatorKey(platform, accountId);
  const log = { creatorKey, scheduledSlot: job.scheduledSlot };

  const creator = await deps.registry.getCreator(platform, accountId);
  if (creator === undefined) {
    deps.logger.warn('creator no longer registered; job dropped', log);
    return emptyResult('creator_missing', creatorKey);
  }
  if (creator.status !== 'active') {
    deps.logger.info('creator not active; job skipped', { ...log, status: creator.status });
    return emptyResult('skipped_not_active', creatorKey);
  }

  const now = deps.clock();
  const collectedAt = now.toISOString();
  const collectionId = `${compactInstant(job.scheduledSlot)}-${(deps.newId ?? (() => randomUUID().slice(0, 8)))()}`;
  const archive = new CollectionArchive(deps.archive, {
    platform,
    accountId,
    creatorKey,
    collectionId,
    collectedAt,
  });
  const connector = await deps.connectorFor(platform);
  const ref: CreatorRef = { platform, accountId };

  try {
    return await collect();
  } catch (error) {
    if (error instanceof QuotaExhaustedError) {
      // Deferred, not failed: retrying before resetAt would only burn receives. Watermarks are untouched, so
      // the first scheduled run after the reset collects everything from where this one would have started.
      await deps.ledger.record({
        platform,
        credentialKey: error.credentialKey,
        endpoint: 'collect-creator',
        now: now.getTime(),
        exhaustedUntil: Date.parse(error.resetAt),
      });
      deps.metrics?.count('QuotaExhausted', platform, 1);
      deps.metrics?.count('RawPagesArchived', platform, archive.pagesArchived);
      deps.logger.warn('platform quota spent; collection deferred to the reset', {
        ...log,
        collectionId,
        resetAt: error.resetAt,
        rawPagesArchived: archive.pagesArchived,
      });
      return {
        ...emptyResult('deferred_quota', creatorKey),
        collectionId,
        rawPages: archive.pagesArchived,
        resetAt: error.resetAt,
      };
    }
    if (error instanceof CredentialError) {
      await deps.registry.putCreator({ ...creator, status: 'auth_error' });
      deps.metrics?.count('CredentialErrors', platform, 1);
      // The reason and the creator only: the error never carries the token, and we do not log its message.
      deps.logger.error('platform credential rejected; creator set to auth_error (needs a new token)', {
        ...log,
        reason: error.reason,
      });
      return { ...emptyResult('auth_error', creatorKey), collectionId, rawPages: archive.pagesArchived };
    }
    throw error;
  }

  async function collect(): Promise<CollectCreatorResult> {
    // a) state: every watermark of the creator in one read (one Query, not one GetItem per stream). Each is
    // advanced in g) conditional on the version read here, so a run that advanced one meanwhile still wins.
    // Expired comment watermarks (TTL) are left out at `now`; their posts are past the polling horizon, so no
    // read below needs them (commentWatermarkExpiresAt).
    const storedWatermarks = new Map(
      (await deps.watermarks.listForCreator(platform, accountId, now)).map((mark) => [mark.stream, mark]),
    );
    const postsWatermark = storedWatermarks.get(POSTS_STREAM);
    const polling = parsePollingState(postsWatermark?.value);
    const campaigns = await loadCampaigns(deps.registry, creator as Creator);

    // c) recent posts
    const since = new Date(now.getTime() - config.lookbackDays * DAY_MS).toISOString();
    const listed = await connector.listRecentPosts(ref, { since });
    const postKeys = await archive.pages(RawPageKind.posts, listed.rawPages);
    await archive.quarantine(listed.quarantined);
    const postsById = new Map(listed.posts.map((post) => [post.postId, post]));

    const candidates = listed.posts.map((post) => {
      const state = polling.posts[post.postId];
      return { post, state, status: state?.status === 'active' || !state ? post.status : state.status };
    });
    // A `manual` or `backfill` job reads every post of the lookback now, whatever the schedule says (catch-up
    // after an outage, or a final sweep at the end of a local run).
    const sweep: MaturationSchedule | undefined =
      job.reason === 'manual' || job.reason === 'backfill'
        ? [{ untilAgeMs: config.lookbackDays * DAY_MS, everyMs: 0 }]
        : undefined;
    const metricsDue = postsDueForPoll(
      candidates.map(({ post, state, status }) => ({
        postId: post.postId,
        publishedAt: post.publishedAt,
        status,
        ...(state?.metricsAt ? { lastPolledAt: state.metricsAt } : {}),
      })),
      now.getTime(),
      sweep ?? config.metricsSchedule[platform],
    ).flatMap((postId) => postsById.get(postId) ?? []);

    // Follower count rides along with the metrics read; a separate call only when no post is due.
    let followers: MetricValue;
    let snapshots: MetricSnapshot[] = [];
    const statusChanges = new Map<string, 'deleted' | 'private'>();
    const metricKeys: string[] = [];
    if (metricsDue.length > 0) {
      const read = await connector.readPostMetrics(ref, metricsDue);
      metricKeys.push(...(await archive.pages(RawPageKind.metrics, read.rawPages)));
      await archive.quarantine(read.quarantined);
      snapshots = read.snapshots;
      followers = read.followers;
      for (const change of read.statusChanges) statusChanges.set(change.postId, change.status);
    } else {
      const read = await connector.readFollowerCount(ref);
      metricKeys.push(...(await archive.pages(RawPageKind.profile, read.rawPages)));
      await archive.quarantine(read.quarantined);
      followers = read.followers;
    }

    // New comments of the posts due on the comments schedule, each from its own watermark.
    const commentsDue = postsDueForPoll(
      candidates.map(({ post, state, status }) => ({
        postId: post.postId,
        publishedAt: post.publishedAt,
        status: statusChanges.get(post.postId) ?? status,
        ...(state?.commentsAt ? { lastPolledAt: state.commentsAt } : {}),
      })),
      now.getTime(),
      sweep ?? config.commentsSchedule[platform],
    ).flatMap((postId) => postsById.get(postId) ?? []);
    const commentReads: {
      post: Post;
      previous: Watermark | undefined;
      next: CommentWatermark;
      comments: CommentsBatch['comments'];
      keys: string[];
    }[] = [];
    for (const post of commentsDue) {
      const previous = storedWatermarks.get(commentsStream(post.postId));
      const read = await connector.readNewComments(
        ref,
        post,
        parseCommentWatermark(previous?.value, post.postId),
      );
      const keys = await archive.pages(RawPageKind.comments, read.rawPages);
      await archive.quarantine(read.quarantined);
      if (read.availability.status !== 'available') {
        deps.logger.debug('comments unavailable on post', {
          ...log,
          postId: post.postId,
          reason: read.availability.reason,
        });
      }
      commentReads.push({ post, previous, next: read.nextWatermark, comments: read.comments, keys });
    }

    // f) messages. Posts are sent when new, re-polled or changed, so the processor always has the post of a
    // snapshot; unchanged old posts are not resent every hour.
    const postsToSend = new Map<string, Post>();
    for (const post of listed.posts)
      if (polling.posts[post.postId] === undefined) postsToSend.set(post.postId, post);
    for (const post of metricsDue) postsToSend.set(post.postId, post);
    for (const [postId, status] of statusChanges) {
      const post = postsById.get(postId);
      if (post) postsToSend.set(postId, { ...post, status });
    }
    const metricsMessages = buildMetricsBatches({
      job,
      collectionId,
      collectedAt,
      followers,
      posts: [...postsToSend.values()],
      snapshots,
      rawArchiveKeys: [...postKeys, ...metricKeys],
      targetBytes: config.messageTargetBytes,
    });
    const commentsMessages: CommentsBatch[] = [];
    for (const read of commentReads) {
      if (read.comments.length === 0) continue;
      const base = {
        v: 1 as const,
        type: 'comments-batch' as const,
        creatorKey,
        collectionId,
        collectedAt,
        post: postContext(read.post, campaigns),
        rawArchiveKeys: read.keys,
      };
      // Sizes are those of the bodies the SQS publisher sends (escaped emoji included): see packBySize.
      commentsMessages.push(
        ...packCommentsBatches(base, read.comments, {
          ...(config.messageTargetBytes === undefined ? {} : { targetBytes: config.messageTargetBytes }),
        }),
      );
    }
    await deps.publisher.publish(
      QueueId.metrics,
      metricsMessages.map((body) => ({ body })),
    );
    if (commentsMessages.length > 0)
      await deps.publisher.publish(
        QueueId.comments,
        commentsMessages.map((body) => ({ body })),
      );

    // g) only now advance the watermarks.
    let watermarkConflicts = 0;
    const advance = async (
      stream: string,
      value: string,
      previous: Watermark | undefined,
      expiresAt?: string,
    ) => {
      // Rewritten when the expiry differs too: items written before comment watermarks had a TTL get one.
      if (previous?.value === value && previous.expiresAt === expiresAt) return;
      try {
        await deps.watermarks.put(
          {
            platform,
            accountId,
            stream,
            value,
            updatedAt: collectedAt,
            ...(expiresAt === undefined ? {} : { expiresAt }),
          },
          previous?.version ?? 0,
        );
      } catch (error) {
        if (!(error instanceof WatermarkConflictError)) throw error;
        // A concurrent run (duplicate delivery) advanced it; its data was sent as well, so nothing is lost.
        watermarkConflicts += 1;
        deps.logger.warn('watermark advanced concurrently; keeping the other run', { ...log, stream });
      }
    };
    const horizonMs = commentPollingHorizonMs(config, platform);
    for (const read of commentReads) {
      await advance(
        commentsStream(read.post.postId),
        serialiseCommentWatermark(read.next),
        read.previous,
        commentWatermarkExpiresAt(read.post.publishedAt, horizonMs),
      );
    }
    const nextPolling = nextPollingState({
      previous: polling,
      listed: listed.posts,
      metricsPolled: metricsDue.map((post) => post.postId),
      commentsPolled: commentReads.map((read) => read.post.postId),
      statusChanges,
      now: collectedAt,
      keepAfter: since,
    });
    await advance(POSTS_STREAM, JSON.stringify(nextPolling), postsWatermark);

    const comments = commentReads.reduce((sum, read) => sum + read.comments.length, 0);
    const result: CollectCreatorResult = {
      outcome: 'collected',
      creatorKey,
      collectionId,
      posts: listed.posts.length,
      snapshots: snapshots.length,
      comments,
      rawPages: archive.pagesArchived,
      quarantined: archive.recordsQuarantined,
      metricsMessages: metricsMessages.length,
      commentsMessages: commentsMessages.length,
      watermarkConflicts,
    };
    deps.metrics?.count('PostsCollected', platform, listed.posts.length);
    deps.metrics?.count('SnapshotsCollected', platform, snapshots.length);
    deps.metrics?.count('CommentsCollected', platform, comments);
    deps.metrics?.count('RawPagesArchived', platform, archive.pagesArchived);
    deps.metrics?.count('ItemsQuarantined', platform, archive.recordsQuarantined);
    deps.logger.info('creator collected', {
      ...log,
      ...result,
      metricsDue: metricsDue.length,
      commentsDue: commentsDue.length,
    });
    return result;
  }
}

function buildMetricsBatches(input: {
  job: CollectJob;
  collectionId: string;
  collectedAt: string;
  followers: MetricValue;
  posts: Post[];
  snapshots: MetricSnapshot[];
  rawArchiveKeys: string[];
  targetBytes: number | undefined;
}): MetricsBatch[] {
  type Item = { post: Post } | { snapshot: MetricSnapshot };
  // Snapshots travel in the same part as their post where possible (posts first, each followed by its snapshot).
  const snapshotsByPost = new Map<string, MetricSnapshot[]>();
  for (const snapshot of input.snapshots) {
    snapshotsByPost.set(snapshot.postId, [...(snapshotsByPost.get(snapshot.postId) ?? []), snapshot]);
  }
  const items: Item[] = [];
  for (const post of input.posts) {
    items.push({ post });
    for (const snapshot of snapshotsByPost.get(post.postId) ?? []) items.push({ snapshot });
    snapshotsByPost.delete(post.postId);
  }
  for (const rest of snapshotsByPost.values()) for (const snapshot of rest) items.push({ snapshot });
  const build = (chunk: Item[], part: number, partCount: number): MetricsBatch => ({
    v: 1,
    type: 'metrics-batch',
    creatorKey: input.job.creatorKey,
    platform: input.job.platform,
    accountId: input.job.accountId,
    collectionId: input.collectionId,
    collectedAt: input.collectedAt,
    part,
    partCount,
    followers: input.followers,
    posts: chunk.flatMap((item) => ('post' in item ? [item.post] : [])),
    snapshots: chunk.flatMap((item) => ('snapshot' in item ? [item.snapshot] : [])),
    rawArchiveKeys: input.rawArchiveKeys,
  });
  // Always at least one message: the follower count alone is worth recording.
  if (items.length === 0) return [build([], 0, 1)];
  return packBySize(items, build, input.targetBytes === undefined ? {} : { targetBytes: input.targetBytes });
}

/** The part of a stored CollectCreatorResult that a replay logs (read back from the idempotency table). */
const StoredOutcomeSchema = z.object({ outcome: z.string(), collectionId: z.string().optional() });

/**
 * The SQS consumer: partial batch failures; invalid bodies go to the dead-letter path with their reason; each
 * valid job runs at most once per natural key (a duplicate returns the stored result without platform calls).
 */
export function createCollectCreatorHandler(
  deps: CollectCreatorDeps,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const deadLetter = createDeadLetterRouter({
    queueId: QueueId.collect,
    quarantine: deps.archive,
    publisher: deps.publisher,
    now: deps.clock,
  });
  return (event, context) => {
    // Per invocation: the idempotency config holds this invocation's context (its deadline bounds the lock).
    const runJob = idempotentCollectRunner((job) => collectCreator(deps, job), context, {
      persistence: deps.idempotency,
      onReplay: (job, stored) => {
        const first = StoredOutcomeSchema.safeParse(stored);
        deps.metrics?.count('CollectJobsDuplicate', job.platform, 1);
        deps.logger.info('duplicate collect job: already done for this slot; no platform calls', {
          creatorKey: job.creatorKey,
          scheduledSlot: job.scheduledSlot,
          ...(first.success ? first.data : {}),
        });
      },
    });
    return createSqsBatchHandler({
      schema: CollectJobSchema,
      logger: deps.logger,
      processMessage: async (job, record) => {
        try {
          await runJob(job);
        } catch (error) {
          if (!isAlreadyInProgress(error)) throw error;
          // Only this record fails; SQS redelivers it after the visibility timeout, when the run in progress
          // has finished (its result is then replayed) or its invocation's deadline has passed (it runs again).
          deps.metrics?.count('CollectJobsInProgressElsewhere', job.platform, 1);
          deps.logger.warn(
            'collect job already in progress in another invocation; record left for redelivery',
            {
              creatorKey: job.creatorKey,
              scheduledSlot: job.scheduledSlot,
              messageId: record.messageId,
            },
          );
          throw error;
        }
      },
      onInvalidRecord: deadLetter,
    })(event, context);
  };
}
