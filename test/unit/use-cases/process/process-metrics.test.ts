import { describe, expect, it, vi } from 'vitest';
import {
  MemoryAggregateStore,
  MemoryCreatorRegistry,
  MemoryMessagePublisher,
  MemoryPostStore,
  MemoryRawArchive,
  MemorySnapshotStore,
} from '../../../../shared/adapters/memory';
import { readValue } from '../../../../shared/use-cases/metrics-engagement';
import {
  createProcessMetricsHandler,
  type ProcessMetricsDeps,
  processMetricsBatch,
} from '../../../../shared/use-cases/process-metrics';
import { context, logger, metricsBatch, post, snapshot, sqsEvent, sqsRecord } from './fixtures';

function setup(overrides: Partial<ProcessMetricsDeps> = {}) {
  const stores = {
    posts: new MemoryPostStore(),
    snapshots: new MemorySnapshotStore(),
    aggregates: new MemoryAggregateStore(),
    registry: new MemoryCreatorRegistry(),
    raw: new MemoryRawArchive(),
    publisher: new MemoryMessagePublisher(),
  };
  const deps: ProcessMetricsDeps = {
    posts: stores.posts,
    snapshots: stores.snapshots,
    aggregates: stores.aggregates,
    registry: stores.registry,
    quarantine: stores.raw,
    publisher: stores.publisher,
    clock: () => new Date('2026-11-21T12:05:00.000Z'),
    logger,
    ...overrides,
  };
  return { stores, deps };
}

function state(stores: ReturnType<typeof setup>['stores']) {
  return JSON.stringify({
    posts: [...stores.posts.posts.entries()].sort(),
    snapshots: [...stores.snapshots.snapshots.entries()].sort(),
    engagement: [...stores.aggregates.engagement.entries()].sort(),
  });
}

const organic = post({ postId: 'p1', publishedAt: '2026-11-20T10:00:00.000Z' });
const sponsored = post({
  postId: 'p2',
  caption: 'Loving my new serum #ad',
  publishedAt: '2026-11-20T11:00:00.000Z',
});
const batch = metricsBatch(
  [organic, sponsored],
  [
    snapshot('p1', '2026-11-20T22:00:00.000Z', {
      followers: 20_000,
      views: 5_000,
      likes: 400,
      comments: 50,
      reach: 4_000,
    }),
    snapshot('p1', '2026-11-21T12:00:00.000Z', {
      followers: 20_000,
      views: 9_000,
      likes: 700,
      comments: 80,
      reach: 7_000,
    }),
    snapshot('p2', '2026-11-21T12:00:00.000Z', {
      followers: 20_000,
      views: 6_000,
      likes: 'hidden',
      comments: 30,
      reach: 5_000,
    }),
  ],
);

