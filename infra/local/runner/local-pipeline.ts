import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import {
  dynamoDocumentClient,
  resetClients,
  s3Client,
  sqsClient,
} from '../../../shared/adapters/aws/clients';
import { DynamoCreatorRegistry } from '../../../shared/adapters/aws/dynamo-creator-registry';
import { DynamoPostStore } from '../../../shared/adapters/aws/dynamo-post-store';
import { DynamoSnapshotStore } from '../../../shared/adapters/aws/dynamo-snapshot-store';
import { SqsMessagePublisher } from '../../../shared/adapters/aws/sqs-message-publisher';
import { queueDefinition } from '../../../shared/config/queue-definitions';
import { EnvVar, FunctionId, QueueId } from '../../../shared/config/resource-names';
import { creatorKey } from '../../../shared/domain/platform';
import type { CollectJob } from '../../../shared/messages/collect-job';
import { StaticSecretProvider } from '../../../shared/platforms/secret-providers';
import type { AlertNotification } from '../../../shared/ports/notifier';
import { createCollectCreatorHandler } from '../../../shared/use-cases/collect-creator';
import {
  buildCollectCreatorDeps,
  buildScheduleCollectionDeps,
  simulatedPlatformClock,
  simulatorBaseUrlEnv,
} from '../../../shared/use-cases/collect-wiring';
import { createScheduleCollectionHandler } from '../../../shared/use-cases/schedule-collection';
import { type FaultRates, type Simulator, type SimulatorStats, startSimulator } from '../simulator';
import { mulberry32 } from '../simulator/prng';
import { type LocalStack, startLocalStack } from '../stack';
import { drainEventSources } from './drain';
import { JsonlFileNotifier } from './jsonl-notifier';
import { buildProcessingHandlers } from './processing-handlers';
import { countedAs, requestCounterFromEnv } from './request-counter';
import { SimulatedClock, scheduledEvent } from './simulated-clock';
import { type EventSourceStats, SqsEventSource } from './sqs-event-source';

export interface LocalRunOptions {
  readonly creators: number;
  readonly hours: number;
  readonly seed: number;
  /** One rate for every platform fault knob and for handler crashes / duplicate deliveries. */
  readonly faults: number;
  readonly outDir: string;
  /** Start of the simulated window (epoch ms). Default: the current hour minus `hours`, so the run ends "now". */
  readonly startAt?: number;
  readonly dynamo?: 'dynalite' | 'dynamodb-local';
  /** Minutes between fan-out schedule ticks (EventBridge rate on AWS). */
  readonly tickMinutes?: number;
  readonly progress?: (line: string) => void;
}

export interface DeadLetter {
  readonly queue: string;
  readonly reason: string | null;
  readonly sourceQueue: string | null;
  readonly body: string;
}

export interface LocalRunResult {
  readonly outDir: string;
  readonly startAt: string;
  readonly endAt: string;
  readonly wallSeconds: number;
  readonly simulator: SimulatorStats;
  readonly eventSources: Readonly<Record<string, EventSourceStats>>;
  readonly scheduleTicks: number;
  readonly snapshotCount: number;
  readonly jobsEmitted: number;
  readonly jobsDeferred: number;
  readonly alerts: readonly AlertNotification[];
  readonly deadLetters: readonly DeadLetter[];
  readonly quarantinedKeys: readonly string[];
  readonly exportKeys: readonly string[];
  readonly groundTruthPath: string;
  readonly alertsPath: string;
}

const HOUR = 3_600_000;

/**
 * `--faults RATE` turns on the transport faults a pipeline must absorb without changing what it reports:
 * 429s, 5xx, slow responses, malformed pages, duplicated and shifted pages. Faults that change the world
 * itself (deleted posts, revoked tokens, exhausted quotas) are exercised by the connector tests instead.
 * Expiring tokens are not a fault: every run refreshes them (simulator/oauth.ts).
 */
export function transportFaults(rate: number): Partial<FaultRates> {
  return {
    rateLimit: rate,
    serverError: rate,
    slow: rate / 4,
    malformedJson: rate,
    duplicatePages: rate,
    shiftedPages: rate,
  };
}

