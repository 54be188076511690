import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { FunctionId } from '../../shared/config/resource-names';
import { createObservability } from '../../shared/lambda/observability';
import { buildProcessMetricsDeps } from '../../shared/use-cases/metrics-wiring';
import { createProcessMetricsHandler } from '../../shared/use-cases/process-metrics';

// Cold start: config parsed once (a bad deployment fails here, loudly), clients created once.
const { logger, metrics } = createObservability(FunctionId.processMetrics);
const deps = buildProcessMetricsDeps(process.env, { logger, metrics });

/** SQS `metrics` consumer with partial batch responses (ReportBatchItemFailures). */
export const handler = middy(createProcessMetricsHandler(deps))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
