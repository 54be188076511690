import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { QueueId } from '../../config/resource-names';
import { encodeSqsBody } from '../../messages/sqs-body';
import { type MessagePublisher, type OutgoingMessage, PublishError } from '../../ports/message-publisher';
import { sqsClient } from './clients';
import { realSleep, type Sleep } from './dynamo-batch';

export type QueueUrls = Readonly<Partial<Record<QueueId | `${QueueId}-dlq`, string>>>;

export interface PublisherOptions {
  sleep?: Sleep;
  maxAttempts?: number;
  baseDelayMs?: number;
}

/**
 * The exact body sent for a message: `rawBody` verbatim (a DLQ copy keeps the bytes it was received with), else
 * the JSON of `body` with non-BMP characters escaped (encodeSqsBody: accepted by every SQS implementation, the
 * local emulator included, and parsed back to the identical value).
 */
export function sqsMessageBody(message: OutgoingMessage): string {
  return message.rawBody ?? encodeSqsBody(message.body);
}

/**
 * SendMessageBatch in groups of 10. Entries reported in `Failed` with `SenderFault: false` (throttling,
 * internal errors) are retried with exponential backoff; sender faults (e.g. too large) fail at once.
 */
export class SqsMessagePublisher implements MessagePublisher {
  constructor(
    private readonly queueUrls: QueueUrls,
    private readonly client: SQSClient = sqsClient(),
    private readonly options: PublisherOptions = {},
  ) {}

  async publish(queue: QueueId | `${QueueId}-dlq`, messages: readonly OutgoingMessage[]): Promise<void> {
    const queueUrl = this.queueUrls[queue];
    if (!queueUrl) throw new PublishError(`No URL configured for queue ${queue}`);
    const sleep = this.options.sleep ?? realSleep;
    const maxAttempts = this.options.maxAttempts ?? 5;
    const baseDelayMs = this.options.baseDelayMs ?? 100;
    for (let start = 0; start < messages.length; start += 10) {
      let entries: SendMessageBatchRequestEntry[] = messages
        .slice(start, start + 10)
        .map((message, index) => ({
          Id: String(start + index),
          MessageBody: sqsMessageBody(message),
          DelaySeconds: message.delaySeconds,
          MessageAttributes: message.attributes
            ? Object.fromEntries(
                Object.entries(message.attributes).map(([name, value]) => [
                  name,
                  { DataType: 'String', StringValue: value },
                ]),
              )
            : undefined,
        }));
      for (let attempt = 1; entries.length > 0; attempt += 1) {
        const result = await this.client.send(
          new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
        );
        const failed = result.Failed ?? [];
        if (failed.length === 0) break;
        const senderFault = failed.find((failure) => failure.SenderFault);
        if (senderFault || attempt >= maxAttempts) {
          const first = senderFault ?? failed[0];
          throw new PublishError(
            `${failed.length} message(s) not sent to ${queue}: ${first?.Code ?? 'unknown'} ${first?.Message ?? ''}`.trim(),
          );
        }
        const failedIds = new Set(failed.map((failure) => failure.Id));
        entries = entries.filter((entry) => failedIds.has(entry.Id));
        await sleep(Math.floor(Math.random() * baseDelayMs * 2 ** (attempt - 1)));
      }
    }
  }
}
