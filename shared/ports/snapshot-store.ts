import type { Platform } from '../domain/platform';
import type { MetricSnapshot } from '../domain/post';

/** Metric snapshots, a time series per post, expiring by TTL after the retention. Keyed by capture time. */
export interface SnapshotStore {
  putSnapshots(snapshots: readonly MetricSnapshot[]): Promise<void>;
  /** Snapshots with `from <= capturedAt <= to`, oldest first. */
  listSnapshots(
    platform: Platform,
    postId: string,
    range: { from: string; to: string },
  ): Promise<MetricSnapshot[]>;
  /**
   * The newest snapshot with `capturedAt <= atOrBefore`, or undefined: one item read instead of the whole series
   * (a post keeps up to 90 days of snapshots), for callers that need only the latest figures.
   */
  latestSnapshot(platform: Platform, postId: string, atOrBefore: string): Promise<MetricSnapshot | undefined>;
}
