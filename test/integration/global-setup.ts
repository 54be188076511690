import type { TestProject } from 'vitest/node';
import { startLocalStack } from '../../infra/local/stack';

/**
 * One in-process local AWS stack (dynalite + fauxqs, ~0.1–0.4 s) for the whole integration project. Test files
 * read its environment with `inject('localStackEnv')`; files needing isolated resources create their own
 * stage on the same emulators (createLocalResources) instead of starting more servers.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    localStackEnv: Record<string, string>;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startLocalStack({ dynamo: 'dynalite', stage: 'it' });
  project.provide('localStackEnv', { ...stack.env });
  return () => stack.stop();
}
