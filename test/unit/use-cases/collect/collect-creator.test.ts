import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSRecord } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hmacAuthorKey } from '../../../../shared/adapters/aws/author-key';
import {
  MemoryCreatorRegistry,
  MemoryMessagePublisher,
  MemoryRawArchive,
  MemoryWatermarkStore,
} from '../../../../shared/adapters/memory';
import { InMemoryIdempotencyPersistence } from '../../../../shared/adapters/memory/memory-idempotency';
import type { Post } from '../../../../shared/domain/post';
import { type CollectJob, CommentsBatchSchema, MetricsBatchSchema } from '../../../../shared/messages';
import { InMemoryQuotaStateStore, StoreBackedQuotaLedger } from '../../../../shared/platforms/quota-ledger';
import {
  CredentialError,
  PlatformRequestError,
  QuotaExhaustedError,
} from '../../../../shared/ports/platform-connector';
import type { Watermark } from '../../../../shared/ports/watermark-store';
import {
  type CollectCreatorDeps,
  collectCreator,
  createCollectCreatorHandler,
} from '../../../../shared/use-cases/collect-creator';
import { InMemoryCollectMetrics } from '../../../../shared/use-cases/collect-observability';
import { createQuotaProbe } from '../../../../shared/use-cases/collect-quota';
import { slotOfCreator } from '../../../../shared/use-cases/collect-slots';
import { scheduleCollection } from '../../../../shared/use-cases/schedule-collection';
import { type FakeComment, FakeConnector } from './fake-connector';