describe('processMetricsBatch', () => {
  it('stores posts with sponsorship, snapshots, and per-post and creator aggregates', async () => {
    const { stores, deps } = setup();
    const result = await processMetricsBatch(batch, deps);
    expect(result).toEqual({ postsStored: 2, snapshotsStored: 3, postAggregates: 2, sponsoredPosts: 1 });

    const p2 = await stores.posts.getPost('instagram', 'acc-1', 'p2');
    expect(p2?.sponsorship?.sponsored).toBe(true);
    expect(p2?.sponsorship?.signals.map((signal) => signal.match)).toContain('#ad');
    expect((await stores.posts.getPost('instagram', 'acc-1', 'p1'))?.sponsorship?.sponsored).toBe(false);

    const [p1Aggregate] = await stores.aggregates.listEngagement('instagram', 'acc-1', 'p1', {
      from: '2026-11-21T12',
      to: '2026-11-21T12',
    });
    expect(p1Aggregate?.values['er_followers:likes+comments']).toBeCloseTo(780 / 20_000);
    expect(p1Aggregate?.values['er_views:likes+comments']).toBeCloseTo(780 / 9_000);
    // 14 h between the two snapshots: 4,000 views → 285.7/h.
    expect(p1Aggregate?.values['velocity:views_per_hour']).toBeCloseTo(4_000 / 14);
    // Impressions were retired by the platform: unavailable with a reason, never 0.
    expect(readValue(p1Aggregate?.values, 'er_impressions:likes+comments')).toEqual({
      value: null,
      reason: 'denominator_unavailable',
    });
    // 24 h maturity: bracket 22:00 (12 h) → 12:00 next day (26 h) is 14 h wide > 12 h allowed.
    expect(readValue(p1Aggregate?.values, 'er_followers:likes+comments@24h').reason).toBe('bracket_too_wide');

    const [p2Aggregate] = await stores.aggregates.listEngagement('instagram', 'acc-1', 'p2', {
      from: '2026-11-21T12',
      to: '2026-11-21T12',
    });
    // Hidden likes: the ER is unavailable with the reason, not computed from 0 likes.
    expect(readValue(p2Aggregate?.values, 'er_followers:likes+comments')).toEqual({
      value: null,
      reason: 'numerator_unavailable',
    });
    expect(readValue(p2Aggregate?.values, 'likes')).toEqual({ value: null, reason: 'hidden_by_owner' });

    const [creator] = await stores.aggregates.listEngagement('instagram', 'acc-1', undefined, {
      from: '2026-11-21T12',
      to: '2026-11-21T12',
    });
    expect(creator?.values.posts_30d).toBe(2);
    expect(creator?.values.sponsored_posts_30d).toBe(1);
    expect(creator?.values['organic|er_followers:likes+comments:median']).toBeCloseTo(780 / 20_000);
    // The only sponsored post hides likes: its aggregate and the paid-post ratio are unavailable.
    expect(readValue(creator?.values, 'sponsored|er_followers:likes+comments:median').reason).toBe(
      'no_available_posts',
    );
    expect(
      readValue(creator?.values, 'paid_post_performance|er_followers:likes+comments:median').reason,
    ).toBe('sponsored_unavailable');
    expect(creator?.values['paid_post_performance|er_views:likes+comments:median']).toBeNull();
  });

  it('gives identical items whether a message is applied once or three times', async () => {
    const once = setup();
    await processMetricsBatch(batch, once.deps);
    const thrice = setup();
    for (let i = 0; i < 3; i += 1) await processMetricsBatch(batch, thrice.deps);
    expect(state(thrice.stores)).toEqual(state(once.stores));
  });

  it('gives identical items after a crash half-way and a retry', async () => {
    const clean = setup();
    await processMetricsBatch(batch, clean.deps);
    let crash = true;
    const crashing = setup({
      afterSnapshotsStored: async () => {
        if (crash) {
          crash = false;
          throw new Error('simulated crash');
        }
      },
    });
    await expect(processMetricsBatch(batch, crashing.deps)).rejects.toThrow('simulated crash');
    expect(crashing.stores.aggregates.engagement.size).toBe(0);
    await processMetricsBatch(batch, crashing.deps);
    expect(state(crashing.stores)).toEqual(state(clean.stores));
  });

  it('attributes posts to a registered campaign', async () => {
    const { stores, deps } = setup();
    await stores.registry.putCampaign({
      campaignId: 'acme-spring',
      brand: 'Acme',
      startsAt: '2026-11-01T00:00:00.000Z',
      endsAt: '2026-12-01T00:00:00.000Z',
      creatorKeys: ['instagram#acc-1'],
      tags: ['glowwithacme'],
      promoCodes: [],
      links: [],
      kind: 'paid',
    });
    const tagged = post({ postId: 'p3', caption: 'morning routine #glowwithacme' });
    await processMetricsBatch(metricsBatch([tagged], []), deps);
    const stored = await stores.posts.getPost('instagram', 'acc-1', 'p3');
    expect(stored?.sponsorship).toMatchObject({
      sponsored: true,
      kind: 'paid',
      campaignIds: ['acme-spring'],
    });
  });
});

