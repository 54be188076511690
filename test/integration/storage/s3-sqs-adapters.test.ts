import { randomUUID } from 'node:crypto';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LocalResources } from '../../../infra/local/stack';
import {
  createDynamoDocumentClient,
  createS3Client,
  createSqsClient,
} from '../../../shared/adapters/aws/clients';
import { DynamoAggregateStore } from '../../../shared/adapters/aws/dynamo-aggregate-store';
import { DynamoCommentScoreStore } from '../../../shared/adapters/aws/dynamo-comment-score-store';
import { S3ExportWriter } from '../../../shared/adapters/aws/s3-export-writer';
import { S3RawArchive } from '../../../shared/adapters/aws/s3-raw-archive';
import { SqsMessagePublisher } from '../../../shared/adapters/aws/sqs-message-publisher';
import {
  exportManifestKey,
  exportPartKey,
  RawPageKind,
  rawDayPrefix,
  rawPageKey,
} from '../../../shared/config/bucket-layout';
import { COMMENTS_QUEUE } from '../../../shared/config/queue-definitions';
import { QueueId } from '../../../shared/config/resource-names';
import { Retention } from '../../../shared/config/table-definitions';
import {
  type CommentsBatch,
  CommentsBatchSchema,
  createDeadLetterRouter,
  packCommentsBatches,
  parseMessage,
} from '../../../shared/messages';
import { applyCommentScores } from '../../../shared/use-cases/apply-comment-scores';
import { createIsolatedResources, stubScore, useEnvironment } from './storage-test-kit';

const NOW = new Date('2026-03-10T12:30:00.000Z');

let restoreEnv: () => void;
let resources: LocalResources;
let s3: S3Client;
let sqs: SQSClient;

beforeAll(async () => {
  const env = inject('localStackEnv');
  restoreEnv = useEnvironment(env);
  resources = await createIsolatedResources(env, 'msg');
  s3 = createS3Client();
  sqs = createSqsClient();
});
afterAll(() => {
  s3?.destroy();
  sqs?.destroy();
  restoreEnv?.();
});

async function receiveAll(queueUrl: string, expected: number): Promise<Message[]> {
  const messages: Message[] = [];
  for (let attempt = 0; attempt < 20 && messages.length < expected; attempt += 1) {
    const page = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    messages.push(...(page.Messages ?? []));
  }
  return messages;
}

describe('S3 raw archive and export writer', () => {
  it('stores pages as gzip NDJSON under day-replayable keys', async () => {
    const archive = new S3RawArchive(resources.buckets.raw);
    const records = [
      { id: 'c1', text: 'héllo "quoted"\nline' },
      { id: 'c2', n: 2 },
    ];
    const key = rawPageKey({
      kind: RawPageKind.comments,
      platform: 'youtube',
      accountId: 'UC-abc',
      collectedAt: '2026-03-10T07:45:00.000Z',
      collectionId: 'col-1',
      page: 3,
    });
    expect(key).toBe(
      'raw/kind=comments/platform=youtube/dt=2026-03-10/hour=07/creator=UC-abc/col-1-0003.ndjson.gz',
    );
    await archive.putPage(key, records);
    const raw = await s3.send(new GetObjectCommand({ Bucket: resources.buckets.raw, Key: key }));
    const bytes = (await raw.Body?.transformToByteArray()) ?? new Uint8Array();
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(await archive.getPage(key)).toEqual(records);
    expect(await archive.listKeys(rawDayPrefix(RawPageKind.comments, 'youtube', '2026-03-10'))).toEqual([
      key,
    ]);
  });

  it('writes small objects with one PUT and large ones with a multipart upload', async () => {
    const writer = new S3ExportWriter(resources.buckets.exports);
    const manifest = exportManifestKey('benchmarks', '2026-03-10', 'snap-1');
    await writer.putObject(manifest, JSON.stringify({ files: 1 }), 'application/json');
    const big = new Uint8Array(9 * 1024 * 1024).map((_, i) => i % 251);
    const part = exportPartKey('benchmarks', '2026-03-10', 'snap-1', 0);
    await writer.putObject(part, big, 'application/vnd.apache.parquet');
    expect(Buffer.from(await writer.getObject(part)).equals(Buffer.from(big))).toBe(true);
    expect(await writer.listKeys('exports/')).toEqual([manifest, part].sort());
  });
});

