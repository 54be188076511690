import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Notifier } from '../../../shared/ports/notifier';
import { buildEvaluateAlertsDeps } from '../../../shared/use-cases/alerts-wiring';
import { buildProcessCommentsDeps } from '../../../shared/use-cases/comments-wiring';
import { createEvaluateAlertsHandler } from '../../../shared/use-cases/evaluate-alerts';
import {
  createExportBenchmarksHandler,
  type ExportManifest,
} from '../../../shared/use-cases/export-benchmarks';
import { buildExportBenchmarksDeps } from '../../../shared/use-cases/export-wiring';
import { buildProcessMetricsDeps } from '../../../shared/use-cases/metrics-wiring';
import { createProcessCommentsHandler } from '../../../shared/use-cases/process-comments';
import { createProcessMetricsHandler } from '../../../shared/use-cases/process-metrics';

type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export interface ProcessingHandlers {
  readonly processMetrics: SqsHandler;
  readonly processComments: SqsHandler;
  readonly evaluateAlerts: SqsHandler;
  readonly exportBenchmarks: (event: Record<string, unknown>) => Promise<ExportManifest>;
}

/**
 * The four processing functions exactly as their Lambda entries build them (same builders, same env), with
 * the local runner's simulated clock and an extra local delivery channel for alerts.
 */
export function buildProcessingHandlers(
  env: Record<string, string | undefined>,
  options: { clock: () => Date; notifier: Notifier; logger: Logger },
): ProcessingHandlers {
  const { clock, logger } = options;
  return {
    processMetrics: createProcessMetricsHandler(buildProcessMetricsDeps(env, { clock, logger })),
    processComments: createProcessCommentsHandler(buildProcessCommentsDeps(env, { clock, logger })),
    evaluateAlerts: createEvaluateAlertsHandler(
      buildEvaluateAlertsDeps(env, { clock, logger, extraNotifiers: [options.notifier] }),
    ),
    exportBenchmarks: createExportBenchmarksHandler(buildExportBenchmarksDeps(env, { clock, logger })),
  };
}
