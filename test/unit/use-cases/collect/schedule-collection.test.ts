import { describe, expect, it } from 'vitest';
import type { Creator } from '../../../../shared/domain/creator';
import { PLATFORMS, type Platform } from '../../../../shared/domain/platform';
import { CollectJobSchema } from '../../../../shared/messages/collect-job';
import { InMemoryQuotaStateStore, StoreBackedQuotaLedger } from '../../../../shared/platforms/quota-ledger';
import type { MessagePublisher, OutgoingMessage } from '../../../../shared/ports/message-publisher';
import { InMemoryCollectMetrics, silentLogger } from '../../../../shared/use-cases/collect-observability';
import { createQuotaProbe, NEVER_BLOCKED } from '../../../../shared/use-cases/collect-quota';
import { slotOfCreator } from '../../../../shared/use-cases/collect-slots';
import {
  createScheduleCollectionHandler,
  scheduleCollection,
} from '../../../../shared/use-cases/schedule-collection';

class RecordingPublisher implements MessagePublisher {
  readonly sent: { queue: string; message: OutgoingMessage }[] = [];
  async publish(queue: string, messages: readonly OutgoingMessage[]): Promise<void> {
    for (const message of messages) this.sent.push({ queue, message });
  }
}

function creator(
  platform: Creator['platform'],
  accountId: string,
  status: Creator['status'] = 'active',
): Creator {
  return {
    platform,
    accountId,
    handle: `h_${accountId}`,
    niche: 'general',
    followerHistory: [],
    campaignIds: [],
    status,
  };
}

const creators: Creator[] = Array.from({ length: 40 }, (_, i) =>
  creator(PLATFORMS[i % 3] as Platform, `acct${i}`),
);

function registry(list: Creator[]) {
  return { listActiveCreators: async () => list.map((c) => structuredClone(c)) };
}

describe('schedule-collection', () => {
  it('emits each creator exactly once per hour, in its stable quarter, with valid jobs spread over the quarter', async () => {
    const publisher = new RecordingPublisher();
    const seen = new Map<string, string[]>();
    for (let quarter = 0; quarter < 4; quarter++) {
      const now = new Date(Date.UTC(2026, 0, 5, 10, quarter * 15, 3));
      const before = publisher.sent.length;
      const result = await scheduleCollection({
        registry: registry(creators),
        publisher,
        quota: NEVER_BLOCKED,
        clock: () => now,
        logger: silentLogger,
      });
      const batch = publisher.sent.slice(before);
      expect(result.slot).toBe(new Date(Date.UTC(2026, 0, 5, 10, quarter * 15)).toISOString());
      expect(batch.length).toBe(result.dueCreators);
      const delays = batch.map((entry) => entry.message.delaySeconds ?? 0);
      expect(Math.max(...delays)).toBeLessThanOrEqual(840);
      expect(new Set(delays).size).toBe(batch.length); // spread, not bunched
      for (const { queue, message } of batch) {
        expect(queue).toBe('collect');
        const job = CollectJobSchema.parse(message.body);
        expect(job.scheduledSlot).toBe(result.slot);
        expect(slotOfCreator(job.creatorKey)).toBe(quarter);
        seen.set(job.creatorKey, [...(seen.get(job.creatorKey) ?? []), job.scheduledSlot]);
      }
    }
    expect(seen.size).toBe(creators.length);
    for (const slots of seen.values()) expect(slots).toHaveLength(1);
    // Load spreads: no quarter is empty with 40 creators.
    const perQuarter = [0, 1, 2, 3].map(
      (q) => creators.filter((c) => slotOfCreator(`${c.platform}#${c.accountId}`) === q).length,
    );
    expect(Math.min(...perQuarter)).toBeGreaterThan(0);
  });

  it('sends jobs without delay when spreadSeconds is 0 (local runner)', async () => {
    const publisher = new RecordingPublisher();
    await createScheduleCollectionHandler({
      registry: registry(creators),
      publisher,
      quota: NEVER_BLOCKED,
      clock: () => new Date('2026-01-05T10:31:00Z'),
      logger: silentLogger,
      config: { spreadSeconds: 0 },
    })({});
    expect(publisher.sent.length).toBeGreaterThan(0);
    expect(publisher.sent.every((entry) => entry.message.delaySeconds === undefined)).toBe(true);
  });

  it('defers creators whose daily quota is spent until the reset, then emits them again', async () => {
    const store = new InMemoryQuotaStateStore();
    const ledger = new StoreBackedQuotaLedger(store);
    const youtube = creators.filter((c) => c.platform === 'youtube');
    const target = youtube[0] as Creator;
    const quarter = slotOfCreator(`youtube#${target.accountId}`);
    const at = (hour: number) => new Date(Date.UTC(2026, 0, 5, hour, quarter * 15, 0));
    const resetAt = Date.UTC(2026, 0, 6, 8, 0, 0); // next Pacific midnight (PST = UTC-8)
    await ledger.record({
      platform: 'youtube',
      credentialKey: `youtube/${target.accountId}`,
      endpoint: '/youtube/v3/videos',
      now: at(12).getTime(),
      exhaustedUntil: resetAt,
    });
    const metrics = new InMemoryCollectMetrics();
    const run = async (now: Date) => {
      const publisher = new RecordingPublisher();
      const result = await scheduleCollection({
        registry: registry([target]),
        publisher,
        quota: createQuotaProbe(store),
        clock: () => now,
        logger: silentLogger,
        metrics,
      });
      return { result, publisher };
    };
    const blocked = await run(at(13));
    expect(blocked.publisher.sent).toHaveLength(0);
    expect(blocked.result.deferred.youtube).toBe(1);
    expect(blocked.result.deferredCreators).toEqual([
      { creatorKey: `youtube#${target.accountId}`, until: new Date(resetAt).toISOString() },
    ]);
    expect(metrics.get('CollectJobsDeferred', 'youtube')).toBe(1);
    // The probe itself spends nothing: the stored state is unchanged.
    const stateBefore = await store.load(`youtube#youtube/${target.accountId}`);
    await run(at(14));
    expect(await store.load(`youtube#youtube/${target.accountId}`)).toEqual(stateBefore);
    const afterReset = await run(new Date(Date.UTC(2026, 0, 6, 8, quarter * 15, 0)));
    expect(afterReset.publisher.sent).toHaveLength(1);
    expect(afterReset.result.emitted.youtube).toBe(1);
  });

  it('skips and reports creators in auth_error', async () => {
    const publisher = new RecordingPublisher();
    const broken = creator('instagram', 'broken', 'auth_error');
    const result = await scheduleCollection({
      registry: {
        listActiveCreators: async () => [],
        listCreatorsByStatus: async (status) => (status === 'auth_error' ? [broken] : []),
      },
      publisher,
      quota: NEVER_BLOCKED,
      clock: () => new Date('2026-01-05T10:00:00Z'),
      logger: silentLogger,
    });
    expect(result.skipped).toEqual([{ creatorKey: 'instagram#broken', status: 'auth_error' }]);
    expect(publisher.sent).toHaveLength(0);
  });
});
