import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import {
  MemoryAggregateStore,
  MemoryCommentScoreStore,
  MemoryCreatorRegistry,
  MemoryExportWriter,
  MemoryMessagePublisher,
  MemoryPostStore,
  MemoryRawArchive,
  MemorySnapshotStore,
} from '../../../../shared/adapters/memory';
import {
  createExportBenchmarksHandler,
  type ExportManifest,
  snapshotIdFor,
} from '../../../../shared/use-cases/export-benchmarks';
import { pickReference } from '../../../../shared/use-cases/export-datasets';
import { POST_ER_DEFINITION_IDS } from '../../../../shared/use-cases/metrics-engagement';
import { processCommentsBatch } from '../../../../shared/use-cases/process-comments';
import { processMetricsBatch } from '../../../../shared/use-cases/process-metrics';
import { comment, commentsBatch, fakeScorer, logger, metricsBatch, post, snapshot } from './fixtures';

async function seeded() {
  const stores = {
    posts: new MemoryPostStore(),
    snapshots: new MemorySnapshotStore(),
    aggregates: new MemoryAggregateStore(),
    commentScores: new MemoryCommentScoreStore(),
    registry: new MemoryCreatorRegistry(),
    raw: new MemoryRawArchive(),
    publisher: new MemoryMessagePublisher(),
    writer: new MemoryExportWriter(),
  };
  const clock = () => new Date('2026-11-21T12:05:00.000Z');
  await stores.registry.putCreator({
    platform: 'instagram',
    accountId: 'acc-1',
    handle: 'glowgirl',
    niche: 'beauty',
    followerHistory: [],
    campaignIds: [],
    status: 'active',
  });
  const common = { ...stores, quarantine: stores.raw, clock, logger };
  await processMetricsBatch(
    metricsBatch(
      [post({ postId: 'p1' }), post({ postId: 'p2', caption: 'new serum #ad' })],
      [
        snapshot('p1', '2026-11-21T12:00:00.000Z', {
          followers: 20_000,
          views: 9_000,
          likes: 700,
          comments: 80,
        }),
        snapshot('p2', '2026-11-21T12:00:00.000Z', {
          followers: 20_000,
          views: 6_000,
          likes: 'hidden',
          comments: 30,
        }),
      ],
    ),
    common,
  );
  await processCommentsBatch(
    commentsBatch(
      [
        comment('p2', 'c1', '2026-11-21T10:00:00.000Z', 'score:0.5'),
        comment('p2', 'c2', '2026-11-21T10:01:00.000Z', 'score:-0.5'),
        comment('p2', 'c3', '2026-11-21T10:02:00.000Z', 'lang:xx'),
      ],
      { caption: 'new serum #ad' },
    ),
    { ...common, scorer: fakeScorer },
  );
  return { stores, deps: { ...common, writer: stores.writer } };
}

async function read(writer: MemoryExportWriter, key: string) {
  const bytes = await writer.getObject(key);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return {
    rows: (await parquetReadObjects({ file })) as Record<string, unknown>[],
    metadata: parquetMetadata(file),
  };
}

