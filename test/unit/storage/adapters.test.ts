import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createAuthorKeyHasher, hmacAuthorKey } from '../../../shared/adapters/aws/author-key';
import { batchPutAll, UnprocessedItemsError } from '../../../shared/adapters/aws/dynamo-batch';
import { MemoryMessagePublisher, MemoryRawArchive } from '../../../shared/adapters/memory';
import { QueueId } from '../../../shared/config/resource-names';
import { createDeadLetterRouter } from '../../../shared/messages';

/** A DocumentClient stand-in whose BatchWrite leaves the last `unprocessed[n]` items unprocessed on call n. */
function fakeClient(unprocessed: number[]) {
  const calls: number[] = [];
  const client = {
    send: async (command: {
      input: { RequestItems: Record<string, { PutRequest: { Item: unknown } }[]> };
    }) => {
      const requests = command.input.RequestItems.t ?? [];
      calls.push(requests.length);
      const keep = Math.min(unprocessed[calls.length - 1] ?? 0, requests.length);
      return { UnprocessedItems: keep > 0 ? { t: requests.slice(requests.length - keep) } : {} };
    },
  };
  return { client: client as unknown as DynamoDBDocumentClient, calls };
}

describe('batchPutAll', () => {
  it('writes in chunks of 25 and retries UnprocessedItems with growing backoff', async () => {
    const { client, calls } = fakeClient([0, 10, 4, 0]);
    const sleeps: number[] = [];
    await batchPutAll(
      client,
      't',
      Array.from({ length: 40 }, (_, i) => ({ pk: `${i}` })),
      {
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        random: () => 0.999,
        baseDelayMs: 100,
      },
    );
    expect(calls).toEqual([25, 15, 10, 4]);
    expect(sleeps).toEqual([99, 199]);
  });
  it('fails loudly when items stay unprocessed', async () => {
    const { client } = fakeClient([5, 5, 5]);
    await expect(
      batchPutAll(client, 't', [{ pk: 'a' }, { pk: 'b' }, { pk: 'c' }, { pk: 'd' }, { pk: 'e' }], {
        sleep: async () => {},
        maxAttempts: 3,
      }),
    ).rejects.toBeInstanceOf(UnprocessedItemsError);
  });
});

describe('author keys', () => {
  it('is a keyed HMAC: stable per key, different across keys and platforms, never the id', async () => {
    const key = 'k'.repeat(32);
    const hash = hmacAuthorKey(key, 'youtube', '@alice');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hmacAuthorKey(key, 'youtube', '@alice'));
    expect(hash).not.toBe(hmacAuthorKey('x'.repeat(32), 'youtube', '@alice'));
    expect(hash).not.toBe(hmacAuthorKey(key, 'tiktok', '@alice'));
    let loads = 0;
    const hasher = createAuthorKeyHasher(async () => {
      loads += 1;
      return key;
    });
    expect(await hasher('youtube', '@alice')).toBe(hash);
    await hasher('youtube', '@bob');
    expect(loads).toBe(1);
    await expect(createAuthorKeyHasher(async () => 'short')('youtube', 'a')).rejects.toThrow(/at least 32/);
  });
});

describe('dead-letter router', () => {
  it('quarantines the body with its reason and copies it verbatim to the DLQ', async () => {
    const archive = new MemoryRawArchive();
    const publisher = new MemoryMessagePublisher();
    const route = createDeadLetterRouter({
      queueId: QueueId.metrics,
      quarantine: archive,
      publisher,
      now: () => new Date('2026-03-10T05:00:00Z'),
    });
    await route({ messageId: 'm-1', body: '{"v":9}', reason: 'schema_violation: v: Invalid input' });
    const [key] = await archive.listKeys('quarantine/');
    expect(key).toBe('quarantine/queue=metrics/dt=2026-03-10/m-1.json');
    expect(archive.quarantined.get(key ?? '')?.reason).toBe('schema_violation: v: Invalid input');
    expect(publisher.sent.get('metrics-dlq')).toEqual([
      {
        body: '{"v":9}',
        attributes: {
          reason: 'schema_violation: v: Invalid input',
          sourceQueue: 'metrics',
          quarantineKey: key,
        },
      },
    ]);
  });
});
