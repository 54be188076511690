/**
 * CDK entry (`cdk.json` → `npx tsx infra/app.ts`). Stage from `-c stage=<name>`; see docs/deploy.md.
 * Synth works offline with no credentials: nothing here looks anything up in an AWS account.
 */
import { App } from 'aws-cdk-lib';
import { addNagChecks, addPulseStacks } from './stacks/pulse-stacks';
import { loadStageConfig } from './stage-config';

const app = new App();
const config = loadStageConfig(app.node);
addPulseStacks(app, config);
addNagChecks(app);
app.synth();
