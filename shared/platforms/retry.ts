/** Exponential backoff with full jitter (delay = random × min(cap, base × 2^attempt)), honouring Retry-After. */
export interface RetryPolicy {
  /** Total attempts including the first (default 6). */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not slept on in-process; the error surfaces so the work is re-queued. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
};

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** In [0, 1). Injected so tests are deterministic. */
  random(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/** Thrown by an attempt that may succeed if repeated (429, 5xx, timeouts, truncated bodies). */
export class TransientError extends Error {
  override readonly name = 'TransientError';
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The delay before attempt number `attempt + 1` (attempt counts from 0). */
export function backoffDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const jitter = Math.floor(random() * ceiling);
  return retryAfterMs === undefined ? jitter : Math.max(retryAfterMs, jitter);
}

/**
 * Runs `attempt` until it returns, throws something that is not a `TransientError`, or attempts run out
 * (then the last `TransientError` is rethrown). Only transient failures are retried.
 */
export async function retryTransient<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  clock: Clock,
): Promise<T> {
  for (let attemptNumber = 0; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (!(error instanceof TransientError) || attemptNumber + 1 >= policy.maxAttempts) throw error;
      if (error.retryAfterMs !== undefined && error.retryAfterMs > policy.maxRetryAfterMs) throw error;
      await clock.sleep(backoffDelayMs(attemptNumber, policy, clock.random, error.retryAfterMs));
    }
  }
}
