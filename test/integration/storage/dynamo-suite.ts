import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalResources } from '../../../infra/local/stack';
import { createDynamoDocumentClient } from '../../../shared/adapters/aws/clients';
import { DynamoAggregateStore } from '../../../shared/adapters/aws/dynamo-aggregate-store';
import { DynamoAlertStore } from '../../../shared/adapters/aws/dynamo-alert-store';
import { DynamoCommentScoreStore } from '../../../shared/adapters/aws/dynamo-comment-score-store';
import { DynamoCreatorRegistry } from '../../../shared/adapters/aws/dynamo-creator-registry';
import { Keys } from '../../../shared/adapters/aws/dynamo-keys';
import { DynamoPostStore } from '../../../shared/adapters/aws/dynamo-post-store';
import { DynamoQuotaStateStore } from '../../../shared/adapters/aws/dynamo-quota-state-store';
import { DynamoSnapshotStore } from '../../../shared/adapters/aws/dynamo-snapshot-store';
import {
  DynamoWatermarkStore,
  InvalidWatermarkItemError,
} from '../../../shared/adapters/aws/dynamo-watermark-store';
import { Retention } from '../../../shared/config/table-definitions';
import type { Creator } from '../../../shared/domain/creator';
import { available, unavailable } from '../../../shared/domain/metric-value';
import type { MetricSnapshot, Post } from '../../../shared/domain/post';
import { AlertVersionConflictError } from '../../../shared/ports/alert-store';
import { WatermarkConflictError } from '../../../shared/ports/watermark-store';
import {
  type ApplyCommentScoresInput,
  applyCommentScores,
  canonicalJson,
} from '../../../shared/use-cases/apply-comment-scores';
import { createIsolatedResources, stubScore, useEnvironment } from './storage-test-kit';

const NOW = new Date('2026-03-10T12:30:00.000Z');

function post(id: string, accountId: string, publishedAt: string, campaignIds: string[] = []): Post {
  return {
    platform: 'youtube',
    postId: id,
    accountId,
    type: 'video',
    caption: `caption of ${id}`,
    publishedAt,
    status: 'active',
    ...(campaignIds.length > 0
      ? { sponsorship: { sponsored: true, kind: 'paid' as const, signals: [], campaignIds } }
      : {}),
  };
}

function snapshot(postId: string, accountId: string, capturedAt: string, views: number): MetricSnapshot {
  const na = unavailable('not_returned');
  return {
    platform: 'youtube',
    postId,
    accountId,
    capturedAt,
    followers: available(1000),
    metrics: {
      views: available(views),
      likes: available(10),
      comments: available(2),
      shares: na,
      saves: na,
      reach: na,
      impressions: na,
    },
  };
}

/** Three messages' worth of scored comments over two posts (one organic, one sponsored) and several hours. */
function replayBatch(accountId: string): ApplyCommentScoresInput[] {
  const organic = {
    platform: 'youtube' as const,
    postId: 'organic-1',
    accountId,
    sponsored: false,
    campaignIds: [],
  };
  const sponsored = {
    platform: 'youtube' as const,
    postId: 'sponsored-1',
    accountId,
    sponsored: true,
    campaignIds: ['acme'],
  };
  const comments = (prefix: string, hour: number, scores: (number | null)[]) =>
    scores.map((score, index) => ({
      commentId: `${prefix}-${hour}-${index}`,
      authorKey: `a${String(index).padStart(31, '0')}`,
      publishedAt: `2026-03-10T${String(hour).padStart(2, '0')}:${String(index * 7).padStart(2, '0')}:00.000Z`,
      likes: index,
      score: stubScore(score === null ? 'que?' : `score:${score}`),
    }));
  return [
    {
      post: organic,
      comments: [...comments('o', 9, [0.5, -0.25, 0.01, null]), ...comments('o', 10, [0.9, 0.3])],
    },
    {
      post: sponsored,
      comments: [...comments('s', 10, [-0.8, -0.6, 0.2]), ...comments('s', 11, [0.1, 0.7, -0.05])],
    },
    // Overlaps the first message (same comments re-collected) and adds new ones to an existing bucket.
    {
      post: organic,
      comments: [...comments('o', 10, [0.9, 0.3, -0.33]), ...comments('o', 11, [0.123456789])],
    },
  ];
}

