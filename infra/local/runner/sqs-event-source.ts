import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { mulberry32 } from '../simulator/prng';
import { type DeliveryFaults, NO_DELIVERY_FAULTS } from './fault-plan';
import { createLambdaContext } from './lambda-context';

export type SqsBatchHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

export interface SqsEventSourceOptions {
  readonly sqs: SQSClient;
  readonly functionName: string;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
  readonly handler: SqsBatchHandler;
  /** Lambda's BatchSize (1–10,000); receives are made 10 at a time until the batch is full or the window closes. */
  readonly batchSize: number;
  /** Lambda's MaximumBatchingWindowInSeconds, in milliseconds. */
  readonly maxBatchingWindowMs: number;
  /** The function timeout: an invocation still running after it counts as a failed batch. */
  readonly functionTimeoutMs: number;
  /** FunctionResponseTypes: ['ReportBatchItemFailures']. Without it any error fails the whole batch. */
  readonly reportBatchItemFailures: boolean;
  /**
   * Local acceleration: a failed message becomes visible again after this many seconds instead of after the
   * queue's full visibility timeout (minutes on AWS), so retries and redrive to the DLQ happen within a run.
   */
  readonly retryVisibilitySeconds: number;
  /** Invocations in flight at once (the mapping's maximum concurrency). */
  readonly maxConcurrency: number;
  readonly faults?: DeliveryFaults;
  readonly seed?: number;
}

export interface EventSourceStats {
  invocations: number;
  failedInvocations: number;
  recordsDelivered: number;
  recordsSucceeded: number;
  recordsFailed: number;
  injectedCrashes: number;
  injectedDuplicates: number;
}

/** Raised inside the runner for an injected crash, so logs say plainly that it was on purpose. */
export class InjectedCrashError extends Error {
  override readonly name = 'InjectedCrashError';
}

export class HandlerTimeoutError extends Error {
  override readonly name = 'HandlerTimeoutError';
}

/**
 * Drives a handler from an SQS queue with the semantics of a Lambda SQS event source mapping: batches of up to
 * `batchSize` gathered within the batching window, successful records deleted, failed records (the whole batch
 * on a throw, a timeout or an invalid response; the listed ones with ReportBatchItemFailures) left on the queue to
 * be redelivered, and the queue's own redrive policy moving them to the DLQ after `maxReceiveCount`.
 */
export class SqsEventSource {
  readonly stats: EventSourceStats = {
    invocations: 0,
    failedInvocations: 0,
    recordsDelivered: 0,
    recordsSucceeded: 0,
    recordsFailed: 0,
    injectedCrashes: 0,
    injectedDuplicates: 0,
  };
  private readonly random: () => number;
  private readonly faults: DeliveryFaults;

  constructor(private readonly options: SqsEventSourceOptions) {
    this.faults = options.faults ?? NO_DELIVERY_FAULTS;
    this.random = mulberry32(options.seed ?? 1);
  }

  /** Receives and processes up to `maxConcurrency` batches; resolves to the number of records received. */
  async pollOnce(): Promise<number> {
    const batches: Message[][] = [];
    for (let i = 0; i < this.options.maxConcurrency; i++) {
      const batch = await this.receiveBatch();
      if (batch.length === 0) break;
      batches.push(batch);
    }
    await Promise.all(batches.map((batch) => this.invoke(batch)));
    return batches.reduce((sum, batch) => sum + batch.length, 0);
  }

