import { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Platform } from '../domain/platform';

/** The slice of the Powertools Logger the collection use cases need. */
export type CollectLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

/** Counters with the platform as the only dimension (low cardinality: three values). */
export interface CollectMetrics {
  count(name: CollectMetricName, platform: Platform, value: number): void;
}

export type CollectMetricName =
  | 'CollectJobsEmitted'
  | 'CollectJobsDeferred'
  | 'CollectJobsSkipped'
  /** A job whose natural key was already done (duplicate delivery): replayed, no platform calls. */
  | 'CollectJobsDuplicate'
  /** A job whose natural key is being collected by another invocation: the record fails and is redelivered. */
  | 'CollectJobsInProgressElsewhere'
  | 'PostsCollected'
  | 'SnapshotsCollected'
  | 'CommentsCollected'
  | 'RawPagesArchived'
  | 'ItemsQuarantined'
  | 'QuotaExhausted'
  | 'CredentialErrors'
  /** OAuth access tokens refreshed (proactively or after a rejection). */
  | 'TokenRefreshes'
  /** Refreshed credentials that could not be written back: they live only in this container until the next write. */
  | 'TokenRefreshesNotPersisted';

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

/** A logger that writes nothing (tests). */
export const silentLogger: CollectLogger = new Logger({ serviceName: 'silent', logLevel: 'SILENT' });
