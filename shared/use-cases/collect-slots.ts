import { createHash } from 'node:crypto';

/**
 * Collection slots: every creator is collected once an hour, in one of `SLOTS_PER_HOUR` quarters chosen by a
 * hash of its key. The choice is stable (same creator → same quarter, across deployments and restarts) and
 * spreads creators evenly, so the 15-minute schedule emits about a quarter of the creators each time.
 */
export const SLOTS_PER_HOUR = 4;
export const SLOT_MS = 3_600_000 / SLOTS_PER_HOUR;
/** SQS accepts DelaySeconds up to 900. */
export const MAX_DELAY_SECONDS = 900;

/** 0 … SLOTS_PER_HOUR-1: the quarter of the hour in which this creator is collected. */
export function slotOfCreator(creatorKey: string): number {
  return hashUint32(creatorKey) % SLOTS_PER_HOUR;
}

/** The quarter of the hour `now` falls in, and the instant it started. */
export function currentSlot(now: Date): { index: number; startsAt: string } {
  const startMs = Math.floor(now.getTime() / SLOT_MS) * SLOT_MS;
  const index = Math.floor((startMs % 3_600_000) / SLOT_MS);
  return { index, startsAt: new Date(startMs).toISOString() };
}

/**
 * Delays that spread `count` jobs evenly over `spreadSeconds` (job i waits i × spread / count seconds), so the
 * platform calls of one quarter do not all start at the same second. Capped at SQS's 900 s.
 */
export function spreadDelays(count: number, spreadSeconds: number): number[] {
  const spread = Math.max(0, Math.min(spreadSeconds, MAX_DELAY_SECONDS));
  return Array.from({ length: count }, (_, i) => (count === 0 ? 0 : Math.floor((i * spread) / count)));
}

export function hashUint32(value: string): number {
  return createHash('sha256').update(value, 'utf8').digest().readUInt32BE(0);
}
