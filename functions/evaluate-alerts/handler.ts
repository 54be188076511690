import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { FunctionId } from '../../shared/config/resource-names';
import { createObservability } from '../../shared/lambda/observability';
import { buildEvaluateAlertsDeps } from '../../shared/use-cases/alerts-wiring';
import { createEvaluateAlertsHandler } from '../../shared/use-cases/evaluate-alerts';

// Cold start: config parsed once; the notification channels (SNS, webhook, EventBridge) are those configured.
const { logger, metrics } = createObservability(FunctionId.evaluateAlerts);
const deps = buildEvaluateAlertsDeps(process.env, { logger, metrics });

/** SQS `alerts` consumer with partial batch responses; a failed notification retries the record (outbox). */
export const handler = middy(createEvaluateAlertsHandler(deps))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
