import type { Logger } from '@aws-lambda-powertools/logger';
import { z } from 'zod';
import { DynamoAggregateStore } from '../adapters/aws/dynamo-aggregate-store';
import { DynamoCreatorRegistry } from '../adapters/aws/dynamo-creator-registry';
import { DynamoPostStore } from '../adapters/aws/dynamo-post-store';
import { S3ExportWriter } from '../adapters/aws/s3-export-writer';
import { EnvVar, FunctionId } from '../config/resource-names';
import { parseEnv } from '../lambda/config';
import { createObservability } from '../lambda/observability';
import type { ExportBenchmarksDeps } from './export-benchmarks';

export const ExportBenchmarksEnvSchema = z.object({
  [EnvVar.creatorsTable]: z.string().min(1),
  [EnvVar.dataTable]: z.string().min(1),
  [EnvVar.exportsBucket]: z.string().min(1),
});

export type ExportBenchmarksOverrides = Partial<Omit<ExportBenchmarksDeps, 'logger'>> & {
  readonly logger?: Logger;
};

export function buildExportBenchmarksDeps(
  envRecord: Record<string, string | undefined>,
  overrides: ExportBenchmarksOverrides = {},
): ExportBenchmarksDeps {
  const env = parseEnv(ExportBenchmarksEnvSchema, envRecord);
  const defaults: ExportBenchmarksDeps = {
    registry: new DynamoCreatorRegistry(env[EnvVar.creatorsTable]),
    posts: new DynamoPostStore(env[EnvVar.dataTable]),
    aggregates: new DynamoAggregateStore(env[EnvVar.dataTable]),
    writer: new S3ExportWriter(env[EnvVar.exportsBucket]),
    clock: () => new Date(),
    logger: overrides.logger ?? createObservability(FunctionId.exportBenchmarks).logger,
  };
  return withOverrides(defaults, overrides);
}

/** Defaults, with every override that is not `undefined` applied on top. */
function withOverrides<T extends object>(defaults: T, overrides: object): T {
  const defined = Object.entries(overrides).filter(([, value]) => value !== undefined);
  return { ...defaults, ...Object.fromEntries(defined) };
}
