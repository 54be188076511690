import { Stack, type StackProps } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { FunctionId, QueueId } from '../../shared/config/resource-names';
import { PipelineFunctions } from '../constructs/pipeline-functions';
import { PipelineMonitoring } from '../constructs/pipeline-monitoring';
import { PipelineSchedules } from '../constructs/pipeline-schedules';
import { collectMaxConcurrency, type StageConfig } from '../stage-config';
import type { StatefulStack } from './stateful-stack';

export interface StatelessStackProps extends StackProps {
  readonly config: StageConfig;
  readonly stateful: StatefulStack;
}

/** CloudWatch Logs accepts only these retention values; pick the smallest one ≥ the configured days. */
const RETENTION_STEPS: readonly RetentionDays[] = [
  RetentionDays.ONE_DAY,
  RetentionDays.THREE_DAYS,
  RetentionDays.FIVE_DAYS,
  RetentionDays.ONE_WEEK,
  RetentionDays.TWO_WEEKS,
  RetentionDays.ONE_MONTH,
  RetentionDays.TWO_MONTHS,
  RetentionDays.THREE_MONTHS,
  RetentionDays.FOUR_MONTHS,
  RetentionDays.FIVE_MONTHS,
  RetentionDays.SIX_MONTHS,
  RetentionDays.ONE_YEAR,
  RetentionDays.THIRTEEN_MONTHS,
  RetentionDays.EIGHTEEN_MONTHS,
  RetentionDays.TWO_YEARS,
  RetentionDays.THREE_YEARS,
  RetentionDays.FIVE_YEARS,
  RetentionDays.SIX_YEARS,
  RetentionDays.SEVEN_YEARS,
  RetentionDays.EIGHT_YEARS,
  RetentionDays.NINE_YEARS,
  RetentionDays.TEN_YEARS,
];

export function logRetentionFor(days: number): RetentionDays {
  return RETENTION_STEPS.find((step) => step >= days) ?? RetentionDays.TEN_YEARS;
}

/** Code and wiring: functions, event source mappings, schedules, alarms, dashboard. Safe to redeploy. */
export class StatelessStack extends Stack {
  readonly functions: PipelineFunctions;
  readonly schedules: PipelineSchedules;
  readonly monitoring: PipelineMonitoring;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, stateful } = props;
    const workQueues = stateful.queues.queues;
    const queueOf = (queueId: QueueId): IQueue => workQueues[queueId].queue;

    this.functions = new PipelineFunctions(this, 'functions', {
      stage: config.stage,
      logRetention: logRetentionFor(config.logRetentionDays),
      rawCommentRetentionDays: config.rawCommentRetentionDays,
      logLevel: 'INFO',
      collectMaxConcurrency: collectMaxConcurrency(config.platformBudgets),
      resources: {
        tables: stateful.tables.tables,
        buckets: { raw: stateful.buckets.raw, exports: stateful.buckets.exports },
        objectWriterPolicy: (bucket, prefix, multipart) =>
          stateful.buckets.objectWriterPolicy(bucket, prefix, multipart),
        queues: {
          collect: queueOf(QueueId.collect),
          metrics: queueOf(QueueId.metrics),
          comments: queueOf(QueueId.comments),
          alerts: queueOf(QueueId.alerts),
        },
        deadLetterQueues: {
          collect: workQueues.collect.deadLetterQueue,
          metrics: workQueues.metrics.deadLetterQueue,
          comments: workQueues.comments.deadLetterQueue,
          alerts: workQueues.alerts.deadLetterQueue,
        },
        alertTopic: stateful.alerts.topic,
        alertTopicKey: stateful.alerts.key,
        platformSecretPrefix: stateful.secrets.platformPrefix,
        authorHashKey: stateful.secrets.authorHashKey,
        alertWebhook: stateful.secrets.alertWebhook,
        scheduledInvocationDeadLetterQueue: stateful.queues.scheduledInvocationDeadLetterQueue,
      },
    });
    const fns = this.functions.functions;

    this.schedules = new PipelineSchedules(this, 'schedules', {
      scheduleCollection: fns[FunctionId.scheduleCollection].function,
      exportBenchmarks: fns[FunctionId.exportBenchmarks].function,
      collectionIntervalMinutes: config.collectionIntervalMinutes,
      exportHourUtc: config.exportHourUtc,
      deadLetterQueue: stateful.queues.scheduledInvocationDeadLetterQueue,
    });

    const extraDeadLetterQueues: Record<string, IQueue> = {
      'scheduled-invocations-dlq': stateful.queues.scheduledInvocationDeadLetterQueue,
    };
    if (stateful.alerts.deliveryDeadLetterQueue) {
      extraDeadLetterQueues['alert-delivery-dlq'] = stateful.alerts.deliveryDeadLetterQueue;
    }
    this.monitoring = new PipelineMonitoring(this, 'monitoring', {
      stage: config.stage,
      alarmTopic: stateful.alerts.topic,
      queues: Object.values(workQueues).map(({ definition, queue, deadLetterQueue }) => ({
        id: definition.id,
        queue,
        deadLetterQueue,
      })),
      extraDeadLetterQueues,
      functions: Object.fromEntries(Object.entries(fns).map(([functionId, fn]) => [functionId, fn.function])),
      oldestMessageAlarmMinutes: config.oldestMessageAlarmMinutes,
    });
  }
}
