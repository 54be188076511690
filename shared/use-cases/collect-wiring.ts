import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { AuthorKeySecretError, hmacAuthorKey } from '../adapters/aws/author-key';
import { dynamoDocumentClient } from '../adapters/aws/clients';
import { DynamoCreatorRegistry } from '../adapters/aws/dynamo-creator-registry';
import { DynamoWatermarkStore } from '../adapters/aws/dynamo-watermark-store';
import { createDynamoQuotaLedger } from '../adapters/aws/dynamodb-quota-ledger';
import { S3RawArchive } from '../adapters/aws/s3-raw-archive';
import { type QueueUrls, SqsMessagePublisher } from '../adapters/aws/sqs-message-publisher';
import { EnvVar, FunctionId } from '../config/resource-names';
import type { Platform } from '../domain/platform';
import { parseEnv } from '../lambda/config';
import { createObservability } from '../lambda/observability';
import { type ConnectorsConfig, createPlatformConnectors } from '../platforms/connectors';
import type { QuotaLimits } from '../platforms/quota-ledger';
import type { Clock, RetryPolicy } from '../platforms/retry';
import { SecretsManagerSecretProvider } from '../platforms/secret-providers';
import type { TokenRefreshEvent } from '../platforms/token-refresher';
import type { CreatorRegistry } from '../ports/creator-registry';
import type { MessagePublisher } from '../ports/message-publisher';
import type { PlatformConnector } from '../ports/platform-connector';
import type { QuotaLedger, QuotaStateStore } from '../ports/quota-ledger';
import type { QuarantineSink, RawArchive } from '../ports/raw-archive';
import type { SecretProvider } from '../ports/secret-provider';
import type { WatermarkStore } from '../ports/watermark-store';
import type { CollectCreatorConfig, CollectCreatorDeps } from './collect-creator';
import type { CollectLogger, CollectMetrics } from './collect-observability';
import { createQuotaProbe } from './collect-quota';
import type { ScheduleCollectionConfig, ScheduleCollectionDeps } from './schedule-collection';

/**
 * Builds the ports of the two collection functions from an environment record (Lambda's `process.env`, or the
 * local stack's `env`), with overrides for whatever the caller wants to inject: a simulated clock, the
 * simulator's base URLs and tokens, in-memory stores. The same code path serves Lambda, `pulse run` and tests.
 */

const optionalUrl = z.string().url().optional();

export const CollectCreatorEnvSchema = z.object({
  [EnvVar.creatorsTable]: z.string().min(1),
  [EnvVar.dataTable]: z.string().min(1),
  [EnvVar.metricsQueueUrl]: z.string().url(),
  [EnvVar.commentsQueueUrl]: z.string().url(),
  /** Where invalid job bodies are copied with their reason (unset: they fail until SQS's redrive moves them). */
  [EnvVar.collectDlqUrl]: optionalUrl,
  [EnvVar.rawBucket]: z.string().min(1),
  /** Powertools idempotency records (one per job natural key); required: without it duplicates spend quota. */
  [EnvVar.idempotencyTable]: z.string().min(1),
  /** Prefix of the per-creator platform credential secrets (`<prefix><platform>/<accountId>`). */
  [EnvVar.platformSecretPrefix]: z.string().default(''),
  [EnvVar.authorHashSecretId]: z.string().min(1),
  /** Connector base URLs; unset = the real platform hosts. */
  [EnvVar.platformBaseUrlYoutube]: optionalUrl,
  [EnvVar.platformBaseUrlInstagram]: optionalUrl,
  [EnvVar.platformBaseUrlTiktok]: optionalUrl,
});
export type CollectCreatorEnv = z.infer<typeof CollectCreatorEnvSchema>;

export const ScheduleCollectionEnvSchema = z.object({
  [EnvVar.creatorsTable]: z.string().min(1),
  [EnvVar.dataTable]: z.string().min(1),
  [EnvVar.collectQueueUrl]: z.string().url(),
});

/** Connector base URLs from `PULSE_<PLATFORM>_BASE_URL` (TikTok's Display and Business API share one base locally). */
export function connectorsConfigFromEnv(env: CollectCreatorEnv): ConnectorsConfig {
  const youtube = env[EnvVar.platformBaseUrlYoutube];
  const instagram = env[EnvVar.platformBaseUrlInstagram];
  const tiktok = env[EnvVar.platformBaseUrlTiktok];
  return {
    ...(youtube ? { youtube: { baseUrl: youtube } } : {}),
    ...(instagram ? { instagram: { baseUrl: instagram } } : {}),
    ...(tiktok ? { tiktok: { baseUrl: tiktok, businessBaseUrl: tiktok } } : {}),
  };
}

/** The env variables that point the connectors at the simulator (`pulse simulate` / createSimulator base URL). */
export function simulatorBaseUrlEnv(simulatorUrl: string): Record<string, string> {
  const root = simulatorUrl.replace(/\/+$/, '');
  return {
    [EnvVar.platformBaseUrlYoutube]: `${root}/youtube/v3`,
    [EnvVar.platformBaseUrlInstagram]: `${root}/instagram`,
    [EnvVar.platformBaseUrlTiktok]: `${root}/tiktok`,
  };
}

