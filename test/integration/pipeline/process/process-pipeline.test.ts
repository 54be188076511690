import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { drainEventSources } from '../../../../infra/local/runner/drain';
import { type SqsBatchHandler, SqsEventSource } from '../../../../infra/local/runner/sqs-event-source';
import { createLocalResources, type LocalResources } from '../../../../infra/local/stack';
import { createSqsClient, resetClients } from '../../../../shared/adapters/aws/clients';
import { DynamoAggregateStore } from '../../../../shared/adapters/aws/dynamo-aggregate-store';
import { DynamoAlertStore } from '../../../../shared/adapters/aws/dynamo-alert-store';
import { DynamoCreatorRegistry } from '../../../../shared/adapters/aws/dynamo-creator-registry';
import { S3ExportWriter } from '../../../../shared/adapters/aws/s3-export-writer';
import { S3RawArchive } from '../../../../shared/adapters/aws/s3-raw-archive';
import { SqsMessagePublisher } from '../../../../shared/adapters/aws/sqs-message-publisher';
import { EnvVar, type QueueId } from '../../../../shared/config/resource-names';
import { available, unavailable } from '../../../../shared/domain/metric-value';
import type { CommentsBatch } from '../../../../shared/messages/comments-batch';
import type { MetricsBatch } from '../../../../shared/messages/metrics-batch';
import type { AlertNotification, Notifier } from '../../../../shared/ports/notifier';
import { buildEvaluateAlertsDeps } from '../../../../shared/use-cases/alerts-wiring';
import { buildProcessCommentsDeps } from '../../../../shared/use-cases/comments-wiring';
import {
  AlertDetailsSchema,
  alertRecordId,
  createEvaluateAlertsHandler,
} from '../../../../shared/use-cases/evaluate-alerts';
import { createExportBenchmarksHandler } from '../../../../shared/use-cases/export-benchmarks';
import { buildExportBenchmarksDeps } from '../../../../shared/use-cases/export-wiring';
import { POST_ER_DEFINITION_IDS } from '../../../../shared/use-cases/metrics-engagement';
import { buildProcessMetricsDeps } from '../../../../shared/use-cases/metrics-wiring';
import { createProcessCommentsHandler } from '../../../../shared/use-cases/process-comments';
import { createProcessMetricsHandler } from '../../../../shared/use-cases/process-metrics';

/**
 * The processing path on the local AWS stack over HTTP (dynalite + fauxqs, SNS included): metrics and comments
 * batches (one duplicated, one invalid) → process-metrics / process-comments driven by the runner's SqsEventSource
 * → alert evaluations → evaluate-alerts (SNS topic on fauxqs + a recording channel) → export-benchmarks → Parquet
 * in S3 read back with hyparquet.
 */

const logger = new Logger({ serviceName: 'process-it', logLevel: 'SILENT' });
const NOW = new Date('2026-11-21T12:05:00.000Z');
const clock = () => NOW;

let resources: LocalResources;
let env: Record<string, string>;
let sqs: SQSClient;
let snsQueueUrl: string;
const restoreEnv = new Map<string, string | undefined>();

class RecordingNotifier implements Notifier {
  readonly channel = 'recording';
  readonly sent: AlertNotification[] = [];
  async notify(notification: AlertNotification): Promise<void> {
    this.sent.push(notification);
  }
}

