import { describe, expect, it } from 'vitest';
import { assertQueueGuardrails, QueueDefinitionError } from '../../infra/constructs/work-queues';
import { logRetentionFor } from '../../infra/stacks/stateless-stack';
import {
  type ContextReader,
  collectMaxConcurrency,
  loadStageConfig,
  StageConfigError,
  StageContextKey,
} from '../../infra/stage-config';
import { COLLECT_QUEUE, QUEUE_DEFINITIONS } from '../../shared/config/queue-definitions';

function context(values: Record<string, unknown>): ContextReader {
  return { tryGetContext: (key) => values[key] };
}

describe('stage configuration (zod, at synth time)', () => {
  it('defaults to the dev stage with safe defaults', () => {
    const config = loadStageConfig(context({}));
    expect(config).toMatchObject({ stage: 'dev', alertEmails: [], alertWebhook: false, retainData: true });
    expect(config.collectionIntervalMinutes).toBe(15);
  });

  it('merges the stage entry from cdk.json context with command-line overrides', () => {
    const config = loadStageConfig(
      context({
        [StageContextKey.stage]: 'prod',
        [StageContextKey.stages]: { prod: { logRetentionDays: 90, alertEmails: ['a@example.com'] } },
        [StageContextKey.alertEmails]: 'ops@example.com, oncall@example.com',
        [StageContextKey.alertWebhook]: 'true',
      }),
    );
    expect(config.stage).toBe('prod');
    expect(config.logRetentionDays).toBe(90);
    expect(config.alertEmails).toEqual(['ops@example.com', 'oncall@example.com']);
    expect(config.alertWebhook).toBe(true);
  });

  it('rejects invalid values with a named error listing the field', () => {
    expect(() => loadStageConfig(context({ [StageContextKey.alertEmails]: 'not-an-email' }))).toThrow(
      StageConfigError,
    );
    expect(() => loadStageConfig(context({ [StageContextKey.stage]: 'Prod!' }))).toThrow(/stage/);
    expect(() =>
      loadStageConfig(context({ [StageContextKey.stages]: { dev: { collectionIntervalMinutes: 1 } } })),
    ).toThrow(/collectionIntervalMinutes/);
    // Unknown keys are typos, not silently ignored settings.
    expect(() =>
      loadStageConfig(context({ [StageContextKey.stages]: { dev: { logRetentionDay: 7 } } })),
    ).toThrow(StageConfigError);
    expect(() => loadStageConfig(context({ [StageContextKey.alertWebhook]: 'yes' }))).toThrow(
      StageConfigError,
    );
  });

  it('derives the collect queue maximum concurrency from the platform budgets, within 2–1000', () => {
    const budget = (requestsPerMinute: number, requestSeconds = 1) => ({ requestsPerMinute, requestSeconds });
    expect(collectMaxConcurrency({ youtube: budget(7), instagram: budget(200), tiktok: budget(600) })).toBe(
      15,
    );
    expect(collectMaxConcurrency({ youtube: budget(1), instagram: budget(1), tiktok: budget(1) })).toBe(3);
    expect(collectMaxConcurrency({ youtube: budget(0.1), instagram: budget(0.1), tiktok: budget(0.1) })).toBe(
      3,
    );
    expect(collectMaxConcurrency({ youtube: budget(60, 2), instagram: budget(1), tiktok: budget(1) })).toBe(
      4,
    );
    expect(
      collectMaxConcurrency({ youtube: budget(100_000, 30), instagram: budget(1), tiktok: budget(1) }),
    ).toBe(1000);
  });

  it('maps log retention days to the next CloudWatch Logs step', () => {
    expect(logRetentionFor(1)).toBe(1);
    expect(logRetentionFor(10)).toBe(14);
    expect(logRetentionFor(30)).toBe(30);
    expect(logRetentionFor(100)).toBe(120);
  });
});

describe('queue definition guardrails (fail synth)', () => {
  it('accepts the shared queue definitions', () => {
    for (const definition of QUEUE_DEFINITIONS) expect(() => assertQueueGuardrails(definition)).not.toThrow();
  });

  it('rejects visibility < 6 × consumer timeout, maxReceiveCount < 5 and a DLQ retention not above the source', () => {
    expect(() => assertQueueGuardrails({ ...COLLECT_QUEUE, visibilityTimeoutSeconds: 700 })).toThrow(
      QueueDefinitionError,
    );
    expect(() => assertQueueGuardrails({ ...COLLECT_QUEUE, maxReceiveCount: 3 })).toThrow(/maxReceiveCount/);
    expect(() =>
      assertQueueGuardrails({ ...COLLECT_QUEUE, deadLetterRetentionSeconds: COLLECT_QUEUE.retentionSeconds }),
    ).toThrow(/DLQ retention/);
  });
});
