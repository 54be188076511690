import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, parseEnv } from '../../../shared/lambda/config';
import { createSqsBatchHandler, type InvalidRecord } from '../../../shared/lambda/sqs-batch-handler';

const schema = z.object({ v: z.literal(1), n: z.number() });
const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
const context = { getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

function record(id: string, body: string): SQSRecord {
  return {
    messageId: id,
    receiptHandle: `rh-${id}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: 'x',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:q',
    awsRegion: 'us-east-1',
  };
}

describe('createSqsBatchHandler', () => {
  it('processes valid records, routes invalid ones with a reason, and fails only the record that threw', async () => {
    const processed: number[] = [];
    const invalid: InvalidRecord[] = [];
    const handler = createSqsBatchHandler({
      schema,
      logger,
      processMessage: async (message) => {
        if (message.n === 3) throw new Error('transient');
        processed.push(message.n);
      },
      onInvalidRecord: async (entry) => {
        invalid.push(entry);
      },
    });
    const response = await handler(
      {
        Records: [
          record('a', '{"v":1,"n":1}'),
          record('b', 'not json'),
          record('c', '{"v":1,"n":3}'),
          record('d', '{"v":2,"n":4}'),
          record('e', '{"v":1,"n":5}'),
        ],
      },
      context,
    );
    expect(processed).toEqual([1, 5]);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'c' }]);
    expect(invalid.map((i) => i.record.messageId)).toEqual(['b', 'd']);
    expect(invalid[0]?.reason).toMatch(/^invalid_json/);
    expect(invalid[1]?.reason).toMatch(/^schema_violation: v/);
  });

  it('fails an invalid record when it cannot be put on the dead-letter path, so it is not lost', async () => {
    const handler = createSqsBatchHandler({
      schema,
      logger,
      processMessage: async () => undefined,
      onInvalidRecord: async () => {
        throw new Error('S3 down');
      },
    });
    const response = await handler({ Records: [record('x', '{}')] }, context);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'x' }]);
  });
});

describe('parseEnv', () => {
  const envSchema = z.object({ PULSE_STAGE: z.string().min(1), PULSE_DATA_TABLE: z.string().min(3) });
  it('returns the parsed config', () => {
    expect(parseEnv(envSchema, { PULSE_STAGE: 'dev', PULSE_DATA_TABLE: 'tbl' })).toEqual({
      PULSE_STAGE: 'dev',
      PULSE_DATA_TABLE: 'tbl',
    });
  });
  it('names every missing variable, without values', () => {
    expect(() => parseEnv(envSchema, { PULSE_DATA_TABLE: 'x' })).toThrow(ConfigError);
    expect(() => parseEnv(envSchema, { PULSE_DATA_TABLE: 'x' })).toThrow(
      /PULSE_STAGE[\s\S]*PULSE_DATA_TABLE/,
    );
  });
});

describe('createSqsBatchHandler under concurrent invocations', () => {
  it('keeps each invocation’s failures to itself', async () => {
    const handler = createSqsBatchHandler({
      schema,
      logger,
      processMessage: async (message) => {
        await new Promise((resolve) => setTimeout(resolve, message.n));
        if (message.n % 2 === 1) throw new Error('odd');
      },
      onInvalidRecord: async () => undefined,
    });
    const [first, second] = await Promise.all([
      handler({ Records: [record('a1', '{"v":1,"n":5}'), record('a2', '{"v":1,"n":20}')] }, context),
      handler({ Records: [record('b1', '{"v":1,"n":10}'), record('b2', '{"v":1,"n":15}')] }, context),
    ]);
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'a1' }]);
    expect(second.batchItemFailures).toEqual([{ itemIdentifier: 'b2' }]);
  });
});
