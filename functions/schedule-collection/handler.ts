import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { FunctionId } from '../../shared/config/resource-names';
import { createObservability } from '../../shared/lambda/observability';
import { powertoolsCollectMetrics } from '../../shared/use-cases/collect-observability';
import { buildScheduleCollectionDeps } from '../../shared/use-cases/collect-wiring';
import { createScheduleCollectionHandler } from '../../shared/use-cases/schedule-collection';

// Metrics are emitted per platform with singleMetric() (flushed at once), so no logMetrics middleware is needed.
// Cold start: config parsed once, clients created once.
const { logger, metrics } = createObservability(FunctionId.scheduleCollection);
const deps = buildScheduleCollectionDeps(process.env, { logger, metrics: powertoolsCollectMetrics(metrics) });

/** EventBridge schedule (every 15 minutes) → one CollectJob per due creator on the `collect` queue. */
export const handler = middy(createScheduleCollectionHandler(deps)).use(injectLambdaContext(logger));
