import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { StageConfig } from '../stage-config';
import { StatefulStack } from './stateful-stack';
import { StatelessStack } from './stateless-stack';

export interface PulseStacks {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/** `CreatorPulse-<stage>-Stateful` / `-Stateless`; account and region come from the CLI's environment. */
export function stackName(stage: string, part: 'Stateful' | 'Stateless'): string {
  return `CreatorPulse-${stage}-${part}`;
}

export function addPulseStacks(app: App, config: StageConfig): PulseStacks {
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const tags = { app: 'creator-pulse', stage: config.stage };
  const stateful = new StatefulStack(app, stackName(config.stage, 'Stateful'), {
    config,
    env,
    tags,
    description: `Creator Pulse ${config.stage}: tables, buckets, queues, topic, secrets, catalog`,
  });
  const stateless = new StatelessStack(app, stackName(config.stage, 'Stateless'), {
    config,
    stateful,
    env,
    tags,
    description: `Creator Pulse ${config.stage}: functions, schedules, alarms, dashboard`,
  });
  stateless.addStackDependency(stateful);
  return { stateful, stateless };
}

/** cdk-nag 3 (AwsSolutions + Serverless): any unacknowledged finding fails synth. */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true }),
    new ServerlessChecks(app, { verbose: true }),
  );
}
