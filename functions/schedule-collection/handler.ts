import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { FunctionId } from '../../shared/config/resource-names';
import { createObservability } from '../../shared/lambda/observability';
import { powertoolsCollectMetrics } from '../../shared/use-cases/collect-observability';
import { buildScheduleCollectionDeps } from '../../shared/use-cases/collect-wiring';
import { createScheduleCollectionHandler } from '../../shared/use-cases/schedule-collection';

// Cold start: config parsed once, clients created once.
const { logger, metrics } = createObservability(FunctionId.scheduleCollection);
const deps = buildScheduleCollectionDeps(process.env, { logger, metrics: powertoolsCollectMetrics(metrics) });

/** EventBridge schedule (every 15 minutes) → one CollectJob per due creator on the `collect` queue. */
export const handler = middy(createScheduleCollectionHandler(deps))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