export function defineDynamoSuite(backend: string, getEnv: () => Readonly<Record<string, string>>): void {
  describe(`DynamoDB adapters on ${backend}`, () => {
    let restoreEnv: () => void;
    let resources: LocalResources;
    let client: DynamoDBDocumentClient;
    let dataTable: string;
    let creatorsTable: string;

    beforeAll(async () => {
      restoreEnv = useEnvironment(getEnv());
      resources = await createIsolatedResources(getEnv(), 'ddb');
      client = createDynamoDocumentClient();
      dataTable = resources.tables.data;
      creatorsTable = resources.tables.creators;
    });
    afterAll(() => {
      client?.destroy();
      restoreEnv?.();
    });

    it('stores creators and campaigns and lists active creators', async () => {
      const registry = new DynamoCreatorRegistry(creatorsTable, client);
      const creator = (accountId: string, status: Creator['status']): Creator => ({
        platform: 'tiktok',
        accountId,
        handle: `h-${accountId}`,
        niche: 'beauty',
        followerHistory: [{ capturedAt: '2026-03-01T00:00:00.000Z', followers: 12_000 }],
        campaignIds: ['acme'],
        status,
      });
      await registry.putCreator(creator('c1', 'active'));
      await registry.putCreator(creator('c2', 'paused'));
      await registry.putCreator(creator('c3', 'active'));
      await registry.putCampaign({
        campaignId: 'acme',
        brand: 'Acme',
        startsAt: '2026-03-01T00:00:00.000Z',
        endsAt: '2026-04-01T00:00:00.000Z',
        creatorKeys: ['tiktok#c1'],
        tags: ['acme'],
        promoCodes: ['ACME20'],
        links: [],
        kind: 'paid',
      });
      expect(await registry.getCreator('tiktok', 'c1')).toMatchObject({ handle: 'h-c1', status: 'active' });
      expect(await registry.getCreator('tiktok', 'missing')).toBeUndefined();
      expect((await registry.listActiveCreators()).map((c) => c.accountId).sort()).toEqual(['c1', 'c3']);
      expect((await registry.getCampaign('acme'))?.promoCodes).toEqual(['ACME20']);
      expect((await registry.listCampaigns()).map((c) => c.campaignId)).toEqual(['acme']);
    });

    it('lists posts by creator (newest first) and sponsored posts by campaign, dropping stale attributions', async () => {
      const store = new DynamoPostStore(dataTable, client);
      const accountId = `acc-${randomUUID()}`;
      await store.putPosts([
        post('p1', accountId, '2026-03-01T10:00:00.000Z'),
        post('p2', accountId, '2026-03-03T10:00:00.000Z', ['acme', 'globex']),
        post('p3', accountId, '2026-03-02T10:00:00.000Z', ['acme']),
      ]);
      expect((await store.listPostsByCreator('youtube', accountId)).map((p) => p.postId)).toEqual([
        'p2',
        'p3',
        'p1',
      ]);
      expect(
        (await store.listSponsoredPostsByCampaign('acme'))
          .filter((p) => p.accountId === accountId)
          .map((p) => p.postId),
      ).toEqual(['p2', 'p3']);
      expect(
        (await store.listSponsoredPostsByCampaign('globex'))
          .filter((p) => p.accountId === accountId)
          .map((p) => p.postId),
      ).toEqual(['p2']);
      // Re-attribution: p2 is no longer in globex.
      await store.putPosts([post('p2', accountId, '2026-03-03T10:00:00.000Z', ['acme'])]);
      expect(
        (await store.listSponsoredPostsByCampaign('globex')).filter((p) => p.accountId === accountId),
      ).toEqual([]);
      expect((await store.getPost('youtube', accountId, 'p3'))?.sponsorship?.campaignIds).toEqual(['acme']);
    });

    it('reads only the newest snapshot at or before an instant', async () => {
      const store = new DynamoSnapshotStore(dataTable, client);
      const postId = `v-${randomUUID()}`;
      const accountId = `acc-${randomUUID()}`;
      await store.putSnapshots(
        Array.from({ length: 5 }, (_, i) =>
          snapshot(postId, accountId, new Date(Date.UTC(2026, 2, 10, i)).toISOString(), i),
        ),
      );
      const latest = await store.latestSnapshot('youtube', postId, '2026-03-10T02:30:00.000Z');
      expect(latest?.capturedAt).toBe('2026-03-10T02:00:00.000Z');
      expect(latest?.metrics.views).toEqual(available(2));
      expect((await store.latestSnapshot('youtube', postId, '2026-03-10T04:00:00.000Z'))?.capturedAt).toBe(
        '2026-03-10T04:00:00.000Z',
      );
      expect(await store.latestSnapshot('youtube', postId, '2026-03-09T23:59:59.999Z')).toBeUndefined();
    });

    it('writes more than 25 snapshots in batches and reads a time range, with a TTL', async () => {
      const store = new DynamoSnapshotStore(dataTable, client);
      const accountId = `acc-${randomUUID()}`;
      const snapshots = Array.from({ length: 60 }, (_, i) =>
        snapshot('v1', accountId, new Date(Date.UTC(2026, 2, 10, 0, i)).toISOString(), i),
      );
      await store.putSnapshots(snapshots);
      const range = await store.listSnapshots('youtube', 'v1', {
        from: '2026-03-10T00:10:00.000Z',
        to: '2026-03-10T00:19:00.000Z',
      });
      expect(range.map((s) => s.metrics.views)).toEqual(
        Array.from({ length: 10 }, (_, i) => available(10 + i)),
      );
      const item = await client.send(
        new GetCommand({
          TableName: dataTable,
          Key: {
            pk: Keys.postPartition('youtube', 'v1'),
            sk: Keys.snapshotSortKey(snapshots[0]?.capturedAt ?? ''),
          },
        }),
      );
      expect(item.Item?.expiresAt).toBe(
        Date.parse('2026-03-10T00:00:00.000Z') / 1000 + Retention.metricSnapshotDays * 86_400,
      );
    });

    it('advances watermarks with an optimistic version', async () => {
      const store = new DynamoWatermarkStore(dataTable, client);
      const accountId = `acc-${randomUUID()}`;
      const mark = {
        platform: 'instagram' as const,
        accountId,
        stream: 'posts',
        value: '2026-03-10T00:00:00Z',
        updatedAt: NOW.toISOString(),
      };
      expect(await store.put(mark, 0)).toBe(1);
      expect(await store.put({ ...mark, value: '2026-03-10T01:00:00Z' }, 1)).toBe(2);
      await expect(store.put(mark, 1)).rejects.toBeInstanceOf(WatermarkConflictError);
      expect(await store.get('instagram', accountId, 'posts')).toMatchObject({
        value: '2026-03-10T01:00:00Z',
        version: 2,
      });
    });

    it("lists a creator's watermarks in one consistent Query, with the versions put needs", async () => {
      const store = new DynamoWatermarkStore(dataTable, client);
      const accountId = `acc-${randomUUID()}`;
      const base = { platform: 'youtube' as const, accountId, updatedAt: NOW.toISOString() };
      expect(await store.listForCreator('youtube', accountId)).toEqual([]);
      await store.put({ ...base, stream: 'posts', value: 'p1' }, 0);
      await store.put({ ...base, stream: 'posts', value: 'p2' }, 1);
      await store.put({ ...base, stream: 'comments#v2', value: 'c2' }, 0);
      await store.put({ ...base, stream: 'comments#v1', value: 'c1' }, 0);
      // Same partition, other entities: never part of the result.
      await client.send(
        new PutCommand({
          TableName: dataTable,
          Item: {
            pk: Keys.creatorPartition('youtube', accountId),
            sk: Keys.postSortKey('v1'),
            entity: 'post',
          },
        }),
      );
      // Same account id on another platform: another partition.
      await store.put({ ...base, platform: 'tiktok', stream: 'posts', value: 'other' }, 0);

      const listed = await store.listForCreator('youtube', accountId);
      expect(listed).toEqual([
        { ...base, stream: 'comments#v1', value: 'c1', version: 1 },
        { ...base, stream: 'comments#v2', value: 'c2', version: 1 },
        { ...base, stream: 'posts', value: 'p2', version: 2 },
      ]);
      // Read-your-write (ConsistentRead), and each listed version is exactly what the conditional put expects.
      const posts = listed.find((mark) => mark.stream === 'posts');
      expect(await store.put({ ...base, stream: 'posts', value: 'p3' }, posts?.version ?? -1)).toBe(3);
      await expect(
        store.put({ ...base, stream: 'posts', value: 'p4' }, posts?.version ?? -1),
      ).rejects.toBeInstanceOf(WatermarkConflictError);
      expect(
        (await store.listForCreator('youtube', accountId)).find((m) => m.stream === 'posts'),
      ).toMatchObject({
        value: 'p3',
        version: 3,
      });
      expect(await store.get('youtube', accountId, 'comments#v1')).toEqual(listed[0]);
    });

    it('pages through a creator with more watermarks than one Query page holds', async () => {
      const store = new DynamoWatermarkStore(dataTable, client);
      const accountId = `acc-${randomUUID()}`;
      // 1 MB is the page limit: 40 watermarks of ~30 KB need at least two pages.
      const value = 'x'.repeat(30_000);
      const streams = Array.from({ length: 40 }, (_, i) => `comments#v${String(i).padStart(2, '0')}`);
      for (const stream of streams) {
        await store.put({ platform: 'youtube', accountId, stream, value, updatedAt: NOW.toISOString() }, 0);
      }
      let requests = 0;
      const counting = {
        send: (command: QueryCommand) => {
          requests += 1;
          return client.send(command);
        },
      } as unknown as DynamoDBDocumentClient;
      const listed = await new DynamoWatermarkStore(dataTable, counting).listForCreator('youtube', accountId);
      expect(requests).toBeGreaterThanOrEqual(2);
      expect(listed.map((mark) => mark.stream)).toEqual(streams);
      expect(listed.every((mark) => mark.value === value && mark.version === 1)).toBe(true);
    });

    it('refuses a watermark item that is not valid instead of reading it as absent', async () => {
      const store = new DynamoWatermarkStore(dataTable, client);
      const accountId = `acc-${randomUUID()}`;
      await client.send(
        new PutCommand({
          TableName: dataTable,
          Item: {
            pk: Keys.creatorPartition('youtube', accountId),
            sk: Keys.watermarkSortKey('posts'),
            entity: 'watermark',
            platform: 'youtube',
            accountId,
            stream: 'posts',
            updatedAt: NOW.toISOString(),
            version: 1,
          },
        }),
      );
      await expect(store.listForCreator('youtube', accountId)).rejects.toBeInstanceOf(
        InvalidWatermarkItemError,
      );
      await expect(store.get('youtube', accountId, 'posts')).rejects.toBeInstanceOf(
        InvalidWatermarkItemError,
      );
    });

    it('lists open alerts from the sparse index and drops resolved ones', async () => {
      const store = new DynamoAlertStore(dataTable, client);
      const id = `neg-spike#youtube#${randomUUID()}`;
      const alert = {
        alertId: id,
        ruleId: 'neg-spike',
        platform: 'youtube' as const,
        accountId: 'a',
        postId: 'p',
        campaignIds: ['acme'],
        state: 'open' as const,
        openedAt: NOW.toISOString(),
        updatedAt: NOW.toISOString(),
        cooldownUntil: null,
        resolvedAt: null,
        details: { zScore: 3.2 },
      };
      expect(await store.put(alert, 0)).toBe(1);
      expect((await store.listOpen()).map((a) => a.alertId)).toContain(id);
      await expect(store.put(alert, 0)).rejects.toBeInstanceOf(AlertVersionConflictError);
      expect(await store.put({ ...alert, state: 'resolved', resolvedAt: NOW.toISOString() }, 1)).toBe(2);
      expect((await store.listOpen()).map((a) => a.alertId)).not.toContain(id);
      expect(await store.get(id)).toMatchObject({ state: 'resolved', version: 2, details: { zScore: 3.2 } });
    });

    it('saves quota state with a version condition', async () => {
      const store = new DynamoQuotaStateStore(dataTable, client);
      const key = `youtube#${randomUUID()}`;
      const state = { platform: 'youtube' as const, day: '2026-03-10', unitsUsed: 4 };
      expect(await store.save(key, state, undefined)).toBe(true);
      expect(await store.save(key, state, undefined)).toBe(false);
      expect(await store.save(key, { ...state, unitsUsed: 8 }, 1)).toBe(true);
      expect(await store.load(key)).toEqual({ state: { ...state, unitsUsed: 8 }, version: 2 });
    });

    it('serves its own last quota write without a read, and re-reads after losing a race', async () => {
      const mine = new DynamoQuotaStateStore(dataTable, client);
      const other = new DynamoQuotaStateStore(dataTable, client);
      const key = `youtube#${randomUUID()}`;
      const state = { platform: 'youtube' as const, day: '2026-03-10', unitsUsed: 1 };
      expect(await mine.save(key, state, undefined)).toBe(true);
      expect(await other.save(key, { ...state, unitsUsed: 5 }, 1)).toBe(true);
      // Remembered (stale): the conditional save on it must fail, never overwrite the other writer's charge.
      const remembered = await mine.load(key);
      expect(remembered).toEqual({ state, version: 1 });
      expect(await mine.save(key, { ...state, unitsUsed: 2 }, remembered?.version)).toBe(false);
      // After the conflict the item itself is read again.
      const fresh = await mine.load(key);
      expect(fresh).toEqual({ state: { ...state, unitsUsed: 5 }, version: 2 });
      expect(await mine.save(key, { ...state, unitsUsed: 6 }, fresh?.version)).toBe(true);
      expect(await new DynamoQuotaStateStore(dataTable, client).load(key)).toEqual({
        state: { ...state, unitsUsed: 6 },
        version: 3,
      });
    });

    it('keeps the newest engagement capture when writes replay out of order', async () => {
      const store = new DynamoAggregateStore(dataTable, client);
      const accountId = `acc-${randomUUID()}`;
      const base = {
        platform: 'youtube' as const,
        accountId,
        postId: 'p',
        bucket: '2026-03-10T12',
        expiresAt: 1,
      };
      await store.putEngagement({
        ...base,
        capturedAt: '2026-03-10T12:30:00.000Z',
        values: { views: 200, likes: null },
      });
      await store.putEngagement({
        ...base,
        capturedAt: '2026-03-10T12:10:00.000Z',
        values: { views: 100, likes: 1 },
      });
      const [stored] = await store.listEngagement('youtube', accountId, 'p', {
        from: '2026-03-10T00',
        to: '2026-03-10T23',
      });
      expect(stored?.values).toEqual({ views: 200, likes: null });
    });

    describe('replay safety of applyCommentScores', () => {
      const retentionDays = Retention.rawCommentDays;
      const bucketRetentionDays = Retention.hourlyBucketDays;

      async function freshStores() {
        const isolated = await createIsolatedResources(getEnv(), 'replay');
        const table = isolated.tables.data;
        return {
          table,
          commentScores: new DynamoCommentScoreStore(table, client),
          aggregates: new DynamoAggregateStore(table, client),
        };
      }

      /** Canonical dump of every aggregate item (sentiment buckets) of the two posts, keys included. */
      async function dumpAggregates(table: string): Promise<string> {
        const items: Record<string, unknown>[] = [];
        for (const postId of ['organic-1', 'sponsored-1']) {
          const page = await client.send(
            new QueryCommand({
              TableName: table,
              KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sent)',
              ExpressionAttributeValues: { ':pk': Keys.postPartition('youtube', postId), ':sent': 'SENT#' },
              ConsistentRead: true,
            }),
          );
          items.push(...((page.Items ?? []) as Record<string, unknown>[]));
        }
        return canonicalJson(items);
      }

      it('gives byte-identical aggregates for 1×, 3×, and a crash half-way then a retry', async () => {
        const accountId = 'replay-creator';
        const batch = replayBatch(accountId);

        const once = await freshStores();
        for (const message of batch)
          await applyCommentScores(message, { ...once, now: NOW, retentionDays, bucketRetentionDays });
        const expected = await dumpAggregates(once.table);
        expect(expected).toContain('"scoredCount":');

        const thrice = await freshStores();
        for (let round = 0; round < 3; round += 1) {
          for (const message of batch) {
            await applyCommentScores(message, { ...thrice, now: NOW, retentionDays, bucketRetentionDays });
          }
        }
        expect(await dumpAggregates(thrice.table)).toBe(expected);

        // Crash after message 1 wrote its comments but no bucket; crash in message 3 after its first bucket.
        // Partial batch failure: message 2 succeeds, 1 and 3 are redelivered later (out of order).
        const crashed = await freshStores();
        const crash = () => Promise.reject(new Error('simulated crash'));
        await expect(
          applyCommentScores(batch[0] as ApplyCommentScoresInput, {
            ...crashed,
            now: NOW,
            retentionDays,
            bucketRetentionDays,
            afterCommentsWritten: crash,
          }),
        ).rejects.toThrow('simulated crash');
        await applyCommentScores(batch[1] as ApplyCommentScoresInput, {
          ...crashed,
          now: NOW,
          retentionDays,
          bucketRetentionDays,
        });
        await expect(
          applyCommentScores(batch[2] as ApplyCommentScoresInput, {
            ...crashed,
            now: NOW,
            retentionDays,
            bucketRetentionDays,
            afterBucketWritten: crash,
          }),
        ).rejects.toThrow('simulated crash');
        expect(await dumpAggregates(crashed.table)).not.toBe(expected);
        await applyCommentScores(batch[2] as ApplyCommentScoresInput, {
          ...crashed,
          now: NOW,
          retentionDays,
          bucketRetentionDays,
        });
        await applyCommentScores(batch[0] as ApplyCommentScoresInput, {
          ...crashed,
          now: NOW,
          retentionDays,
          bucketRetentionDays,
        });
        expect(await dumpAggregates(crashed.table)).toBe(expected);
      });

      it('computes the expected totals and serves the creator organic baseline', async () => {
        const stores = await freshStores();
        const accountId = 'baseline-creator';
        const results = [];
        for (const message of replayBatch(accountId)) {
          results.push(
            await applyCommentScores(message, { ...stores, now: NOW, retentionDays, bucketRetentionDays }),
          );
        }
        const again = await applyCommentScores(replayBatch(accountId)[0] as ApplyCommentScoresInput, {
          ...stores,
          now: NOW,
          retentionDays,
          bucketRetentionDays,
        });
        expect(again.bucketsWritten).toEqual([]);
        expect(results[0]?.bucketsWritten).toEqual(['2026-03-10T09', '2026-03-10T10']);

        const hour10 = await stores.aggregates.getSentimentBucket('youtube', 'organic-1', '2026-03-10T10');
        // Comments o-10-0 (0.9), o-10-1 (0.3) sent twice, o-10-2 (-0.33) once: three distinct comments.
        expect(hour10?.stats).toMatchObject({
          scoredCount: 3,
          positiveCount: 2,
          negativeCount: 1,
          neutralCount: 0,
          unscoredCount: 0,
        });
        expect(hour10?.stats.sumCompound).toBeCloseTo(0.87, 10);
        const hour9 = await stores.aggregates.getSentimentBucket('youtube', 'organic-1', '2026-03-10T09');
        expect(hour9?.stats).toMatchObject({ scoredCount: 3, unscoredCount: 1, neutralCount: 1 });

        const baseline = await stores.aggregates.listCreatorOrganicBuckets('youtube', accountId, {
          from: '2026-02-08T12',
          to: '2026-03-10T12',
        });
        expect(baseline.map((b) => `${b.postId}@${b.bucket}`)).toEqual([
          'organic-1@2026-03-10T09',
          'organic-1@2026-03-10T10',
          'organic-1@2026-03-10T11',
        ]);
        const sponsoredBuckets = await stores.aggregates.listPostSentimentBuckets('youtube', 'sponsored-1', {
          from: '2026-03-10T00',
          to: '2026-03-10T23',
        });
        expect(sponsoredBuckets.map((b) => [b.bucket, b.sponsored, b.stats.scoredCount])).toEqual([
          ['2026-03-10T10', true, 3],
          ['2026-03-10T11', true, 3],
        ]);
        const commentItems = await stores.commentScores.listBucket('youtube', 'sponsored-1', '2026-03-10T10');
        expect(commentItems[0]?.expiresAt).toBe(
          Date.parse('2026-03-10T10:00:00Z') / 1000 + retentionDays * 86_400,
        );
        expect(Object.keys(commentItems[0] ?? {})).not.toContain('text');
      });
    });
  });
}
