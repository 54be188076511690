import { Duration, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { logicalIdOf, wildcardResourceFinding } from './nag-ids';

/**
 * The payload both schedules send: `time` is the slot's scheduled time (not the delivery time), so a retried
 * delivery names the same slot — export-benchmarks names its snapshot after it and overwrites on retry
 * (ExportRequestSchema); schedule-collection ignores the payload and reads its clock.
 */
function scheduledInput(): ScheduleTargetInput {
  return ScheduleTargetInput.fromObject({
    source: 'creator-pulse.schedule',
    time: ContextAttribute.scheduledTime,
    attempt: ContextAttribute.attemptNumber,
  });
}

export interface PipelineSchedulesProps {
  readonly scheduleCollection: IFunction;
  readonly exportBenchmarks: IFunction;
  readonly collectionIntervalMinutes: number;
  readonly exportHourUtc: number;
  /** Scheduler puts invocations it could not deliver after its retries here. */
  readonly deadLetterQueue: IQueue;
}

/**
 * EventBridge Scheduler: the fan-out every N minutes (schedule-collection spreads creators over the hour)
 * and the daily export. 730 + 35,040 invocations a month sit well inside the 14M free tier.
 */
export class PipelineSchedules extends Construct {
  readonly fanOut: Schedule;
  readonly dailyExport: Schedule;

  constructor(scope: Construct, id: string, props: PipelineSchedulesProps) {
    super(scope, id);
    const fanOutRole = this.schedulerRole('fan-out-role', props.scheduleCollection);
    const exportRole = this.schedulerRole('daily-export-role', props.exportBenchmarks);
    this.fanOut = new Schedule(this, 'fan-out', {
      description: `Fan out collection jobs every ${props.collectionIntervalMinutes} minutes`,
      schedule: ScheduleExpression.rate(Duration.minutes(props.collectionIntervalMinutes)),
      target: new LambdaInvoke(props.scheduleCollection, {
        role: fanOutRole,
        deadLetterQueue: props.deadLetterQueue,
        retryAttempts: 2,
        // A fan-out older than one interval is superseded by the next one.
        maxEventAge: Duration.minutes(props.collectionIntervalMinutes),
        input: scheduledInput(),
      }),
    });
    this.dailyExport = new Schedule(this, 'daily-export', {
      description: `Daily benchmark export at ${props.exportHourUtc}:00 UTC`,
      schedule: ScheduleExpression.cron({ minute: '0', hour: String(props.exportHourUtc) }),
      target: new LambdaInvoke(props.exportBenchmarks, {
        role: exportRole,
        deadLetterQueue: props.deadLetterQueue,
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
        input: scheduledInput(),
      }),
    });
  }

  /** One role per schedule; LambdaInvoke grants it `lambda:InvokeFunction` on the function (and its versions). */
  private schedulerRole(id: string, fn: IFunction): Role {
    const role = new Role(this, id, { assumedBy: new ServicePrincipal('scheduler.amazonaws.com') });
    Validations.of(role).acknowledge({
      id: wildcardResourceFinding(`<${logicalIdOf(fn)}.Arn>:*`),
      reason:
        'CDK grantInvoke adds `<function ARN>:*` so qualified invocations (versions/aliases) of this one ' +
        'function work; no other function is reachable.',
    });
    return role;
  }
}
