import type { Platform } from '../domain/platform';

/** How far a creator's collection got per stream (e.g. newest comment time of a post, page cursor). */
export interface Watermark {
  platform: Platform;
  accountId: string;
  /** e.g. `posts`, `comments#<postId>`. */
  stream: string;
  /** Opaque, monotonically comparable value (ISO instant or cursor). */
  value: string;
  updatedAt: string;
  version: number;
  /**
   * ISO instant (whole seconds) from which the watermark no longer matters; absent = kept forever (the `posts`
   * stream). Stored in the table's TTL attribute, so DynamoDB deletes it some time later (lazily, up to days);
   * readers ignore it from this instant on, so behaviour never depends on when the deletion runs.
   */
  expiresAt?: string;
}

export class WatermarkConflictError extends Error {
  override readonly name = 'WatermarkConflictError';
}

/** Whether a watermark has expired at `now` (expired ones are treated as absent by every read). */
export function isWatermarkExpired(watermark: Pick<Watermark, 'expiresAt'>, now: Date): boolean {
  return watermark.expiresAt !== undefined && Date.parse(watermark.expiresAt) <= now.getTime();
}

export interface WatermarkStore {
  /**
   * One watermark, read strongly consistent; undefined when absent or expired at `now`. `now` is required here so
   * use cases pass their injected clock (a simulated run's clock is not the machine's); the adapters default it
   * to the current time for direct callers (tools, tests).
   */
  get(platform: Platform, accountId: string, stream: string, now: Date): Promise<Watermark | undefined>;
  /**
   * Every watermark of one creator (all streams) that has not expired at `now`, read strongly consistent, ordered
   * by stream. One request (paged) instead of one read per stream; the versions returned are the ones `put` must
   * be given. `now`: as for `get`.
   */
  listForCreator(platform: Platform, accountId: string, now: Date): Promise<Watermark[]>;
  /**
   * Sets the watermark if the stored version is `expectedVersion`; returns the new version. `expectedVersion` 0
   * means "absent", and an item that had expired by `watermark.updatedAt` (hidden by the reads, not deleted yet)
   * counts as absent too. Throws WatermarkConflictError otherwise.
   */
  put(watermark: Omit<Watermark, 'version'>, expectedVersion: number): Promise<number>;
}
