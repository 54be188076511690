import type { Platform } from '../domain/platform';
import {
  DEFAULT_QUOTA_LIMITS,
  decideQuota,
  type QuotaLimits,
  StoreBackedQuotaLedger,
} from '../platforms/quota-ledger';
import type { QuotaStateStore } from '../ports/quota-ledger';

/** Read-only question the scheduler asks before emitting a job: is this credential's budget spent, and until when? */
export interface QuotaProbe {
  /** Epoch ms until which no call may be made with this credential, or undefined when a call is allowed now. */
  blockedUntil(platform: Platform, credentialKey: string, now: number): Promise<number | undefined>;
}

/** Endpoint name used for the probe; no real call is ever made with it, so per-endpoint windows are untouched. */
const PROBE_ENDPOINT = 'schedule-probe';

/**
 * Asks the same pure budget logic the connectors use (`decideQuota`) whether one more call would be allowed,
 * WITHOUT saving the charged state: probing costs no quota. Per-minute windows (TikTok) are not a reason to
 * defer a job (the connector waits them out in-process); spent daily budgets and usage blocks are.
 */
export function createQuotaProbe(
  store: QuotaStateStore,
  limits: QuotaLimits = DEFAULT_QUOTA_LIMITS,
): QuotaProbe {
  return {
    async blockedUntil(platform, credentialKey, now) {
      const loaded = await store.load(StoreBackedQuotaLedger.key(platform, credentialKey));
      if (loaded === undefined) return undefined;
      const { decision } = decideQuota(
        loaded.state,
        { platform, credentialKey, endpoint: PROBE_ENDPOINT, cost: 1, now },
        limits,
      );
      if (decision.allowed || decision.scope === 'window') return undefined;
      return decision.retryAt;
    },
  };
}

/** A probe that never defers (for tests of other behaviour). */
export const NEVER_BLOCKED: QuotaProbe = { blockedUntil: async () => undefined };