export interface CollectCreatorOverrides {
  /** Simulated clock (local runner); default wall clock. */
  readonly clock?: () => Date;
  /**
   * Clock for the connectors' retries and quota waits. Default: the wall clock; with `clock` injected,
   * `simulatedPlatformClock(clock)` (waits return at once and advance a virtual offset).
   */
  readonly platformClock?: Clock;
  /** Platform credentials (default Secrets Manager with the env prefix). Locally: the simulator's tokens. */
  readonly secrets?: SecretProvider;
  /** The author-hash key itself (default: read once from Secrets Manager, id from env). At least 32 characters. */
  readonly authorHashSecret?: string;
  readonly logger?: CollectCreatorDeps['logger'];
  readonly metrics?: CollectMetrics;
  readonly registry?: CreatorRegistry;
  readonly watermarks?: WatermarkStore;
  readonly archive?: RawArchive & QuarantineSink;
  readonly publisher?: MessagePublisher;
  /** Extra queue URLs for the publisher, e.g. `{ 'collect-dlq': url }` for the dead-letter copy. */
  readonly queueUrls?: QueueUrls;
  readonly quotaStore?: QuotaStateStore;
  readonly quotaLimits?: QuotaLimits;
  /** Merged over the base URLs from env. */
  readonly connectors?: ConnectorsConfig;
  readonly retryPolicy?: RetryPolicy;
  readonly requestTimeoutMs?: number;
  readonly maxInlineQuotaWaitMs?: number;
  readonly fetch?: typeof fetch;
  /** Called after each platform token refresh (the local runner counts them); never carries a token. */
  readonly onTokenRefresh?: (event: TokenRefreshEvent) => void;
  readonly config?: Partial<CollectCreatorConfig>;
  readonly newId?: () => string;
  /** Idempotency persistence (default: DynamoDB on PULSE_IDEMPOTENCY_TABLE); unit tests inject memory. */
  readonly idempotency?: BasePersistenceLayer;
}

/**
 * The idempotency records in DynamoDB, through the process's shared DynamoDB client: one connection pool, and
 * the local runner's request counter sees these calls too. The document client shares its base client's
 * config and middleware stack, so Powertools' own (marshalled) commands go through it unchanged.
 */
export function dynamoIdempotencyPersistence(tableName: string): BasePersistenceLayer {
  return new DynamoDBPersistenceLayer({
    tableName,
    awsSdkV3Client: dynamoDocumentClient() as unknown as DynamoDBClient,
  });
}

export interface BuiltCollectCreatorDeps extends CollectCreatorDeps {
  readonly ledger: QuotaLedger;
  readonly quotaStore: QuotaStateStore;
}

const wallPlatformClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/**
 * The connectors' clock under a simulated clock: a backoff or quota wait (TikTok's sliding minute) returns at
 * once and moves this clock forward by the wait, so the ledger sees the time pass. Without that, a wait on a
 * frozen simulated clock would never end. The offset is bounded: once the simulated clock passes the virtual
 * instant, it takes over again.
 */
export function simulatedPlatformClock(clock: () => Date, random: () => number = Math.random): Clock {
  let virtualNow = 0;
  const now = () => Math.max(clock().getTime(), virtualNow);
  return {
    now,
    sleep: async (ms) => {
      virtualNow = now() + Math.max(0, ms);
    },
    random,
  };
}

