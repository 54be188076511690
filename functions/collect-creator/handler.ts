import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { FunctionId } from '../../shared/config/resource-names';
import { createObservability } from '../../shared/lambda/observability';
import { createCollectCreatorHandler } from '../../shared/use-cases/collect-creator';
import { powertoolsCollectMetrics } from '../../shared/use-cases/collect-observability';
import { buildCollectCreatorDeps } from '../../shared/use-cases/collect-wiring';

// Metrics are emitted per platform with singleMetric() (flushed at once), so no logMetrics middleware is needed.
// Cold start: config parsed once (a bad deployment fails here, loudly), clients and connectors created once.
const { logger, metrics } = createObservability(FunctionId.collectCreator);
const deps = buildCollectCreatorDeps(process.env, { logger, metrics: powertoolsCollectMetrics(metrics) });

/** SQS `collect` consumer with partial batch responses (ReportBatchItemFailures). */
export const handler = middy(createCollectCreatorHandler(deps)).use(injectLambdaContext(logger));
