import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { drainEventSources } from '../../../../infra/local/runner/drain';
import { SimulatedClock } from '../../../../infra/local/runner/simulated-clock';
import { SqsEventSource } from '../../../../infra/local/runner/sqs-event-source';
import { createSimulator, type Simulator } from '../../../../infra/local/simulator';
import { createLocalResources, type LocalResources } from '../../../../infra/local/stack';
import { createSqsClient, dynamoDocumentClient, resetClients } from '../../../../shared/adapters/aws/clients';
import { DynamoCreatorRegistry } from '../../../../shared/adapters/aws/dynamo-creator-registry';
import { S3RawArchive } from '../../../../shared/adapters/aws/s3-raw-archive';
import { COLLECT_QUEUE } from '../../../../shared/config/queue-definitions';
import { EnvVar } from '../../../../shared/config/resource-names';
import {
  type CommentsBatch,
  CommentsBatchSchema,
  type MetricsBatch,
  MetricsBatchSchema,
} from '../../../../shared/messages';
import { type CollectJob, collectJobKey } from '../../../../shared/messages/collect-job';
import { StaticSecretProvider } from '../../../../shared/platforms/secret-providers';
import { createCollectCreatorHandler } from '../../../../shared/use-cases/collect-creator';
import { COLLECT_IDEMPOTENCY_EXPIRY_SECONDS } from '../../../../shared/use-cases/collect-idempotency';
import { InMemoryCollectMetrics, silentLogger } from '../../../../shared/use-cases/collect-observability';
import { slotOfCreator } from '../../../../shared/use-cases/collect-slots';
import {
  buildCollectCreatorDeps,
  buildScheduleCollectionDeps,
  simulatorBaseUrlEnv,
} from '../../../../shared/use-cases/collect-wiring';
import { scheduleCollection } from '../../../../shared/use-cases/schedule-collection';

/**
 * The collection path against the local AWS stack (dynalite + fauxqs over HTTP) and the platform simulator in
 * process: schedule-collection for the four quarters of an hour, the collect queue drained by the runner's
 * SqsEventSource (Lambda ESM semantics), then the metrics/comments queues and the raw zone checked against the
 * simulator's ground truth, by id.
 */

const START = Date.UTC(2026, 2, 2, 10, 0, 0);
const AUTHOR_KEY = 'integration-author-hash-key-0123456789';

let resources: LocalResources;
let env: Record<string, string>;
let simulator: Simulator;
const collectorClock = new SimulatedClock(START);
let sqs: SQSClient;
const restoreEnv = new Map<string, string | undefined>();

beforeAll(async () => {
  const base = inject('localStackEnv');
  const config = {
    region: base.AWS_REGION ?? 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  const setup = {
    dynamodb: new DynamoDBClient({ ...config, endpoint: base.AWS_ENDPOINT_URL_DYNAMODB }),
    sqs: new SQSClient({ ...config, endpoint: base.AWS_ENDPOINT_URL_SQS }),
    s3: new S3Client({ ...config, endpoint: base.AWS_ENDPOINT_URL_S3, forcePathStyle: true }),
  };
  try {
    // Own tables/queues/buckets on the shared emulators: other files cannot steal our messages.
    resources = await createLocalResources(setup, `collect-${randomUUID().slice(0, 8)}`);
  } finally {
    setup.dynamodb.destroy();
    setup.sqs.destroy();
    setup.s3.destroy();
  }
  simulator = createSimulator({ seed: 11, creators: 3, now: () => collectorClock.nowMs(), startAt: START });
  const url = await simulator.listen(0);
  env = {
    ...base,
    [EnvVar.creatorsTable]: resources.tables.creators,
    [EnvVar.dataTable]: resources.tables.data,
    [EnvVar.collectQueueUrl]: resources.queues.collect.url,
    [EnvVar.collectDlqUrl]: resources.queues.collect.deadLetterUrl,
    [EnvVar.metricsQueueUrl]: resources.queues.metrics.url,
    [EnvVar.commentsQueueUrl]: resources.queues.comments.url,
    [EnvVar.rawBucket]: resources.buckets.raw,
    [EnvVar.idempotencyTable]: resources.tables.idempotency,
    [EnvVar.authorHashSecretId]: 'pulse/author-hash',
    ...simulatorBaseUrlEnv(url),
  };
  // What a Lambda's environment does: the SDK picks endpoints from AWS_ENDPOINT_URL_*.
  for (const [name, value] of Object.entries(base)) {
    restoreEnv.set(name, process.env[name]);
    process.env[name] = value;
  }
  resetClients();
  sqs = createSqsClient();
  const registry = new DynamoCreatorRegistry(resources.tables.creators);
  for (const entry of simulator.creators()) await registry.putCreator(entry.creator);
  for (const campaign of simulator.campaigns()) await registry.putCampaign(campaign);
});

afterAll(async () => {
  sqs?.destroy();
  await simulator?.close();
  for (const [name, value] of restoreEnv) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetClients();
});

async function receiveAll(queueUrl: string): Promise<string[]> {
  const bodies: string[] = [];
  for (let empty = 0; empty < 2; ) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        VisibilityTimeout: 60,
      }),
    );
    if (Messages.length === 0) {
      empty += 1;
      continue;
    }
    bodies.push(...Messages.map((m) => m.Body ?? ''));
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
  }
  return bodies;
}

