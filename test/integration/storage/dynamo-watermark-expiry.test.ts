import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDynamoDocumentClient } from '../../../shared/adapters/aws/clients';
import { Keys } from '../../../shared/adapters/aws/dynamo-keys';
import { DynamoWatermarkStore } from '../../../shared/adapters/aws/dynamo-watermark-store';
import {
  MemoryCreatorRegistry,
  MemoryMessagePublisher,
  MemoryRawArchive,
} from '../../../shared/adapters/memory';
import { InMemoryIdempotencyPersistence } from '../../../shared/adapters/memory/memory-idempotency';
import { DATA_TABLE } from '../../../shared/config/table-definitions';
import type { Post } from '../../../shared/domain/post';
import { type CollectJob, CommentsBatchSchema } from '../../../shared/messages';
import { InMemoryQuotaStateStore, StoreBackedQuotaLedger } from '../../../shared/platforms/quota-ledger';
import type { CreatorRef, ListRecentPostsResult } from '../../../shared/ports/platform-connector';
import { WatermarkConflictError } from '../../../shared/ports/watermark-store';
import { collectCreator } from '../../../shared/use-cases/collect-creator';
import { FakeConnector } from '../../unit/use-cases/collect/fake-connector';
import { createIsolatedResources, useEnvironment } from './storage-test-kit';

/**
 * Comment watermarks with a TTL on the local DynamoDB emulator (dynalite). The TTLs used are years ahead of the
 * machine's clock, so no TTL sweeper can have deleted the items: what the tests see is the reader's filter at the
 * injected `now`, which is the point (DynamoDB deletes lazily, up to days late).
 */

const PUBLISHED = '2027-03-01T08:00:00.000Z';
const EXPIRES = '2027-04-07T08:00:00.000Z';
const EXPIRES_SECONDS = Date.parse(EXPIRES) / 1000;

let restoreEnv: () => void;
let client: DynamoDBDocumentClient;
let dataTable: string;

beforeAll(async () => {
  const env = inject('localStackEnv');
  restoreEnv = useEnvironment(env);
  dataTable = (await createIsolatedResources(env, 'wm-ttl')).tables.data;
  client = createDynamoDocumentClient();
});

afterAll(() => {
  client?.destroy();
  restoreEnv?.();
});

async function rawItem(accountId: string, stream: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await client.send(
    new GetCommand({
      TableName: dataTable,
      Key: { pk: Keys.creatorPartition('youtube', accountId), sk: Keys.watermarkSortKey(stream) },
      ConsistentRead: true,
    }),
  );
  return Item;
}

