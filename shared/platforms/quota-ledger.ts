import type { Platform } from '../domain/platform';
import {
  type QuotaDecision,
  type QuotaLedger,
  type QuotaOutcome,
  type QuotaRequest,
  type QuotaState,
  QuotaStateConflictError,
  type QuotaStateStore,
  type VersionedQuotaState,
} from '../ports/quota-ledger';
import { nextPacificMidnight, pacificDay } from './pacific-time';

/** Budgets the ledger enforces. Defaults are the platforms' documented defaults (docs/platforms.md). */
export interface QuotaLimits {
  /** YouTube Data API units per Pacific day per credential (default 10,000). */
  readonly youtubeDailyUnits: number;
  /** Instagram: stop when the reported usage plus one more call would pass this percentage (default 100). */
  readonly instagramMaxUsagePercent: number;
  /** Instagram: when blocked without an estimate in the headers, wait this long (default 60 min). */
  readonly instagramDefaultBlockMs: number;
  /** TikTok requests per sliding minute per endpoint per credential (default 600). */
  readonly tiktokPerMinute: number;
}

export const DEFAULT_QUOTA_LIMITS: QuotaLimits = {
  youtubeDailyUnits: 10_000,
  instagramMaxUsagePercent: 100,
  instagramDefaultBlockMs: 60 * 60_000,
  tiktokPerMinute: 600,
};

const MINUTE_MS = 60_000;

function initialState(platform: Platform, now: number): QuotaState {
  switch (platform) {
    case 'youtube':
      return { platform, day: pacificDay(now), unitsUsed: 0 };
    case 'instagram':
      return { platform, usagePercent: 0, percentPerCall: 1 };
    case 'tiktok':
      return { platform, calls: {} };
  }
}

/** Pure: may this call be made now? Returns the decision and the state with the call charged when allowed. */
export function decideQuota(
  current: QuotaState | undefined,
  request: QuotaRequest,
  limits: QuotaLimits,
): { decision: QuotaDecision; next: QuotaState } {
  const { now } = request;
  const state = current ?? initialState(request.platform, now);
  switch (state.platform) {
    case 'youtube': {
      const today = pacificDay(now);
      const fresh = state.day === today ? state : { platform: 'youtube' as const, day: today, unitsUsed: 0 };
      if (fresh.exhaustedUntil !== undefined && fresh.exhaustedUntil > now) {
        return { decision: { allowed: false, retryAt: fresh.exhaustedUntil, scope: 'daily' }, next: fresh };
      }
      if (fresh.unitsUsed + request.cost > limits.youtubeDailyUnits) {
        return {
          decision: { allowed: false, retryAt: nextPacificMidnight(now), scope: 'daily' },
          next: fresh,
        };
      }
      const { exhaustedUntil: _cleared, ...rest } = fresh;
      return { decision: { allowed: true }, next: { ...rest, unitsUsed: fresh.unitsUsed + request.cost } };
    }
    case 'instagram': {
      let usage = state.usagePercent;
      if (state.blockedUntil !== undefined) {
        if (state.blockedUntil > now) {
          return { decision: { allowed: false, retryAt: state.blockedUntil, scope: 'usage' }, next: state };
        }
        // The window has moved on far enough for at least one call; the header of that call tells the rest.
        usage = Math.max(0, limits.instagramMaxUsagePercent - state.percentPerCall);
      }
      if (usage + state.percentPerCall > limits.instagramMaxUsagePercent) {
        const retryAt = now + limits.instagramDefaultBlockMs;
        return {
          decision: { allowed: false, retryAt, scope: 'usage' },
          next: { ...state, usagePercent: usage, blockedUntil: retryAt },
        };
      }
      return {
        decision: { allowed: true },
        next: {
          platform: 'instagram',
          usagePercent: usage + state.percentPerCall,
          percentPerCall: state.percentPerCall,
        },
      };
    }
    case 'tiktok': {
      if (state.blockedUntil !== undefined && state.blockedUntil > now) {
        return { decision: { allowed: false, retryAt: state.blockedUntil, scope: 'usage' }, next: state };
      }
      const recent = (state.calls[request.endpoint] ?? []).filter((t) => t > now - MINUTE_MS);
      if (recent.length >= limits.tiktokPerMinute) {
        const oldest = Math.min(...recent);
        return {
          decision: { allowed: false, retryAt: oldest + MINUTE_MS + 1, scope: 'window' },
          next: { platform: 'tiktok', calls: { ...state.calls, [request.endpoint]: recent } },
        };
      }
      return {
        decision: { allowed: true },
        next: { platform: 'tiktok', calls: { ...state.calls, [request.endpoint]: [...recent, now] } },
      };
    }
  }
}

interface UsageReading {
  percent: number;
  regainMinutes: number | undefined;
}

