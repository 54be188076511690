import type { QueueId } from '../config/resource-names';

export interface OutgoingMessage {
  /**
   * Already-validated message object; serialised to JSON by the publisher, characters outside the BMP (emoji)
   * written as `\uD83D\uDE00` escapes (shared/messages/sqs-body.ts), which parse back to the same value.
   */
  body: unknown;
  /** Sent verbatim instead of the encoded `body` (DLQ copies of invalid bodies keep their exact bytes). */
  rawBody?: string;
  /** String message attributes (e.g. `reason` on a DLQ copy). Never personal data. */
  attributes?: Record<string, string>;
  delaySeconds?: number;
}

export class PublishError extends Error {
  override readonly name = 'PublishError';
}

/** Sends messages to a queue (SendMessageBatch in tens; failed entries retried with backoff, then PublishError). */
export interface MessagePublisher {
  publish(queue: QueueId | `${QueueId}-dlq`, messages: readonly OutgoingMessage[]): Promise<void>;
}