/** Runs one simulated hour: the four 15-minute schedules, each followed by draining the collect queue. */
async function collectOneHour(hourStart: number, metrics: InMemoryCollectMetrics) {
  const logger = new Logger({ serviceName: 'collect-it', logLevel: 'SILENT' });
  const collectDeps = buildCollectCreatorDeps(env, {
    clock: () => collectorClock.now(),
    platformClock: { now: () => collectorClock.nowMs(), sleep: async () => undefined, random: () => 0.5 },
    secrets: new StaticSecretProvider(simulator.secrets()),
    authorHashSecret: AUTHOR_KEY,
    logger,
    metrics,
  });
  const source = new SqsEventSource({
    sqs,
    functionName: 'collect-creator',
    queueUrl: resources.queues.collect.url,
    queueArn: resources.queues.collect.arn,
    region: env.AWS_REGION ?? 'us-east-1',
    handler: createCollectCreatorHandler(collectDeps),
    batchSize: COLLECT_QUEUE.batchSize,
    maxBatchingWindowMs: 0,
    functionTimeoutMs: 30_000,
    reportBatchItemFailures: true,
    retryVisibilitySeconds: 1,
    maxConcurrency: 2,
  });
  const emitted: number[] = [];
  for (let quarter = 0; quarter < 4; quarter++) {
    // The scheduler walks the quarters; the platform and collector stay at the hour's instant, so the
    // comparison with the ground truth is exact.
    const scheduleAt = new Date(hourStart + quarter * 15 * 60_000);
    const result = await scheduleCollection(
      buildScheduleCollectionDeps(env, {
        clock: () => scheduleAt,
        logger: silentLogger,
        config: { spreadSeconds: 0 },
      }),
    );
    emitted.push(result.emitted.youtube + result.emitted.instagram + result.emitted.tiktok);
    await drainEventSources([source], { timeoutMs: 30_000, idleSleepMs: 20 });
  }
  return { emitted, stats: source.stats };
}

