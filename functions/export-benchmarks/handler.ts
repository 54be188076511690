import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { FunctionId } from '../../shared/config/resource-names';
import { createObservability } from '../../shared/lambda/observability';
import { createExportBenchmarksHandler } from '../../shared/use-cases/export-benchmarks';
import { buildExportBenchmarksDeps } from '../../shared/use-cases/export-wiring';

// Cold start: config parsed once, clients created once.
const { logger, metrics } = createObservability(FunctionId.exportBenchmarks);
const deps = buildExportBenchmarksDeps(process.env, { logger, metrics });

/**
 * Daily EventBridge schedule (snapshot named after the event's scheduled `time`, so a retry overwrites it) or
 * on demand with `{ "snapshotId"?: string, "generatedAt"?: ISO instant }`. Returns the manifest.
 */
export const handler = middy(createExportBenchmarksHandler(deps))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