async function countSnapshots(env: Record<string, string>, simulator: Simulator): Promise<number> {
  const table = env[EnvVar.dataTable] ?? '';
  const posts = new DynamoPostStore(table);
  const snapshots = new DynamoSnapshotStore(table);
  let total = 0;
  for (const { creator } of simulator.creators()) {
    for (const post of await posts.listPostsByCreator(creator.platform, creator.accountId)) {
      const series = await snapshots.listSnapshots(post.platform, post.postId, {
        from: '2000-01-01T00:00:00.000Z',
        to: '2100-01-01T00:00:00.000Z',
      });
      total += series.length;
    }
  }
  return total;
}
/** Long enough for all 32+ characters HMAC keys; local only, never a real secret. */
const LOCAL_AUTHOR_HASH_KEY = 'local-author-hash-key-not-a-secret-0123456789';

/** Holds the env the AWS SDK reads (endpoints, region) for the run and restores the previous values after. */
function applyEnv(env: Readonly<Record<string, string>>): () => void {
  const previous = new Map<string, string | undefined>();
  for (const [key, value] of Object.entries(env)) {
    previous.set(key, process.env[key]);
    process.env[key] = value;
  }
  resetClients();
  return () => {
    for (const [key, value] of previous) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    resetClients();
  };
}

const quietLogger = () => new Logger({ serviceName: 'creator-pulse-local', logLevel: 'SILENT' });

/**
 * Runs the whole pipeline on this machine: the local AWS stack (dynalite + fauxqs), the simulated platform, the
 * same handler code as on Lambda driven by SQS event sources with Lambda's semantics, and a scheduler on a
 * simulated clock, so `hours` of schedule finish in about a minute.
 */
