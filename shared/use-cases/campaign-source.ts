import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import type { QueueId } from '../config/resource-names';
import type { Campaign } from '../domain/creator';
import { createSqsBatchHandler } from '../lambda/sqs-batch-handler';
import { createDeadLetterRouter } from '../messages/dead-letter';
import type { CreatorRegistry } from '../ports/creator-registry';
import type { MessagePublisher } from '../ports/message-publisher';
import type { QuarantineSink } from '../ports/raw-archive';

export type CampaignSource = () => Promise<readonly Campaign[]>;

/**
 * The registry's campaigns read at most once per Lambda invocation (one SQS batch, up to 10 messages, processed
 * concurrently) instead of once per message. A failed shared read is not remembered: each message waiting on it
 * falls back to its own read, so one throttled request fails no more records than before.
 */
export function campaignsOncePerInvocation(registry: Pick<CreatorRegistry, 'listCampaigns'>): CampaignSource {
  let shared: Promise<readonly Campaign[]> | undefined;
  return async () => {
    const read = shared ?? registry.listCampaigns();
    shared = read;
    try {
      return await read;
    } catch {
      if (shared === read) shared = undefined;
      return registry.listCampaigns();
    }
  };
}

export interface CampaignConsumerOptions<S extends z.ZodType> {
  readonly queueId: QueueId;
  /** Message schema of the queue (versioned, from shared/messages). */
  readonly schema: S;
  readonly deps: {
    readonly registry: Pick<CreatorRegistry, 'listCampaigns'>;
    readonly quarantine: QuarantineSink;
    readonly publisher: MessagePublisher;
    readonly clock: () => Date;
    readonly logger: Logger;
  };
  /** Processes one valid message; `campaigns` is the invocation's shared campaign read. */
  readonly processMessage: (
    message: z.infer<S>,
    record: SQSRecord,
    campaigns: CampaignSource,
  ) => Promise<void>;
}

/**
 * An SQS consumer of a queue whose messages need the campaign registry (process-metrics, process-comments): partial
 * batch failures, invalid bodies → quarantine + the queue's DLQ with the reason, and the campaigns read once per
 * invocation — shared by the batch's messages, never across invocations.
 */
export function createCampaignAwareConsumer<S extends z.ZodType>(
  options: CampaignConsumerOptions<S>,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const { deps } = options;
  const deadLetter = createDeadLetterRouter({
    queueId: options.queueId,
    quarantine: deps.quarantine,
    publisher: deps.publisher,
    now: deps.clock,
  });
  return (event, context) => {
    const campaigns = campaignsOncePerInvocation(deps.registry);
    return createSqsBatchHandler({
      schema: options.schema,
      logger: deps.logger,
      onInvalidRecord: deadLetter,
      processMessage: (message, record) => options.processMessage(message, record, campaigns),
    })(event, context);
  };
}