const context = { getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
const AUTHOR_SECRET = 'a-test-author-hash-key-of-32-chars!!';

function post(postId: string, publishedAt: string, caption = 'hello'): Post {
  return {
    platform: 'youtube',
    postId,
    accountId: 'UC1',
    type: 'video',
    caption,
    publishedAt,
    status: 'active',
  };
}

function comments(postId: string, count: number, startIso: string, stepMs: number): FakeComment[] {
  const start = Date.parse(startIso);
  return Array.from({ length: count }, (_, i) => ({
    commentId: `${postId}-c${i}`,
    authorId: `author-${i % 7}`,
    text: `comment ${i}`,
    // Pairs share a timestamp: the watermark must be exact at the boundary.
    publishedAt: new Date(start + Math.floor(i / 2) * stepMs).toISOString(),
  }));
}

function setup() {
  let now = new Date('2026-03-02T10:00:00.000Z');
  const clock = () => now;
  const registry = new MemoryCreatorRegistry();
  const watermarks = new MemoryWatermarkStore();
  const archive = new MemoryRawArchive();
  const publisher = new MemoryMessagePublisher();
  const quotaStore = new InMemoryQuotaStateStore();
  const ledger = new StoreBackedQuotaLedger(quotaStore);
  const metrics = new InMemoryCollectMetrics();
  const idempotency = new InMemoryIdempotencyPersistence();
  const connector = new FakeConnector('youtube', clock, (id) => hmacAuthorKey(AUTHOR_SECRET, 'youtube', id));
  let ids = 0;
  const deps: CollectCreatorDeps = {
    registry,
    watermarks,
    connectorFor: async () => connector,
    archive,
    publisher,
    ledger,
    clock,
    logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
    metrics,
    newId: () => `run${++ids}`,
    idempotency,
  };
  const job = (slot = now.toISOString()): CollectJob => ({
    v: 1,
    type: 'collect-job',
    creatorKey: 'youtube#UC1',
    platform: 'youtube',
    accountId: 'UC1',
    scheduledSlot: slot,
    reason: 'scheduled',
  });
  return {
    deps,
    registry,
    watermarks,
    archive,
    publisher,
    quotaStore,
    metrics,
    connector,
    idempotency,
    job,
    setNow: (iso: string) => {
      now = new Date(iso);
    },
    sentComments: () =>
      (publisher.sent.get('comments') ?? []).map((m) => CommentsBatchSchema.parse(JSON.parse(m.body))),
    sentMetrics: () =>
      (publisher.sent.get('metrics') ?? []).map((m) => MetricsBatchSchema.parse(JSON.parse(m.body))),
  };
}

async function registerCreator(registry: MemoryCreatorRegistry) {
  await registry.putCreator({
    platform: 'youtube',
    accountId: 'UC1',
    handle: 'creator_one',
    niche: 'beauty',
    followerHistory: [],
    campaignIds: ['acme-spring'],
    status: 'active',
  });
  await registry.putCampaign({
    campaignId: 'acme-spring',
    brand: 'Acme',
    startsAt: '2026-03-01T00:00:00.000Z',
    endsAt: '2026-03-31T00:00:00.000Z',
    creatorKeys: ['youtube#UC1'],
    tags: ['acmeglow'],
    promoCodes: [],
    links: [],
    kind: 'paid',
  });
}

function sqsRecord(id: string, body: unknown, receiveCount = 1): SQSRecord {
  return {
    messageId: id,
    receiptHandle: `rh-${id}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: '0',
      SenderId: 'x',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:collect',
    awsRegion: 'us-east-1',
  };
}

describe('collect-creator', () => {
  it('archives pages, sends posts/snapshots/followers and hashed comments, then advances watermarks; the next run sends only new comments', async () => {
    const t = setup();
    await registerCreator(t.registry);
    t.connector.posts.push(
      post('v1', '2026-03-01T12:00:00.000Z', 'new video #acmeglow'),
      post('v2', '2026-03-02T09:00:00.000Z'),
    );
    t.connector.comments.set('v1', comments('v1', 30, '2026-03-01T12:05:00.000Z', 60_000));
    t.connector.comments.set('v2', comments('v2', 6, '2026-03-02T09:10:00.000Z', 60_000));

    const result = await collectCreator(t.deps, t.job());
    expect(result).toMatchObject({ outcome: 'collected', posts: 2, snapshots: 2, comments: 36 });

    const [metrics] = t.sentMetrics();
    expect(metrics?.posts.map((p) => p.postId).sort()).toEqual(['v1', 'v2']);
    expect(metrics?.snapshots.map((s) => s.postId).sort()).toEqual(['v1', 'v2']);
    expect(metrics?.followers).toEqual({ status: 'available', value: 1000 });
    expect(metrics?.rawArchiveKeys.every((key) => t.archive.pages.has(key))).toBe(true);

    const batches = t.sentComments();
    const v1 = batches.filter((b) => b.post.postId === 'v1');
    expect(v1.flatMap((b) => b.comments.map((c) => c.commentId)).sort()).toEqual(
      (t.connector.comments.get('v1') ?? []).map((c) => c.commentId).sort(),
    );
    expect(v1[0]?.post.campaignIds).toEqual(['acme-spring']);
    expect(v1[0]?.post.caption).toBe('new video #acmeglow');
    for (const batch of batches) {
      for (const comment of batch.comments) {
        expect(comment.authorKey).toMatch(/^[0-9a-f]{64}$/);
        expect(JSON.stringify(comment)).not.toContain('author-');
      }
      expect(batch.rawArchiveKeys.every((key) => key.startsWith('raw/kind=comments/platform=youtube/'))).toBe(
        true,
      );
    }
    // Raw zone: every page, gzip NDJSON keys by kind.
    const keys = [...t.archive.pages.keys()];
    expect(keys.filter((k) => k.startsWith('raw/kind=posts/'))).toHaveLength(1);
    expect(keys.filter((k) => k.startsWith('raw/kind=metrics/'))).toHaveLength(1);
    expect(keys.filter((k) => k.startsWith('raw/kind=comments/'))).toHaveLength(2);
    expect(t.metrics.get('CommentsCollected', 'youtube')).toBe(36);

    // One hour later: 5 new comments on v1 (one shares the previous boundary timestamp).
    const boundary = (t.connector.comments.get('v1') ?? []).at(-1)?.publishedAt ?? '';
    t.connector.comments
      .get('v1')
      ?.push(
        { commentId: 'v1-late-same-ts', authorId: 'x', text: 'late', publishedAt: boundary },
        ...comments('v1-new', 4, '2026-03-02T10:30:00.000Z', 1000),
      );
    t.setNow('2026-03-02T11:00:00.000Z');
    t.publisher.sent.clear();
    const second = await collectCreator(t.deps, t.job());
    expect(second.comments).toBe(5);
    expect(
      t
        .sentComments()
        .flatMap((b) => b.comments.map((c) => c.commentId))
        .sort(),
    ).toEqual(['v1-late-same-ts', 'v1-new-c0', 'v1-new-c1', 'v1-new-c2', 'v1-new-c3']);
    // Posts already known and not due are not resent; the due ones are (hourly in the first 48 h).
    expect(
      t
        .sentMetrics()[0]
        ?.posts.map((p) => p.postId)
        .sort(),
    ).toEqual(['v1', 'v2']);
  });

  it("loads the creator's watermarks once per job (one listing, no read per stream)", async () => {
    const t = setup();
    await registerCreator(t.registry);
    t.connector.posts.push(post('v1', '2026-03-02T08:00:00.000Z'), post('v2', '2026-03-02T09:00:00.000Z'));
    t.connector.comments.set('v1', comments('v1', 4, '2026-03-02T08:01:00.000Z', 1000));
    t.connector.comments.set('v2', comments('v2', 4, '2026-03-02T09:01:00.000Z', 1000));
    // Another creator's watermark must not leak into this one's state.
    await t.watermarks.put(
      { platform: 'youtube', accountId: 'UC2', stream: 'comments#v1', value: '{}', updatedAt: 'x' },
      0,
    );
    const list = vi.spyOn(t.watermarks, 'listForCreator');
    const get = vi.spyOn(t.watermarks, 'get');

    expect((await collectCreator(t.deps, t.job())).comments).toBe(8);
    t.connector.comments.get('v2')?.push(...comments('v2-new', 2, '2026-03-02T10:30:00.000Z', 1000));
    t.setNow('2026-03-02T11:00:00.000Z');
    expect((await collectCreator(t.deps, t.job())).comments).toBe(2);

    // Expiry is judged on the job's injected clock, not the machine's.
    expect(list.mock.calls).toEqual([
      ['youtube', 'UC1', new Date('2026-03-02T10:00:00.000Z')],
      ['youtube', 'UC1', new Date('2026-03-02T11:00:00.000Z')],
    ]);
    expect(get).not.toHaveBeenCalled();
    // Versions come from the listing: posts and v2 advanced twice, v1 (no new comments) once.
    const versions = Object.fromEntries(
      (await t.watermarks.listForCreator('youtube', 'UC1', new Date('2026-03-02T11:00:00.000Z'))).map(
        (mark) => [mark.stream, mark.version],
      ),
    );
    expect(versions).toEqual({ posts: 2, 'comments#v1': 1, 'comments#v2': 2 });
  });

  it('a run whose watermarks another run advanced after its listing counts conflicts and keeps the other run', async () => {
    const t = setup();
    await registerCreator(t.registry);
    t.connector.posts.push(post('v1', '2026-03-02T08:00:00.000Z'));
    t.connector.comments.set('v1', comments('v1', 6, '2026-03-02T08:01:00.000Z', 1000));
    await collectCreator(t.deps, t.job());
    t.connector.comments.get('v1')?.push(...comments('v1-new', 3, '2026-03-02T10:30:00.000Z', 1000));
    t.setNow('2026-03-02T11:00:00.000Z');

    // Run A lists its watermarks; before it advances them, run B (a duplicate delivery) collects and advances.
    const realList = t.watermarks.listForCreator.bind(t.watermarks);
    let runB: Promise<Awaited<ReturnType<typeof collectCreator>>> | undefined;
    t.watermarks.listForCreator = async (platform, accountId, now) => {
      const listed = await realList(platform, accountId, now);
      if (runB === undefined) {
        t.watermarks.listForCreator = realList;
        runB = collectCreator(t.deps, t.job());
        await runB;
      }
      return listed;
    };
    const a = await collectCreator(t.deps, t.job());
    const b = await runB;

    expect(b).toMatchObject({ comments: 3, watermarkConflicts: 0 });
    // A read the same comments (also sent: downstream dedupes by id) and lost both conditional writes.
    expect(a).toMatchObject({ outcome: 'collected', comments: 3, watermarkConflicts: 2 });
    const stored = await t.watermarks.listForCreator('youtube', 'UC1', new Date('2026-03-02T11:00:00.000Z'));
    expect(stored.map((mark) => [mark.stream, mark.version])).toEqual([
      ['comments#v1', 2],
      ['posts', 2],
    ]);
    expect(stored.every((mark) => mark.updatedAt === '2026-03-02T11:00:00.000Z')).toBe(true);
  });

  it('reads the follower count alone when no post is due for metrics', async () => {
    const t = setup();
    await registerCreator(t.registry);
    t.connector.posts.push(post('old', '2026-02-10T00:00:00.000Z'));
    await collectCreator(t.deps, t.job());
    t.setNow('2026-03-02T10:30:00.000Z'); // old post: daily stage, polled 30 min ago
    t.publisher.sent.clear();
    await collectCreator(t.deps, t.job());
    expect(t.connector.calls.filter((c) => c === 'readFollowerCount')).toHaveLength(1);
    const [metrics] = t.sentMetrics();
    expect(metrics?.posts).toEqual([]);
    expect(metrics?.snapshots).toEqual([]);
    expect(metrics?.followers.status).toBe('available');
  });

  it('a manual job sweeps every post of the lookback, whatever the schedule says', async () => {
    const t = setup();
    await registerCreator(t.registry);
    t.connector.posts.push(post('old', '2026-02-10T00:00:00.000Z'), post('new', '2026-03-02T09:00:00.000Z'));
    t.connector.comments.set('old', comments('old', 3, '2026-02-10T01:00:00.000Z', 1000));
    await collectCreator(t.deps, t.job());
    // Ten minutes later nothing is due on the schedule; a late comment arrived on the old post.
    t.connector.comments
      .get('old')
      ?.push({ commentId: 'old-late', authorId: 'z', text: 'late', publishedAt: '2026-03-02T10:05:00.000Z' });
    t.setNow('2026-03-02T10:10:00.000Z');
    t.publisher.sent.clear();
    await collectCreator(t.deps, t.job());
    expect(t.sentComments()).toHaveLength(0);
    const manual = await collectCreator(t.deps, { ...t.job(), reason: 'manual' });
    expect(manual.snapshots).toBe(2);
    expect(t.sentComments().flatMap((b) => b.comments.map((c) => c.commentId))).toEqual(['old-late']);
  });

  it('a crash between send and watermark advance: redelivery resends, and downstream dedupe by id gives every comment exactly once', async () => {
    const t = setup();
    await registerCreator(t.registry);
    t.connector.posts.push(post('v1', '2026-03-02T08:00:00.000Z'));
    const all = comments('v1', 25, '2026-03-02T08:01:00.000Z', 30_000);
    t.connector.comments.set('v1', all);

    // The watermark write fails once (Lambda killed after the sends).
    const realPut = t.watermarks.put.bind(t.watermarks);
    let crashes = 1;
    t.watermarks.put = async (wm: Omit<Watermark, 'version'>, expected: number) => {
      if (crashes-- > 0) throw new Error('Runtime exited (injected crash)');
      return realPut(wm, expected);
    };
    const handler = createCollectCreatorHandler(t.deps);
    const first = await handler({ Records: [sqsRecord('m1', t.job())] }, context);
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    const afterCrash = t.sentComments().flatMap((b) => b.comments.map((c) => c.commentId));
    expect(afterCrash).toHaveLength(25);

    const second = await handler({ Records: [sqsRecord('m1', t.job(), 2)] }, context);
    expect(second.batchItemFailures).toEqual([]);
    const sent = t.sentComments().flatMap((b) => b.comments.map((c) => c.commentId));
    expect(sent).toHaveLength(50); // sent twice: at-least-once
    // Consumer-side dedupe (per-comment items keyed by id): exactly the platform's comments, none lost.
    expect([...new Set(sent)].sort()).toEqual(all.map((c) => c.commentId).sort());

    // A third delivery (duplicate) after the watermark advanced sends nothing new.
    t.setNow('2026-03-02T10:05:00.000Z');
    await handler({ Records: [sqsRecord('m1', t.job(), 3)] }, context);
    expect(t.sentComments().flatMap((b) => b.comments)).toHaveLength(50);
  });

  it('quota exhausted: the record is handled (no retry loop), the ledger defers the credential to the reset, nothing is lost', async () => {
    const t = setup();
    await registerCreator(t.registry);
    t.connector.posts.push(post('v1', '2026-03-02T08:00:00.000Z'));
    t.connector.comments.set('v1', comments('v1', 10, '2026-03-02T08:01:00.000Z', 1000));
    const resetAt = '2026-03-03T08:00:00.000Z';
    t.connector.failNext('readNewComments', () => new QuotaExhaustedError('youtube', 'youtube/UC1', resetAt));
    const handler = createCollectCreatorHandler(t.deps);
    const response = await handler({ Records: [sqsRecord('m1', t.job())] }, context);
    expect(response.batchItemFailures).toEqual([]);
    expect(t.metrics.get('QuotaExhausted', 'youtube')).toBe(1);
    expect(t.publisher.sent.get('comments')).toBeUndefined();
    expect(t.publisher.sent.get('metrics')).toBeUndefined();
    expect(t.watermarks.watermarks.size).toBe(0);
    // Pages fetched before the quota ran out are archived anyway.
    expect([...t.archive.pages.keys()].some((k) => k.startsWith('raw/kind=posts/'))).toBe(true);

    // The scheduler now defers this creator until the reset …
    const probe = createQuotaProbe(t.quotaStore);
    const blocked = await probe.blockedUntil(
      'youtube',
      'youtube/UC1',
      Date.parse('2026-03-02T15:00:00.000Z'),
    );
    expect(blocked).toBe(Date.parse(resetAt));
    const quarterStart = Date.parse('2026-03-02T15:00:00.000Z') + slotOfCreator('youtube#UC1') * 15 * 60_000;
    const deferred = await scheduleCollection({
      registry: t.registry,
      publisher: t.publisher,
      quota: probe,
      clock: () => new Date(quarterStart),
      logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
    });
    expect(deferred.emitted.youtube).toBe(0);
    expect(deferred.deferredCreators).toEqual([{ creatorKey: 'youtube#UC1', until: resetAt }]);

    // … and after it, the same job collects everything.
    t.setNow('2026-03-03T08:15:00.000Z');
    const after = await collectCreator(t.deps, t.job());
    expect(after.outcome).toBe('collected');
    expect(t.sentComments().flatMap((b) => b.comments)).toHaveLength(10);
  });

  it('expired token: creator set to auth_error, record handled, not retried', async () => {
    const t = setup();
    await registerCreator(t.registry);
    t.connector.failNext(
      'listRecentPosts',
      () => new CredentialError('youtube', 'UC1', 'expired', 'token expired for youtube/UC1'),
    );
    const response = await createCollectCreatorHandler(t.deps)(
      { Records: [sqsRecord('m1', t.job())] },
      context,
    );
    expect(response.batchItemFailures).toEqual([]);
    expect((await t.registry.getCreator('youtube', 'UC1'))?.status).toBe('auth_error');
    expect(t.metrics.get('CredentialErrors', 'youtube')).toBe(1);
    // The scheduler no longer polls it.
    expect(await t.registry.listActiveCreators()).toEqual([]);
    // A job already queued for it is skipped without platform calls.
    const calls = t.connector.calls.length;
    expect((await collectCreator(t.deps, t.job())).outcome).toBe('skipped_not_active');
    expect(t.connector.calls.length).toBe(calls);
  });

  it('a transient failure after the connector retries fails only that record', async () => {
    const t = setup();
    await registerCreator(t.registry);
    await t.registry.putCreator({
      platform: 'youtube',
      accountId: 'UC2',
      handle: 'two',
      niche: 'general',
      followerHistory: [],
      campaignIds: [],
      status: 'active',
    });
    t.connector.failNext(
      'listRecentPosts',
      () =>
        new PlatformRequestError('youtube', 'youtube.playlistItems.list', 503, 'failed after retries', true),
    );
    const other = { ...t.job(), creatorKey: 'youtube#UC2', accountId: 'UC2' };
    const response = await createCollectCreatorHandler(t.deps)(
      { Records: [sqsRecord('m1', t.job()), sqsRecord('m2', other)] },
      context,
    );
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(t.sentMetrics().map((m) => m.accountId)).toEqual(['UC2']);
  });

  it('quarantines invalid platform items with their reason, and invalid job bodies go to the dead-letter path', async () => {
    const t = setup();
    await registerCreator(t.registry);
    t.connector.quarantine.push({
      platform: 'youtube',
      kind: 'post',
      reason: 'snippet.publishedAt: invalid',
      raw: { id: 'bad' },
    });
    const response = await createCollectCreatorHandler(t.deps)(
      { Records: [sqsRecord('bad-body', '{"v":1,"type":"collect-job"}'), sqsRecord('m1', t.job())] },
      context,
    );
    expect(response.batchItemFailures).toEqual([]);
    const quarantineKeys = [...t.archive.pages.keys()].filter((k) =>
      k.startsWith('quarantine/source=platform/'),
    );
    expect(quarantineKeys).toHaveLength(1);
    const [record] = await t.archive.getPage(quarantineKeys[0] ?? '');
    expect(record).toMatchObject({
      reason: 'snippet.publishedAt: invalid',
      kind: 'post',
      creatorKey: 'youtube#UC1',
    });
    expect(t.metrics.get('ItemsQuarantined', 'youtube')).toBe(1);
    // Invalid SQS body: quarantined with its reason and copied to the DLQ.
    expect([...t.archive.quarantined.values()].map((q) => q.messageId)).toEqual(['bad-body']);
    expect(t.publisher.sent.get('collect-dlq')?.[0]?.attributes.reason).toMatch(/schema_violation/);
  });
});

/** A promise the test resolves by hand (holds a collection "in progress"). */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('collect-creator idempotency (one collection per creator and slot)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a duplicate job (another message, same creator and slot) replays the stored result: no platform call, no message', async () => {
    const t = setup();
    await registerCreator(t.registry);
    t.connector.posts.push(post('v1', '2026-03-02T08:00:00.000Z'));
    t.connector.comments.set('v1', comments('v1', 6, '2026-03-02T08:01:00.000Z', 1000));
    const handler = createCollectCreatorHandler(t.deps);
    expect((await handler({ Records: [sqsRecord('m1', t.job())] }, context)).batchItemFailures).toEqual([]);
    const calls = t.connector.calls.length;
    const sent = { metrics: t.sentMetrics().length, comments: t.sentComments().length };
    expect(calls).toBeGreaterThan(0);
    expect(t.idempotency.stored.size).toBe(1);
    expect([...t.idempotency.stored.values()][0]).toMatchObject({
      status: 'COMPLETED',
      responseData: { outcome: 'collected', creatorKey: 'youtube#UC1', comments: 6 },
    });

    // New comments arrive meanwhile: a real second run would read them, the replay must not.
    t.connector.comments.set('v1', comments('v1', 9, '2026-03-02T08:01:00.000Z', 1000));
    const again = await handler({ Records: [sqsRecord('m2', t.job())] }, context);
    expect(again.batchItemFailures).toEqual([]);
    expect(t.connector.calls.length).toBe(calls);
    expect({ metrics: t.sentMetrics().length, comments: t.sentComments().length }).toEqual(sent);
    expect(t.metrics.get('CollectJobsDuplicate', 'youtube')).toBe(1);

    // The creator's next slot is a new key: it collects (and finds the 3 new comments).
    t.setNow('2026-03-02T11:00:00.000Z');
    expect((await handler({ Records: [sqsRecord('m3', t.job())] }, context)).batchItemFailures).toEqual([]);
    expect(t.connector.calls.length).toBeGreaterThan(calls);
    expect(t.sentComments().flatMap((b) => b.comments)).toHaveLength(9);
  });

  it('a job whose collection throws stays retryable: the record is deleted and the redelivery collects', async () => {
    const t = setup();
    await registerCreator(t.registry);
    t.connector.posts.push(post('v1', '2026-03-02T08:00:00.000Z'));
    t.connector.failNext(
      'listRecentPosts',
      () =>
        new PlatformRequestError('youtube', 'youtube.playlistItems.list', 503, 'failed after retries', true),
    );
    const handler = createCollectCreatorHandler(t.deps);
    const first = await handler({ Records: [sqsRecord('m1', t.job())] }, context);
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(t.idempotency.stored.size).toBe(0);
    expect(t.sentMetrics()).toHaveLength(0);

    const retry = await handler({ Records: [sqsRecord('m1', t.job(), 2)] }, context);
    expect(retry.batchItemFailures).toEqual([]);
    expect(t.connector.calls.filter((method) => method === 'listRecentPosts')).toHaveLength(2);
    expect(t.sentMetrics()).toHaveLength(1);
    expect(t.metrics.get('CollectJobsDuplicate', 'youtube')).toBe(0);
  });

  it('a job in progress in another invocation fails only its record, and is collected once', async () => {
    const t = setup();
    await registerCreator(t.registry);
    await t.registry.putCreator({
      platform: 'youtube',
      accountId: 'UC2',
      handle: 'two',
      niche: 'general',
      followerHistory: [],
      campaignIds: [],
      status: 'active',
    });
    t.connector.posts.push(post('v1', '2026-03-02T08:00:00.000Z'));
    const hold = gate();
    const entered = gate();
    const list = t.connector.listRecentPosts.bind(t.connector);
    let held = false;
    t.connector.listRecentPosts = async (creator, options) => {
      if (!held && creator.accountId === 'UC1') {
        held = true;
        entered.open();
        await hold.opened;
      }
      return list(creator, options);
    };
    const handler = createCollectCreatorHandler(t.deps);
    const first = handler({ Records: [sqsRecord('m1', t.job())] }, context);
    await entered.opened;

    const other = { ...t.job(), creatorKey: 'youtube#UC2', accountId: 'UC2' };
    const concurrent = await handler(
      { Records: [sqsRecord('m1-duplicate', t.job()), sqsRecord('m2', other)] },
      context,
    );
    expect(concurrent.batchItemFailures).toEqual([{ itemIdentifier: 'm1-duplicate' }]);
    expect(t.metrics.get('CollectJobsInProgressElsewhere', 'youtube')).toBe(1);

    hold.open();
    expect((await first).batchItemFailures).toEqual([]);
    // The redelivered duplicate finds the completed record: replayed, not collected again.
    const redelivered = await handler({ Records: [sqsRecord('m1-duplicate', t.job(), 2)] }, context);
    expect(redelivered.batchItemFailures).toEqual([]);
    expect(t.connector.calls.filter((method) => method === 'listRecentPosts')).toHaveLength(2); // UC1 + UC2
    expect(
      t
        .sentMetrics()
        .map((m) => m.accountId)
        .sort(),
    ).toEqual(['UC1', 'UC2']);
  });

  it("a crashed or timed-out invocation's lock expires with its deadline, not after the record expiry", async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-03-02T10:00:00.000Z') });
    const t = setup();
    await registerCreator(t.registry);
    t.connector.posts.push(post('v1', '2026-03-02T08:00:00.000Z'));
    const list = t.connector.listRecentPosts.bind(t.connector);
    let hung = false;
    t.connector.listRecentPosts = async (creator, options) => {
      if (!hung) {
        hung = true;
        return new Promise(() => {}); // the invocation never returns (killed at its timeout)
      }
      return list(creator, options);
    };
    const handler = createCollectCreatorHandler(t.deps);
    const shortContext = { getRemainingTimeInMillis: () => 5_000 } as unknown as Context;
    const startedAt = Date.now();
    void handler({ Records: [sqsRecord('m1', t.job())] }, shortContext);
    await vi.waitFor(() => expect(hung).toBe(true));
    expect([...t.idempotency.stored.values()][0]).toMatchObject({
      status: 'INPROGRESS',
      inProgressExpiryTimestamp: startedAt + 5_000,
    });

    // Before the deadline: still locked.
    const early = await handler({ Records: [sqsRecord('m1', t.job(), 2)] }, context);
    expect(early.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    // After it (the redelivery comes after the visibility timeout): the retry collects.
    vi.setSystemTime(startedAt + 6_000);
    const late = await handler({ Records: [sqsRecord('m1', t.job(), 3)] }, context);
    expect(late.batchItemFailures).toEqual([]);
    expect(t.sentMetrics()).toHaveLength(1);
    expect([...t.idempotency.stored.values()][0]?.status).toBe('COMPLETED');
  });

  it('handled outcomes are remembered too: a deferred job redelivered before the reset makes no platform call', async () => {
    const t = setup();
    await registerCreator(t.registry);
    t.connector.posts.push(post('v1', '2026-03-02T08:00:00.000Z'));
    t.connector.failNext(
      'listRecentPosts',
      () => new QuotaExhaustedError('youtube', 'youtube/UC1', '2026-03-03T08:00:00.000Z'),
    );
    const handler = createCollectCreatorHandler(t.deps);
    expect((await handler({ Records: [sqsRecord('m1', t.job())] }, context)).batchItemFailures).toEqual([]);
    const calls = t.connector.calls.length;
    expect((await handler({ Records: [sqsRecord('m1', t.job(), 2)] }, context)).batchItemFailures).toEqual(
      [],
    );
    expect(t.connector.calls.length).toBe(calls);
    expect([...t.idempotency.stored.values()][0]?.responseData).toMatchObject({ outcome: 'deferred_quota' });
  });
});
