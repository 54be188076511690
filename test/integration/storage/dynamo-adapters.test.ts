import { inject } from 'vitest';
import { defineDynamoSuite } from './dynamo-suite';

// dynalite, from the integration project's global local stack.
defineDynamoSuite('dynalite', () => inject('localStackEnv'));
