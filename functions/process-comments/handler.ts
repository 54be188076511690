import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { FunctionId } from '../../shared/config/resource-names';
import { createObservability } from '../../shared/lambda/observability';
import { buildProcessCommentsDeps } from '../../shared/use-cases/comments-wiring';
import { createProcessCommentsHandler } from '../../shared/use-cases/process-comments';

// Cold start: config parsed once, clients and the sentiment engine (lexicon tables) created once per container.
const { logger, metrics } = createObservability(FunctionId.processComments);
const deps = buildProcessCommentsDeps(process.env, { logger, metrics });

/** SQS `comments` consumer with partial batch responses (ReportBatchItemFailures). Comment texts are never logged. */
export const handler = middy(createProcessCommentsHandler(deps))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