/** Highest of call_count / total_cputime / total_time across X-App-Usage and the instagram BUC entries. */
export function parseInstagramUsage(
  appUsage?: string | null,
  businessUsage?: string | null,
): UsageReading | undefined {
  let percent: number | undefined;
  let regainMinutes: number | undefined;
  const consider = (entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return;
    const record = entry as Record<string, unknown>;
    for (const field of ['call_count', 'total_cputime', 'total_time']) {
      const value = record[field];
      if (typeof value === 'number' && Number.isFinite(value)) percent = Math.max(percent ?? 0, value);
    }
    const regain = record.estimated_time_to_regain_access;
    if (typeof regain === 'number' && regain > 0) regainMinutes = Math.max(regainMinutes ?? 0, regain);
  };
  try {
    if (appUsage) consider(JSON.parse(appUsage));
    if (businessUsage) {
      const parsed: unknown = JSON.parse(businessUsage);
      if (typeof parsed === 'object' && parsed !== null) {
        for (const entries of Object.values(parsed)) {
          if (!Array.isArray(entries)) continue;
          for (const entry of entries) {
            const type = (entry as { type?: unknown }).type;
            if (type === undefined || type === 'instagram') consider(entry);
          }
        }
      }
    }
  } catch {
    // A malformed usage header is ignored (the next call brings a fresh one); it must not fail the request.
  }
  return percent === undefined ? undefined : { percent, regainMinutes };
}

/** Pure: folds what the platform reported after a call into the state. */
export function applyQuotaOutcome(
  current: QuotaState | undefined,
  outcome: QuotaOutcome,
  limits: QuotaLimits,
): QuotaState {
  const state = current ?? initialState(outcome.platform, outcome.now);
  switch (state.platform) {
    case 'youtube':
      if (outcome.exhaustedUntil === undefined) return state;
      return { ...state, exhaustedUntil: Math.max(outcome.exhaustedUntil, state.exhaustedUntil ?? 0) };
    case 'instagram': {
      const reading = parseInstagramUsage(outcome.appUsageHeader, outcome.businessUsageHeader);
      let next: QuotaState = state;
      if (reading !== undefined) {
        // The reservation pre-charged one call; the header is the truth after this call.
        const before = state.usagePercent - state.percentPerCall;
        const increase = reading.percent - before;
        const percentPerCall = Math.max(state.percentPerCall, increase);
        next = { platform: 'instagram', usagePercent: reading.percent, percentPerCall };
        if (reading.percent + percentPerCall > limits.instagramMaxUsagePercent) {
          const wait =
            reading.regainMinutes !== undefined
              ? reading.regainMinutes * MINUTE_MS
              : limits.instagramDefaultBlockMs;
          next = { ...next, blockedUntil: outcome.now + wait };
        }
      }
      if (outcome.exhaustedUntil !== undefined) {
        next = {
          ...next,
          blockedUntil: Math.max(
            outcome.exhaustedUntil,
            next.platform === 'instagram' ? (next.blockedUntil ?? 0) : 0,
          ),
        };
      }
      return next;
    }
    case 'tiktok':
      if (outcome.exhaustedUntil === undefined) return state;
      return { ...state, blockedUntil: Math.max(outcome.exhaustedUntil, state.blockedUntil ?? 0) };
  }
}

/** Ledger over any `QuotaStateStore`, with optimistic-concurrency retries on version conflicts. */
export class StoreBackedQuotaLedger implements QuotaLedger {
  constructor(
    private readonly store: QuotaStateStore,
    private readonly limits: QuotaLimits = DEFAULT_QUOTA_LIMITS,
    private readonly maxConflictRetries = 8,
  ) {}

  static key(platform: Platform, credentialKey: string): string {
    return `${platform}#${credentialKey}`;
  }

  async reserve(request: QuotaRequest): Promise<QuotaDecision> {
    return this.update(request.platform, request.credentialKey, (state) =>
      decideQuota(state, request, this.limits),
    );
  }

  async record(outcome: QuotaOutcome): Promise<void> {
    await this.update(outcome.platform, outcome.credentialKey, (state) => ({
      decision: undefined,
      next: applyQuotaOutcome(state, outcome, this.limits),
    }));
  }

  private async update<T>(
    platform: Platform,
    credentialKey: string,
    change: (state: QuotaState | undefined) => { decision: T; next: QuotaState },
  ): Promise<T> {
    const key = StoreBackedQuotaLedger.key(platform, credentialKey);
    for (let attempt = 0; attempt <= this.maxConflictRetries; attempt++) {
      const loaded: VersionedQuotaState | undefined = await this.store.load(key);
      const { decision, next } = change(loaded?.state);
      // An outcome that changes nothing (most successful calls on YouTube and TikTok) needs no write.
      if (loaded !== undefined && next === loaded.state) return decision;
      if (await this.store.save(key, next, loaded?.version)) return decision;
    }
    throw new QuotaStateConflictError(`quota state ${key} kept changing under us`);
  }
}

/** In-memory store (tests, the local runner); copies on the way in and out like a real store would. */
export class InMemoryQuotaStateStore implements QuotaStateStore {
  private readonly states = new Map<string, VersionedQuotaState>();

  async load(key: string): Promise<VersionedQuotaState | undefined> {
    const found = this.states.get(key);
    return found === undefined ? undefined : structuredClone(found);
  }

  async save(key: string, state: QuotaState, expectedVersion: number | undefined): Promise<boolean> {
    const current = this.states.get(key);
    if ((current?.version ?? undefined) !== expectedVersion) return false;
    this.states.set(key, { state: structuredClone(state), version: (expectedVersion ?? 0) + 1 });
    return true;
  }
}
