#!/usr/bin/env node
// Entry point of the `pulse` CLI. The CLI is written in TypeScript and run through tsx's ESM loader,
// so `npx pulse …` works straight after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

// The AWS SDK warns once per process that its 2027 releases will need Node 22. The project pins an SDK
// version that supports Node 20, so on a terminal the notice is noise; every other warning still prints.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  if (String(warning).startsWith('NodeVersionSupportWarning')) return;
  emitWarning(warning, ...rest);
};

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
