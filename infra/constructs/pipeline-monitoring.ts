import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FunctionId, MetricsNamespace } from '../../shared/config/resource-names';
import { PLATFORMS } from '../../shared/domain/platform';

/**
 * Custom metric the collectors emit (Powertools Metrics, namespace `CreatorPulse`) when a platform budget is
 * used up. Contract: dimensions exactly `service` (the function id, Powertools' default dimension) and
 * `platform` — never a creator or post id (each dimension combination is a billed metric).
 */
export const QUOTA_EXHAUSTED_METRIC = 'QuotaExhausted';
/** Functions that may emit QuotaExhausted (the scheduler's ledger check and the collector's 429/403 path). */
export const QUOTA_METRIC_EMITTERS: readonly FunctionId[] = [
  FunctionId.scheduleCollection,
  FunctionId.collectCreator,
];

/**
 * Collector metrics that need a person: a creator whose credential was refused (re-authorise it) and a refreshed
 * grant the secret store could not keep (it dies with the container). Emitted by collect-creator only.
 */
export const CREDENTIAL_ALARM_METRICS = {
  CredentialErrors:
    'credentials refused: a creator is in auth_error and must re-authorise (see the creator status)',
  TokenRefreshesNotPersisted:
    'a refreshed OAuth grant could not be written back to Secrets Manager: check the secret and the role',
} as const;

const PERIOD = Duration.minutes(5);

export interface MonitoredQueue {
  readonly id: string;
  readonly queue: IQueue;
  readonly deadLetterQueue: IQueue;
}

export interface PipelineMonitoringProps {
  readonly stage: string;
  readonly alarmTopic: ITopic;
  readonly queues: readonly MonitoredQueue[];
  /** Further dead-letter queues with no source queue (scheduler/async DLQ, SNS delivery DLQ). */
  readonly extraDeadLetterQueues: Readonly<Record<string, IQueue>>;
  readonly functions: Readonly<Record<string, IFunction>>;
  readonly oldestMessageAlarmMinutes: number;
}

/** Alarms (→ the alert topic) and one dashboard; all dimensions are resource names or platforms. */
export class PipelineMonitoring extends Construct {
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: PipelineMonitoringProps) {
    super(scope, id);
    const action = new SnsAction(props.alarmTopic);
    const alarm = (alarmId: string, metric: IMetric, threshold: number, description: string): Alarm => {
      const created = new Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `[creator-pulse ${props.stage}] ${description}`,
      });
      created.addAlarmAction(action);
      this.alarms.push(created);
      return created;
    };

    for (const { id: queueId, queue, deadLetterQueue } of props.queues) {
      alarm(
        `${queueId}-dlq-depth`,
        deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
        0,
        `Messages in the ${queueId} dead-letter queue: inspect, fix, then redrive (docs/deploy.md).`,
      );
      alarm(
        `${queueId}-oldest-message`,
        queue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum' }),
        props.oldestMessageAlarmMinutes * 60,
        `The ${queueId} queue is falling behind (oldest message > ${props.oldestMessageAlarmMinutes} min).`,
      );
    }
    for (const [queueId, deadLetterQueue] of Object.entries(props.extraDeadLetterQueues)) {
      alarm(
        `${queueId}-depth`,
        deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
        0,
        `Messages in ${queueId}: deliveries or scheduled invocations failed every retry.`,
      );
    }
    for (const [functionId, fn] of Object.entries(props.functions)) {
      alarm(
        `${functionId}-errors`,
        fn.metricErrors({ period: PERIOD, statistic: 'Sum' }),
        0,
        `${functionId} errors.`,
      );
      alarm(
        `${functionId}-throttles`,
        fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
        0,
        `${functionId} throttled (account concurrency or reserved concurrency exhausted).`,
      );
    }
    const quotaMetrics = PLATFORMS.map((platform) => {
      const usingMetrics = Object.fromEntries(
        QUOTA_METRIC_EMITTERS.map((emitter, index) => [
          `${platform}_${index}`,
          new Metric({
            namespace: MetricsNamespace,
            metricName: QUOTA_EXHAUSTED_METRIC,
            dimensionsMap: { service: emitter, platform },
            statistic: 'Sum',
            period: PERIOD,
          }),
        ]),
      );
      const expression = new MathExpression({
        expression: Object.keys(usingMetrics)
          .map((name) => `FILL(${name}, 0)`)
          .join(' + '),
        usingMetrics,
        label: `${QUOTA_EXHAUSTED_METRIC} ${platform}`,
        period: PERIOD,
      });
      alarm(
        `quota-exhausted-${platform}`,
        expression,
        0,
        `${platform} quota exhausted: collection is deferred.`,
      );
      return expression;
    });

    const credentialMetrics = PLATFORMS.flatMap((platform) =>
      Object.entries(CREDENTIAL_ALARM_METRICS).map(([metricName, description]) => {
        const metric = new Metric({
          namespace: MetricsNamespace,
          metricName,
          dimensionsMap: { service: FunctionId.collectCreator, platform },
          statistic: 'Sum',
          period: PERIOD,
        });
        alarm(`${metricName}-${platform}`, metric, 0, `${platform} ${description}.`);
        // The legend label is set on the dashboard's copy only: a labelled metric makes the alarm a metric-math one.
        return metric.with({ label: `${metricName} ${platform}` });
      }),
    );

    this.dashboard = new Dashboard(this, 'dashboard', {
      dashboardName: `creator-pulse-${props.stage}`,
      defaultInterval: Duration.hours(24),
    });
    const functions = Object.entries(props.functions);
    this.dashboard.addWidgets(
      new TextWidget({ markdown: `# Creator Pulse — ${props.stage}`, width: 24, height: 1 }),
      new GraphWidget({
        title: 'Queue depth (visible)',
        width: 12,
        left: props.queues.map(({ queue }) =>
          queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD }),
        ),
      }),
      new GraphWidget({
        title: 'Oldest message age (s)',
        width: 12,
        left: props.queues.map(({ queue }) =>
          queue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum' }),
        ),
      }),
      new GraphWidget({
        title: 'Dead-letter queues (visible)',
        width: 12,
        left: [
          ...props.queues.map(({ deadLetterQueue }) =>
            deadLetterQueue.metricApproximateNumberOfMessagesVisible({
              period: PERIOD,
              statistic: 'Maximum',
            }),
          ),
          ...Object.values(props.extraDeadLetterQueues).map((queue) =>
            queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
          ),
        ],
      }),
      new GraphWidget({ title: 'Quota exhausted (per platform)', width: 12, left: quotaMetrics }),
      new GraphWidget({ title: 'Credentials (per platform)', width: 12, left: credentialMetrics }),
      new GraphWidget({
        title: 'Invocations',
        width: 8,
        left: functions.map(([label, fn]) => fn.metricInvocations({ period: PERIOD, label })),
      }),
      new GraphWidget({
        title: 'Errors / throttles',
        width: 8,
        left: functions.map(([label, fn]) => fn.metricErrors({ period: PERIOD, label: `${label} errors` })),
        right: functions.map(([label, fn]) =>
          fn.metricThrottles({ period: PERIOD, label: `${label} throttles` }),
        ),
      }),
      new GraphWidget({
        title: 'Duration p95 (ms)',
        width: 8,
        left: functions.map(([label, fn]) => fn.metricDuration({ period: PERIOD, statistic: 'p95', label })),
      }),
    );
  }
}
