import { afterEach, describe, expect, it } from 'vitest';
import { QuotaExhaustedError } from '../../../shared/ports/platform-connector';
import { HOUR, type Rig, startRig } from './harness';

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('a spent daily quota is deferred to the reset, not retried', () => {
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.sim.close();
    rig = undefined;
  });

  it('YouTube 403 quotaExceeded → QuotaExhaustedError at the next Pacific midnight, one request, then none until the reset', async () => {
    // 2026-11-20T14:00Z is 06:00 PST (UTC−8): the next Pacific midnight is 2026-11-21T08:00Z.
    rig = await startRig({ seed: 31, creators: 3, at: Date.parse('2026-11-20T14:00:00Z') });
    const youtube = rig.sim.creators().find((c) => c.creator.platform === 'youtube')?.creator;
    if (youtube === undefined) throw new Error('no youtube creator');
    rig.sim.exhaustQuota('youtube', youtube.accountId); // another app spent the project's quota

    const before = rig.sim.stats().requests;
    const error = await thrown(rig.connectors.youtube.readFollowerCount(youtube));
    expect(error).toBeInstanceOf(QuotaExhaustedError);
    expect((error as QuotaExhaustedError).resetAt).toBe('2026-11-21T08:00:00.000Z');
    expect(rig.sim.stats().requests - before).toBe(1); // not retried
    expect(rig.clock.slept).toBe(0); // and no backoff sleeping either

    // Asking again before the reset costs nothing: the ledger answers without calling the platform.
    rig.clock.t += 3 * HOUR;
    const again = await thrown(
      rig.connectors.youtube.listRecentPosts(youtube, { since: '2026-10-01T00:00:00Z' }),
    );
    expect((again as QuotaExhaustedError).resetAt).toBe('2026-11-21T08:00:00.000Z');
    expect(rig.sim.stats().requests - before).toBe(1);

    // After the reset the work goes through.
    rig.clock.t = Date.parse('2026-11-21T08:00:00Z');
    const followers = await rig.connectors.youtube.readFollowerCount(youtube);
    expect(followers.followers.status).toBe('available');
    expect(rig.sim.stats().quotaViolations).toBe(0);
  });

  it('the ledger stops before the simulated budget: the call that would exceed it is never made', async () => {
    // Summer time: 2026-07-01T12:00Z is 05:00 PDT (UTC−7), so the reset is 2026-07-02T07:00Z.
    rig = await startRig({
      seed: 32,
      creators: 3,
      faults: { quotaExhaustion: 1 },
      at: Date.parse('2026-07-01T12:00:00Z'),
    });
    const youtube = rig.sim.creators().find((c) => c.creator.platform === 'youtube')?.creator;
    if (youtube === undefined) throw new Error('no youtube creator');
    const budget = rig.sim.quotaLimits().youtubeDailyUnits;
    let calls = 0;
    let deferred: QuotaExhaustedError | undefined;
    for (let i = 0; i < budget + 10 && deferred === undefined; i++) {
      try {
        await rig.connectors.youtube.readFollowerCount(youtube);
        calls++;
      } catch (error) {
        if (error instanceof QuotaExhaustedError) deferred = error;
        else throw error;
      }
    }
    expect(calls).toBe(budget);
    expect(deferred?.resetAt).toBe('2026-07-02T07:00:00.000Z');
    expect(rig.sim.stats().quotaViolations).toBe(0);
    expect(rig.sim.stats().requestsByPlatform.youtube).toBe(budget);
  });
});