beforeAll(async () => {
  const base = inject('localStackEnv');
  const region = base.AWS_REGION ?? 'us-east-1';
  const config = { region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const setup = {
    dynamodb: new DynamoDBClient({ ...config, endpoint: base.AWS_ENDPOINT_URL_DYNAMODB }),
    sqs: new SQSClient({ ...config, endpoint: base.AWS_ENDPOINT_URL_SQS }),
    s3: new S3Client({ ...config, endpoint: base.AWS_ENDPOINT_URL_S3, forcePathStyle: true }),
  };
  const sns = new SNSClient({ ...config, endpoint: base.AWS_ENDPOINT_URL_SQS });
  let topicArn: string;
  try {
    resources = await createLocalResources(setup, `process-${randomUUID().slice(0, 8)}`);
    // fauxqs also emulates SNS: an email-like topic with an SQS subscriber we can read back.
    topicArn =
      (await sns.send(new CreateTopicCommand({ Name: `alerts-${randomUUID().slice(0, 8)}` }))).TopicArn ?? '';
    snsQueueUrl = (
      await setup.sqs.send(new CreateQueueCommand({ QueueName: `alert-mail-${randomUUID().slice(0, 8)}` }))
    ).QueueUrl as string;
    const queueArn = (
      await setup.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: snsQueueUrl, AttributeNames: ['QueueArn'] }),
      )
    ).Attributes?.QueueArn as string;
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn }));
  } finally {
    setup.dynamodb.destroy();
    setup.sqs.destroy();
    setup.s3.destroy();
    sns.destroy();
  }
  env = {
    ...base,
    AWS_ENDPOINT_URL_SNS: base.AWS_ENDPOINT_URL_SQS as string,
    [EnvVar.creatorsTable]: resources.tables.creators,
    [EnvVar.dataTable]: resources.tables.data,
    [EnvVar.rawBucket]: resources.buckets.raw,
    [EnvVar.exportsBucket]: resources.buckets.exports,
    [EnvVar.metricsQueueUrl]: resources.queues.metrics.url,
    [EnvVar.commentsQueueUrl]: resources.queues.comments.url,
    [EnvVar.alertsQueueUrl]: resources.queues.alerts.url,
    [EnvVar.metricsDlqUrl]: resources.queues.metrics.deadLetterUrl,
    [EnvVar.commentsDlqUrl]: resources.queues.comments.deadLetterUrl,
    [EnvVar.alertsDlqUrl]: resources.queues.alerts.deadLetterUrl,
    [EnvVar.alertTopicArn]: topicArn,
  };
  for (const [name, value] of Object.entries(env)) {
    restoreEnv.set(name, process.env[name]);
    process.env[name] = value;
  }
  resetClients();
  sqs = createSqsClient();
  await new DynamoCreatorRegistry(resources.tables.creators).putCreator({
    platform: 'instagram',
    accountId: 'acc-1',
    handle: 'glowgirl',
    niche: 'beauty',
    followerHistory: [],
    campaignIds: [],
    status: 'active',
  });
});

afterAll(() => {
  sqs?.destroy();
  for (const [name, value] of restoreEnv) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetClients();
});

function source(queue: QueueId, handler: SqsBatchHandler): SqsEventSource {
  const q = resources.queues[queue];
  return new SqsEventSource({
    sqs,
    functionName: queue,
    queueUrl: q.url,
    queueArn: q.arn,
    region: env.AWS_REGION ?? 'us-east-1',
    handler,
    batchSize: 10,
    maxBatchingWindowMs: 0,
    functionTimeoutMs: 30_000,
    reportBatchItemFailures: true,
    retryVisibilitySeconds: 1,
    maxConcurrency: 2,
  });
}

const POSITIVE = [
  'I love this, it looks amazing!',
  'Great video, thank you so much',
  'This is wonderful and so helpful',
  'Absolutely beautiful, love it',
  'meh, not for me',
];
const NEGATIVE = [
  'This is terrible, I hate it',
  'Awful product, total scam',
  'Worst thing ever, so disappointed',
  'Horrible, never buying this',
  'Great video, thank you so much',
];

