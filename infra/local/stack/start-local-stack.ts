import type { Server } from 'node:http';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import dynalite from 'dynalite';
import { startFauxqs } from 'fauxqs';
import { EnvVar } from '../../../shared/config/resource-names';
import { createLocalResources, type LocalResources } from './create-resources';
import { startDynamoDbLocal } from './dynamodb-local';

/**
 * A local AWS stack in process, on 127.0.0.1 with ephemeral ports: dynalite (default) or Amazon DynamoDB Local
 * for DynamoDB, fauxqs for SQS and S3. Creates tables, queues (with DLQs and redrive policies) and buckets from
 * shared/config/*-definitions.ts and returns the environment the functions read. Nothing is downloaded.
 */

export type LocalDynamoBackend = 'dynalite' | 'dynamodb-local';

export interface LocalStackOptions {
  /** Keep DynamoDB data on disk between runs (dynalite LevelDB / DynamoDB Local SQLite). SQS/S3 stay in memory. */
  persistDir?: string;
  dynamo?: LocalDynamoBackend;
  /** Stage used in resource names `creator-pulse-<stage>-<id>` (default `local`). */
  stage?: string;
  region?: string;
  /**
   * Run dynalite and fauxqs on a worker thread instead of the caller's event loop, so the emulators and the code
   * under test use two cores (what `pulse run` does). Tests keep them in process: simpler to debug, fast enough.
   */
  emulatorThread?: boolean;
}

interface EmulatorWorker {
  dynamodb: string | undefined;
  fauxPort: number;
  stop: () => Promise<void>;
}

async function startEmulatorWorker(data: {
  withDynalite: boolean;
  dynaliteOptions: Record<string, unknown>;
  region: string;
}): Promise<EmulatorWorker> {
  const worker = new Worker(new URL('./emulator-worker.mjs', import.meta.url), { workerData: data });
  const ready = await new Promise<{ dynamodb?: string; fauxPort: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`emulator worker exited with code ${code}`)));
  });
  return {
    dynamodb: ready.dynamodb,
    fauxPort: ready.fauxPort,
    stop: async () => {
      const stopped = new Promise<void>((resolve) => worker.once('message', () => resolve()));
      worker.postMessage('stop');
      await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      await worker.terminate();
    },
  };
}

export interface LocalStack {
  /** AWS_* endpoint/credential variables plus the PULSE_* resource variables (shared/config/resource-names.ts). */
  readonly env: Readonly<Record<string, string>>;
  readonly resources: LocalResources;
  readonly endpoints: { readonly dynamodb: string; readonly sqs: string; readonly s3: string };
  readonly dynamo: LocalDynamoBackend;
  stop(): Promise<void>;
}

const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

async function startDynalite(
  path: string | undefined,
): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const server: Server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(path ? { path } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const backend = options.dynamo ?? 'dynalite';
  const stage = options.stage ?? 'local';
  const region = options.region ?? 'us-east-1';
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    stops.length = 0;
  };
  try {
    let dynamo: { endpoint: string; stop: () => Promise<void> };
    let fauxPort: number;
    if (options.emulatorThread) {
      const worker = await startEmulatorWorker({
        withDynalite: backend === 'dynalite',
        dynaliteOptions: options.persistDir ? { path: join(options.persistDir, 'dynalite') } : {},
        region,
      });
      stops.push(worker.stop);
      fauxPort = worker.fauxPort;
      dynamo =
        worker.dynamodb !== undefined
          ? { endpoint: worker.dynamodb, stop: async () => undefined }
          : await startDynamoDbLocal(
              options.persistDir ? { dbPath: join(options.persistDir, 'dynamodb-local') } : {},
            );
      stops.push(() => dynamo.stop());
    } else {
      dynamo =
        backend === 'dynalite'
          ? await startDynalite(options.persistDir ? join(options.persistDir, 'dynalite') : undefined)
          : await startDynamoDbLocal(
              options.persistDir ? { dbPath: join(options.persistDir, 'dynamodb-local') } : {},
            );
      stops.push(() => dynamo.stop());
      // fauxqs always binds 0.0.0.0 in 1.9.2 (not configurable); clients use 127.0.0.1.
      const faux = await startFauxqs({ port: 0, logger: false, defaultRegion: region });
      stops.push(() => faux.stop());
      fauxPort = faux.port;
    }
    const endpoints = {
      dynamodb: dynamo.endpoint,
      sqs: `http://127.0.0.1:${fauxPort}`,
      s3: `http://127.0.0.1:${fauxPort}`,
    };

    // Setup clients know the emulator endpoints explicitly; application adapters never do.
    const clientConfig = { region, credentials: CREDENTIALS };
    const clients = {
      dynamodb: new DynamoDBClient({ ...clientConfig, endpoint: endpoints.dynamodb }),
      sqs: new SQSClient({ ...clientConfig, endpoint: endpoints.sqs }),
      s3: new S3Client({ ...clientConfig, endpoint: endpoints.s3, forcePathStyle: true }),
    };
    let resources: LocalResources;
    try {
      resources = await createLocalResources(clients, stage);
    } finally {
      clients.dynamodb.destroy();
      clients.sqs.destroy();
      clients.s3.destroy();
    }

    const env: Record<string, string> = {
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
      AWS_ENDPOINT_URL_SQS: endpoints.sqs,
      AWS_ENDPOINT_URL_S3: endpoints.s3,
      [EnvVar.stage]: stage,
      [EnvVar.creatorsTable]: resources.tables.creators,
      [EnvVar.dataTable]: resources.tables.data,
      [EnvVar.idempotencyTable]: resources.tables.idempotency,
      [EnvVar.collectQueueUrl]: resources.queues.collect.url,
      [EnvVar.metricsQueueUrl]: resources.queues.metrics.url,
      [EnvVar.commentsQueueUrl]: resources.queues.comments.url,
      [EnvVar.alertsQueueUrl]: resources.queues.alerts.url,
      [EnvVar.collectDlqUrl]: resources.queues.collect.deadLetterUrl,
      [EnvVar.metricsDlqUrl]: resources.queues.metrics.deadLetterUrl,
      [EnvVar.commentsDlqUrl]: resources.queues.comments.deadLetterUrl,
      [EnvVar.alertsDlqUrl]: resources.queues.alerts.deadLetterUrl,
      [EnvVar.rawBucket]: resources.buckets.raw,
      [EnvVar.exportsBucket]: resources.buckets.exports,
    };
    let stopped: Promise<void> | undefined;
    return {
      env,
      resources,
      endpoints,
      dynamo: backend,
      stop: () => {
        stopped ??= stopAll();
        return stopped;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