describe('SQS publisher and the dead-letter path', () => {
  it('publishes more than one SendMessageBatch worth of messages with attributes', async () => {
    const publisher = new SqsMessagePublisher({ [QueueId.alerts]: resources.queues.alerts.url });
    const bodies = Array.from({ length: 23 }, (_, i) => ({ n: i }));
    await publisher.publish(
      QueueId.alerts,
      bodies.map((body) => ({ body, attributes: { kind: 'test' } })),
    );
    const received = await receiveAll(resources.queues.alerts.url, 23);
    expect(received.map((m) => JSON.parse(m.Body ?? '{}').n).sort((a, b) => a - b)).toEqual(
      bodies.map((b) => b.n),
    );
    expect(received[0]?.MessageAttributes?.kind?.StringValue).toBe('test');
  });

  it('quarantines invalid bodies with their reason into S3 and the DLQ, losing nothing valid in the batch', async () => {
    const queue = resources.queues.comments;
    const publisher = new SqsMessagePublisher({
      [QueueId.comments]: queue.url,
      [`${QueueId.comments}-dlq`]: queue.deadLetterUrl,
    });
    const accountId = `acc-${randomUUID()}`;
    const base: Omit<CommentsBatch, 'comments' | 'part' | 'partCount'> = {
      v: 1,
      type: 'comments-batch',
      creatorKey: `youtube#${accountId}`,
      collectionId: 'col-9',
      collectedAt: NOW.toISOString(),
      post: {
        platform: 'youtube',
        postId: 'vid-1',
        accountId,
        type: 'video',
        publishedAt: '2026-03-09T00:00:00.000Z',
        caption: '',
        campaignIds: [],
      },
      rawArchiveKeys: ['raw/kind=comments/x.ndjson.gz'],
    };
    const comments = Array.from({ length: 30 }, (_, i) => ({
      platform: 'youtube' as const,
      commentId: `cm-${String(i).padStart(3, '0')}`,
      postId: 'vid-1',
      authorKey: 'f'.repeat(64),
      text: `score:${((i % 5) - 2) / 4} ${'x'.repeat(300)}`,
      publishedAt: `2026-03-10T${String(8 + (i % 3)).padStart(2, '0')}:00:00.000Z`,
      likes: null,
      parentId: null,
    }));
    const valid = packCommentsBatches(base, comments, { targetBytes: 4_000 });
    expect(valid.length).toBeGreaterThan(2);
    await publisher.publish(
      QueueId.comments,
      valid.map((body) => ({ body })),
    );
    // Two invalid bodies in the same batch: not JSON, and a schema violation (wrong version).
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queue.url,
        MessageBody: '{not json',
      }),
    );
    await publisher.publish(QueueId.comments, [{ body: { ...valid[0], v: 2 } }]);

    const raw = new S3RawArchive(resources.buckets.raw);
    const client = createDynamoDocumentClient();
    const deps = {
      commentScores: new DynamoCommentScoreStore(resources.tables.data, client),
      aggregates: new DynamoAggregateStore(resources.tables.data, client),
      now: NOW,
      retentionDays: Retention.rawCommentDays,
      bucketRetentionDays: Retention.hourlyBucketDays,
    };
    const deadLetter = createDeadLetterRouter({
      queueId: QueueId.comments,
      quarantine: raw,
      publisher,
      now: () => NOW,
    });

    const received = await receiveAll(queue.url, valid.length + 2);
    expect(received).toHaveLength(valid.length + 2);
    for (const message of received) {
      const parsed = parseMessage(CommentsBatchSchema, message.Body ?? '');
      if (parsed.ok) {
        const batch = parsed.value;
        await applyCommentScores(
          {
            post: {
              platform: batch.post.platform,
              postId: batch.post.postId,
              accountId: batch.post.accountId,
              sponsored: false,
              campaignIds: [],
            },
            comments: batch.comments.map((c) => ({ ...c, score: stubScore(c.text) })),
          },
          deps,
        );
      } else {
        await deadLetter({
          messageId: message.MessageId ?? '',
          body: message.Body ?? '',
          reason: parsed.reason,
        });
      }
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: message.ReceiptHandle }));
    }

    const dead = await receiveAll(queue.deadLetterUrl, 2);
    expect(dead.map((m) => m.Body).sort()).toEqual(
      [JSON.stringify({ ...valid[0], v: 2 }), '{not json'].sort(),
    );
    const reasons = dead.map((m) => m.MessageAttributes?.reason?.StringValue ?? '').sort();
    expect(reasons[0]).toMatch(/^invalid_json/);
    expect(reasons[1]).toMatch(/^schema_violation: v: /);
    const quarantined = await raw.listKeys('quarantine/queue=comments/dt=2026-03-10/');
    expect(quarantined).toHaveLength(2);
    expect(dead.map((m) => m.MessageAttributes?.quarantineKey?.StringValue).sort()).toEqual(quarantined);

    // Every valid comment is counted, exactly once.
    const buckets = await deps.aggregates.listPostSentimentBuckets('youtube', 'vid-1', {
      from: '2026-03-10T00',
      to: '2026-03-10T23',
    });
    const counted = buckets.reduce((sum, b) => sum + b.stats.scoredCount + b.stats.unscoredCount, 0);
    expect(counted).toBe(comments.length);
    expect(await receiveAll(queue.url, 1)).toEqual([]);
    client.destroy();
  });

  it('moves a message that keeps failing to the DLQ after maxReceiveCount (redrive policy)', async () => {
    const queue = resources.queues.collect;
    const publisher = new SqsMessagePublisher({ [QueueId.collect]: queue.url });
    await publisher.publish(QueueId.collect, [{ body: { poison: true } }]);
    for (let receive = 0; receive < 10; receive += 1) {
      const [message] = await receiveAll(queue.url, 1);
      if (!message) break;
      // The consumer failed: make it visible again at once instead of waiting out the visibility timeout.
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queue.url,
          ReceiptHandle: message.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    }
    const dead = await receiveAll(queue.deadLetterUrl, 1);
    expect(dead.map((m) => m.Body)).toEqual([JSON.stringify({ poison: true })]);
    expect(COMMENTS_QUEUE.maxReceiveCount).toBeGreaterThanOrEqual(5);
  });
});
