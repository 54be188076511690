import { Arn, ArnFormat, Aws, Duration, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, type IManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { QUEUE_DEFINITIONS, type QueueDefinition } from '../../shared/config/queue-definitions';
import {
  type BucketId,
  EnvVar,
  FunctionId,
  MetricsNamespace,
  type QueueId,
  TableId,
} from '../../shared/config/resource-names';
import { TABLE_DEFINITIONS } from '../../shared/config/table-definitions';
import {
  FUNCTION_ACCESS,
  FUNCTION_SIZING,
  type FunctionAccess,
  platformCredentialWritePrefixes,
} from './function-access';
import { PipelineFunction } from './pipeline-function';

/** The stateful resources the functions use (from the stateful stack). */
export interface PipelineResources {
  readonly tables: Record<TableId, ITableV2>;
  readonly buckets: Record<BucketId, IBucket>;
  /** Customer managed policy for PutObject under one prefix (see StorageBuckets.objectWriterPolicy). */
  readonly objectWriterPolicy: (bucket: BucketId, prefix: string, multipart: boolean) => IManagedPolicy;
  readonly queues: Record<QueueId, IQueue>;
  readonly deadLetterQueues: Record<QueueId, IQueue>;
  readonly alertTopic: ITopic;
  readonly alertTopicKey: IKey;
  /** Platform credentials live under this name prefix (`<prefix><platform>/<accountId>`), created by operators. */
  readonly platformSecretPrefix: string;
  readonly authorHashKey: ISecret;
  readonly alertWebhook: ISecret | undefined;
  readonly scheduledInvocationDeadLetterQueue: IQueue;
}

export interface PipelineFunctionsProps {
  readonly stage: string;
  readonly resources: PipelineResources;
  readonly logRetention: RetentionDays;
  readonly rawCommentRetentionDays: number;
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** ESM maximum concurrency of the collect queue, derived from the platform budgets. */
  readonly collectMaxConcurrency: number;
}

const tableEnv: Record<TableId, string> = {
  [TableId.creators]: EnvVar.creatorsTable,
  [TableId.data]: EnvVar.dataTable,
  [TableId.idempotency]: EnvVar.idempotencyTable,
};
const queueEnv: Record<QueueId, string> = {
  collect: EnvVar.collectQueueUrl,
  metrics: EnvVar.metricsQueueUrl,
  comments: EnvVar.commentsQueueUrl,
  alerts: EnvVar.alertsQueueUrl,
};
const deadLetterQueueEnv: Record<QueueId, string> = {
  collect: EnvVar.collectDlqUrl,
  metrics: EnvVar.metricsDlqUrl,
  comments: EnvVar.commentsDlqUrl,
  alerts: EnvVar.alertsDlqUrl,
};
const bucketEnv: Record<BucketId, string> = { raw: EnvVar.rawBucket, exports: EnvVar.exportsBucket };

const DEFAULT_BUS_NAME = 'default';

/**
 * Every secret under the platform prefix: one per creator credential (`<prefix><platform>/<accountId>`), created
 * by the operator, so their ARNs are not known at deploy time. The trailing `*` also covers the random suffix
 * Secrets Manager appends to every secret ARN.
 */
export function platformSecretsArn(prefix: string): string {
  return Arn.format({
    partition: Aws.PARTITION,
    service: 'secretsmanager',
    region: Aws.REGION,
    account: Aws.ACCOUNT_ID,
    resource: 'secret',
    resourceName: `${prefix}*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** The queue a function consumes, if any. */
function consumedQueue(functionId: FunctionId): QueueDefinition | undefined {
  return QUEUE_DEFINITIONS.find((definition) => definition.consumer === functionId);
}

/**
 * The six pipeline functions with least-privilege policies and environments derived from FUNCTION_ACCESS,
 * and the SQS event source mappings (ReportBatchItemFailures always on).
 */
export class PipelineFunctions extends Construct {
  readonly functions: Record<FunctionId, PipelineFunction>;

  constructor(scope: Construct, id: string, props: PipelineFunctionsProps) {
    super(scope, id);
    const ids = Object.values(FunctionId);
    this.functions = Object.fromEntries(
      ids.map((functionId) => [functionId, this.build(functionId, props)]),
    ) as Record<FunctionId, PipelineFunction>;
  }

  private build(functionId: FunctionId, props: PipelineFunctionsProps): PipelineFunction {
    const access = FUNCTION_ACCESS[functionId];
    const sizing = FUNCTION_SIZING[functionId];
    const queueDefinition = consumedQueue(functionId);
    if ((queueDefinition?.id ?? undefined) !== access.consumes) {
      throw new Error(`${functionId}: FUNCTION_ACCESS.consumes disagrees with the queue definitions`);
    }
    const timeoutSeconds = queueDefinition?.consumerTimeoutSeconds ?? sizing.timeoutSeconds;
    if (timeoutSeconds === undefined) throw new Error(`${functionId}: no timeout configured`);
    const { resources } = props;

    const pipelineFunction = new PipelineFunction(this, functionId, {
      functionId,
      description: sizing.description,
      memoryMb: sizing.memoryMb,
      timeout: Duration.seconds(timeoutSeconds),
      environment: this.environment(functionId, access, props),
      logRetention: props.logRetention,
      // Only scheduled (asynchronously invoked) functions get an async DLQ; SQS consumers are invoked
      // synchronously by their mapping and fail into their queue's redrive DLQ.
      asyncDeadLetterQueue: queueDefinition ? undefined : resources.scheduledInvocationDeadLetterQueue,
    });
    for (const statement of this.statements(access, resources)) {
      pipelineFunction.role.addToPrincipalPolicy(statement);
    }
    for (const write of access.writesObjects) {
      for (const prefix of write.prefixes) {
        pipelineFunction.role.addManagedPolicy(
          resources.objectWriterPolicy(write.bucket, prefix, write.multipart ?? false),
        );
      }
    }
    this.acknowledgeFindings(
      pipelineFunction,
      queueDefinition !== undefined,
      access,
      resources.platformSecretPrefix,
    );

    if (queueDefinition) {
      const maxConcurrency =
        queueDefinition.id === 'collect' ? props.collectMaxConcurrency : queueDefinition.maxConcurrency;
      pipelineFunction.function.addEventSource(
        new SqsEventSource(resources.queues[queueDefinition.id], {
          batchSize: queueDefinition.batchSize,
          maxBatchingWindow:
            queueDefinition.maxBatchingWindowSeconds > 0
              ? Duration.seconds(queueDefinition.maxBatchingWindowSeconds)
              : undefined,
          reportBatchItemFailures: true,
          maxConcurrency,
        }),
      );
    }
    return pipelineFunction;
  }

  private environment(
    functionId: FunctionId,
    access: FunctionAccess,
    props: PipelineFunctionsProps,
  ): Record<string, string> {
    const { resources } = props;
    const environment: Record<string, string> = {
      [EnvVar.stage]: props.stage,
      [EnvVar.serviceName]: functionId,
      [EnvVar.metricsNamespace]: MetricsNamespace,
      [EnvVar.logLevel]: props.logLevel,
      [EnvVar.rawCommentRetentionDays]: String(props.rawCommentRetentionDays),
    };
    for (const tableId of Object.keys(access.tables) as TableId[]) {
      environment[tableEnv[tableId]] = resources.tables[tableId].tableName;
    }
    for (const queueId of access.sendsTo) environment[queueEnv[queueId]] = resources.queues[queueId].queueUrl;
    if (access.consumes) {
      environment[deadLetterQueueEnv[access.consumes]] = resources.deadLetterQueues[access.consumes].queueUrl;
    }
    for (const write of access.writesObjects)
      environment[bucketEnv[write.bucket]] = resources.buckets[write.bucket].bucketName;
    // Secret ids only — values are read at runtime and never enter the environment.
    if (access.readsSecrets.includes('platformCredentials')) {
      environment[EnvVar.platformSecretPrefix] = resources.platformSecretPrefix;
    }
    if (access.readsSecrets.includes('authorHashKey')) {
      environment[EnvVar.authorHashSecretId] = resources.authorHashKey.secretName;
    }
    if (access.readsSecrets.includes('alertWebhook') && resources.alertWebhook) {
      environment[EnvVar.alertWebhookSecretId] = resources.alertWebhook.secretName;
    }
    if (access.publishesAlerts) environment[EnvVar.alertTopicArn] = resources.alertTopic.topicArn;
    if (access.putsEventsOnDefaultBus) environment[EnvVar.alertEventBusName] = DEFAULT_BUS_NAME;
    return environment;
  }

  private statements(access: FunctionAccess, resources: PipelineResources): PolicyStatement[] {
    const statements: PolicyStatement[] = [];
    for (const [tableId, actions] of Object.entries(access.tables) as [TableId, readonly string[]][]) {
      const table = resources.tables[tableId];
      const definition = TABLE_DEFINITIONS.find((candidate) => candidate.id === tableId);
      // Named index ARNs instead of `<table>/index/*`: Query on a GSI needs the index ARN.
      const indexArns = actions.includes('Query')
        ? (definition?.globalSecondaryIndexes ?? []).map(
            (index) => `${table.tableArn}/index/${index.indexName}`,
          )
        : [];
      statements.push(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: actions.map((action) => `dynamodb:${action}`),
          resources: [table.tableArn, ...indexArns],
        }),
      );
    }
    const sendTargets = [
      ...access.sendsTo.map((queueId) => resources.queues[queueId].queueArn),
      ...(access.consumes ? [resources.deadLetterQueues[access.consumes].queueArn] : []),
    ];
    if (sendTargets.length > 0) {
      // SendMessageBatch is authorised by sqs:SendMessage.
      statements.push(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: sendTargets }));
    }
    const secretArns: string[] = [];
    if (access.readsSecrets.includes('platformCredentials')) {
      secretArns.push(platformSecretsArn(resources.platformSecretPrefix));
    }
    if (access.readsSecrets.includes('authorHashKey')) secretArns.push(resources.authorHashKey.secretArn);
    if (access.readsSecrets.includes('alertWebhook') && resources.alertWebhook) {
      secretArns.push(resources.alertWebhook.secretArn);
    }
    if (secretArns.length > 0) {
      statements.push(
        new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: secretArns }),
      );
    }
    if (access.writesSecrets?.includes('platformCredentials')) {
      // Rotated OAuth grants go back to the creator credential secrets only, never the OAuth app secrets
      // (`<prefix>app/…`) that are readable under the same prefix.
      statements.push(
        new PolicyStatement({
          actions: ['secretsmanager:PutSecretValue'],
          resources: platformCredentialWritePrefixes(resources.platformSecretPrefix).map(platformSecretsArn),
        }),
      );
    }
    if (access.publishesAlerts) {
      statements.push(
        new PolicyStatement({ actions: ['sns:Publish'], resources: [resources.alertTopic.topicArn] }),
      );
      // Publishing to a KMS-encrypted topic needs a data key from the topic's key.
      statements.push(
        new PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [resources.alertTopicKey.keyArn],
        }),
      );
    }
    if (access.putsEventsOnDefaultBus) {
      statements.push(
        new PolicyStatement({
          actions: ['events:PutEvents'],
          resources: [
            Arn.format({
              partition: Aws.PARTITION,
              service: 'events',
              region: Aws.REGION,
              account: Aws.ACCOUNT_ID,
              resource: 'event-bus',
              resourceName: DEFAULT_BUS_NAME,
            }),
          ],
        }),
      );
    }
    return statements;
  }

  /** Findings that are right for this design, acknowledged on the one function (and policy) they concern. */
  private acknowledgeFindings(
    pipelineFunction: PipelineFunction,
    consumesQueue: boolean,
    access: FunctionAccess,
    platformSecretPrefix: string,
  ) {
    const fn = pipelineFunction.function;
    if (access.readsSecrets.includes('platformCredentials')) {
      Validations.of(pipelineFunction.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${platformSecretPrefix}*]`,
        reason:
          'Platform credentials are one secret per creator (`<prefix><platform>/<accountId>`), added by operators ' +
          'after deploy; read-only (GetSecretValue) and limited to this stage prefix.',
      });
    }
    if (access.writesSecrets?.includes('platformCredentials')) {
      Validations.of(pipelineFunction.role).acknowledge(
        ...platformCredentialWritePrefixes(platformSecretPrefix).map((prefix) => ({
          id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${prefix}*]`,
          reason:
            'Rotated OAuth credentials are written back to the creator secret they came from; creators are data ' +
            '(one secret per creator, added after deploy), so the ARNs are a per-platform name prefix.',
        })),
      );
    }
    Validations.of(fn).acknowledge({
      id: 'Serverless-LambdaTracing',
      reason:
        'X-Ray is off to keep per-invocation cost and IAM surface down; Powertools structured logs and EMF ' +
        'metrics carry correlation ids. Enable per function when debugging latency.',
    });
    if (consumesQueue) {
      Validations.of(fn).acknowledge(
        {
          id: 'Serverless-LambdaDLQ',
          reason:
            'Invoked only synchronously by its SQS event source mapping; failed messages go to the source ' +
            "queue's redrive DLQ (maxReceiveCount ≥ 5), which an async-invoke DLQ would never see.",
        },
        {
          id: 'Serverless-LambdaAsyncFailureDestination',
          reason:
            'Never invoked asynchronously (SQS event source mapping only); failures redrive to the queue DLQ.',
        },
        {
          id: 'Serverless-LambdaEventSourceMappingDestination',
          reason:
            'SQS event source mappings do not support on-failure destinations; the source queue has a redrive ' +
            'policy to its DLQ instead (aws-semantics-and-cost.md §2.3).',
        },
      );
    } else {
      Validations.of(fn).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          'Scheduled (async) invocations use an on-failure destination to the scheduled-invocations DLQ, which ' +
          'records the error and request context; the legacy DeadLetterConfig would duplicate it.',
      });
    }
  }
}
