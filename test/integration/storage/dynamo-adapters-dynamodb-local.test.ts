import { afterAll, beforeAll, describe, it } from 'vitest';
import { isJavaAvailable, type LocalStack, startLocalStack } from '../../../infra/local/stack';
import { defineDynamoSuite } from './dynamo-suite';

const javaAvailable = isJavaAvailable();

if (javaAvailable) {
  let stack: LocalStack | undefined;
  // DynamoDB Local starts in ~2.5–4.5 s: once per file.
  beforeAll(async () => {
    stack = await startLocalStack({ dynamo: 'dynamodb-local', stage: 'ddblocal' });
  });
  afterAll(async () => {
    await stack?.stop();
  });
  defineDynamoSuite('Amazon DynamoDB Local', () => {
    if (!stack) throw new Error('DynamoDB Local did not start');
    return stack.env;
  });
} else {
  describe('DynamoDB adapters on Amazon DynamoDB Local', () => {
    it.skip('skipped: `java` is not on PATH (install openjdk-17-jre-headless to run these against DynamoDB Local)', () => {});
  });
}