export async function runLocalPipeline(options: LocalRunOptions): Promise<LocalRunResult> {
  const started = Date.now();
  const progress = options.progress ?? (() => undefined);
  const tickMs = (options.tickMinutes ?? 15) * 60_000;
  const startAt = options.startAt ?? Math.floor(Date.now() / HOUR) * HOUR - options.hours * HOUR;
  const endAt = startAt + options.hours * HOUR;
  mkdirSync(options.outDir, { recursive: true });
  for (const stale of [
    'exports',
    'alerts.jsonl',
    'ground-truth.json',
    'dead-letters.jsonl',
    'summary.json',
  ]) {
    rmSync(join(options.outDir, stale), { recursive: true, force: true });
  }
  const alertsPath = join(options.outDir, 'alerts.jsonl');
  writeFileSync(alertsPath, '');

  progress(
    `starting the local AWS stack (${options.dynamo ?? 'dynalite'} + fauxqs) and the simulated platform…`,
  );
  const stack: LocalStack = await startLocalStack({
    dynamo: options.dynamo ?? 'dynalite',
    emulatorThread: true,
  });
  const clock = new SimulatedClock(startAt);
  let simulator: Simulator | undefined;
  let restoreEnv: (() => void) | undefined;
  try {
    simulator = await startSimulator({
      seed: options.seed,
      creators: options.creators,
      now: () => clock.nowMs(),
      startAt,
      faults: transportFaults(options.faults),
      // "Slow" responses stay slow enough to exercise timeouts, without stretching the run.
      slowResponseMs: 300,
    });
    const env: Record<string, string> = {
      ...stack.env,
      ...simulatorBaseUrlEnv(simulator.url),
      [EnvVar.authorHashSecretId]: 'local/author-hash-key',
      [EnvVar.platformSecretPrefix]: '',
      [EnvVar.logLevel]: 'SILENT',
    };
    restoreEnv = applyEnv(env);
    // PULSE_COUNT_REQUESTS=1: count AWS requests per operation and function (request-counter.ts).
    const requestCounter = requestCounterFromEnv();
    requestCounter?.install(dynamoDocumentClient(), 'DynamoDB');
    requestCounter?.install(sqsClient(), 'SQS');
    requestCounter?.install(s3Client(), 'S3');

    const registry = new DynamoCreatorRegistry(env[EnvVar.creatorsTable] ?? '');
    for (const campaign of simulator.campaigns()) await registry.putCampaign(campaign);
    for (const { creator } of simulator.creators()) await registry.putCreator(creator);
    progress(
      `registered ${simulator.creators().length} creators and ${simulator.campaigns().length} campaigns from the simulator (seed ${options.seed})`,
    );

    const random = mulberry32(options.seed ^ 0x5eed);
    const quota = simulator.quotaLimits();
    const quotaLimits = {
      youtubeDailyUnits: quota.youtubeDailyUnits,
      instagramMaxUsagePercent: 100,
      instagramDefaultBlockMs: HOUR,
      tiktokPerMinute: quota.tiktokPerMinute,
    };
    const dlqUrls = {
      'collect-dlq': stack.resources.queues.collect.deadLetterUrl,
      'metrics-dlq': stack.resources.queues.metrics.deadLetterUrl,
      'comments-dlq': stack.resources.queues.comments.deadLetterUrl,
      'alerts-dlq': stack.resources.queues.alerts.deadLetterUrl,
    };
    const scheduleHandler = createScheduleCollectionHandler(
      buildScheduleCollectionDeps(env, {
        clock: () => clock.now(),
        logger: quietLogger(),
        quotaLimits,
        config: { spreadSeconds: 0 },
      }),
    );
    const collectHandler = createCollectCreatorHandler(
      buildCollectCreatorDeps(env, {
        clock: () => clock.now(),
        // Backoff and Retry-After waits pass on a virtual clock of the connectors: the machine does not wait,
        // and the run's own clock (what handlers stamp on data) does not drift with how many retries happened.
        platformClock: simulatedPlatformClock(() => clock.now(), random),
        // The simulator's credentials (access + refresh tokens, expiries) and OAuth apps, in a writable
        // in-memory store: TikTok tokens expire every 2 h and YouTube's every hour, so the run refreshes them
        // for real and each rotated credential is written back here before it is used.
        secrets: new StaticSecretProvider(simulator.secrets()),
        authorHashSecret: LOCAL_AUTHOR_HASH_KEY,
        logger: quietLogger(),
        quotaLimits,
        queueUrls: dlqUrls,
        requestTimeoutMs: 2_000,
      }),
    );
    const notifier = new JsonlFileNotifier(alertsPath);
    const processing = buildProcessingHandlers(env, {
      clock: () => clock.now(),
      notifier,
      logger: quietLogger(),
    });

    const handlers: Record<QueueId, (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>> = {
      [QueueId.collect]: collectHandler,
      [QueueId.metrics]: processing.processMetrics,
      [QueueId.comments]: processing.processComments,
      [QueueId.alerts]: processing.evaluateAlerts,
    };
    const sqs: SQSClient = sqsClient();
    const sources = Object.entries(handlers).map(([queueId, handler], index) => {
      const definition = queueDefinition(queueId as QueueId);
      const queue = stack.resources.queues[queueId as QueueId];
      return [
        queueId,
        new SqsEventSource({
          sqs,
          functionName: definition.consumer,
          queueUrl: queue.url,
          queueArn: queue.arn,
          region: env.AWS_REGION ?? 'us-east-1',
          handler: countedAs(requestCounter, definition.consumer, handler),
          batchSize: definition.batchSize,
          // The simulated clock jumps, so batching windows would only add real waiting: collapsed locally.
          maxBatchingWindowMs: 0,
          functionTimeoutMs: definition.consumerTimeoutSeconds * 1000,
          reportBatchItemFailures: true,
          retryVisibilitySeconds: 0,
          maxConcurrency: 2,
          faults: { crashMidBatchRate: options.faults / 2, duplicateDeliveryRate: options.faults },
          seed: options.seed + index,
        }),
      ] as const;
    });
    const eventSources = sources.map(([, source]) => source);

    if (options.faults > 0) {
      // Poison messages: a body that is not JSON and one of an unknown schema version on every queue. The
      // consumers must put each on the dead-letter path with its reason and lose nothing else.
      const poison = new SqsMessagePublisher(
        Object.fromEntries(Object.entries(stack.resources.queues).map(([id, q]) => [id, q.url])),
      );
      for (const queueId of Object.values(QueueId)) {
        await poison.publish(queueId, [
          { body: undefined, rawBody: `{"truncated": ` },
          { body: { v: 99, type: 'unknown-message' } },
        ]);
      }
      progress('injected 2 poison messages into each queue (they must end in the DLQs with a reason)');
    }

    let ticks = 0;
    let jobsEmitted = 0;
    let jobsDeferred = 0;
    const totalTicks = Math.ceil((endAt - startAt) / tickMs);
    for (let at = startAt; at < endAt; at += tickMs) {
      clock.set(Math.max(clock.nowMs(), at));
      const result = await countedAs(
        requestCounter,
        FunctionId.scheduleCollection,
        scheduleHandler,
      )(scheduledEvent('fan-out', clock.now(), env.AWS_REGION ?? 'us-east-1'));
      jobsEmitted += Object.values(result.emitted).reduce((sum, n) => sum + n, 0);
      jobsDeferred += Object.values(result.deferred).reduce((sum, n) => sum + n, 0);
      await drainEventSources(eventSources, { timeoutMs: 120_000, idleSleepMs: 20 });
      ticks += 1;
      if (ticks % Math.max(1, Math.round(HOUR / tickMs)) === 0 || ticks === totalTicks) {
        const hour = Math.round((at + tickMs - startAt) / HOUR);
        progress(
          `  simulated hour ${String(hour).padStart(2)}/${options.hours}: ${jobsEmitted} collection jobs, ${notifier.delivered.length} alert notification(s)`,
        );
      }
    }
    clock.set(Math.max(clock.nowMs(), endAt));

    // A last catch-up collection of every creator at the end of the window (as `pulse collect-now` would do on
    // AWS), so the exports include comments published after each creator's last scheduled slot.
    progress('final catch-up collection of every creator…');
    const publisher = new SqsMessagePublisher({ collect: stack.resources.queues.collect.url });
    await publisher.publish(
      QueueId.collect,
      simulator.creators().map(({ creator }) => ({
        body: {
          v: 1,
          type: 'collect-job',
          creatorKey: creatorKey(creator.platform, creator.accountId),
          platform: creator.platform,
          accountId: creator.accountId,
          scheduledSlot: clock.now().toISOString(),
          reason: 'manual',
        } satisfies CollectJob,
      })),
    );
    await drainEventSources(eventSources, { timeoutMs: 120_000, idleSleepMs: 20 });
    const snapshotCount = await countSnapshots(env, simulator);

    progress('exporting the benchmark snapshot (Parquet)…');
    await countedAs(
      requestCounter,
      FunctionId.exportBenchmarks,
      processing.exportBenchmarks,
    )({ generatedAt: clock.now().toISOString() });
    const s3 = s3Client();
    const exportKeys = await downloadPrefix(s3, stack.resources.buckets.exports, 'exports/', options.outDir);
    const quarantinedKeys = await listKeys(s3, stack.resources.buckets.raw, 'quarantine/');
    const deadLetters = await readDeadLetters(sqs, stack);
    writeFileSync(
      join(options.outDir, 'dead-letters.jsonl'),
      deadLetters.map((d) => JSON.stringify(d)).join('\n') + (deadLetters.length > 0 ? '\n' : ''),
    );
    const groundTruthPath = join(options.outDir, 'ground-truth.json');
    await simulator.writeGroundTruth(groundTruthPath);
    if (requestCounter) {
      progress(requestCounter.format());
      writeFileSync(
        join(options.outDir, 'request-counts.json'),
        JSON.stringify(requestCounter.snapshot(), null, 2),
      );
    }

    return {
      outDir: options.outDir,
      startAt: new Date(startAt).toISOString(),
      endAt: new Date(endAt).toISOString(),
      wallSeconds: (Date.now() - started) / 1000,
      simulator: simulator.stats(),
      eventSources: Object.fromEntries(sources.map(([id, source]) => [id, { ...source.stats }])),
      scheduleTicks: ticks,
      snapshotCount,
      jobsEmitted,
      jobsDeferred,
      alerts: notifier.delivered,
      deadLetters,
      quarantinedKeys,
      exportKeys,
      groundTruthPath,
      alertsPath,
    };
  } finally {
    await simulator?.close().catch(() => undefined);
    restoreEnv?.();
    await stack.stop();
  }
}

async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys.sort();
}