describe('exportBenchmarks', () => {
  it('writes the three datasets as Parquet under Hive partitions, then the manifest', async () => {
    const { stores, deps } = await seeded();
    const handler = createExportBenchmarksHandler(deps);
    const manifest = await handler({ time: '2026-11-22T00:00:00Z', 'detail-type': 'Scheduled Event' });
    const snapshotId = snapshotIdFor('2026-11-22T00:00:00Z');
    expect(snapshotId).toBe('snap-20261122T000000Z');
    expect([...stores.writer.objects.keys()].sort()).toEqual([
      `exports/dataset=benchmarks/dt=2026-11-22/${snapshotId}-part-0000.parquet`,
      `exports/dataset=creator_metrics/dt=2026-11-22/${snapshotId}-part-0000.parquet`,
      `exports/dataset=post_metrics/dt=2026-11-22/${snapshotId}-part-0000.parquet`,
      `exports/manifests/dataset=snapshots/dt=2026-11-22/${snapshotId}.json`,
    ]);
    const stored = JSON.parse(
      new TextDecoder().decode(await stores.writer.getObject(manifest.manifestKey)),
    ) as ExportManifest;
    expect(stored.datasets.map((dataset) => [dataset.name, dataset.rows])).toEqual([
      ['post_metrics', 2 * POST_ER_DEFINITION_IDS.length],
      ['creator_metrics', 5],
      ['benchmarks', 2 * POST_ER_DEFINITION_IDS.length],
    ]);

    const posts = await read(stores.writer, stored.datasets[0]?.keys[0] as string);
    expect(posts.rows).toHaveLength(2 * POST_ER_DEFINITION_IDS.length);
    const p1 = posts.rows.find(
      (row) => row.post_id === 'p1' && row.er_definition === 'er_followers:likes+comments',
    );
    expect(p1).toMatchObject({
      tier: 'micro',
      sponsored: false,
      likes: 700n,
      handle: 'glowgirl',
      niche: 'beauty',
    });
    expect(p1?.er_value).toBeCloseTo(780 / 20_000);
    expect(p1?.saves).toBeNull();
    const p2 = posts.rows.find(
      (row) => row.post_id === 'p2' && row.er_definition === 'er_followers:likes+comments',
    );
    expect(p2).toMatchObject({
      sponsored: true,
      er_value: null,
      er_unavailable_reason: 'numerator_unavailable',
      likes: null,
      comment_count_collected: 3n,
      scored_comments: 2n,
      unscored_comments: 1n,
      mean_compound: 0,
      negative_share: 0.5,
    });
    expect(JSON.parse(p2?.signals as string)[0]).toMatchObject({ match: '#ad' });

    const benchmarks = await read(stores.writer, stored.datasets[2]?.keys[0] as string);
    const organic = benchmarks.rows.find(
      (row) => row.post_scope === 'organic' && row.er_definition === 'er_followers:likes+comments',
    );
    expect(organic).toMatchObject({ platform: 'instagram', tier: 'micro', post_type: 'reel', count: 1n });
    expect(organic?.median).toBeCloseTo(780 / 20_000);
    expect(organic?.reference_definition).toBe('er_followers:likes+comments');
    const sponsored = benchmarks.rows.find(
      (row) => row.post_scope === 'sponsored' && row.er_definition === 'er_followers:likes+comments',
    );
    expect(sponsored).toMatchObject({ count: 0n, unavailable_count: 1n, median: null });
    // No reference figure exists for a maturity definition: never compared with another definition.
    const maturity = benchmarks.rows.find((row) => row.er_definition === 'er_followers:likes+comments@24h');
    expect(maturity?.reference_value).toBeNull();

    const creators = await read(stores.writer, stored.datasets[1]?.keys[0] as string);
    expect(creators.rows[0]).toMatchObject({ followers: 20_000n, posts: 2n, sponsored_posts_30d: 1n });
    expect(creators.metadata.schema.map((element) => element.name)).toContain('paid_post_performance');
  });

  it('re-running the same scheduled event overwrites the same objects with the same rows', async () => {
    const { stores, deps } = await seeded();
    const handler = createExportBenchmarksHandler(deps);
    await handler({ time: '2026-11-22T00:00:00Z' });
    const first = new Map([...stores.writer.objects].map(([key, value]) => [key, value.body.byteLength]));
    await handler({ time: '2026-11-22T00:00:00Z' });
    expect(new Map([...stores.writer.objects].map(([key, value]) => [key, value.body.byteLength]))).toEqual(
      first,
    );
  });

  it('writes empty datasets with the full schema when nothing is tracked', async () => {
    const writer = new MemoryExportWriter();
    const manifest = await createExportBenchmarksHandler({
      registry: new MemoryCreatorRegistry(),
      posts: new MemoryPostStore(),
      aggregates: new MemoryAggregateStore(),
      writer,
      clock: () => new Date('2026-11-21T00:00:00Z'),
      logger,
    })({ snapshotId: 'manual-1' });
    expect(manifest.datasets.every((dataset) => dataset.rows === 0)).toBe(true);
    const { rows, metadata } = await read(writer, manifest.datasets[0]?.keys[0] as string);
    expect(rows).toEqual([]);
    expect(metadata.schema.length).toBe(28);
  });

  it('rejects a malformed on-demand request', async () => {
    const { deps } = await seeded();
    await expect(createExportBenchmarksHandler(deps)({ snapshotId: '../../etc' })).rejects.toThrow(
      'invalid export request',
    );
  });
});

describe('pickReference', () => {
  it('only returns entries of the same ER definition', () => {
    expect(pickReference('instagram', 'nano', 'er_followers:likes+comments', 'organic')?.definitionId).toBe(
      'er_followers:likes+comments',
    );
    expect(pickReference('instagram', 'nano', 'er_views:likes+comments', 'organic')).toBeUndefined();
    expect(pickReference('youtube', 'micro', 'er_followers:likes+comments', 'organic')).toBeUndefined();
  });
});