function metricsBatch(): MetricsBatch {
  const snap = (postId: string, likes: number | null) => ({
    platform: 'instagram' as const,
    postId,
    accountId: 'acc-1',
    capturedAt: '2026-11-21T12:00:00.000Z',
    followers: available(20_000),
    metrics: {
      views: available(9_000),
      likes: likes === null ? unavailable('hidden_by_owner') : available(likes),
      comments: available(80),
      shares: available(10),
      saves: available(5),
      reach: available(7_000),
      impressions: unavailable('retired_metric'),
    },
  });
  const post = (postId: string, caption: string, publishedAt: string) => ({
    platform: 'instagram' as const,
    postId,
    accountId: 'acc-1',
    type: 'reel' as const,
    caption,
    publishedAt,
    permalink: `https://www.instagram.com/p/${postId}/`,
    status: 'active' as const,
  });
  return {
    v: 1,
    type: 'metrics-batch',
    creatorKey: 'instagram#acc-1',
    platform: 'instagram',
    accountId: 'acc-1',
    collectionId: 'col-1',
    collectedAt: '2026-11-21T12:00:00.000Z',
    part: 0,
    partCount: 1,
    followers: available(20_000),
    posts: [
      post('p1', 'beach day', '2026-11-19T07:00:00.000Z'),
      post('p2', 'My new serum routine #ad', '2026-11-21T00:30:00.000Z'),
    ],
    snapshots: [snap('p1', 700), snap('p2', null)],
    rawArchiveKeys: ['raw/kind=metrics/x.ndjson.gz'],
  };
}

function commentsBatch(
  postId: string,
  caption: string,
  from: string,
  texts: string[],
  count: number,
): CommentsBatch {
  const start = Date.parse(from);
  return {
    v: 1,
    type: 'comments-batch',
    creatorKey: 'instagram#acc-1',
    collectionId: `col-${postId}-${from}`,
    collectedAt: '2026-11-21T12:00:00.000Z',
    part: 0,
    partCount: 1,
    post: {
      platform: 'instagram',
      postId,
      accountId: 'acc-1',
      type: 'reel',
      publishedAt: postId === 'p1' ? '2026-11-19T07:00:00.000Z' : '2026-11-21T00:30:00.000Z',
      caption,
      campaignIds: [],
    },
    comments: Array.from({ length: count }, (_, i) => ({
      platform: 'instagram' as const,
      commentId: `${postId}-${from.slice(0, 13)}-${i}`,
      postId,
      authorKey: `author-key-${String(i).padStart(8, '0')}`,
      text: texts[i % texts.length] as string,
      publishedAt: new Date(start + i * 5 * 60_000).toISOString(),
      likes: 0,
      parentId: null,
    })),
    rawArchiveKeys: ['raw/kind=comments/x.ndjson.gz'],
  };
}

