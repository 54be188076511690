/**
 * What each function may do, as data: the single source for its IAM policy and its environment variables
 * (a function only learns the names of resources it is allowed to touch). Derived from the calls each use
 * case makes; widen here, in one place, when a function starts making a new call.
 */
import { BucketPrefix } from '../../shared/config/bucket-layout';
import { type BucketId, FunctionId, QueueId, TableId } from '../../shared/config/resource-names';
import { PLATFORMS } from '../../shared/domain/platform';
import { platformSecretName } from '../../shared/ports/platform-connector';

export type DynamoAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'Scan'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'BatchWriteItem'
  | 'ConditionCheckItem';

export interface ObjectWriteAccess {
  readonly bucket: BucketId;
  /** Key prefixes the function writes under (IAM resources `<bucket>/<prefix>*`). */
  readonly prefixes: readonly string[];
  /** Multipart uploads (lib-storage `Upload`): adds `s3:AbortMultipartUpload`. */
  readonly multipart?: boolean;
}

export type SecretKind = 'platformCredentials' | 'authorHashKey' | 'alertWebhook';

export interface FunctionAccess {
  readonly tables: Partial<Record<TableId, readonly DynamoAction[]>>;
  /**
   * Queue the function consumes through an event source mapping. Consumers also get their queue's DLQ URL and
   * `sqs:SendMessage` on it: invalid bodies are copied there with a reason (shared/messages/dead-letter.ts).
   */
  readonly consumes?: QueueId;
  readonly sendsTo: readonly QueueId[];
  readonly writesObjects: readonly ObjectWriteAccess[];
  readonly readsSecrets: readonly SecretKind[];
  /**
   * Secrets the function writes (`secretsmanager:PutSecretValue`): collect-creator stores rotated OAuth
   * credentials (TikTok refresh tokens rotate on every refresh). Only creator credentials
   * (`platformCredentialWritePrefixes`), never the OAuth app secrets it reads next to them.
   */
  readonly writesSecrets?: readonly SecretKind[];
  readonly publishesAlerts: boolean;
  readonly putsEventsOnDefaultBus: boolean;
}

const read: readonly DynamoAction[] = ['GetItem', 'Query'];
const readWrite: readonly DynamoAction[] = ['GetItem', 'Query', 'PutItem'];
const readWriteBatch: readonly DynamoAction[] = ['GetItem', 'Query', 'PutItem', 'BatchWriteItem'];
/**
 * Exactly what Powertools' DynamoDBPersistenceLayer calls: GetItem (consistent read of an existing record),
 * conditional PutItem (take the in-progress lock), UpdateItem (mark COMPLETED with the result), DeleteItem (drop
 * the lock when the job throws, so it stays retryable).
 */
const idempotencyRecords: readonly DynamoAction[] = ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'];

/**
 * Matches the adapters the functions wire today (shared/use-cases/*-wiring.ts → shared/adapters/aws/*): the
 * stores use GetItem, Query (on the table and gsi1/gsi2), conditional PutItem and BatchWriteItem — no Scan,
 * UpdateItem or DeleteItem — except on the idempotency table, which only collect-creator uses (Powertools'
 * persistence layer needs UpdateItem and DeleteItem there).
 */
