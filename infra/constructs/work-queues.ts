import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { QUEUE_DEFINITIONS, type QueueDefinition } from '../../shared/config/queue-definitions';
import type { QueueId } from '../../shared/config/resource-names';

/** Lambda's recommendation (aws-semantics-and-cost.md §2.3): visibility timeout ≥ 6 × consumer timeout. */
export const VISIBILITY_TO_TIMEOUT_RATIO = 6;
/** AWS recommends ≥ 5 receives before dead-lettering so throttled batches are not lost early. */
export const MIN_MAX_RECEIVE_COUNT = 5;

/** A dead-letter queue is the end of the line: giving it a redrive policy would only move the problem. */
export const DEAD_LETTER_QUEUE_HAS_NO_REDRIVE = {
  id: 'Serverless-SQSRedrivePolicy',
  reason:
    'Dead-letter queue: messages stay here for inspection and are redriven by an operator ' +
    '(StartMessageMoveTask); a DLQ of a DLQ would hide failures. An alarm fires on depth > 0.',
} as const;

export class QueueDefinitionError extends Error {
  override readonly name = 'QueueDefinitionError';
}

export interface WorkQueue {
  readonly definition: QueueDefinition;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
}

/** Fails synth when a shared queue definition breaks the SQS + Lambda guardrails. */
export function assertQueueGuardrails(definition: QueueDefinition): void {
  if (definition.visibilityTimeoutSeconds < VISIBILITY_TO_TIMEOUT_RATIO * definition.consumerTimeoutSeconds) {
    throw new QueueDefinitionError(
      `${definition.id}: visibility timeout ${definition.visibilityTimeoutSeconds}s is below ` +
        `${VISIBILITY_TO_TIMEOUT_RATIO} × consumer timeout ${definition.consumerTimeoutSeconds}s`,
    );
  }
  if (definition.maxReceiveCount < MIN_MAX_RECEIVE_COUNT) {
    throw new QueueDefinitionError(`${definition.id}: maxReceiveCount must be ≥ ${MIN_MAX_RECEIVE_COUNT}`);
  }
  if (definition.deadLetterRetentionSeconds <= definition.retentionSeconds) {
    throw new QueueDefinitionError(
      `${definition.id}: DLQ retention must exceed the source's (standard queues keep the enqueue time)`,
    );
  }
}

/**
 * The pipeline's SQS queues, each with its dead-letter queue, built from `shared/config/queue-definitions.ts`;
 * plus a DLQ for asynchronous (scheduled) invocations that fail every retry. SSE-SQS, TLS-only policies.
 */
export class WorkQueues extends Construct {
  readonly queues: Record<QueueId, WorkQueue>;
  /** Receives scheduled invocations of schedule-collection / export-benchmarks that failed every retry. */
  readonly scheduledInvocationDeadLetterQueue: Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const entries = QUEUE_DEFINITIONS.map((definition) => [definition.id, this.workQueue(definition)]);
    this.queues = Object.fromEntries(entries) as Record<QueueId, WorkQueue>;

    this.scheduledInvocationDeadLetterQueue = new Queue(this, 'scheduled-invocations-dlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.scheduledInvocationDeadLetterQueue).acknowledge(
      {
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself a dead-letter queue (EventBridge Scheduler target DLQ and Lambda on-failure ' +
          'destination); cdk-nag recognises only DLQs referenced by another queue redrive policy.',
      },
      DEAD_LETTER_QUEUE_HAS_NO_REDRIVE,
    );
  }

  private workQueue(definition: QueueDefinition): WorkQueue {
    assertQueueGuardrails(definition);
    const deadLetterQueue = new Queue(this, definition.deadLetterQueueId, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.seconds(definition.deadLetterRetentionSeconds),
    });
    Validations.of(deadLetterQueue).acknowledge(DEAD_LETTER_QUEUE_HAS_NO_REDRIVE);
    const queue = new Queue(this, `${definition.id}-queue`, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
      retentionPeriod: Duration.seconds(definition.retentionSeconds),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: definition.maxReceiveCount },
    });
    return { definition, queue, deadLetterQueue };
  }
}
