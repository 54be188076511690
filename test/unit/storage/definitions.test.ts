import { describe, expect, it } from 'vitest';
import {
  BUCKET_DEFINITIONS,
  exportManifestKey,
  exportPartKey,
  quarantineKey,
  RawPageKind,
  rawDayPrefix,
  rawPageKey,
} from '../../../shared/config/bucket-layout';
import { QUEUE_DEFINITIONS } from '../../../shared/config/queue-definitions';
import { IndexName, KeyAttr, QueueId, TableId } from '../../../shared/config/resource-names';
import { TABLE_DEFINITIONS } from '../../../shared/config/table-definitions';

describe('queue definitions', () => {
  it.each(QUEUE_DEFINITIONS.map((q) => [q.id, q] as const))('%s follows the ESM rules', (_id, queue) => {
    expect(queue.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * queue.consumerTimeoutSeconds);
    expect(queue.maxReceiveCount).toBeGreaterThanOrEqual(5);
    expect(queue.deadLetterRetentionSeconds).toBeGreaterThan(queue.retentionSeconds);
    expect(queue.deadLetterQueueId).toBe(`${queue.id}-dlq`);
    expect(queue.maxBatchingWindowSeconds).toBeLessThanOrEqual(300);
    if (queue.batchSize > 10) expect(queue.maxBatchingWindowSeconds).toBeGreaterThanOrEqual(1);
  });
  it('defines every queue once', () => {
    expect(QUEUE_DEFINITIONS.map((q) => q.id).sort()).toEqual(Object.values(QueueId).sort());
  });
});

describe('table definitions', () => {
  it('defines every table with the shared key names', () => {
    expect(TABLE_DEFINITIONS.map((t) => t.id).sort()).toEqual(Object.values(TableId).sort());
    const data = TABLE_DEFINITIONS.find((t) => t.id === TableId.data);
    expect(data?.partitionKey.name).toBe(KeyAttr.partitionKey);
    expect(data?.sortKey?.name).toBe(KeyAttr.sortKey);
    expect(data?.timeToLiveAttribute).toBe(KeyAttr.timeToLive);
    expect(data?.globalSecondaryIndexes.map((i) => i.indexName)).toEqual([IndexName.gsi1, IndexName.gsi2]);
    const idempotency = TABLE_DEFINITIONS.find((t) => t.id === TableId.idempotency);
    expect(idempotency?.partitionKey.name).toBe('id');
    expect(idempotency?.timeToLiveAttribute).toBe('expiration');
  });
});

describe('bucket layout', () => {
  it('builds Hive-style raw keys in UTC, padded, with ids encoded', () => {
    expect(
      rawPageKey({
        kind: RawPageKind.metrics,
        platform: 'instagram',
        accountId: 'a/b=c',
        collectedAt: '2026-03-10T23:59:59+02:00',
        collectionId: '2026-03-10T21:00Z-x',
        page: 12,
      }),
    ).toBe(
      'raw/kind=metrics/platform=instagram/dt=2026-03-10/hour=21/creator=a%2Fb%3Dc/2026-03-10T21%3A00Z-x-0012.ndjson.gz',
    );
    expect(rawDayPrefix(RawPageKind.comments, 'tiktok', '2026-01-02')).toBe(
      'raw/kind=comments/platform=tiktok/dt=2026-01-02/',
    );
  });
  it('keeps manifests outside the Parquet dataset prefix', () => {
    expect(exportPartKey('creator_hourly', '2026-03-10', 's1', 3)).toBe(
      'exports/dataset=creator_hourly/dt=2026-03-10/s1-part-0003.parquet',
    );
    expect(exportManifestKey('creator_hourly', '2026-03-10', 's1')).toBe(
      'exports/manifests/dataset=creator_hourly/dt=2026-03-10/s1.json',
    );
    expect(quarantineKey('comments', 'm-1', '2026-03-10T00:00:00Z')).toBe(
      'quarantine/queue=comments/dt=2026-03-10/m-1.json',
    );
  });
  it('expires raw comments and quarantined bodies after the configurable retention', () => {
    const raw = BUCKET_DEFINITIONS.find((b) => b.id === 'raw');
    expect(
      raw?.lifecycleRules.filter((r) => r.expireAfterDays === 'rawCommentRetention').map((r) => r.prefix),
    ).toEqual(['raw/kind=comments/', 'quarantine/']);
  });
  it('rejects non-instants', () => {
    expect(() => quarantineKey('x', 'y', 'yesterday')).toThrow(RangeError);
  });
});