describe('collection path on the local stack with the simulator', () => {
  it('collects exactly the simulator posts and comments, archives every page, then only what is new', async () => {
    const metrics = new InMemoryCollectMetrics();
    const first = await collectOneHour(START, metrics);
    expect(first.emitted.reduce((a, b) => a + b, 0)).toBe(3);
    expect(first.stats.recordsFailed).toBe(0);

    const truth = simulator.groundTruth();
    const metricsBatches: MetricsBatch[] = (await receiveAll(resources.queues.metrics.url)).map((b) =>
      MetricsBatchSchema.parse(JSON.parse(b)),
    );
    const commentsBatches: CommentsBatch[] = (await receiveAll(resources.queues.comments.url)).map((b) =>
      CommentsBatchSchema.parse(JSON.parse(b)),
    );
    const lookback = new Date(START - 30 * 86_400_000).toISOString();
    const visiblePosts = truth.posts.filter((p) => p.status === 'active' && p.publishedAt >= lookback);
    expect(visiblePosts.length).toBeGreaterThan(0);
    const sentPostIds = metricsBatches.flatMap((m) => m.posts.map((p) => `${p.platform}#${p.postId}`)).sort();
    expect(sentPostIds).toEqual(visiblePosts.map((p) => `${p.platform}#${p.postId}`).sort());
    expect(new Set(metricsBatches.map((m) => m.creatorKey)).size).toBe(3);

    const expectedComments = visiblePosts
      .flatMap((p) => p.commentIds.map((id) => `${p.platform}#${p.postId}#${id}`))
      .sort();
    const sentComments = commentsBatches
      .flatMap((b) => b.comments.map((c) => `${c.platform}#${c.postId}#${c.commentId}`))
      .sort();
    expect(expectedComments.length).toBeGreaterThan(0);
    expect(sentComments).toEqual(expectedComments); // every comment, once
    for (const batch of commentsBatches) {
      for (const comment of batch.comments) expect(comment.authorKey).toMatch(/^[0-9a-f]{64}$/);
    }

    // Raw zone: every page the messages name is there, for every kind collected.
    const archive = new S3RawArchive(resources.buckets.raw);
    const keys = new Set(await archive.listKeys('raw/'));
    const named = [
      ...metricsBatches.flatMap((m) => m.rawArchiveKeys),
      ...commentsBatches.flatMap((b) => b.rawArchiveKeys),
    ];
    for (const key of named) expect(keys.has(key)).toBe(true);
    for (const platform of ['youtube', 'instagram', 'tiktok']) {
      expect([...keys].some((k) => k.startsWith(`raw/kind=posts/platform=${platform}/`))).toBe(true);
    }
    const [page] = (await archive.getPage([...keys][0] ?? '')) as { body: string; url: string }[];
    expect(typeof page?.body).toBe('string');
    expect(page?.url).not.toMatch(/access_token=(?!%5Bredacted%5D|\[redacted\])[^&]+/);
    expect(
      metrics.get('CommentsCollected', 'youtube') +
        metrics.get('CommentsCollected', 'instagram') +
        metrics.get('CommentsCollected', 'tiktok'),
    ).toBe(expectedComments.length);

    // One simulated hour later: exactly the comments that appeared in between.
    collectorClock.set(START + 3_600_000);
    await collectOneHour(START + 3_600_000, metrics);
    const later = simulator.groundTruth();
    const secondComments = (await receiveAll(resources.queues.comments.url))
      .map((b) => CommentsBatchSchema.parse(JSON.parse(b)))
      .flatMap((b) => b.comments.map((c) => `${c.platform}#${c.postId}#${c.commentId}`));
    const lookback2 = new Date(START + 3_600_000 - 30 * 86_400_000).toISOString();
    const allNow = later.posts
      .filter((p) => p.status === 'active' && p.publishedAt >= lookback2)
      .flatMap((p) => p.commentIds.map((id) => `${p.platform}#${p.postId}#${id}`));
    const previously = new Set(sentComments);
    expect(secondComments.sort()).toEqual(allNow.filter((id) => !previously.has(id)).sort());
    expect(simulator.stats().quotaViolations).toBe(0);
  });
});

