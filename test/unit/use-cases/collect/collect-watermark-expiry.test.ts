import { Logger } from '@aws-lambda-powertools/logger';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacAuthorKey } from '../../../../shared/adapters/aws/author-key';
import {
  MemoryCreatorRegistry,
  MemoryMessagePublisher,
  MemoryRawArchive,
  MemoryWatermarkStore,
} from '../../../../shared/adapters/memory';
import { InMemoryIdempotencyPersistence } from '../../../../shared/adapters/memory/memory-idempotency';
import type { Post } from '../../../../shared/domain/post';
import { type CollectJob, CommentsBatchSchema } from '../../../../shared/messages';
import { postsDueForPoll } from '../../../../shared/platforms/maturation';
import { InMemoryQuotaStateStore, StoreBackedQuotaLedger } from '../../../../shared/platforms/quota-ledger';
import type { CreatorRef, ListRecentPostsResult } from '../../../../shared/ports/platform-connector';
import { isWatermarkExpired, WatermarkConflictError } from '../../../../shared/ports/watermark-store';
import {
  type CollectCreatorConfig,
  collectCreator,
  commentPollingHorizonMs,
  DEFAULT_COLLECT_CREATOR_CONFIG,
} from '../../../../shared/use-cases/collect-creator';
import {
  COMMENT_WATERMARK_MARGIN_MS,
  commentWatermarkExpiresAt,
} from '../../../../shared/use-cases/collect-state';
import { FakeConnector } from './fake-connector';

const DAY = 86_400_000;
const PUBLISHED = '2026-03-01T08:00:00.000Z';
/** Default horizon (30 d) + margin (7 d). */
const EXPIRES = '2026-04-07T08:00:00.000Z';

/** A platform whose listing also returns posts older than `since` (nothing but the schedule then stops a read). */
class OverListingConnector extends FakeConnector {
  override async listRecentPosts(creator: CreatorRef): Promise<ListRecentPostsResult> {
    return super.listRecentPosts(creator, { since: '1970-01-01T00:00:00.000Z' });
  }
}

function post(postId: string, publishedAt: string): Post {
  return {
    platform: 'youtube',
    postId,
    accountId: 'UC1',
    type: 'video',
    caption: 'hello',
    publishedAt,
    status: 'active',
  };
}

async function setup() {
  let now = new Date('2026-03-01T09:00:00.000Z');
  const clock = () => now;
  const registry = new MemoryCreatorRegistry();
  await registry.putCreator({
    platform: 'youtube',
    accountId: 'UC1',
    handle: 'creator_one',
    niche: 'beauty',
    followerHistory: [],
    campaignIds: [],
    status: 'active',
  });
  const watermarks = new MemoryWatermarkStore();
  const publisher = new MemoryMessagePublisher();
  const connector = new OverListingConnector('youtube', clock, (id) =>
    hmacAuthorKey('a-test-author-hash-key-of-32-chars!!', 'youtube', id),
  );
  connector.posts.push(post('v1', PUBLISHED));
  connector.comments.set(
    'v1',
    ['c1', 'c2', 'c3'].map((commentId, i) => ({
      commentId,
      authorId: `author-${i}`,
      text: `comment ${i}`,
      publishedAt: new Date(Date.parse(PUBLISHED) + (i + 1) * 60_000).toISOString(),
    })),
  );
  let ids = 0;
  const deps = {
    registry,
    watermarks,
    connectorFor: async () => connector,
    archive: new MemoryRawArchive(),
    publisher,
    ledger: new StoreBackedQuotaLedger(new InMemoryQuotaStateStore()),
    clock,
    logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
    newId: () => `run${++ids}`,
    idempotency: new InMemoryIdempotencyPersistence(),
  };
  const job = (reason: CollectJob['reason'] = 'scheduled'): CollectJob => ({
    v: 1,
    type: 'collect-job',
    creatorKey: 'youtube#UC1',
    platform: 'youtube',
    accountId: 'UC1',
    scheduledSlot: now.toISOString(),
    reason,
  });
  return {
    deps,
    watermarks,
    publisher,
    connector,
    job,
    setNow: (iso: string) => {
      now = new Date(iso);
    },
    sentCommentIds: () =>
      (publisher.sent.get('comments') ?? [])
        .flatMap((m) => CommentsBatchSchema.parse(JSON.parse(m.body)).comments)
        .map((c) => c.commentId),
  };
}

