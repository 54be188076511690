import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  retryTransient,
  TransientError,
} from '../../../shared/platforms/retry';

function fakeClock(random = () => 0.5) {
  const sleeps: number[] = [];
  return { sleeps, clock: { now: () => 0, random, sleep: async (ms: number) => void sleeps.push(ms) } };
}

describe('retry with exponential backoff and full jitter', () => {
  it('draws each delay uniformly below min(cap, base × 2^attempt)', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(backoffDelayMs(0, policy, () => 0.999)).toBe(99);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(400);
    expect(backoffDelayMs(10, policy, () => 0.5)).toBe(500); // capped
    expect(backoffDelayMs(0, policy, () => 0)).toBe(0);
  });

  it('honours Retry-After as a minimum', () => {
    expect(backoffDelayMs(0, DEFAULT_RETRY_POLICY, () => 0.1, 2_000)).toBe(2_000);
  });

  it('retries transient errors and returns the eventual success', async () => {
    const { clock, sleeps } = fakeClock();
    let calls = 0;
    const result = await retryTransient(
      async () => {
        calls++;
        if (calls < 3) throw new TransientError('503', calls === 1 ? 1_500 : undefined);
        return 'ok';
      },
      DEFAULT_RETRY_POLICY,
      clock,
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(sleeps[0]).toBe(1_500);
    expect(sleeps).toHaveLength(2);
  });

  it('does not retry what cannot succeed, and stops after maxAttempts', async () => {
    const { clock, sleeps } = fakeClock();
    let calls = 0;
    await expect(
      retryTransient(
        async () => {
          calls++;
          throw new Error('fatal');
        },
        DEFAULT_RETRY_POLICY,
        clock,
      ),
    ).rejects.toThrow('fatal');
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      retryTransient(
        async () => {
          calls++;
          throw new TransientError('429');
        },
        { ...DEFAULT_RETRY_POLICY, maxAttempts: 4 },
        clock,
      ),
    ).rejects.toBeInstanceOf(TransientError);
    expect(calls).toBe(4);
    expect(sleeps).toHaveLength(3);
  });

  it('gives up at once when Retry-After is longer than an in-process wait', async () => {
    const { clock, sleeps } = fakeClock();
    await expect(
      retryTransient(
        async () => Promise.reject(new TransientError('later', 3_600_000)),
        DEFAULT_RETRY_POLICY,
        clock,
      ),
    ).rejects.toBeInstanceOf(TransientError);
    expect(sleeps).toHaveLength(0);
  });
});
