#!/usr/bin/env node
// Entry point of the `pulse` CLI. The CLI is written in TypeScript and run through tsx's ESM loader,
// so `npx pulse …` works straight after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
