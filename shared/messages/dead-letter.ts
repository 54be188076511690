import { deadLetterQueueId, type QueueId } from '../config/resource-names';
import type { MessagePublisher } from '../ports/message-publisher';
import type { QuarantineSink } from '../ports/raw-archive';

export interface InvalidMessage {
  readonly messageId: string;
  readonly body: string;
  readonly reason: string;
}

/**
 * The dead-letter path of an invalid message (one that can never become valid by retrying):
 * 1. the body and the reason are written to the raw bucket under `quarantine/queue=<id>/dt=…/<messageId>.json`
 *    (durable, searchable, expires with the raw-comment retention because bodies may hold comment texts);
 * 2. the body is copied verbatim to the queue's DLQ with message attributes `reason`, `sourceQueue` and
 *    `quarantineKey`, so the DLQ depth alarm fires and an operator can redrive after a schema fix;
 * 3. the caller then reports the record as handled (deleted from the source queue).
 * If either write throws, the caller reports the record as a batch item failure instead: it is redelivered and,
 * after maxReceiveCount, SQS's redrive policy moves it to the DLQ anyway — never silently lost.
 * Neither the reason nor the attributes contain message values (see parseMessage).
 */
export function createDeadLetterRouter(deps: {
  queueId: QueueId;
  quarantine: QuarantineSink;
  publisher: MessagePublisher;
  now: () => Date;
}): (invalid: InvalidMessage) => Promise<void> {
  return async (invalid) => {
    const key = await deps.quarantine.quarantine({
      queueId: deps.queueId,
      messageId: invalid.messageId,
      body: invalid.body,
      reason: invalid.reason,
      receivedAt: deps.now().toISOString(),
    });
    await deps.publisher.publish(deadLetterQueueId(deps.queueId) as `${QueueId}-dlq`, [
      {
        body: undefined,
        rawBody: invalid.body,
        attributes: { reason: invalid.reason.slice(0, 256), sourceQueue: deps.queueId, quarantineKey: key },
      },
    ]);
  };
}
