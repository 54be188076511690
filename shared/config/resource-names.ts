/**
 * Names defined once and shared by the CDK stack (infra/), the local stack (infra/local/) and the functions.
 * Changing a name here changes it everywhere; nothing else may spell these strings.
 */

/** Environment variables the functions read at cold start (parsed with zod in each function's config). */
export const EnvVar = {
  stage: 'PULSE_STAGE',
  creatorsTable: 'PULSE_CREATORS_TABLE',
  dataTable: 'PULSE_DATA_TABLE',
  idempotencyTable: 'PULSE_IDEMPOTENCY_TABLE',
  collectQueueUrl: 'PULSE_COLLECT_QUEUE_URL',
  metricsQueueUrl: 'PULSE_METRICS_QUEUE_URL',
  commentsQueueUrl: 'PULSE_COMMENTS_QUEUE_URL',
  alertsQueueUrl: 'PULSE_ALERTS_QUEUE_URL',
  /** Dead-letter queues: consumers copy invalid bodies there with a `reason` attribute (shared/messages/dead-letter.ts). */
  collectDlqUrl: 'PULSE_COLLECT_DLQ_URL',
  metricsDlqUrl: 'PULSE_METRICS_DLQ_URL',
  commentsDlqUrl: 'PULSE_COMMENTS_DLQ_URL',
  alertsDlqUrl: 'PULSE_ALERTS_DLQ_URL',
  rawBucket: 'PULSE_RAW_BUCKET',
  exportsBucket: 'PULSE_EXPORTS_BUCKET',
  alertTopicArn: 'PULSE_ALERT_TOPIC_ARN',
  alertWebhookSecretId: 'PULSE_ALERT_WEBHOOK_SECRET_ID',
  alertEventBusName: 'PULSE_ALERT_EVENT_BUS_NAME',
  platformSecretPrefix: 'PULSE_PLATFORM_SECRET_PREFIX',
  authorHashSecretId: 'PULSE_AUTHOR_HASH_SECRET_ID',
  platformBaseUrlYoutube: 'PULSE_YOUTUBE_BASE_URL',
  platformBaseUrlInstagram: 'PULSE_INSTAGRAM_BASE_URL',
  platformBaseUrlTiktok: 'PULSE_TIKTOK_BASE_URL',
  rawCommentRetentionDays: 'PULSE_RAW_COMMENT_RETENTION_DAYS',
  logLevel: 'POWERTOOLS_LOG_LEVEL',
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  metricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
} as const;
export type EnvVarName = (typeof EnvVar)[keyof typeof EnvVar];

/** Logical resource ids; physical names are `${prefix}-${stage}-${id}` locally and CDK-generated on AWS. */
export const TableId = {
  creators: 'creators',
  data: 'data',
  idempotency: 'idempotency',
} as const;
export type TableId = (typeof TableId)[keyof typeof TableId];

export const QueueId = {
  collect: 'collect',
  metrics: 'metrics',
  comments: 'comments',
  alerts: 'alerts',
} as const;
export type QueueId = (typeof QueueId)[keyof typeof QueueId];

export const BucketId = {
  raw: 'raw',
  exports: 'exports',
} as const;
export type BucketId = (typeof BucketId)[keyof typeof BucketId];

/** Key attribute names of the DynamoDB tables (single-table design in `data`; see docs/data-model.md). */
export const KeyAttr = {
  partitionKey: 'pk',
  sortKey: 'sk',
  gsi1PartitionKey: 'gsi1pk',
  gsi1SortKey: 'gsi1sk',
  gsi2PartitionKey: 'gsi2pk',
  gsi2SortKey: 'gsi2sk',
  timeToLive: 'expiresAt',
  idempotencyKey: 'id',
  idempotencyExpiry: 'expiration',
} as const;

export const IndexName = {
  gsi1: 'gsi1',
  gsi2: 'gsi2',
} as const;

/** Application name used as a prefix for local resource names and metrics namespaces. */
export const AppName = 'creator-pulse';
export const MetricsNamespace = 'CreatorPulse';

export function localResourceName(stage: string, id: string): string {
  return `${AppName}-${stage}-${id}`;
}
export function deadLetterQueueId(id: QueueId): string {
  return `${id}-dlq`;
}

/**
 * The Lambda functions. Each lives in `functions/<id>/handler.ts` and exports `handler`.
 * The CDK stack bundles one NodejsFunction per entry; the local runner imports the same files.
 */
export const FunctionId = {
  scheduleCollection: 'schedule-collection',
  collectCreator: 'collect-creator',
  processMetrics: 'process-metrics',
  processComments: 'process-comments',
  evaluateAlerts: 'evaluate-alerts',
  exportBenchmarks: 'export-benchmarks',
} as const;
export type FunctionId = (typeof FunctionId)[keyof typeof FunctionId];