describe('idempotency records in DynamoDB (dynalite)', () => {
  function sqsRecord(messageId: string, job: CollectJob) {
    return {
      messageId,
      receiptHandle: `rh-${messageId}`,
      body: JSON.stringify(job),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '0',
        SenderId: 'x',
        ApproximateFirstReceiveTimestamp: '0',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: resources.queues.collect.arn,
      awsRegion: env.AWS_REGION ?? 'us-east-1',
    };
  }

  async function idempotencyItems(): Promise<Record<string, unknown>[]> {
    const { Items = [] } = await dynamoDocumentClient().send(
      new ScanCommand({ TableName: resources.tables.idempotency, ConsistentRead: true }),
    );
    return Items;
  }

  it('a failed job leaves no record (retryable); a duplicate of a collected job makes no platform request', async () => {
    const at = START + 2 * 3_600_000;
    collectorClock.set(at);
    const metrics = new InMemoryCollectMetrics();
    const deps = buildCollectCreatorDeps(env, {
      clock: () => collectorClock.now(),
      platformClock: { now: () => collectorClock.nowMs(), sleep: async () => undefined, random: () => 0.5 },
      secrets: new StaticSecretProvider(simulator.secrets()),
      authorHashSecret: AUTHOR_KEY,
      logger: new Logger({ serviceName: 'collect-it', logLevel: 'SILENT' }),
      metrics,
    });
    const [entry] = simulator.creators();
    if (entry === undefined) throw new Error('the simulator has no creator');
    const { platform, accountId } = entry.creator;
    const job: CollectJob = {
      v: 1,
      type: 'collect-job',
      creatorKey: `${platform}#${accountId}`,
      platform,
      accountId,
      scheduledSlot: new Date(at).toISOString(),
      reason: 'manual',
    };
    const context = { getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
    const before = (await idempotencyItems()).length;

    // 1. The collection throws (connector unavailable): the record fails, the lock is deleted again.
    const broken = createCollectCreatorHandler({
      ...deps,
      connectorFor: async () => {
        throw new Error('connector unavailable (injected)');
      },
    });
    const failed = await broken({ Records: [sqsRecord('job-1', job)] }, context);
    expect(failed.batchItemFailures).toEqual([{ itemIdentifier: 'job-1' }]);
    expect(await idempotencyItems()).toHaveLength(before);

    // 2. The redelivery collects and leaves one COMPLETED record keyed on the natural key's hash.
    const handler = createCollectCreatorHandler(deps);
    const requestsBefore = simulator.stats().requests;
    const collected = await handler({ Records: [sqsRecord('job-1', job)] }, context);
    expect(collected.batchItemFailures).toEqual([]);
    const requestsForOneRun = simulator.stats().requests - requestsBefore;
    expect(requestsForOneRun).toBeGreaterThan(0);
    const items = await idempotencyItems();
    expect(items).toHaveLength(before + 1);
    const record = items.find((item) => String(item.id).startsWith('collect-creator#')) ?? {};
    expect(record).toMatchObject({ status: 'COMPLETED', data: { outcome: 'collected' } });
    const nowSeconds = Date.now() / 1000;
    expect(Number(record.expiration)).toBeGreaterThan(nowSeconds + COLLECT_IDEMPOTENCY_EXPIRY_SECONDS - 120);
    expect(Number(record.expiration)).toBeLessThan(nowSeconds + COLLECT_IDEMPOTENCY_EXPIRY_SECONDS + 5);
    expect(String(record.id)).not.toContain(collectJobKey(job)); // hashed, not the raw key

    // 3. Duplicates — the same message again and another message with the same creator and slot — replay.
    const duplicates = await handler(
      { Records: [sqsRecord('job-1', job), sqsRecord('job-1-resent', job)] },
      context,
    );
    expect(duplicates.batchItemFailures).toEqual([]);
    expect(simulator.stats().requests - requestsBefore).toBe(requestsForOneRun);
    expect(metrics.get('CollectJobsDuplicate', platform)).toBe(2);
    expect(await idempotencyItems()).toHaveLength(before + 1);
  });
});

describe('the Lambda entries (functions/*/handler.ts) on the local stack', () => {
  it('cold-start from env, route an invalid job to quarantine + DLQ, and fan out the current quarter', async () => {
    for (const [name, value] of Object.entries(env)) {
      if (!restoreEnv.has(name)) restoreEnv.set(name, process.env[name]);
      process.env[name] = value;
    }
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    resetClients();
    const collect = await import('../../../../functions/collect-creator/handler');
    const context = {
      getRemainingTimeInMillis: () => 60_000,
      functionName: 'collect-creator',
    } as unknown as Context;
    const response = await collect.handler(
      {
        Records: [
          {
            messageId: 'poison-1',
            receiptHandle: 'rh',
            body: '{"v":1,"type":"collect-job","platform":"myspace"}',
            attributes: {
              ApproximateReceiveCount: '1',
              SentTimestamp: '0',
              SenderId: 'x',
              ApproximateFirstReceiveTimestamp: '0',
            },
            messageAttributes: {},
            md5OfBody: '',
            eventSource: 'aws:sqs',
            eventSourceARN: resources.queues.collect.arn,
            awsRegion: env.AWS_REGION ?? 'us-east-1',
          },
        ],
      },
      context,
    );
    expect(response.batchItemFailures).toEqual([]);
    const archive = new S3RawArchive(resources.buckets.raw);
    expect(
      (await archive.listKeys('quarantine/queue=collect/')).some((k) => k.endsWith('/poison-1.json')),
    ).toBe(true);
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: resources.queues.collect.deadLetterUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
      }),
    );
    expect(Messages.map((m) => m.MessageAttributes?.reason?.StringValue)).toEqual([
      expect.stringMatching(/schema_violation/),
    ]);

    const schedule = await import('../../../../functions/schedule-collection/handler');
    const result = await schedule.handler({}, context);
    const due = simulator
      .creators()
      .filter(
        (c) => slotOfCreator(`${c.creator.platform}#${c.creator.accountId}`) === result.slotIndex,
      ).length;
    expect(result.emitted.youtube + result.emitted.instagram + result.emitted.tiktok).toBe(due);
  });
});
