import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import type { InvalidMessage } from '../messages/dead-letter';
import { parseMessage } from '../messages/parse-message';

/** An invalid body in the shape the dead-letter router takes, plus the whole record. */
export interface InvalidRecord extends InvalidMessage {
  readonly record: SQSRecord;
}

export interface SqsBatchHandlerOptions<S extends z.ZodType> {
  /** Message schema of the queue (versioned, from shared/messages). */
  readonly schema: S;
  /** Processes one valid message. Throwing marks only this record as failed (it is redelivered). */
  readonly processMessage: (message: z.infer<S>, record: SQSRecord) => Promise<void>;
  /**
   * Puts an invalid body on the dead-letter path with its reason (quarantine + DLQ copy). When it returns, the
   * record counts as handled; when it throws, the record fails and is redelivered, so nothing is lost either way.
   */
  readonly onInvalidRecord: (invalid: InvalidRecord) => Promise<void>;
  readonly logger: Logger;
}

/**
 * An SQS consumer with partial batch responses (Powertools BatchProcessor): each record is parsed with zod and
 * processed on its own; invalid records go to the dead-letter path with a reason; a failure fails only its record.
 */
export function createSqsBatchHandler<S extends z.ZodType>(
  options: SqsBatchHandlerOptions<S>,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const handleRecord = async (record: SQSRecord): Promise<void> => {
    const parsed = parseMessage(options.schema, record.body);
    if (!parsed.ok) {
      options.logger.warn('invalid message quarantined', {
        messageId: record.messageId,
        reason: parsed.reason,
      });
      await options.onInvalidRecord({
        record,
        messageId: record.messageId,
        body: record.body,
        reason: parsed.reason,
      });
      return;
    }
    await options.processMessage(parsed.value, record);
  };
  // One processor per invocation: it holds the batch's state, and the local runner invokes the same handler
  // concurrently in one process (on Lambda a container runs one invocation at a time, so this costs nothing).
  return (event, context) =>
    processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), {
      context,
      throwOnFullBatchFailure: false,
    });
}