describe('DynamoWatermarkStore expiry on dynalite', () => {
  it("stores expiresAt as the table's TTL attribute (epoch seconds) and reads it back as an instant", async () => {
    const store = new DynamoWatermarkStore(dataTable, client);
    const accountId = `acc-${randomUUID()}`;
    const base = { platform: 'youtube' as const, accountId, updatedAt: '2027-03-01T09:00:00.000Z' };
    await store.put({ ...base, stream: 'comments#v1', value: 'c', expiresAt: EXPIRES }, 0);
    await store.put({ ...base, stream: 'posts', value: 'p' }, 0);

    expect(DATA_TABLE.timeToLiveAttribute).toBe('expiresAt');
    expect((await rawItem(accountId, 'comments#v1'))?.[DATA_TABLE.timeToLiveAttribute ?? '']).toBe(
      EXPIRES_SECONDS,
    );
    // The posts-level watermark carries no TTL attribute at all.
    expect(await rawItem(accountId, 'posts')).not.toHaveProperty(DATA_TABLE.timeToLiveAttribute ?? '');

    const before = new Date(Date.parse(EXPIRES) - 1000);
    expect(await store.listForCreator('youtube', accountId, before)).toEqual([
      { ...base, stream: 'comments#v1', value: 'c', version: 1, expiresAt: EXPIRES },
      { ...base, stream: 'posts', value: 'p', version: 1 },
    ]);
  });

  it('ignores an expired item that TTL has not deleted yet, in get and listForCreator', async () => {
    const store = new DynamoWatermarkStore(dataTable, client);
    const accountId = `acc-${randomUUID()}`;
    const base = { platform: 'youtube' as const, accountId, updatedAt: '2027-03-01T09:00:00.000Z' };
    await store.put({ ...base, stream: 'comments#v1', value: 'c', expiresAt: EXPIRES }, 0);
    await store.put({ ...base, stream: 'posts', value: 'p' }, 0);

    const atExpiry = new Date(EXPIRES);
    expect((await store.listForCreator('youtube', accountId, atExpiry)).map((m) => m.stream)).toEqual([
      'posts',
    ]);
    expect(await store.get('youtube', accountId, 'comments#v1', atExpiry)).toBeUndefined();
    expect(
      await store.get('youtube', accountId, 'posts', new Date('2040-01-01T00:00:00.000Z')),
    ).toMatchObject({
      value: 'p',
    });
    // Still stored: only the reader's filter hides it.
    expect(await rawItem(accountId, 'comments#v1')).toMatchObject({ value: 'c', version: 1 });
  });

  it('put(…, 0) replaces an item expired by its write time and conflicts with a live one', async () => {
    const store = new DynamoWatermarkStore(dataTable, client);
    const accountId = `acc-${randomUUID()}`;
    const mark = { platform: 'youtube' as const, accountId, stream: 'comments#v1', value: 'old' };
    await store.put({ ...mark, updatedAt: '2027-03-01T09:00:00.000Z', expiresAt: EXPIRES }, 0);
    await expect(
      store.put({ ...mark, value: 'early', updatedAt: '2027-04-07T07:59:59.000Z' }, 0),
    ).rejects.toBeInstanceOf(WatermarkConflictError);
    expect(await store.put({ ...mark, value: 'new', updatedAt: EXPIRES }, 0)).toBe(1);
    expect(await rawItem(accountId, 'comments#v1')).toMatchObject({ value: 'new', version: 1 });
    // Written without an expiry, the item loses its TTL attribute (a put replaces the whole item).
    expect(await rawItem(accountId, 'comments#v1')).not.toHaveProperty(DATA_TABLE.timeToLiveAttribute ?? '');
  });

  it('collect-creator: after expiry the old post is not read again and none of its comments is re-sent', async () => {
    const accountId = `acc-${randomUUID()}`;
    let now = new Date('2027-03-01T09:00:00.000Z');
    const clock = () => now;
    const registry = new MemoryCreatorRegistry();
    await registry.putCreator({
      platform: 'youtube',
      accountId,
      handle: 'creator',
      niche: 'beauty',
      followerHistory: [],
      campaignIds: [],
      status: 'active',
    });
    /** The platform keeps listing the post past the lookback: only the schedule stops a read. */
    class OverListingConnector extends FakeConnector {
      override async listRecentPosts(creator: CreatorRef): Promise<ListRecentPostsResult> {
        return super.listRecentPosts(creator, { since: '1970-01-01T00:00:00.000Z' });
      }
    }
    const connector = new OverListingConnector('youtube', clock, (id) => `key-${id}`.padEnd(64, '0'));
    const post: Post = {
      platform: 'youtube',
      postId: 'v1',
      accountId,
      type: 'video',
      caption: 'hello',
      publishedAt: PUBLISHED,
      status: 'active',
    };
    connector.posts.push(post);
    connector.comments.set('v1', [
      { commentId: 'c1', authorId: 'a1', text: 'one', publishedAt: '2027-03-01T08:10:00.000Z' },
      { commentId: 'c2', authorId: 'a2', text: 'two', publishedAt: '2027-03-01T08:20:00.000Z' },
    ]);
    const watermarks = new DynamoWatermarkStore(dataTable, client);
    const publisher = new MemoryMessagePublisher();
    const deps = {
      registry,
      watermarks,
      connectorFor: async () => connector,
      archive: new MemoryRawArchive(),
      publisher,
      ledger: new StoreBackedQuotaLedger(new InMemoryQuotaStateStore()),
      clock,
      logger: new Logger({ serviceName: 'it', logLevel: 'SILENT' }),
      idempotency: new InMemoryIdempotencyPersistence(),
    };
    const job = (reason: CollectJob['reason']): CollectJob => ({
      v: 1,
      type: 'collect-job',
      creatorKey: `youtube#${accountId}`,
      platform: 'youtube',
      accountId,
      scheduledSlot: now.toISOString(),
      reason,
    });
    const sentIds = () =>
      (publisher.sent.get('comments') ?? []).flatMap((m) =>
        CommentsBatchSchema.parse(JSON.parse(m.body)).comments.map((c) => c.commentId),
      );

    expect((await collectCreator(deps, job('scheduled'))).comments).toBe(2);
    expect(sentIds()).toEqual(['c1', 'c2']);
    expect((await rawItem(accountId, 'comments#v1'))?.expiresAt).toBe(EXPIRES_SECONDS);

    // After expiry (item still stored), a scheduled run and a manual sweep: no comment read, nothing sent.
    now = new Date('2027-04-07T09:00:00.000Z');
    publisher.sent.clear();
    connector.calls.length = 0;
    for (const reason of ['scheduled', 'manual'] as const) {
      expect(await collectCreator(deps, job(reason))).toMatchObject({ outcome: 'collected', comments: 0 });
    }
    expect(connector.calls).not.toContain('readNewComments');
    expect(sentIds()).toEqual([]);
    expect(await rawItem(accountId, 'comments#v1')).toMatchObject({ version: 1, expiresAt: EXPIRES_SECONDS });
    expect((await watermarks.listForCreator('youtube', accountId, now)).map((m) => m.stream)).toEqual([
      'posts',
    ]);
  });
});