export const FUNCTION_ACCESS: Readonly<Record<FunctionId, FunctionAccess>> = {
  [FunctionId.scheduleCollection]: {
    // Active creators via gsi1; quota state reads (the probe) from the data table.
    tables: { [TableId.creators]: read, [TableId.data]: readWrite },
    sendsTo: [QueueId.collect],
    writesObjects: [],
    readsSecrets: [],
    publishesAlerts: false,
    putsEventsOnDefaultBus: false,
  },
  [FunctionId.collectCreator]: {
    // Registry (follower observations), watermarks and the quota ledger; one idempotency record per job.
    tables: {
      [TableId.creators]: readWrite,
      [TableId.data]: readWrite,
      [TableId.idempotency]: idempotencyRecords,
    },
    consumes: QueueId.collect,
    sendsTo: [QueueId.metrics, QueueId.comments],
    writesObjects: [{ bucket: 'raw', prefixes: [BucketPrefix.raw] }],
    // Creator credentials `<prefix><platform>/<id>` and the OAuth apps `<prefix>app/<platform>` (token refresh).
    readsSecrets: ['platformCredentials', 'authorHashKey'],
    writesSecrets: ['platformCredentials'],
    publishesAlerts: false,
    putsEventsOnDefaultBus: false,
  },
  [FunctionId.processMetrics]: {
    tables: { [TableId.data]: readWriteBatch, [TableId.creators]: read },
    consumes: QueueId.metrics,
    sendsTo: [],
    writesObjects: [{ bucket: 'raw', prefixes: [BucketPrefix.quarantine] }],
    readsSecrets: [],
    publishesAlerts: false,
    putsEventsOnDefaultBus: false,
  },
  [FunctionId.processComments]: {
    tables: { [TableId.data]: readWriteBatch, [TableId.creators]: read },
    consumes: QueueId.comments,
    sendsTo: [QueueId.alerts],
    // Authors arrive already hashed by collect-creator: no author-hash secret here.
    writesObjects: [{ bucket: 'raw', prefixes: [BucketPrefix.quarantine] }],
    readsSecrets: [],
    publishesAlerts: false,
    putsEventsOnDefaultBus: false,
  },
  [FunctionId.evaluateAlerts]: {
    tables: { [TableId.data]: readWrite, [TableId.creators]: read },
    consumes: QueueId.alerts,
    sendsTo: [],
    writesObjects: [{ bucket: 'raw', prefixes: [BucketPrefix.quarantine] }],
    readsSecrets: ['alertWebhook'],
    publishesAlerts: true,
    putsEventsOnDefaultBus: true,
  },
  [FunctionId.exportBenchmarks]: {
    tables: { [TableId.data]: read, [TableId.creators]: read },
    sendsTo: [],
    writesObjects: [{ bucket: 'exports', prefixes: [BucketPrefix.exports], multipart: true }],
    readsSecrets: [],
    publishesAlerts: false,
    putsEventsOnDefaultBus: false,
  },
};

/**
 * Name prefixes of the creator credential secrets, one per platform (`<prefix>youtube/`, …): a refreshed token is
 * written back there. The OAuth app secrets (`<prefix>app/<platform>`) fall outside, so a function that rotates
 * creator tokens cannot overwrite the app's client secret.
 */
export function platformCredentialWritePrefixes(platformSecretPrefix: string): string[] {
  return PLATFORMS.map((platform) => `${platformSecretPrefix}${platformSecretName(platform, '')}`);
}

/** Memory and timeout per function; queue consumers take their timeout from the queue definitions. */
export interface FunctionSizing {
  readonly memoryMb: number;
  /** Only for functions that consume no queue. */
  readonly timeoutSeconds?: number;
  readonly description: string;
}

export const FUNCTION_SIZING: Readonly<Record<FunctionId, FunctionSizing>> = {
  [FunctionId.scheduleCollection]: {
    memoryMb: 256,
    timeoutSeconds: 120,
    description: 'Fans out one collect job per due creator, within platform quota',
  },
  [FunctionId.collectCreator]: { memoryMb: 512, description: 'Collects one creator from its platform API' },
  [FunctionId.processMetrics]: { memoryMb: 512, description: 'Stores posts, snapshots and engagement' },
  [FunctionId.processComments]: { memoryMb: 1024, description: 'Scores comment sentiment and aggregates' },
  [FunctionId.evaluateAlerts]: { memoryMb: 256, description: 'Evaluates alert rules on sponsored posts' },
  [FunctionId.exportBenchmarks]: {
    memoryMb: 1024,
    timeoutSeconds: 900,
    description: 'Writes the daily Parquet benchmark snapshot',
  },
};
