import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Platform } from '../domain/platform';

/** The slice of a structured logger the collection use cases need (Powertools Logger satisfies it). */
export interface CollectLogger {
  debug(message: string, extra?: Record<string, unknown>): void;
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/** Counters with the platform as the only dimension (low cardinality: three values). */
export interface CollectMetrics {
  count(name: CollectMetricName, platform: Platform, value: number): void;
}

export type CollectMetricName =
  | 'CollectJobsEmitted'
  | 'CollectJobsDeferred'
  | 'CollectJobsSkipped'
  | 'PostsCollected'
  | 'SnapshotsCollected'
  | 'CommentsCollected'
  | 'RawPagesArchived'
  | 'ItemsQuarantined'
  | 'QuotaExhausted'
  | 'CredentialErrors';

/**
 * Powertools metrics, one EMF document per (name, platform) through `singleMetric()`: a batch mixes platforms,
 * and the function-wide dimension set must not change between records.
 */
export function powertoolsCollectMetrics(metrics: Metrics): CollectMetrics {
  return {
    count(name, platform, value) {
      if (value === 0) return;
      const single = metrics.singleMetric();
      single.addDimension('platform', platform);
      single.addMetric(name, MetricUnit.Count, value);
    },
  };
}

/** Test / local double: sums counters in memory. */
export class InMemoryCollectMetrics implements CollectMetrics {
  readonly totals = new Map<string, number>();

  count(name: CollectMetricName, platform: Platform, value: number): void {
    const key = `${name}|${platform}`;
    this.totals.set(key, (this.totals.get(key) ?? 0) + value);
  }

  get(name: CollectMetricName, platform: Platform): number {
    return this.totals.get(`${name}|${platform}`) ?? 0;
  }
}

export const silentLogger: CollectLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
