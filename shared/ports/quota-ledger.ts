import { z } from 'zod';
import type { Platform } from '../domain/platform';

/**
 * Quota budgets per credential and platform. The state is one small JSON document per
 * `platform#credentialKey`, saved with an optimistic version so several workers (Lambdas) can share it;
 * `shared/platforms/quota-ledger.ts` holds the pure budget logic and an in-memory store.
 */

export const YoutubeQuotaStateSchema = z.object({
  platform: z.literal('youtube'),
  /** Pacific calendar day (YYYY-MM-DD) the units were spent on; a new day starts at 0. */
  day: z.string(),
  unitsUsed: z.number().nonnegative(),
  /** Set when the platform said the quota is spent before our own count did (epoch ms). */
  exhaustedUntil: z.number().optional(),
});

export const InstagramQuotaStateSchema = z.object({
  platform: z.literal('instagram'),
  /** Highest usage percentage of the last X-App-Usage / X-Business-Use-Case-Usage headers, plus reservations. */
  usagePercent: z.number().nonnegative(),
  /** Largest observed increase per call, used to stop before the next call could pass 100 %. */
  percentPerCall: z.number().positive(),
  blockedUntil: z.number().optional(),
});

export const TiktokQuotaStateSchema = z.object({
  platform: z.literal('tiktok'),
  /** Call times (epoch ms) in the last sliding minute, per endpoint. */
  calls: z.record(z.string(), z.array(z.number())),
  blockedUntil: z.number().optional(),
});

export const QuotaStateSchema = z.discriminatedUnion('platform', [
  YoutubeQuotaStateSchema,
  InstagramQuotaStateSchema,
  TiktokQuotaStateSchema,
]);
export type QuotaState = z.infer<typeof QuotaStateSchema>;

export interface VersionedQuotaState {
  readonly state: QuotaState;
  /** Monotonic version; `save` succeeds only when the stored version still equals the one loaded. */
  readonly version: number;
}

/** Storage port (in memory here; DynamoDB with a condition on `version` on AWS). */
export interface QuotaStateStore {
  load(key: string): Promise<VersionedQuotaState | undefined>;
  /** Saves `state` as version `expectedVersion + 1` (or 1 when `expectedVersion` is undefined); false on conflict. */
  save(key: string, state: QuotaState, expectedVersion: number | undefined): Promise<boolean>;
}

export interface QuotaRequest {
  readonly platform: Platform;
  /** Secret name (never the token itself). */
  readonly credentialKey: string;
  /** Endpoint path, e.g. `/v2/video/query/` (TikTok limits are per endpoint). */
  readonly endpoint: string;
  /** Units this call costs (YouTube: 1 for every read used here). */
  readonly cost: number;
  readonly now: number;
}

export type QuotaDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAt: number; readonly scope: 'daily' | 'usage' | 'window' };

export interface QuotaOutcome {
  readonly platform: Platform;
  readonly credentialKey: string;
  readonly endpoint: string;
  readonly now: number;
  /** Raw `X-App-Usage` and `X-Business-Use-Case-Usage` header values (Instagram). */
  readonly appUsageHeader?: string | null;
  readonly businessUsageHeader?: string | null;
  /** The platform refused for quota: no more calls before this instant (epoch ms). */
  readonly exhaustedUntil?: number;
}

export interface QuotaLedger {
  /** Asks before spending; an allowed call is charged immediately (so concurrent callers cannot overspend). */
  reserve(request: QuotaRequest): Promise<QuotaDecision>;
  /** Records what the platform said after the call (usage headers, quota errors). */
  record(outcome: QuotaOutcome): Promise<void>;
}

export class QuotaStateConflictError extends Error {
  override readonly name = 'QuotaStateConflictError';
}