/** Parses the env (throws ConfigError listing every problem) and wires AWS-backed ports unless overridden. */
export function buildCollectCreatorDeps(
  envRecord: Record<string, string | undefined>,
  overrides: CollectCreatorOverrides = {},
): BuiltCollectCreatorDeps {
  const env = parseEnv(CollectCreatorEnvSchema, envRecord);
  const clock = overrides.clock ?? (() => new Date());
  const logger = overrides.logger ?? createObservability(FunctionId.collectCreator).logger;
  const { ledger, store: quotaStore } = createDynamoQuotaLedger(env[EnvVar.dataTable], {
    ...(overrides.quotaStore ? { store: overrides.quotaStore } : {}),
    ...(overrides.quotaLimits ? { limits: overrides.quotaLimits } : {}),
  });
  // Creating the client makes no call; it is only used when a secret is not injected.
  const secretsClient = new SecretsManagerClient({});
  const secrets =
    overrides.secrets ?? new SecretsManagerSecretProvider(secretsClient, env[EnvVar.platformSecretPrefix]);
  const authorSecretProvider = new SecretsManagerSecretProvider(secretsClient, '');
  const platformClock: Clock =
    overrides.platformClock ?? (overrides.clock ? simulatedPlatformClock(clock) : wallPlatformClock);
  const fromEnv = connectorsConfigFromEnv(env);
  const connectorsConfig: ConnectorsConfig = {
    youtube: { ...fromEnv.youtube, ...overrides.connectors?.youtube },
    instagram: { ...fromEnv.instagram, ...overrides.connectors?.instagram },
    tiktok: { ...fromEnv.tiktok, ...overrides.connectors?.tiktok },
  };

  // The author-hash key is read once per container; a failed read is retried on the next job.
  let authorKey: Promise<string> | undefined;
  const loadAuthorKey = (): Promise<string> => {
    authorKey ??= (
      overrides.authorHashSecret !== undefined
        ? Promise.resolve(overrides.authorHashSecret)
        : authorSecretProvider.getSecret(env[EnvVar.authorHashSecretId])
    ).then((secret) => {
      if (secret.length < 32)
        throw new AuthorKeySecretError('author hash key must be at least 32 characters');
      return secret;
    });
    authorKey.catch(() => {
      authorKey = undefined;
    });
    return authorKey;
  };
  const connectors = new Map<Platform, PlatformConnector>();
  const connectorFor = async (platform: Platform): Promise<PlatformConnector> => {
    const cached = connectors.get(platform);
    if (cached) return cached;
    const secret = await loadAuthorKey();
    const connector = createPlatformConnectors(
      {
        secrets,
        ledger,
        // Raw author ids are keyed inside the connector and never leave it.
        authorKeyer: (authorId) => hmacAuthorKey(secret, platform, authorId),
        clock: platformClock,
        ...(overrides.retryPolicy ? { retryPolicy: overrides.retryPolicy } : {}),
        ...(overrides.requestTimeoutMs ? { requestTimeoutMs: overrides.requestTimeoutMs } : {}),
        ...(overrides.maxInlineQuotaWaitMs ? { maxInlineQuotaWaitMs: overrides.maxInlineQuotaWaitMs } : {}),
        ...(overrides.fetch ? { fetch: overrides.fetch } : {}),
        logger: {
          warn: (message, extra) => logger.warn(message, { platform, ...extra }),
          error: (message, extra) => logger.error(message, { platform, ...extra }),
        },
        onTokenRefresh: (event) => {
          logger.info('platform token refreshed', { ...event });
          overrides.metrics?.count('TokenRefreshes', platform, 1);
          if (!event.persisted) overrides.metrics?.count('TokenRefreshesNotPersisted', platform, 1);
          overrides.onTokenRefresh?.(event);
        },
      },
      connectorsConfig,
    )[platform];
    connectors.set(platform, connector);
    return connector;
  };

  const queueUrls: QueueUrls = {
    metrics: env[EnvVar.metricsQueueUrl],
    comments: env[EnvVar.commentsQueueUrl],
    ...(env[EnvVar.collectDlqUrl] ? { 'collect-dlq': env[EnvVar.collectDlqUrl] } : {}),
    ...overrides.queueUrls,
  };
  return {
    registry: overrides.registry ?? new DynamoCreatorRegistry(env[EnvVar.creatorsTable]),
    watermarks: overrides.watermarks ?? new DynamoWatermarkStore(env[EnvVar.dataTable]),
    connectorFor,
    archive: overrides.archive ?? new S3RawArchive(env[EnvVar.rawBucket]),
    publisher: overrides.publisher ?? new SqsMessagePublisher(queueUrls),
    ledger,
    quotaStore,
    clock,
    logger,
    ...(overrides.metrics ? { metrics: overrides.metrics } : {}),
    ...(overrides.config ? { config: overrides.config } : {}),
    ...(overrides.newId ? { newId: overrides.newId } : {}),
    idempotency: overrides.idempotency ?? dynamoIdempotencyPersistence(env[EnvVar.idempotencyTable]),
  };
}

export interface ScheduleCollectionOverrides {
  readonly clock?: () => Date;
  readonly logger?: CollectLogger;
  readonly metrics?: CollectMetrics;
  readonly registry?: ScheduleCollectionDeps['registry'];
  readonly publisher?: MessagePublisher;
  readonly quotaStore?: QuotaStateStore;
  readonly quotaLimits?: QuotaLimits;
  /** `spreadSeconds` 0 locally (jobs run at once), 840 on AWS. */
  readonly config?: Partial<ScheduleCollectionConfig>;
}

export function buildScheduleCollectionDeps(
  envRecord: Record<string, string | undefined>,
  overrides: ScheduleCollectionOverrides = {},
): ScheduleCollectionDeps {
  const env = parseEnv(ScheduleCollectionEnvSchema, envRecord);
  const { store } = createDynamoQuotaLedger(env[EnvVar.dataTable], {
    ...(overrides.quotaStore ? { store: overrides.quotaStore } : {}),
  });
  return {
    registry: overrides.registry ?? new DynamoCreatorRegistry(env[EnvVar.creatorsTable]),
    publisher: overrides.publisher ?? new SqsMessagePublisher({ collect: env[EnvVar.collectQueueUrl] }),
    quota: createQuotaProbe(store, overrides.quotaLimits),
    clock: overrides.clock ?? (() => new Date()),
    logger: overrides.logger ?? createObservability(FunctionId.scheduleCollection).logger,
    ...(overrides.metrics ? { metrics: overrides.metrics } : {}),
    ...(overrides.config ? { config: overrides.config } : {}),
  };
}
