import { describe, expect, it } from 'vitest';
import {
  applyQuotaOutcome,
  DEFAULT_QUOTA_LIMITS,
  decideQuota,
  InMemoryQuotaStateStore,
  parseInstagramUsage,
  StoreBackedQuotaLedger,
} from '../../../shared/platforms/quota-ledger';
import type { QuotaState, QuotaStateStore, VersionedQuotaState } from '../../../shared/ports/quota-ledger';

const T = Date.parse('2026-11-20T14:00:00Z');
const limits = { ...DEFAULT_QUOTA_LIMITS, youtubeDailyUnits: 3, tiktokPerMinute: 2 };

describe('quota budget logic', () => {
  it('YouTube: charges units per Pacific day and refuses past the budget until Pacific midnight', () => {
    let state: QuotaState | undefined;
    for (let i = 0; i < 3; i++) {
      const { decision, next } = decideQuota(
        state,
        { platform: 'youtube', credentialKey: 'c', endpoint: '/videos', cost: 1, now: T },
        limits,
      );
      expect(decision.allowed).toBe(true);
      state = next;
    }
    const refused = decideQuota(
      state,
      { platform: 'youtube', credentialKey: 'c', endpoint: '/videos', cost: 1, now: T },
      limits,
    );
    expect(refused.decision).toEqual({
      allowed: false,
      retryAt: Date.parse('2026-11-21T08:00:00Z'),
      scope: 'daily',
    });
    // A new Pacific day starts at 0.
    const nextDay = decideQuota(
      state,
      {
        platform: 'youtube',
        credentialKey: 'c',
        endpoint: '/videos',
        cost: 1,
        now: Date.parse('2026-11-21T08:00:00Z'),
      },
      limits,
    );
    expect(nextDay.decision.allowed).toBe(true);
  });

  it('YouTube: a platform quota error blocks until the given reset even when our count is low', () => {
    const state = applyQuotaOutcome(
      undefined,
      { platform: 'youtube', credentialKey: 'c', endpoint: '/videos', now: T, exhaustedUntil: T + 1000 },
      limits,
    );
    expect(
      decideQuota(
        state,
        { platform: 'youtube', credentialKey: 'c', endpoint: '/x', cost: 1, now: T + 999 },
        limits,
      ).decision.allowed,
    ).toBe(false);
    expect(
      decideQuota(
        state,
        { platform: 'youtube', credentialKey: 'c', endpoint: '/x', cost: 1, now: T + 1000 },
        limits,
      ).decision.allowed,
    ).toBe(true);
  });

  it('TikTok: sliding minute per endpoint', () => {
    let state: QuotaState | undefined;
    for (const dt of [0, 10_000]) {
      const r = decideQuota(
        state,
        { platform: 'tiktok', credentialKey: 'c', endpoint: '/v2/video/query/', cost: 1, now: T + dt },
        limits,
      );
      expect(r.decision.allowed).toBe(true);
      state = r.next;
    }
    const refused = decideQuota(
      state,
      { platform: 'tiktok', credentialKey: 'c', endpoint: '/v2/video/query/', cost: 1, now: T + 20_000 },
      limits,
    );
    expect(refused.decision).toEqual({ allowed: false, retryAt: T + 60_001, scope: 'window' });
    // Another endpoint has its own window.
    expect(
      decideQuota(
        state,
        { platform: 'tiktok', credentialKey: 'c', endpoint: '/v2/video/list/', cost: 1, now: T + 20_000 },
        limits,
      ).decision.allowed,
    ).toBe(true);
    expect(
      decideQuota(
        state,
        { platform: 'tiktok', credentialKey: 'c', endpoint: '/v2/video/query/', cost: 1, now: T + 60_001 },
        limits,
      ).decision.allowed,
    ).toBe(true);
  });

  it('Instagram: learns the per-call percentage from the usage headers and stops before 100 %', () => {
    const buc = (pct: number, regain = 0) =>
      JSON.stringify({
        '1784': [
          {
            type: 'instagram',
            call_count: pct,
            total_cputime: 1,
            total_time: 1,
            estimated_time_to_regain_access: regain,
          },
        ],
      });
    let state: QuotaState | undefined;
    let pct = 0;
    let allowedCalls = 0;
    for (let i = 0; i < 30; i++) {
      const r = decideQuota(
        state,
        { platform: 'instagram', credentialKey: 'c', endpoint: 'x', cost: 1, now: T },
        limits,
      );
      state = r.next;
      if (!r.decision.allowed) {
        expect(r.decision.retryAt).toBe(T + 7 * 60_000);
        break;
      }
      allowedCalls++;
      pct = Math.ceil((100 * allowedCalls) / 20); // a budget of 20 calls
      state = applyQuotaOutcome(
        state,
        {
          platform: 'instagram',
          credentialKey: 'c',
          endpoint: 'x',
          now: T,
          businessUsageHeader: buc(pct, pct >= 100 ? 7 : 0),
        },
        limits,
      );
    }
    expect(allowedCalls).toBe(20);
  });

  it('parses X-App-Usage and X-Business-Use-Case-Usage, ignoring malformed headers', () => {
    expect(parseInstagramUsage('{"call_count":12,"total_cputime":30,"total_time":4}', null)).toEqual({
      percent: 30,
      regainMinutes: undefined,
    });
    expect(
      parseInstagramUsage(
        null,
        '{"1":[{"type":"instagram","call_count":80,"estimated_time_to_regain_access":5}],"2":[{"type":"ads_management","call_count":99}]}',
      ),
    ).toEqual({ percent: 80, regainMinutes: 5 });
    expect(parseInstagramUsage('{not json', null)).toBeUndefined();
  });
});

describe('StoreBackedQuotaLedger', () => {
  it('retries on an optimistic-version conflict and never double-charges', async () => {
    const inner = new InMemoryQuotaStateStore();
    let conflicts = 1;
    const flaky: QuotaStateStore = {
      load: (key) => inner.load(key),
      async save(key, state, expected) {
        if (conflicts-- > 0) {
          // Someone else charged one unit in between.
          const current: VersionedQuotaState | undefined = await inner.load(key);
          await inner.save(
            key,
            {
              platform: 'youtube',
              day: '2026-11-20',
              unitsUsed: (current?.state.platform === 'youtube' ? current.state.unitsUsed : 0) + 1,
            },
            current?.version,
          );
          return false;
        }
        return inner.save(key, state, expected);
      },
    };
    const ledger = new StoreBackedQuotaLedger(flaky, limits);
    expect(
      (await ledger.reserve({ platform: 'youtube', credentialKey: 'c', endpoint: '/v', cost: 1, now: T }))
        .allowed,
    ).toBe(true);
    const stored = await inner.load(StoreBackedQuotaLedger.key('youtube', 'c'));
    expect(stored?.state).toEqual({ platform: 'youtube', day: '2026-11-20', unitsUsed: 2 });
    expect(stored?.version).toBe(2);
  });

  it('the in-memory store rejects a stale version', async () => {
    const store = new InMemoryQuotaStateStore();
    const state: QuotaState = { platform: 'tiktok', calls: {} };
    expect(await store.save('k', state, undefined)).toBe(true);
    expect(await store.save('k', state, undefined)).toBe(false);
    expect(await store.save('k', state, 1)).toBe(true);
    expect((await store.load('k'))?.version).toBe(2);
  });
});
