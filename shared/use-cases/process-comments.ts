import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { QueueId } from '../config/resource-names';
import { Retention } from '../config/table-definitions';
import { creatorKey } from '../domain/platform';
import type { SentimentScore } from '../domain/sentiment-score';
import { detectSponsorship } from '../domain/sponsored';
import type { AlertEvaluation } from '../messages/alert-evaluation';
import { type CommentsBatch, CommentsBatchSchema } from '../messages/comments-batch';
import type { AggregateStore } from '../ports/aggregate-store';
import type { CommentScoreStore } from '../ports/comment-score-store';
import type { CreatorRegistry } from '../ports/creator-registry';
import type { MessagePublisher } from '../ports/message-publisher';
import type { QuarantineSink } from '../ports/raw-archive';
import { applyCommentScores, type ScoredCommentInput } from './apply-comment-scores';
import { type CampaignSource, createCampaignAwareConsumer } from './campaign-source';

/**
 * process-comments: CommentsBatch → every comment scored in-process → one score item per comment (idempotent
 * put) → each touched post-hour bucket recomputed from its items under a revision condition (shared
 * `applyCommentScores`) → for sponsored posts, one AlertEvaluation per post and batch on the alerts queue.
 * Unscored comments are stored with their reason and never counted as neutral. Comment texts are never logged.
 */

/** What scores a text; the sentiment engine (`createSentimentEngine()`), created once per container. */
export interface CommentScorer {
  score(text: string): SentimentScore;
}

export interface ProcessCommentsDeps {
  readonly scorer: CommentScorer;
  readonly commentScores: CommentScoreStore;
  readonly aggregates: AggregateStore;
  readonly registry: CreatorRegistry;
  readonly quarantine: QuarantineSink;
  readonly publisher: MessagePublisher;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Powertools Metrics (or any `addMetric`); counts only, low-cardinality (no ids as dimensions). */
  readonly metrics?: Pick<Metrics, 'addMetric'>;
  readonly config?: {
    /** Raw-comment retention (days): score items expire after it (`PULSE_RAW_COMMENT_RETENTION_DAYS`). */
    readonly rawCommentRetentionDays?: number;
    readonly bucketRetentionDays?: number;
    /** Length of the recent window the alert evaluator looks at (hours). */
    readonly alertWindowHours?: number;
  };
  /** Test hook: after the comment items are written, before the buckets (simulates a crash). */
  readonly afterCommentsWritten?: () => Promise<void>;
}

export interface ProcessCommentsResult {
  readonly comments: number;
  readonly scored: number;
  readonly unscored: number;
  readonly commentsTooLate: number;
  readonly bucketsWritten: number;
  readonly sponsored: boolean;
  readonly alertEvaluationQueued: boolean;
}

const HOUR_MS = 3_600_000;

/** The recent window that ends at `end`: the `hours` whole UTC hours up to and including the hour of `end`. */
export function recentWindow(end: string, hours: number): { start: string; end: string } {
  const endMs = Date.parse(end);
  const endHourStart = Math.floor(endMs / HOUR_MS) * HOUR_MS;
  return {
    start: new Date(endHourStart - (hours - 1) * HOUR_MS).toISOString(),
    end: new Date(endMs).toISOString(),
  };
}

export async function processCommentsBatch(
  batch: CommentsBatch,
  deps: ProcessCommentsDeps,
  campaignSource: CampaignSource = () => deps.registry.listCampaigns(),
): Promise<ProcessCommentsResult> {
  const context = batch.post;
  const campaigns = await campaignSource();
  const sponsorship = detectSponsorship(context, campaigns);
  const campaignIds = [...new Set([...sponsorship.campaignIds, ...context.campaignIds])].sort();
  // The collector's own campaign attribution counts as sponsorship evidence too.
  const sponsored = sponsorship.sponsored || context.campaignIds.length > 0;

  // A comment delivered twice in one batch is scored and stored once (BatchWriteItem rejects duplicate keys).
  const unique = new Map(batch.comments.map((comment) => [comment.commentId, comment]));
  const comments: ScoredCommentInput[] = [...unique.values()].map((comment) => ({
    commentId: comment.commentId,
    authorKey: comment.authorKey,
    publishedAt: comment.publishedAt,
    likes: comment.likes,
    score: deps.scorer.score(comment.text),
  }));
  const applied = await applyCommentScores(
    {
      post: {
        platform: context.platform,
        postId: context.postId,
        accountId: context.accountId,
        sponsored,
        campaignIds,
      },
      comments,
    },
    {
      commentScores: deps.commentScores,
      aggregates: deps.aggregates,
      now: deps.clock(),
      retentionDays: deps.config?.rawCommentRetentionDays ?? Retention.rawCommentDays,
      bucketRetentionDays: deps.config?.bucketRetentionDays ?? Retention.hourlyBucketDays,
      ...(deps.afterCommentsWritten ? { afterCommentsWritten: deps.afterCommentsWritten } : {}),
    },
  );

  if (sponsored) {
    const evaluation: AlertEvaluation = {
      v: 1,
      type: 'alert-evaluation',
      creatorKey: creatorKey(context.platform, context.accountId),
      platform: context.platform,
      accountId: context.accountId,
      postId: context.postId,
      campaignIds,
      // Anchored on the collection time (data time), so a replayed batch asks for the same window.
      window: recentWindow(batch.collectedAt, deps.config?.alertWindowHours ?? 6),
      requestedAt: deps.clock().toISOString(),
    };
    await deps.publisher.publish(QueueId.alerts, [{ body: evaluation }]);
  }
  const scored = comments.filter((comment) => comment.score.scored).length;
  return {
    comments: comments.length,
    scored,
    unscored: comments.length - scored,
    commentsTooLate: applied.commentsTooLate,
    bucketsWritten: applied.bucketsWritten.length,
    sponsored,
    alertEvaluationQueued: sponsored,
  };
}

export function createProcessCommentsHandler(
  deps: ProcessCommentsDeps,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  return createCampaignAwareConsumer({
    queueId: QueueId.comments,
    schema: CommentsBatchSchema,
    deps,
    processMessage: async (batch, record, campaigns) => {
      const result = await processCommentsBatch(batch, deps, campaigns);
      deps.metrics?.addMetric('CommentsScored', MetricUnit.Count, result.scored);
      deps.metrics?.addMetric('CommentsUnscored', MetricUnit.Count, result.unscored);
      deps.metrics?.addMetric('CommentsTooLate', MetricUnit.Count, result.commentsTooLate);
      // Counts and ids only: comment texts and author keys never reach the logs.
      deps.logger.info('comments batch processed', {
        messageId: record.messageId,
        creatorKey: batch.creatorKey,
        postId: batch.post.postId,
        collectionId: batch.collectionId,
        part: batch.part,
        ...result,
      });
    },
  });
}
