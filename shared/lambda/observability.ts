import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricsNamespace } from '../config/resource-names';

export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * Powertools logger and metrics for one function. Metric dimensions stay low-cardinality (service, platform,
 * queue) — never a creator, post or comment id — so CloudWatch costs stay flat as programs grow.
 */
export function createObservability(serviceName: string): Observability {
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ namespace: MetricsNamespace, serviceName }),
  };
}
