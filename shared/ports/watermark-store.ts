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
}

export class WatermarkConflictError extends Error {
  override readonly name = 'WatermarkConflictError';
}

export interface WatermarkStore {
  get(platform: Platform, accountId: string, stream: string): Promise<Watermark | undefined>;
  /**
   * Every watermark of one creator (all streams), read strongly consistent, ordered by stream. One request
   * (paged) instead of one read per stream; the versions returned are the ones `put` must be given.
   */
  listForCreator(platform: Platform, accountId: string): Promise<Watermark[]>;
  /**
   * Sets the watermark if the stored version is `expectedVersion` (0 = absent); returns the new version.
   * Throws WatermarkConflictError otherwise.
   */
  put(watermark: Omit<Watermark, 'version'>, expectedVersion: number): Promise<number>;
}