describe('createProcessMetricsHandler', () => {
  it('dead-letters an invalid body with its reason, keeps the valid message, fails only the broken one', async () => {
    const { stores, deps } = setup();
    let calls = 0;
    const flakySnapshots = {
      putSnapshots: async (list: Parameters<typeof stores.snapshots.putSnapshots>[0]) => {
        calls += 1;
        if (list.some((item) => item.postId === 'boom')) throw new Error('DynamoDB unavailable');
        return stores.snapshots.putSnapshots(list);
      },
      listSnapshots: stores.snapshots.listSnapshots.bind(stores.snapshots),
      latestSnapshot: stores.snapshots.latestSnapshot.bind(stores.snapshots),
    };
    const handler = createProcessMetricsHandler({ ...deps, snapshots: flakySnapshots });
    const broken = metricsBatch(
      [post({ postId: 'boom' })],
      [snapshot('boom', '2026-11-21T12:00:00.000Z', {})],
    );
    const response = await handler(
      sqsEvent(
        sqsRecord('m-valid', batch),
        sqsRecord('m-invalid', { v: 1, type: 'metrics-batch', creatorKey: 'x' }),
        sqsRecord('m-broken', broken),
      ),
      context,
    );
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-broken' }]);
    expect(calls).toBe(2);
    expect(stores.posts.posts.size).toBeGreaterThanOrEqual(2);
    const dlq = stores.publisher.sent.get('metrics-dlq') ?? [];
    expect(dlq).toHaveLength(1);
    expect(dlq[0]?.attributes.reason).toMatch(/^schema_violation/);
    expect([...stores.raw.quarantined.keys()][0]).toMatch(
      /^quarantine\/queue=metrics\/dt=2026-11-21\/m-invalid\.json$/,
    );
  });
});

describe('process-metrics round trips', () => {
  it('reads each post snapshot series once per message (post and creator aggregates share it)', async () => {
    const { stores, deps } = setup();
    const listSnapshots = vi.spyOn(stores.snapshots, 'listSnapshots');
    await processMetricsBatch(batch, deps);
    expect(listSnapshots.mock.calls.map(([, postId]) => postId).sort()).toEqual(['p1', 'p2']);
  });

  it('still counts a just-written snapshot when the series read does not return it yet', async () => {
    const consistent = setup();
    await processMetricsBatch(batch, consistent.deps);
    const lagging = setup();
    // An eventually consistent read that misses this message's own writes.
    vi.spyOn(lagging.stores.snapshots, 'listSnapshots').mockResolvedValue([]);
    await processMetricsBatch(batch, lagging.deps);
    expect(JSON.stringify([...lagging.stores.aggregates.engagement.entries()].sort())).toBe(
      JSON.stringify([...consistent.stores.aggregates.engagement.entries()].sort()),
    );
  });

  it('finds posts collected earlier in the creator post list (no read per post)', async () => {
    const { stores, deps } = setup();
    await processMetricsBatch(batch, deps);
    const getPost = vi.spyOn(stores.posts, 'getPost');
    const listPosts = vi.spyOn(stores.posts, 'listPostsByCreator');
    const listSnapshots = vi.spyOn(stores.snapshots, 'listSnapshots');
    const latestSnapshot = vi.spyOn(stores.snapshots, 'latestSnapshot');
    const later = snapshot('p1', '2026-11-21T13:00:00.000Z', { followers: 20_000, views: 9_500, likes: 720 });
    const result = await processMetricsBatch(
      metricsBatch([], [later], { collectedAt: '2026-11-21T13:00:00.000Z' }),
      deps,
    );
    expect(result.postAggregates).toBe(1);
    expect(getPost).not.toHaveBeenCalled();
    expect(listPosts).toHaveBeenCalledTimes(1);
    // p1's whole series (its post aggregate); p2 is only in the creator aggregate: its latest snapshot alone.
    expect(listSnapshots.mock.calls.map(([, postId]) => postId)).toEqual(['p1']);
    expect(latestSnapshot.mock.calls.map(([, postId, asOf]) => [postId, asOf])).toEqual([
      ['p2', '2026-11-21T13:00:00.000Z'],
    ]);
    const [aggregate] = await stores.aggregates.listEngagement('instagram', 'acc-1', 'p1', {
      from: '2026-11-21T13',
      to: '2026-11-21T13',
    });
    expect(readValue(aggregate?.values, 'views').value).toBe(9_500);
  });

  it('reads the campaign registry once per invocation', async () => {
    const { stores, deps } = setup();
    const listCampaigns = vi.spyOn(stores.registry, 'listCampaigns');
    const handler = createProcessMetricsHandler(deps);
    await handler(sqsEvent(sqsRecord('m1', batch), sqsRecord('m2', batch)), context);
    expect(listCampaigns).toHaveBeenCalledTimes(1);
  });
});
