import type { Logger } from '@aws-lambda-powertools/logger';
import { z } from 'zod';
import { DynamoAggregateStore } from '../adapters/aws/dynamo-aggregate-store';
import { DynamoCommentScoreStore } from '../adapters/aws/dynamo-comment-score-store';
import { DynamoCreatorRegistry } from '../adapters/aws/dynamo-creator-registry';
import { S3RawArchive } from '../adapters/aws/s3-raw-archive';
import { SqsMessagePublisher } from '../adapters/aws/sqs-message-publisher';
import { EnvVar, FunctionId } from '../config/resource-names';
import { Retention } from '../config/table-definitions';
import { parseEnv } from '../lambda/config';
import { createObservability } from '../lambda/observability';
import { createSentimentEngine } from '../sentiment';
import type { ProcessCommentsDeps } from './process-comments';

export const ProcessCommentsEnvSchema = z.object({
  [EnvVar.creatorsTable]: z.string().min(1),
  [EnvVar.dataTable]: z.string().min(1),
  [EnvVar.rawBucket]: z.string().min(1),
  [EnvVar.alertsQueueUrl]: z.string().url(),
  [EnvVar.commentsDlqUrl]: z.string().url().optional(),
  [EnvVar.rawCommentRetentionDays]: z.coerce
    .number()
    .int()
    .min(2)
    .max(3650)
    .default(Retention.rawCommentDays),
});

export type ProcessCommentsOverrides = Partial<Omit<ProcessCommentsDeps, 'logger'>> & {
  readonly logger?: Logger;
};

/**
 * Builds process-comments' ports from an environment record. The sentiment engine is created here, once per
 * container (its lexicon tables are built at creation), unless a scorer is injected.
 */
export function buildProcessCommentsDeps(
  envRecord: Record<string, string | undefined>,
  overrides: ProcessCommentsOverrides = {},
): ProcessCommentsDeps {
  const env = parseEnv(ProcessCommentsEnvSchema, envRecord);
  const dlqUrl = env[EnvVar.commentsDlqUrl];
  const defaults: ProcessCommentsDeps = {
    scorer: overrides.scorer ?? createSentimentEngine(),
    commentScores: new DynamoCommentScoreStore(env[EnvVar.dataTable]),
    aggregates: new DynamoAggregateStore(env[EnvVar.dataTable]),
    registry: new DynamoCreatorRegistry(env[EnvVar.creatorsTable]),
    quarantine: new S3RawArchive(env[EnvVar.rawBucket]),
    publisher: new SqsMessagePublisher({
      alerts: env[EnvVar.alertsQueueUrl],
      ...(dlqUrl ? { 'comments-dlq': dlqUrl } : {}),
    }),
    clock: () => new Date(),
    logger: overrides.logger ?? createObservability(FunctionId.processComments).logger,
  };
  const { config, ...rest } = overrides;
  return {
    ...withOverrides(defaults, rest),
    config: { rawCommentRetentionDays: env[EnvVar.rawCommentRetentionDays], ...config },
  };
}

/** Defaults, with every override that is not `undefined` applied on top. */
function withOverrides<T extends object>(defaults: T, overrides: object): T {
  const defined = Object.entries(overrides).filter(([, value]) => value !== undefined);
  return { ...defaults, ...Object.fromEntries(defined) };
}
