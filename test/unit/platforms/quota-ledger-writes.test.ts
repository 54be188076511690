import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUOTA_LIMITS,
  InMemoryQuotaStateStore,
  StoreBackedQuotaLedger,
} from '../../../shared/platforms/quota-ledger';

class CountingStore extends InMemoryQuotaStateStore {
  saves = 0;
  override async save(...args: Parameters<InMemoryQuotaStateStore['save']>): Promise<boolean> {
    this.saves += 1;
    return super.save(...args);
  }
}

describe('StoreBackedQuotaLedger writes', () => {
  it('writes a reservation, skips recording an outcome that changes nothing, and writes one that does', async () => {
    const store = new CountingStore();
    const ledger = new StoreBackedQuotaLedger(store, DEFAULT_QUOTA_LIMITS);
    const now = Date.parse('2026-11-20T12:00:00Z');
    const decision = await ledger.reserve({
      platform: 'youtube',
      credentialKey: 'c1',
      endpoint: '/videos',
      cost: 1,
      now,
    });
    expect(decision.allowed).toBe(true);
    expect(store.saves).toBe(1);
    await ledger.record({ platform: 'youtube', credentialKey: 'c1', endpoint: '/videos', now });
    expect(store.saves).toBe(1);
    await ledger.record({
      platform: 'youtube',
      credentialKey: 'c1',
      endpoint: '/videos',
      now,
      exhaustedUntil: now + 3_600_000,
    });
    expect(store.saves).toBe(2);
    const blocked = await ledger.reserve({
      platform: 'youtube',
      credentialKey: 'c1',
      endpoint: '/videos',
      cost: 1,
      now: now + 1,
    });
    expect(blocked.allowed).toBe(false);
  });
});