describe('comment watermark expiry', () => {
  it('is publishedAt + the polling horizon (30 d by default) + a 7-day margin, in whole seconds', () => {
    const horizon = commentPollingHorizonMs(DEFAULT_COLLECT_CREATOR_CONFIG, 'youtube');
    expect(horizon).toBe(30 * DAY);
    expect(COMMENT_WATERMARK_MARGIN_MS).toBe(7 * DAY);
    expect(commentWatermarkExpiresAt(PUBLISHED, horizon)).toBe(EXPIRES);
    // Rounded up: never deletable before the computed instant.
    expect(commentWatermarkExpiresAt('2026-03-01T08:00:00.001Z', horizon)).toBe('2026-04-07T08:00:01.000Z');
    expect(commentWatermarkExpiresAt(PUBLISHED, Number.POSITIVE_INFINITY)).toBeUndefined();
  });

  it('the horizon follows the longer of the lookback (manual sweeps) and the comments schedule', () => {
    const config: CollectCreatorConfig = {
      ...DEFAULT_COLLECT_CREATOR_CONFIG,
      lookbackDays: 45,
    };
    expect(commentPollingHorizonMs(config, 'tiktok')).toBe(45 * DAY);
    const longSchedule: CollectCreatorConfig = {
      ...DEFAULT_COLLECT_CREATOR_CONFIG,
      commentsSchedule: {
        ...DEFAULT_COLLECT_CREATOR_CONFIG.commentsSchedule,
        tiktok: [
          { untilAgeMs: 90 * DAY, everyMs: DAY },
          { untilAgeMs: 2 * DAY, everyMs: 3_600_000 },
        ],
      },
    };
    expect(commentPollingHorizonMs(longSchedule, 'tiktok')).toBe(90 * DAY);
    expect(commentPollingHorizonMs(longSchedule, 'youtube')).toBe(30 * DAY);
  });

  it('a post whose comments are read at `now` always has an unexpired watermark then (property)', () => {
    const config = DEFAULT_COLLECT_CREATOR_CONFIG;
    const horizon = commentPollingHorizonMs(config, 'instagram');
    const sweep = [{ untilAgeMs: config.lookbackDays * DAY, everyMs: 0 }];
    fc.assert(
      fc.property(
        fc.integer({ min: -DAY, max: 60 * DAY }),
        fc.option(fc.integer({ min: 0, max: 60 * DAY }), { nil: undefined }),
        fc.boolean(),
        (ageMs, sinceLastPollMs, manual) => {
          const now = Date.parse('2026-06-01T00:00:00.000Z');
          const publishedAt = new Date(now - ageMs).toISOString();
          const due = postsDueForPoll(
            [
              {
                postId: 'p',
                publishedAt,
                ...(sinceLastPollMs === undefined
                  ? {}
                  : { lastPolledAt: new Date(now - sinceLastPollMs).toISOString() }),
              },
            ],
            now,
            manual ? sweep : config.commentsSchedule.instagram,
          );
          const expiresAt = commentWatermarkExpiresAt(publishedAt, horizon);
          if (due.length > 0) {
            // Read now ⇒ its watermark is still there, with at least the margin to spare.
            expect(Date.parse(expiresAt ?? '') - now).toBeGreaterThan(COMMENT_WATERMARK_MARGIN_MS);
          }
          if (isWatermarkExpired({ expiresAt }, new Date(now))) expect(due).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('collect-creator gives comment watermarks the TTL and leaves the posts watermark without one', async () => {
    const t = await setup();
    expect((await collectCreator(t.deps, t.job())).comments).toBe(3);
    const stored = await t.watermarks.listForCreator('youtube', 'UC1', new Date('2026-03-01T09:00:00.000Z'));
    expect(stored.map((mark) => [mark.stream, mark.expiresAt])).toEqual([
      ['comments#v1', EXPIRES],
      ['posts', undefined],
    ]);
  });

  it('after expiry the watermark is not returned and not needed: no read of the old post, nothing re-sent', async () => {
    const t = await setup();
    await collectCreator(t.deps, t.job());
    expect(t.sentCommentIds()).toEqual(['c1', 'c2', 'c3']);

    // Last scheduled read of the post's comments: just inside the 30-day horizon, watermark returned.
    t.connector.comments.get('v1')?.push({
      commentId: 'c4',
      authorId: 'author-4',
      text: 'late',
      publishedAt: '2026-03-30T12:00:00.000Z',
    });
    t.setNow('2026-03-31T07:00:00.000Z');
    t.publisher.sent.clear();
    expect((await collectCreator(t.deps, t.job())).comments).toBe(1);
    expect(t.sentCommentIds()).toEqual(['c4']);

    // One hour past expiry. The TTL sweeper has not run (the item is still stored), the platform still lists the
    // post, and both a scheduled job and a manual sweep run: the post is past every schedule, so nothing is read.
    t.setNow('2026-04-07T09:00:00.000Z');
    t.publisher.sent.clear();
    t.connector.calls.length = 0;
    expect(t.watermarks.watermarks.get('youtube#UC1#comments#v1')?.expiresAt).toBe(EXPIRES);
    const now = new Date('2026-04-07T09:00:00.000Z');
    expect(await t.watermarks.get('youtube', 'UC1', 'comments#v1', now)).toBeUndefined();
    expect((await t.watermarks.listForCreator('youtube', 'UC1', now)).map((mark) => mark.stream)).toEqual([
      'posts',
    ]);
    for (const reason of ['scheduled', 'manual'] as const) {
      const result = await collectCreator(t.deps, t.job(reason));
      expect(result).toMatchObject({ outcome: 'collected', posts: 1, comments: 0, commentsMessages: 0 });
    }
    expect(t.connector.calls).not.toContain('readNewComments');
    expect(t.sentCommentIds()).toEqual([]);
    // The posts-level watermark never expires.
    const farFuture = new Date('2030-01-01T00:00:00.000Z');
    expect(await t.watermarks.get('youtube', 'UC1', 'posts', farFuture)).toMatchObject({ stream: 'posts' });
  });

  it('a comment watermark written before expiry existed gets its TTL on the next read, even with no new comment', async () => {
    const t = await setup();
    await collectCreator(t.deps, t.job());
    // As an older release stored it: same value, no expiry.
    const legacy = t.watermarks.watermarks.get('youtube#UC1#comments#v1');
    if (!legacy) throw new Error('no watermark');
    const { expiresAt: _dropped, ...withoutExpiry } = legacy;
    t.watermarks.watermarks.set('youtube#UC1#comments#v1', withoutExpiry);

    t.setNow('2026-03-01T10:00:00.000Z');
    expect((await collectCreator(t.deps, t.job())).comments).toBe(0);
    expect(t.watermarks.watermarks.get('youtube#UC1#comments#v1')).toMatchObject({
      value: legacy.value,
      version: legacy.version + 1,
      expiresAt: EXPIRES,
    });
  });
});

describe('MemoryWatermarkStore expiry (same contract as the DynamoDB store)', () => {
  const base = { platform: 'youtube' as const, accountId: 'UC1', stream: 'comments#v1', value: '{}' };

  it('hides an expired item from get and listForCreator while it is still stored', async () => {
    const store = new MemoryWatermarkStore();
    await store.put({ ...base, updatedAt: '2026-03-01T00:00:00.000Z', expiresAt: EXPIRES }, 0);
    const before = new Date(Date.parse(EXPIRES) - 1);
    expect(await store.get('youtube', 'UC1', 'comments#v1', before)).toMatchObject({ expiresAt: EXPIRES });
    expect(await store.listForCreator('youtube', 'UC1', before)).toHaveLength(1);
    const at = new Date(EXPIRES);
    expect(await store.get('youtube', 'UC1', 'comments#v1', at)).toBeUndefined();
    expect(await store.listForCreator('youtube', 'UC1', at)).toEqual([]);
    expect(store.watermarks.size).toBe(1);
  });

  it('an item expired by the write time counts as absent for put(…, 0); an unexpired one conflicts', async () => {
    const store = new MemoryWatermarkStore();
    await store.put({ ...base, updatedAt: '2026-03-01T00:00:00.000Z', expiresAt: EXPIRES }, 0);
    await expect(store.put({ ...base, updatedAt: '2026-04-07T07:59:59.000Z' }, 0)).rejects.toBeInstanceOf(
      WatermarkConflictError,
    );
    expect(await store.put({ ...base, value: 'new', updatedAt: EXPIRES }, 0)).toBe(1);
    expect(
      await store.get('youtube', 'UC1', 'comments#v1', new Date('2030-01-01T00:00:00.000Z')),
    ).toMatchObject({ value: 'new', version: 1 });
  });
});
