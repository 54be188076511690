import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainEventSources } from '../../../infra/local/runner/drain';
import { SqsEventSource, type SqsEventSourceOptions } from '../../../infra/local/runner/sqs-event-source';

type Fauxqs = Awaited<ReturnType<typeof startFauxqs>>;
let server: Fauxqs;
let sqs: SQSClient;
let queueCounter = 0;

beforeAll(async () => {
  server = await startFauxqs({ port: 0, logger: false });
  sqs = new SQSClient({
    endpoint: server.address,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});
afterAll(async () => {
  sqs.destroy();
  await server.stop();
});

async function queueWithDlq(maxReceiveCount: number) {
  queueCounter += 1;
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `q${queueCounter}-dlq` }));
  const dlqAttrs = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: `q${queueCounter}`,
      Attributes: {
        VisibilityTimeout: '30',
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: dlqAttrs.Attributes?.QueueArn,
          maxReceiveCount,
        }),
      },
    }),
  );
  const attrs = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  return { url: queue.QueueUrl ?? '', arn: attrs.Attributes?.QueueArn ?? '', dlqUrl: dlq.QueueUrl ?? '' };
}

async function send(url: string, bodies: string[]) {
  for (let i = 0; i < bodies.length; i += 10) {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: bodies.slice(i, i + 10).map((body, j) => ({ Id: String(j), MessageBody: body })),
      }),
    );
  }
}

async function dlqBodies(url: string): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }),
    );
    if (!Messages || Messages.length === 0) return bodies.sort();
    bodies.push(...Messages.map((m) => m.Body ?? ''));
  }
}

function source(
  q: { url: string; arn: string },
  handler: SqsEventSourceOptions['handler'],
  extra: Partial<SqsEventSourceOptions> = {},
) {
  return new SqsEventSource({
    sqs,
    functionName: 'test-fn',
    queueUrl: q.url,
    queueArn: q.arn,
    region: 'us-east-1',
    handler,
    batchSize: 10,
    maxBatchingWindowMs: 0,
    functionTimeoutMs: 5_000,
    reportBatchItemFailures: true,
    retryVisibilitySeconds: 0,
    maxConcurrency: 2,
    ...extra,
  });
}

describe('SqsEventSource (Lambda SQS event source semantics against fauxqs)', () => {
  it('delivers Lambda-shaped records in batches and deletes what succeeded', async () => {
    const q = await queueWithDlq(5);
    await send(
      q.url,
      Array.from({ length: 25 }, (_, i) => `m${i}`),
    );
    const seen: SQSEvent[] = [];
    const s = source(q, async (event) => {
      seen.push(event);
      return { batchItemFailures: [] };
    });
    await drainEventSources([s], { timeoutMs: 20_000 });
    const bodies = seen.flatMap((e) => e.Records.map((r) => r.body)).sort();
    expect(bodies).toEqual(Array.from({ length: 25 }, (_, i) => `m${i}`).sort());
    expect(Math.max(...seen.map((e) => e.Records.length))).toBeLessThanOrEqual(10);
    const record = seen[0]?.Records[0];
    expect(record?.eventSource).toBe('aws:sqs');
    expect(record?.eventSourceARN).toBe(q.arn);
    expect(Number(record?.attributes.ApproximateReceiveCount)).toBe(1);
    expect(await s.backlog()).toBe(0);
  });

  it('redelivers only the reported failures and moves a poison message to the DLQ after maxReceiveCount', async () => {
    const q = await queueWithDlq(3);
    await send(q.url, ['ok-1', 'poison', 'ok-2']);
    const attempts = new Map<string, number>();
    const s = source(q, async (event) => ({
      batchItemFailures: event.Records.filter((r) => {
        attempts.set(r.body, (attempts.get(r.body) ?? 0) + 1);
        return r.body === 'poison';
      }).map((r) => ({ itemIdentifier: r.messageId })),
    }));
    await drainEventSources([s], { timeoutMs: 20_000 });
    expect(attempts.get('ok-1')).toBe(1);
    expect(attempts.get('ok-2')).toBe(1);
    expect(attempts.get('poison')).toBe(3);
    expect(await dlqBodies(q.dlqUrl)).toEqual(['poison']);
  });

  it('fails the whole batch when the handler throws or returns an unknown item identifier', async () => {
    const q = await queueWithDlq(2);
    await send(q.url, ['a', 'b']);
    let calls = 0;
    const s = source(q, async () => {
      calls += 1;
      if (calls === 1) throw new Error('boom');
      return { batchItemFailures: [{ itemIdentifier: 'not-in-batch' }] };
    });
    await drainEventSources([s], { timeoutMs: 20_000 });
    expect(s.stats.failedInvocations).toBeGreaterThanOrEqual(2);
    expect(await dlqBodies(q.dlqUrl)).toEqual(['a', 'b']);
  });

  it('injected crashes and duplicate deliveries only ever cause redelivery, never loss', async () => {
    const q = await queueWithDlq(20);
    const bodies = Array.from({ length: 40 }, (_, i) => `d${i}`);
    await send(q.url, bodies);
    const processed = new Map<string, number>();
    const s = source(
      q,
      async (event) => {
        for (const r of event.Records) processed.set(r.body, (processed.get(r.body) ?? 0) + 1);
        return { batchItemFailures: [] };
      },
      { faults: { crashMidBatchRate: 0.3, duplicateDeliveryRate: 0.2 }, seed: 7 },
    );
    await drainEventSources([s], { timeoutMs: 30_000 });
    expect([...processed.keys()].sort()).toEqual([...bodies].sort());
    expect(s.stats.injectedCrashes + s.stats.injectedDuplicates).toBeGreaterThan(0);
    expect([...processed.values()].some((n) => n > 1)).toBe(true);
    expect(await dlqBodies(q.dlqUrl)).toEqual([]);
  });
});
