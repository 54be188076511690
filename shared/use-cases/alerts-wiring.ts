import type { Logger } from '@aws-lambda-powertools/logger';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { z } from 'zod';
import { DynamoAggregateStore } from '../adapters/aws/dynamo-aggregate-store';
import { DynamoAlertStore } from '../adapters/aws/dynamo-alert-store';
import { DynamoCommentScoreStore } from '../adapters/aws/dynamo-comment-score-store';
import { DynamoCreatorRegistry } from '../adapters/aws/dynamo-creator-registry';
import { DynamoPostStore } from '../adapters/aws/dynamo-post-store';
import { EventBridgeNotifier } from '../adapters/aws/eventbridge-notifier';
import { S3RawArchive } from '../adapters/aws/s3-raw-archive';
import { SnsNotifier } from '../adapters/aws/sns-notifier';
import { SqsMessagePublisher } from '../adapters/aws/sqs-message-publisher';
import { WebhookNotifier } from '../adapters/notify/webhook-notifier';
import { EnvVar, FunctionId } from '../config/resource-names';
import { parseEnv } from '../lambda/config';
import { createObservability } from '../lambda/observability';
import { SecretsManagerSecretProvider } from '../platforms/secret-providers';
import type { Notifier } from '../ports/notifier';
import type { SecretProvider } from '../ports/secret-provider';
import type { EvaluateAlertsDeps } from './evaluate-alerts';

const optional = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value));

export const EvaluateAlertsEnvSchema = z.object({
  [EnvVar.creatorsTable]: z.string().min(1),
  [EnvVar.dataTable]: z.string().min(1),
  [EnvVar.rawBucket]: z.string().min(1),
  [EnvVar.alertsDlqUrl]: z.string().url().optional(),
  /** SNS topic with the email subscribers; unset = no SNS channel (local runs). */
  [EnvVar.alertTopicArn]: optional,
  /** Secret holding a Slack-compatible webhook URL; unset = no webhook channel. */
  [EnvVar.alertWebhookSecretId]: optional,
  /** Event bus for alert events; unset = no EventBridge channel. */
  [EnvVar.alertEventBusName]: optional,
});

export type EvaluateAlertsOverrides = Partial<Omit<EvaluateAlertsDeps, 'logger'>> & {
  readonly logger?: Logger;
  /** Channels added to the ones configured by env (e.g. the local runner's alerts.jsonl writer). */
  readonly extraNotifiers?: readonly Notifier[];
  /** Where the webhook URL secret is read (default Secrets Manager). */
  readonly secrets?: SecretProvider;
};

/** The configured delivery channels: SNS, webhook and EventBridge, each only when its env variable is set. */
export function notifiersFromEnv(
  env: z.infer<typeof EvaluateAlertsEnvSchema>,
  secrets: () => SecretProvider,
): Notifier[] {
  const notifiers: Notifier[] = [];
  const topicArn = env[EnvVar.alertTopicArn];
  if (topicArn) notifiers.push(new SnsNotifier(topicArn, new SNSClient({})));
  const webhookSecret = env[EnvVar.alertWebhookSecretId];
  if (webhookSecret) notifiers.push(new WebhookNotifier({ secretName: webhookSecret, secrets: secrets() }));
  const bus = env[EnvVar.alertEventBusName];
  if (bus) notifiers.push(new EventBridgeNotifier(bus, new EventBridgeClient({})));
  return notifiers;
}

export function buildEvaluateAlertsDeps(
  envRecord: Record<string, string | undefined>,
  overrides: EvaluateAlertsOverrides = {},
): EvaluateAlertsDeps {
  const env = parseEnv(EvaluateAlertsEnvSchema, envRecord);
  const dlqUrl = env[EnvVar.alertsDlqUrl];
  const { extraNotifiers, secrets, ...rest } = overrides;
  const notifiers = [
    ...(rest.notifiers ??
      notifiersFromEnv(env, () => secrets ?? new SecretsManagerSecretProvider(new SecretsManagerClient({})))),
    ...(extraNotifiers ?? []),
  ];
  const defaults: EvaluateAlertsDeps = {
    aggregates: new DynamoAggregateStore(env[EnvVar.dataTable]),
    commentScores: new DynamoCommentScoreStore(env[EnvVar.dataTable]),
    alerts: new DynamoAlertStore(env[EnvVar.dataTable]),
    posts: new DynamoPostStore(env[EnvVar.dataTable]),
    registry: new DynamoCreatorRegistry(env[EnvVar.creatorsTable]),
    quarantine: new S3RawArchive(env[EnvVar.rawBucket]),
    publisher: new SqsMessagePublisher(dlqUrl ? { 'alerts-dlq': dlqUrl } : {}),
    clock: () => new Date(),
    logger: rest.logger ?? createObservability(FunctionId.evaluateAlerts).logger,
    notifiers,
  };
  return { ...withOverrides(defaults, rest), notifiers };
}

/** Defaults, with every override that is not `undefined` applied on top. */
function withOverrides<T extends object>(defaults: T, overrides: object): T {
  const defined = Object.entries(overrides).filter(([, value]) => value !== undefined);
  return { ...defaults, ...Object.fromEntries(defined) };
}
