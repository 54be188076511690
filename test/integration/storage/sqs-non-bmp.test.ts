import { Logger } from '@aws-lambda-powertools/logger';
import { type Message, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { z } from 'zod';
import type { LocalResources } from '../../../infra/local/stack';
import { createSqsClient } from '../../../shared/adapters/aws/clients';
import { SqsMessagePublisher } from '../../../shared/adapters/aws/sqs-message-publisher';
import { QueueId } from '../../../shared/config/resource-names';
import { createSqsBatchHandler } from '../../../shared/lambda/sqs-batch-handler';
import {
  type AlertEvaluation,
  AlertEvaluationSchema,
  type CommentsBatch,
  CommentsBatchSchema,
  packCommentsBatches,
} from '../../../shared/messages';
import { PublishError } from '../../../shared/ports/message-publisher';
import { createIsolatedResources, useEnvironment } from './storage-test-kit';

/**
 * Emoji through the local SQS emulator (fauxqs 1.9.2 rejects raw surrogates; AWS would accept them): the publisher
 * escapes them, and the consumers' batch handler decodes every message to exactly what was sent.
 */

/** Emoji (with skin tone, ZWJ family, flag), CJK extension B, a lone surrogate, and BMP text. */
const TEXT = 'love it 😍🔥👍🏽 👨‍👩‍👧 🇫🇷 𠀀𪚥 ça va 你好 x\uD83Dy';

let restoreEnv: () => void;
let resources: LocalResources;
let sqs: SQSClient;

beforeAll(async () => {
  const env = inject('localStackEnv');
  restoreEnv = useEnvironment(env);
  resources = await createIsolatedResources(env, 'nonbmp');
  sqs = createSqsClient();
});

afterAll(() => {
  sqs?.destroy();
  restoreEnv?.();
});

async function receiveAll(queueUrl: string, expected: number): Promise<Message[]> {
  const messages: Message[] = [];
  for (let attempt = 0; attempt < 20 && messages.length < expected; attempt += 1) {
    const page = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    messages.push(...(page.Messages ?? []));
  }
  return messages;
}

/** Runs the consumers' SQS batch handler over received messages and returns what it decoded. */
async function consume<S extends z.ZodType>(schema: S, messages: Message[]): Promise<z.infer<S>[]> {
  const decoded: z.infer<S>[] = [];
  const invalid: string[] = [];
  const handler = createSqsBatchHandler({
    schema,
    logger: new Logger({ serviceName: 'it', logLevel: 'SILENT' }),
    processMessage: async (message) => {
      decoded.push(message);
    },
    onInvalidRecord: async ({ reason }) => {
      invalid.push(reason);
    },
  });
  const event = {
    Records: messages.map((message) => ({
      messageId: message.MessageId ?? '',
      receiptHandle: message.ReceiptHandle ?? '',
      body: message.Body ?? '',
      attributes: {},
      messageAttributes: {},
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:q',
      awsRegion: 'us-east-1',
    })),
  } as unknown as SQSEvent;
  const response = await handler(event, { getRemainingTimeInMillis: () => 60_000 } as unknown as Context);
  expect(response.batchItemFailures).toEqual([]);
  expect(invalid).toEqual([]);
  return decoded;
}

describe('SQS bodies with characters outside the BMP, through fauxqs', () => {
  it('the emulator rejects a raw emoji body (why the publisher escapes)', async () => {
    await expect(
      sqs.send(new SendMessageCommand({ QueueUrl: resources.queues.alerts.url, MessageBody: '{"t":"😍"}' })),
    ).rejects.toThrow();
    const publisher = new SqsMessagePublisher({ [QueueId.alerts]: resources.queues.alerts.url });
    // rawBody is sent verbatim (a DLQ copy keeps its bytes), so this one is refused like the raw send above.
    await expect(
      publisher.publish(QueueId.alerts, [{ body: undefined, rawBody: '{"t":"😍"}' }]),
    ).rejects.toBeInstanceOf(PublishError);
  });

  it('a comments batch with emoji comments is decoded unchanged by the consumer', async () => {
    const queue = resources.queues.comments;
    const publisher = new SqsMessagePublisher({ [QueueId.comments]: queue.url });
    const comments = Array.from({ length: 40 }, (_, i) => ({
      platform: 'youtube' as const,
      commentId: `cm-${String(i).padStart(3, '0')}`,
      postId: 'vid-1',
      authorKey: 'f'.repeat(64),
      text: `${i} ${TEXT} ${'🔥'.repeat(i * 10)}`,
      publishedAt: '2026-03-10T08:00:00.000Z',
      likes: i,
      parentId: null,
    }));
    const batches: CommentsBatch[] = packCommentsBatches(
      {
        v: 1,
        type: 'comments-batch',
        creatorKey: 'youtube#UC1',
        collectionId: 'col-1',
        collectedAt: '2026-03-10T09:00:00.000Z',
        post: {
          platform: 'youtube',
          postId: 'vid-1',
          accountId: 'UC1',
          type: 'video',
          publishedAt: '2026-03-10T07:00:00.000Z',
          caption: `new drop ✨🌸 ${TEXT}`,
          campaignIds: [],
        },
        rawArchiveKeys: ['raw/kind=comments/x.ndjson.gz'],
      },
      comments,
      { targetBytes: 8_000 },
    );
    expect(batches.length).toBeGreaterThan(2);
    await publisher.publish(
      QueueId.comments,
      batches.map((body) => ({ body })),
    );

    const received = await receiveAll(queue.url, batches.length);
    expect(received).toHaveLength(batches.length);
    for (const message of received) {
      // Escaped on the wire, within the packing target as measured on that wire body.
      expect(message.Body).not.toMatch(/[\uD800-\uDFFF]/);
      expect(Buffer.byteLength(message.Body ?? '', 'utf8')).toBeLessThanOrEqual(8_000);
    }
    const decoded = await consume(CommentsBatchSchema, received);
    const byPart = (a: CommentsBatch, b: CommentsBatch) => a.part - b.part;
    expect(decoded.sort(byPart)).toEqual(CommentsBatchSchema.array().parse(batches).sort(byPart));
    expect(decoded.flatMap((batch) => batch.comments.map((c) => c.text))).toEqual(
      comments.map((c) => c.text),
    );
  });

  it('an alert evaluation with emoji is decoded unchanged by the consumer', async () => {
    const queue = resources.queues.alerts;
    const publisher = new SqsMessagePublisher({ [QueueId.alerts]: queue.url });
    const evaluation: AlertEvaluation = {
      v: 1,
      type: 'alert-evaluation',
      creatorKey: 'instagram#17841400000000000',
      platform: 'instagram',
      accountId: '17841400000000000',
      postId: 'C3xYz',
      campaignIds: ['glow-up-✨🌸', TEXT],
      window: { start: '2026-03-10T08:00:00.000Z', end: '2026-03-10T09:00:00.000Z' },
      requestedAt: '2026-03-10T09:00:05.000Z',
    };
    await publisher.publish(QueueId.alerts, [{ body: evaluation }]);
    const received = await receiveAll(queue.url, 1);
    expect(received[0]?.Body).toContain('\\ud83c\\udf38');
    expect(await consume(AlertEvaluationSchema, received)).toEqual([evaluation]);
  });
});
