/**
 * Stage configuration for the CDK app, validated with zod at synth time.
 *
 * Sources, later ones winning:
 *   1. `cdk.json` context `creatorPulse:stages` → the entry named by the stage;
 *   2. per-deploy overrides on the command line: `-c alertEmails=a@x.com,b@y.com`, `-c alertWebhook=true`.
 * The stage itself comes from `-c stage=<name>` (default `dev`).
 */
import { z } from 'zod';
import { Retention } from '../shared/config/table-definitions';
import { PLATFORMS, type Platform } from '../shared/domain/platform';

export const StageContextKey = {
  stage: 'stage',
  stages: 'creatorPulse:stages',
  alertEmails: 'alertEmails',
  alertWebhook: 'alertWebhook',
} as const;

export const DEFAULT_STAGE = 'dev';

/**
 * A platform's request budget. The collect queue's maximum concurrency is derived from these
 * (Little's law: concurrent requests = arrival rate × time each request holds a worker).
 */
export const PlatformBudgetSchema = z.object({
  /** Requests per minute the app may send to this platform (YouTube: daily units / 1,440; TikTok: 600/min). */
  requestsPerMinute: z.number().positive().max(100_000),
  /** Typical wall time of one platform request, seconds. */
  requestSeconds: z.number().positive().max(30).default(1),
});
export type PlatformBudget = z.infer<typeof PlatformBudgetSchema>;

const stageNamePattern = /^[a-z][a-z0-9-]{1,19}$/;

export const StageConfigSchema = z
  .object({
    stage: z.string().regex(stageNamePattern, 'stage: 2–20 chars, lowercase letters, digits and dashes'),
    /** Email addresses subscribed to the alert topic (each must confirm the subscription mail). */
    alertEmails: z.array(z.email()).max(20).default([]),
    /** Create a Secrets Manager secret holding a webhook URL that evaluate-alerts posts to. */
    alertWebhook: z.boolean().default(false),
    /** Fan-out cadence of schedule-collection, minutes. */
    collectionIntervalMinutes: z.number().int().min(5).max(60).default(15),
    /** UTC hour at which export-benchmarks runs daily. */
    exportHourUtc: z.number().int().min(0).max(23).default(3),
    /**
     * Raw comment pages and quarantined bodies expire after this many days in S3, and functions stamp the same
     * retention on per-comment items' TTL (PII minimisation, aws-semantics-and-cost.md §7).
     */
    rawCommentRetentionDays: z.number().int().min(1).max(3650).default(Retention.rawCommentDays),
    /** CloudWatch Logs retention for every function log group. */
    logRetentionDays: z.number().int().min(1).max(3653).default(30),
    /** Alarm when a queue's oldest message is older than this many minutes. */
    oldestMessageAlarmMinutes: z.number().int().min(5).max(1440).default(60),
    /** Keep tables and buckets when the stack is deleted (set false only for throwaway stages). */
    retainData: z.boolean().default(true),
    platformBudgets: z
      .object({
        youtube: PlatformBudgetSchema,
        instagram: PlatformBudgetSchema,
        tiktok: PlatformBudgetSchema,
      })
      .default({
        // 10,000 units/day ≈ 7 units/min (platform-apis.md §1.1).
        youtube: { requestsPerMinute: 7, requestSeconds: 1 },
        // Instagram Graph: app-level limits scale with users; 200/min is a conservative start.
        instagram: { requestsPerMinute: 200, requestSeconds: 1 },
        // TikTok Display API: 600 requests/min per endpoint (platform-apis.md §3).
        tiktok: { requestsPerMinute: 600, requestSeconds: 1 },
      }),
  })
  .strict();
export type StageConfig = z.infer<typeof StageConfigSchema>;
export type StageConfigInput = z.input<typeof StageConfigSchema>;

export class StageConfigError extends Error {
  override readonly name = 'StageConfigError';
}

/** ESM maximum concurrency bounds (Lambda ScalingConfig.MaximumConcurrency: 2–1,000). */
export const MIN_ESM_CONCURRENCY = 2;
export const MAX_ESM_CONCURRENCY = 1000;

/**
 * Maximum concurrency of the collect queue's consumer: enough workers to use every platform's budget,
 * never more (extra workers would only burn quota faster and hit 429s).
 */
export function collectMaxConcurrency(budgets: Record<Platform, PlatformBudget>): number {
  const needed = PLATFORMS.reduce((sum, platform) => {
    const budget = budgets[platform];
    return sum + Math.ceil((budget.requestsPerMinute * budget.requestSeconds) / 60);
  }, 0);
  return Math.min(MAX_ESM_CONCURRENCY, Math.max(MIN_ESM_CONCURRENCY, needed));
}

/** Minimal view of a construct node's context so this module stays testable without an App. */
export interface ContextReader {
  tryGetContext(key: string): unknown;
}

function parseBooleanOverride(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new StageConfigError(
    `context ${StageContextKey.alertWebhook} must be true or false, got ${String(value)}`,
  );
}

function parseListOverride(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.map(String);
  return String(value)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** Reads and validates the stage configuration from CDK context. Throws StageConfigError on any problem. */
export function loadStageConfig(context: ContextReader): StageConfig {
  const stage = String(context.tryGetContext(StageContextKey.stage) ?? DEFAULT_STAGE);
  const stages = (context.tryGetContext(StageContextKey.stages) ?? {}) as Record<string, unknown>;
  const fromFile = stages[stage];
  if (fromFile !== undefined && (typeof fromFile !== 'object' || fromFile === null)) {
    throw new StageConfigError(`context ${StageContextKey.stages}.${stage} must be an object`);
  }
  const candidate: Record<string, unknown> = { ...(fromFile as object | undefined), stage };
  const emails = parseListOverride(context.tryGetContext(StageContextKey.alertEmails));
  if (emails !== undefined) candidate.alertEmails = emails;
  const webhook = parseBooleanOverride(context.tryGetContext(StageContextKey.alertWebhook));
  if (webhook !== undefined) candidate.alertWebhook = webhook;
  return parseStageConfig(candidate);
}

export function parseStageConfig(input: unknown): StageConfig {
  const result = StageConfigSchema.safeParse(input);
  if (!result.success) {
    throw new StageConfigError(`invalid stage configuration:\n${z.prettifyError(result.error)}`, {
      cause: result.error,
    });
  }
  return result.data;
}
