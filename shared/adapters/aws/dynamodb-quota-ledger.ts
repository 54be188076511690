import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_QUOTA_LIMITS, type QuotaLimits, StoreBackedQuotaLedger } from '../../platforms/quota-ledger';
import type { QuotaLedger, QuotaStateStore } from '../../ports/quota-ledger';
import { dynamoDocumentClient } from './clients';
import { DynamoQuotaStateStore } from './dynamo-quota-state-store';

/**
 * The quota ledger on DynamoDB, shared by every collect-creator invocation and read (never charged) by
 * schedule-collection.
 *
 * Item layout (table `data`, written by DynamoQuotaStateStore; docs/data-model.md):
 *   pk = `QUOTA#<platform>#<credentialKey>`   (credentialKey = secret name, e.g. `youtube/UC123`; never a token)
 *   sk = `STATE`
 *   state   = the platform's budget document (shared/ports/quota-ledger.ts QuotaStateSchema), e.g.
 *             YouTube `{ day, unitsUsed, exhaustedUntil? }`, Instagram `{ usagePercent, percentPerCall, blockedUntil? }`,
 *             TikTok `{ calls: { <endpoint>: [epochMs…] }, blockedUntil? }`
 *   version = monotonic number; every write is a PutItem conditional on the version read
 *             (`attribute_not_exists(pk)` for the first), so concurrent Lambdas never overspend: the loser of a
 *             race re-reads and re-decides (StoreBackedQuotaLedger retries up to 8 times).
 * One item per credential, a few hundred bytes (TikTok keeps at most one minute of call times per endpoint).
 * No TTL: the state resets itself (YouTube by Pacific day, the others by their windows).
 */
export function createDynamoQuotaLedger(
  tableName: string,
  options: { client?: DynamoDBDocumentClient; limits?: QuotaLimits; store?: QuotaStateStore } = {},
): { ledger: QuotaLedger; store: QuotaStateStore } {
  const store =
    options.store ?? new DynamoQuotaStateStore(tableName, options.client ?? dynamoDocumentClient());
  return { ledger: new StoreBackedQuotaLedger(store, options.limits ?? DEFAULT_QUOTA_LIMITS), store };
}