/** Copies `s3://bucket/<prefix>…` to `<outDir>/<prefix>…`, keeping the Hive-style key layout. */
async function downloadPrefix(
  s3: S3Client,
  bucket: string,
  prefix: string,
  outDir: string,
): Promise<string[]> {
  const keys = await listKeys(s3, bucket, prefix);
  for (const key of keys) {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const bytes = await object.Body?.transformToByteArray();
    const target = join(outDir, key);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes ?? new Uint8Array());
  }
  return keys;
}

/** Reads (without deleting) every message left in the DLQs, with the reason attribute the consumers set. */
async function readDeadLetters(sqs: SQSClient, stack: LocalStack): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = [];
  for (const [queueId, queue] of Object.entries(stack.resources.queues)) {
    for (;;) {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.deadLetterUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 300,
          MessageAttributeNames: ['All'],
        }),
      );
      if (!Messages || Messages.length === 0) break;
      for (const message of Messages) {
        letters.push({
          queue: `${queueId}-dlq`,
          reason: message.MessageAttributes?.reason?.StringValue ?? null,
          sourceQueue: message.MessageAttributes?.sourceQueue?.StringValue ?? null,
          body: message.Body ?? '',
        });
      }
    }
  }
  // SQS is at-least-once, so a redelivered poison message may be copied to the DLQ twice: count it once.
  const seen = new Set<string>();
  return letters.filter((letter) => {
    const key = JSON.stringify([letter.queue, letter.sourceQueue, letter.reason, letter.body]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