describe('processing path on the local stack', () => {
  it('processes metrics and comments, raises one alert with evidence over SNS, exports readable Parquet', async () => {
    const publisher = new SqsMessagePublisher({
      metrics: resources.queues.metrics.url,
      comments: resources.queues.comments.url,
    });
    const batch = metricsBatch();
    // A duplicate delivery of the same batch and one poison message.
    await publisher.publish('metrics', [{ body: batch }, { body: batch }]);
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: resources.queues.metrics.url,
        MessageBody: '{"v":1,"type":"metrics-batch"}',
      }),
    );
    await publisher.publish('comments', [
      { body: commentsBatch('p1', 'beach day', '2026-11-19T08:00:00.000Z', POSITIVE, 30) },
      { body: commentsBatch('p2', 'My new serum routine #ad', '2026-11-21T01:00:00.000Z', POSITIVE, 24) },
      { body: commentsBatch('p2', 'My new serum routine #ad', '2026-11-21T09:00:00.000Z', NEGATIVE, 25) },
    ]);

    const recording = new RecordingNotifier();
    const sources = [
      source('metrics', createProcessMetricsHandler(buildProcessMetricsDeps(env, { clock, logger }))),
      source('comments', createProcessCommentsHandler(buildProcessCommentsDeps(env, { clock, logger }))),
      source(
        'alerts',
        createEvaluateAlertsHandler(
          buildEvaluateAlertsDeps(env, { clock, logger, extraNotifiers: [recording] }),
        ),
      ),
    ];
    await drainEventSources(sources, { timeoutMs: 30_000, idleSleepMs: 20 });
    expect(sources.map((s) => s.stats.recordsFailed)).toEqual([0, 0, 0]);

    // Poison message: on the DLQ with its reason, and quarantined in the raw bucket.
    const dlq = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: resources.queues.metrics.deadLetterUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
      }),
    );
    expect(dlq.Messages).toHaveLength(1);
    expect(dlq.Messages?.[0]?.MessageAttributes?.reason?.StringValue).toMatch(/^schema_violation/);
    expect(await new S3RawArchive(resources.buckets.raw).listKeys('quarantine/queue=metrics/')).toHaveLength(
      1,
    );

    // Engagement aggregates in DynamoDB.
    const aggregates = new DynamoAggregateStore(resources.tables.data);
    const [p1] = await aggregates.listEngagement('instagram', 'acc-1', 'p1', {
      from: '2026-11-21T12',
      to: '2026-11-21T12',
    });
    expect(p1?.values['er_followers:likes+comments']).toBeCloseTo(780 / 20_000);
    const [p2] = await aggregates.listEngagement('instagram', 'acc-1', 'p2', {
      from: '2026-11-21T12',
      to: '2026-11-21T12',
    });
    expect(p2?.values['er_followers:likes+comments']).toBeNull();

    // Exactly one alert for the drop, on both channels, with the evidence.
    expect(recording.sent.map((n) => [n.kind, n.postId])).toEqual([['raised', 'p2']]);
    const evidence = recording.sent[0]?.evidence;
    expect(evidence?.window.scoredCount).toBe(25);
    expect(evidence?.mostNegativeCommentIds.length).toBeGreaterThan(0);
    const record = await new DynamoAlertStore(resources.tables.data).get(alertRecordId('instagram', 'p2'));
    expect(record?.state).toBe('open');
    expect(AlertDetailsSchema.parse(record?.details).notifiedAt).toBe(NOW.toISOString());
    const mail = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: snsQueueUrl, MaxNumberOfMessages: 10 }),
    );
    expect(mail.Messages).toHaveLength(1);
    const envelope = JSON.parse(mail.Messages?.[0]?.Body ?? '{}') as { Subject?: string; Message?: string };
    expect(envelope.Subject).toMatch(/Sentiment drop: instagram @glowgirl post p2/);
    expect(envelope.Message).toContain('https://www.instagram.com/p/p2/');

    // Export, read back with an independent reader.
    const manifest = await createExportBenchmarksHandler(buildExportBenchmarksDeps(env, { clock, logger }))({
      time: '2026-11-22T00:00:00Z',
    });
    const writer = new S3ExportWriter(resources.buckets.exports);
    const counts: Record<string, number> = {};
    for (const dataset of manifest.datasets) {
      const bytes = await writer.getObject(dataset.keys[0] as string);
      const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      counts[dataset.name] = (await parquetReadObjects({ file })).length;
    }
    expect(counts).toEqual({
      post_metrics: 2 * POST_ER_DEFINITION_IDS.length,
      creator_metrics: 5,
      benchmarks: 2 * POST_ER_DEFINITION_IDS.length,
    });
    const postBytes = await writer.getObject(manifest.datasets[0]?.keys[0] as string);
    const rows = (await parquetReadObjects({
      file: postBytes.buffer.slice(
        postBytes.byteOffset,
        postBytes.byteOffset + postBytes.byteLength,
      ) as ArrayBuffer,
    })) as Record<string, unknown>[];
    const p2Row = rows.find(
      (row) => row.post_id === 'p2' && row.er_definition === 'er_followers:likes+comments',
    );
    expect(p2Row).toMatchObject({ sponsored: true, comment_count_collected: 49n, er_value: null });
    expect(p2Row?.er_unavailable_reason).toBe('numerator_unavailable');
    expect(
      JSON.parse(new TextDecoder().decode(await writer.getObject(manifest.manifestKey))).snapshotId,
    ).toBe('snap-20261122T000000Z');
  });
});
