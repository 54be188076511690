import type { Logger } from '@aws-lambda-powertools/logger';
import { z } from 'zod';
import { DynamoAggregateStore } from '../adapters/aws/dynamo-aggregate-store';
import { DynamoCreatorRegistry } from '../adapters/aws/dynamo-creator-registry';
import { DynamoPostStore } from '../adapters/aws/dynamo-post-store';
import { DynamoSnapshotStore } from '../adapters/aws/dynamo-snapshot-store';
import { S3RawArchive } from '../adapters/aws/s3-raw-archive';
import { SqsMessagePublisher } from '../adapters/aws/sqs-message-publisher';
import { EnvVar, FunctionId } from '../config/resource-names';
import { parseEnv } from '../lambda/config';
import { createObservability } from '../lambda/observability';
import type { ProcessMetricsDeps } from './process-metrics';

/**
 * Builds process-metrics' ports from an environment record (Lambda's `process.env` or the local stack's `env`);
 * anything in `overrides` (a simulated clock, in-memory stores) replaces the AWS-backed default.
 */

export const ProcessMetricsEnvSchema = z.object({
  [EnvVar.creatorsTable]: z.string().min(1),
  [EnvVar.dataTable]: z.string().min(1),
  [EnvVar.rawBucket]: z.string().min(1),
  /** Where invalid bodies are copied with their reason (unset: they fail until SQS's redrive moves them). */
  [EnvVar.metricsDlqUrl]: z.string().url().optional(),
});

export type ProcessMetricsOverrides = Partial<Omit<ProcessMetricsDeps, 'logger'>> & {
  readonly logger?: Logger;
};

export function buildProcessMetricsDeps(
  envRecord: Record<string, string | undefined>,
  overrides: ProcessMetricsOverrides = {},
): ProcessMetricsDeps {
  const env = parseEnv(ProcessMetricsEnvSchema, envRecord);
  const dlqUrl = env[EnvVar.metricsDlqUrl];
  const defaults: ProcessMetricsDeps = {
    posts: new DynamoPostStore(env[EnvVar.dataTable]),
    snapshots: new DynamoSnapshotStore(env[EnvVar.dataTable]),
    aggregates: new DynamoAggregateStore(env[EnvVar.dataTable]),
    registry: new DynamoCreatorRegistry(env[EnvVar.creatorsTable]),
    quarantine: new S3RawArchive(env[EnvVar.rawBucket]),
    publisher: new SqsMessagePublisher(dlqUrl ? { 'metrics-dlq': dlqUrl } : {}),
    clock: () => new Date(),
    logger: overrides.logger ?? createObservability(FunctionId.processMetrics).logger,
  };
  return withOverrides(defaults, overrides);
}

/** Defaults, with every override that is not `undefined` applied on top. */
function withOverrides<T extends object>(defaults: T, overrides: object): T {
  const defined = Object.entries(overrides).filter(([, value]) => value !== undefined);
  return { ...defaults, ...Object.fromEntries(defined) };
}
