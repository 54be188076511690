import { deadLetterQueueId, FunctionId, QueueId } from './resource-names';

/**
 * SQS queues and their Lambda event source mappings as plain data, shared by the CDK stack and the local
 * stack. Rules applied (../shared/docs/aws-semantics-and-cost.md §2): visibility timeout ≥ 6 × consumer
 * timeout; maxReceiveCount ≥ 5; DLQ retention longer than the source's (standard queues keep the original
 * enqueue timestamp when a message moves to the DLQ); ReportBatchItemFailures always on.
 */

export interface QueueDefinition {
  readonly id: QueueId;
  /** Logical id of the dead-letter queue (`<id>-dlq`). */
  readonly deadLetterQueueId: string;
  /** The function consuming the queue (event source mapping target). */
  readonly consumer: (typeof FunctionId)[keyof typeof FunctionId];
  /** Lambda timeout of the consumer. */
  readonly consumerTimeoutSeconds: number;
  readonly visibilityTimeoutSeconds: number;
  /** Receives before SQS moves a message to the DLQ. */
  readonly maxReceiveCount: number;
  /** ESM batch size. */
  readonly batchSize: number;
  /** ESM `MaximumBatchingWindowInSeconds` (0–300). */
  readonly maxBatchingWindowSeconds: number;
  /** ESM `ScalingConfig.MaximumConcurrency` (2–1000). */
  readonly maxConcurrency: number;
  readonly retentionSeconds: number;
  readonly deadLetterRetentionSeconds: number;
  readonly description: string;
}

const DAY = 86_400;

export const COLLECT_QUEUE: QueueDefinition = {
  id: QueueId.collect,
  deadLetterQueueId: deadLetterQueueId(QueueId.collect),
  consumer: FunctionId.collectCreator,
  consumerTimeoutSeconds: 120,
  visibilityTimeoutSeconds: 720,
  maxReceiveCount: 5,
  // Each job does platform I/O; small batches keep one slow creator from holding back nine others.
  batchSize: 5,
  maxBatchingWindowSeconds: 0,
  // Platform rate budgets, not Lambda, are the binding constraint.
  maxConcurrency: 20,
  retentionSeconds: 4 * DAY,
  deadLetterRetentionSeconds: 14 * DAY,
  description: 'One CollectJob per creator and scheduled slot.',
};

export const METRICS_QUEUE: QueueDefinition = {
  id: QueueId.metrics,
  deadLetterQueueId: deadLetterQueueId(QueueId.metrics),
  consumer: FunctionId.processMetrics,
  consumerTimeoutSeconds: 60,
  visibilityTimeoutSeconds: 360,
  maxReceiveCount: 5,
  batchSize: 10,
  maxBatchingWindowSeconds: 5,
  maxConcurrency: 10,
  retentionSeconds: 4 * DAY,
  deadLetterRetentionSeconds: 14 * DAY,
  description: 'MetricsBatch: posts and snapshots of one creator collection.',
};

export const COMMENTS_QUEUE: QueueDefinition = {
  id: QueueId.comments,
  deadLetterQueueId: deadLetterQueueId(QueueId.comments),
  consumer: FunctionId.processComments,
  consumerTimeoutSeconds: 120,
  visibilityTimeoutSeconds: 720,
  maxReceiveCount: 5,
  batchSize: 10,
  maxBatchingWindowSeconds: 5,
  maxConcurrency: 10,
  retentionSeconds: 4 * DAY,
  deadLetterRetentionSeconds: 14 * DAY,
  description: 'CommentsBatch: many comments of one post packed per message (< ~200 KB).',
};

export const ALERTS_QUEUE: QueueDefinition = {
  id: QueueId.alerts,
  deadLetterQueueId: deadLetterQueueId(QueueId.alerts),
  consumer: FunctionId.evaluateAlerts,
  consumerTimeoutSeconds: 30,
  visibilityTimeoutSeconds: 180,
  maxReceiveCount: 5,
  batchSize: 10,
  maxBatchingWindowSeconds: 2,
  maxConcurrency: 5,
  retentionSeconds: 4 * DAY,
  deadLetterRetentionSeconds: 14 * DAY,
  description: 'AlertEvaluation: one sponsored post and window to evaluate.',
};

export const QUEUE_DEFINITIONS: readonly QueueDefinition[] = [
  COLLECT_QUEUE,
  METRICS_QUEUE,
  COMMENTS_QUEUE,
  ALERTS_QUEUE,
];

export function queueDefinition(id: QueueId): QueueDefinition {
  const found = QUEUE_DEFINITIONS.find((queue) => queue.id === id);
  if (!found) throw new Error(`No queue definition for ${id}`);
  return found;
}

/** SQS message size limits used by the packer (shared/messages). Billing is per 64 KB chunk. */
export const MessageSize = {
  billingChunkBytes: 64 * 1024,
  /** Target per packed message: 3 chunks, leaving head-room under the 256 KB classic limit. */
  targetBytes: 192 * 1024,
  /** Hard maximum we ever send (the classic SQS limit; the newer 1 MiB limit is not relied on). */
  hardMaxBytes: 256 * 1024,
} as const;
