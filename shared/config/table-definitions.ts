import { IndexName, KeyAttr, TableId } from './resource-names';

/**
 * DynamoDB tables as plain data. The CDK stack (infra/) and the local stack (infra/local/stack/) both build
 * their tables from this list, so key names, indexes and TTL attributes are defined exactly once.
 * Item layouts and access patterns: docs/data-model.md.
 */

export type KeyAttributeType = 'S' | 'N';

export interface KeyAttributeDefinition {
  readonly name: string;
  readonly type: KeyAttributeType;
}

export interface GlobalSecondaryIndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttributeDefinition;
  readonly sortKey?: KeyAttributeDefinition;
  /** `ALL` keeps the reads that use the index to one Query; items on these indexes are small. */
  readonly projection: 'ALL' | 'KEYS_ONLY';
}

export interface TableDefinition {
  readonly id: TableId;
  readonly partitionKey: KeyAttributeDefinition;
  readonly sortKey?: KeyAttributeDefinition;
  readonly globalSecondaryIndexes: readonly GlobalSecondaryIndexDefinition[];
  /** Attribute holding epoch seconds after which DynamoDB may delete the item (free, best effort, ≤ ~48 h lag). */
  readonly timeToLiveAttribute?: string;
  /** Billing is on-demand everywhere: the load is spiky (top-of-hour collection bursts). */
  readonly billingMode: 'PAY_PER_REQUEST';
  readonly pointInTimeRecovery: boolean;
  readonly description: string;
}

const stringKey = (name: string): KeyAttributeDefinition => ({ name, type: 'S' });

export const CREATORS_TABLE: TableDefinition = {
  id: TableId.creators,
  partitionKey: stringKey(KeyAttr.partitionKey),
  sortKey: stringKey(KeyAttr.sortKey),
  globalSecondaryIndexes: [
    {
      // Creators by tracking status (the scheduler lists `active` ones), campaigns by kind.
      indexName: IndexName.gsi1,
      partitionKey: stringKey(KeyAttr.gsi1PartitionKey),
      sortKey: stringKey(KeyAttr.gsi1SortKey),
      projection: 'ALL',
    },
  ],
  billingMode: 'PAY_PER_REQUEST',
  pointInTimeRecovery: true,
  description: 'Registry: creators and campaigns (few, small, changed by operators).',
};

export const DATA_TABLE: TableDefinition = {
  id: TableId.data,
  partitionKey: stringKey(KeyAttr.partitionKey),
  sortKey: stringKey(KeyAttr.sortKey),
  globalSecondaryIndexes: [
    {
      // Sponsored posts by campaign; comment-score items by (post, hour) bucket.
      indexName: IndexName.gsi1,
      partitionKey: stringKey(KeyAttr.gsi1PartitionKey),
      sortKey: stringKey(KeyAttr.gsi1SortKey),
      projection: 'ALL',
    },
    {
      // Open alerts (sparse: only open/cooldown alerts carry gsi2pk); a creator's organic sentiment buckets.
      indexName: IndexName.gsi2,
      partitionKey: stringKey(KeyAttr.gsi2PartitionKey),
      sortKey: stringKey(KeyAttr.gsi2SortKey),
      projection: 'ALL',
    },
  ],
  timeToLiveAttribute: KeyAttr.timeToLive,
  billingMode: 'PAY_PER_REQUEST',
  pointInTimeRecovery: true,
  description:
    'Single table: posts, metric snapshots, comment scores, sentiment and engagement aggregates, watermarks, quota ledger, alerts.',
};

/** Powertools idempotency persistence layer (`DynamoDBPersistenceLayer` defaults: pk `id`, TTL `expiration`). */
export const IDEMPOTENCY_TABLE: TableDefinition = {
  id: TableId.idempotency,
  partitionKey: stringKey(KeyAttr.idempotencyKey),
  globalSecondaryIndexes: [],
  timeToLiveAttribute: KeyAttr.idempotencyExpiry,
  billingMode: 'PAY_PER_REQUEST',
  pointInTimeRecovery: false,
  description: 'Powertools idempotency records (short-lived; TTL).',
};

export const TABLE_DEFINITIONS: readonly TableDefinition[] = [CREATORS_TABLE, DATA_TABLE, IDEMPOTENCY_TABLE];

export function tableDefinition(id: TableId): TableDefinition {
  const found = TABLE_DEFINITIONS.find((table) => table.id === id);
  if (!found) throw new Error(`No table definition for ${id}`);
  return found;
}

/** Retention defaults (days) applied through the TTL attribute; overridable by configuration. */
export const Retention = {
  /** Metric snapshots (time series per post). */
  metricSnapshotDays: 90,
  /** Raw comment text and per-comment records; PII minimisation. Env `PULSE_RAW_COMMENT_RETENTION_DAYS`. */
  rawCommentDays: 30,
  /** Hourly sentiment/engagement buckets; kept long enough for 30-day baselines plus margin. */
  hourlyBucketDays: 400,
  /** Resolved alerts. */
  resolvedAlertDays: 180,
} as const;
