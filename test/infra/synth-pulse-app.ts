/**
 * Builds the real CDK app the way `cdk synth` does (cdk.json context, cdk-nag plugins), with bundling skipped
 * so a test file synthesizes in seconds. One call per test file (beforeAll).
 */
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { addNagChecks, addPulseStacks, type PulseStacks } from '../../infra/stacks/pulse-stacks';
import { loadStageConfig, type StageConfig } from '../../infra/stage-config';

export type CfnTemplate = { Resources: Record<string, CfnResource>; Outputs?: Record<string, CfnOutput> };
export type CfnResource = { Type: string; Properties?: Record<string, unknown> };
export type CfnOutput = { Value: unknown; Export?: { Name: string } };

export interface SynthesizedPulseApp {
  readonly config: StageConfig;
  readonly stacks: PulseStacks;
  readonly stateful: CfnTemplate;
  readonly stateless: CfnTemplate;
}

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

export function synthPulseApp(overrides: Record<string, unknown> = {}): SynthesizedPulseApp {
  const app = new App({
    context: {
      ...cdkJson.context,
      'aws:cdk:bundling-stacks': [],
      // In-memory mode: synth throws «ValidationFailed» with the cdk-nag report instead of only printing it.
      '@aws-cdk/core:appMode': 'inmemory',
      ...overrides,
    },
  });
  const config = loadStageConfig(app.node);
  const stacks = addPulseStacks(app, config);
  addNagChecks(app);
  // app.synth() (unlike Template.fromStack) runs the validation plugins; in-memory it throws
  // «ValidationFailed» with the report when cdk-nag has any unacknowledged finding.
  const assembly = app.synth();
  const stateful = assembly.getStackByName(stacks.stateful.stackName).template as CfnTemplate;
  const stateless = assembly.getStackByName(stacks.stateless.stackName).template as CfnTemplate;
  return { config, stacks, stateful, stateless };
}