  /** Approximate visible + in-flight + delayed messages: 0 means nothing more will arrive without new sends. */
  async backlog(): Promise<number> {
    const { Attributes } = await this.options.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: this.options.queueUrl,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ],
      }),
    );
    return (
      Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0) +
      Number(Attributes?.ApproximateNumberOfMessagesDelayed ?? 0)
    );
  }

  private async receiveBatch(): Promise<Message[]> {
    const { sqs, queueUrl, batchSize, maxBatchingWindowMs } = this.options;
    const batch: Message[] = [];
    const windowEnds = Date.now() + maxBatchingWindowMs;
    while (batch.length < batchSize) {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(10, batchSize - batch.length),
          WaitTimeSeconds: 0,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      if (Messages === undefined || Messages.length === 0) {
        if (batch.length > 0 && Date.now() >= windowEnds) break;
        if (batch.length === 0 || Date.now() >= windowEnds) break;
        await sleep(Math.min(50, Math.max(0, windowEnds - Date.now())));
        continue;
      }
      batch.push(...Messages);
    }
    return batch;
  }

  private toRecord(message: Message): SQSRecord {
    const attributes = message.Attributes ?? {};
    const messageAttributes: SQSRecord['messageAttributes'] = {};
    for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
      messageAttributes[name] = {
        dataType: value.DataType ?? 'String',
        ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
      };
    }
    return {
      messageId: message.MessageId ?? '',
      receiptHandle: message.ReceiptHandle ?? '',
      body: message.Body ?? '',
      attributes: {
        ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
        SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
        SenderId: attributes.SenderId ?? 'local',
        ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes,
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.options.queueArn,
      awsRegion: this.options.region,
    };
  }

  private async invoke(messages: Message[]): Promise<void> {
    const { functionName, functionTimeoutMs, region } = this.options;
    const records = messages.map((m) => this.toRecord(m));
    this.stats.invocations += 1;
    this.stats.recordsDelivered += records.length;
    const crash = this.random() < this.faults.crashMidBatchRate;
    const event: SQSEvent = { Records: crash ? records.slice(0, Math.floor(records.length / 2)) : records };
    let failedIds: Set<string>;
    try {
      const response = await withTimeout(
        this.options.handler(event, createLambdaContext(functionName, functionTimeoutMs, region)),
        functionTimeoutMs,
      );
      if (crash) {
        this.stats.injectedCrashes += 1;
        throw new InjectedCrashError(`${functionName}: injected crash after ${event.Records.length} records`);
      }
      failedIds = this.failedRecordIds(records, response);
    } catch {
      // Lambda semantics: an error, a timeout or a crash fails every record of the batch.
      failedIds = new Set(records.map((r) => r.messageId));
    }
    if (failedIds.size > 0) this.stats.failedInvocations += 1;
    const succeeded = messages.filter((m) => !failedIds.has(m.MessageId ?? ''));
    const failed = messages.filter((m) => failedIds.has(m.MessageId ?? ''));
    this.stats.recordsSucceeded += succeeded.length;
    this.stats.recordsFailed += failed.length;
    const toDelete: Message[] = [];
    const toRedeliver: Message[] = [...failed];
    for (const message of succeeded) {
      if (this.random() < this.faults.duplicateDeliveryRate) {
        this.stats.injectedDuplicates += 1;
        toRedeliver.push(message);
      } else {
        toDelete.push(message);
      }
    }
    await this.deleteMessages(toDelete);
    await this.makeVisibleSoon(toRedeliver);
  }

  /** Interprets a handler response as the ESM does; a malformed response fails the whole batch. */
  private failedRecordIds(records: SQSRecord[], response: SQSBatchResponse | undefined): Set<string> {
    if (!this.options.reportBatchItemFailures || response === undefined || response === null)
      return new Set();
    const failures = (response as Partial<SQSBatchResponse>).batchItemFailures;
    if (failures === undefined || failures === null) return new Set();
    if (!Array.isArray(failures)) return new Set(records.map((r) => r.messageId));
    const known = new Set(records.map((r) => r.messageId));
    const ids = new Set<string>();
    for (const failure of failures) {
      const id = failure?.itemIdentifier;
      if (typeof id !== 'string' || id === '' || !known.has(id)) return known;
      ids.add(id);
    }
    return ids;
  }

  private async deleteMessages(messages: Message[]): Promise<void> {
    for (const chunk of chunks(messages, 10)) {
      await this.options.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.options.queueUrl,
          Entries: chunk.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
    }
  }

  private async makeVisibleSoon(messages: Message[]): Promise<void> {
    for (const chunk of chunks(messages, 10)) {
      await this.options.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: this.options.queueUrl,
          Entries: chunk.map((m, i) => ({
            Id: String(i),
            ReceiptHandle: m.ReceiptHandle,
            VisibilityTimeout: this.options.retryVisibilitySeconds,
          })),
        }),
      );
    }
  }
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HandlerTimeoutError(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
