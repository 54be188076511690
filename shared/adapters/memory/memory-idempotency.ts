import type { JSONValue } from '@aws-lambda-powertools/commons/types';
import {
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
} from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';

/** What the DynamoDB layer stores per key (attributes `status`, `expiration`, `in_progress_expiration`, `data`). */
export interface StoredIdempotencyItem {
  readonly status: string;
  /** Seconds since the epoch. */
  readonly expiryTimestamp?: number;
  /** Milliseconds since the epoch (the invocation's deadline when the record was taken). */
  readonly inProgressExpiryTimestamp?: number;
  readonly responseData?: JSONValue;
  readonly payloadHash?: string;
}

/**
 * Powertools idempotency persistence in memory (unit tests, one process). It keeps the DynamoDB layer's
 * conditional-put rule, so tests see the same outcomes: a new record is accepted when the key is absent, when
 * the stored record has expired, or when it is INPROGRESS past its in-progress expiry (a crashed or timed-out
 * invocation); otherwise the put fails with the stored record and Powertools decides (replay or in progress).
 * Times come from `Date.now()`, as in Powertools itself, so `vi.useFakeTimers()` moves both together.
 */
export class InMemoryIdempotencyPersistence extends BasePersistenceLayer {
  private readonly items = new Map<string, StoredIdempotencyItem>();

  /** Stored items by idempotency key (`<prefix>#<hash>`), for assertions. */
  get stored(): ReadonlyMap<string, StoredIdempotencyItem> {
    return this.items;
  }

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const item = this.items.get(idempotencyKey);
    if (item === undefined) throw new IdempotencyItemNotFoundError();
    return toRecord(idempotencyKey, item);
  }

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.items.get(record.idempotencyKey);
    const now = Date.now();
    const replaceable =
      existing === undefined ||
      (existing.expiryTimestamp !== undefined && existing.expiryTimestamp < now / 1000) ||
      (existing.status === 'INPROGRESS' &&
        existing.inProgressExpiryTimestamp !== undefined &&
        existing.inProgressExpiryTimestamp < now);
    if (!replaceable) {
      throw new IdempotencyItemAlreadyExistsError(
        `Failed to put record for already existing idempotency key: ${record.idempotencyKey}`,
        toRecord(record.idempotencyKey, existing),
      );
    }
    this.items.set(record.idempotencyKey, {
      status: record.getStatus(),
      ...optional('expiryTimestamp', record.expiryTimestamp),
      ...optional('inProgressExpiryTimestamp', record.inProgressExpiryTimestamp),
      ...optional('payloadHash', record.payloadHash),
    });
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    // DynamoDB's UpdateItem SETs status, expiry and data and keeps the other attributes.
    const existing = this.items.get(record.idempotencyKey) ?? { status: record.getStatus() };
    this.items.set(record.idempotencyKey, {
      ...existing,
      status: record.getStatus(),
      ...optional('expiryTimestamp', record.expiryTimestamp),
      ...optional('responseData', cloned(record.responseData)),
      ...optional('payloadHash', record.payloadHash),
    });
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    this.items.delete(record.idempotencyKey);
  }
}

function toRecord(idempotencyKey: string, item: StoredIdempotencyItem): IdempotencyRecord {
  return new IdempotencyRecord({
    idempotencyKey,
    status: item.status as ReturnType<IdempotencyRecord['getStatus']>,
    ...optional('expiryTimestamp', item.expiryTimestamp),
    ...optional('inProgressExpiryTimestamp', item.inProgressExpiryTimestamp),
    // Copied out, as a database would: no caller can mutate what was stored.
    ...optional('responseData', cloned(item.responseData)),
    ...optional('payloadHash', item.payloadHash),
  });
}

function cloned<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
