import { z } from 'zod';
import type { Platform } from '../domain/platform';
import {
  type AuthorKeyer,
  type CreatorRef,
  CredentialError,
  PlatformRequestError,
  platformSecretName,
  type QuarantinedRecord,
  QuotaExhaustedError,
  type RawPage,
} from '../ports/platform-connector';
import type { QuotaLedger } from '../ports/quota-ledger';
import type { SecretProvider } from '../ports/secret-provider';
import { fetchBody } from './fetch-body';
import { credentialSecrets, type PlatformCredential } from './platform-credential';
import { redactedCause, redactText, redactUrl } from './redact';
import {
  type Clock,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
  retryTransient,
  systemClock,
  TransientError,
} from './retry';
import {
  type RefreshLogger,
  type RefreshStrategy,
  type TokenRefreshEvent,
  TokenRefresher,
} from './token-refresher';

/** What every connector needs injected. */
export interface ConnectorDeps {
  readonly secrets: SecretProvider;
  readonly ledger: QuotaLedger;
  readonly authorKeyer: AuthorKeyer;
  readonly clock?: Clock;
  readonly retryPolicy?: RetryPolicy;
  /** Per-request timeout (default 10 s); a timeout counts as transient. */
  readonly requestTimeoutMs?: number;
  /** Quota waits up to this long are slept in-process (TikTok's sliding minute); longer ones throw (default 65 s). */
  readonly maxInlineQuotaWaitMs?: number;
  readonly fetch?: typeof fetch;
  /** Refresh failures and read-only-store warnings (never with a token in them). */
  readonly logger?: RefreshLogger;
  /** Called after each successful token refresh (counting, tests). */
  readonly onTokenRefresh?: (event: TokenRefreshEvent) => void;
}

export type { PlatformCredential } from './platform-credential';
export { parseCredential } from './platform-credential';

/** How a connector reads one platform response. */
export type Classification =
  | { readonly kind: 'ok' }
  | { readonly kind: 'transient'; readonly message: string; readonly retryAfterMs?: number }
  | { readonly kind: 'quota'; readonly message: string; readonly resetAt: number }
  | {
      readonly kind: 'credential';
      readonly reason: 'expired' | 'revoked' | 'insufficient_scope';
      readonly message: string;
    }
  /** Outcomes the connector turns into data (deleted post, comments disabled, retired metric…), not errors. */
  | { readonly kind: 'soft'; readonly code: string; readonly message: string }
  | { readonly kind: 'fatal'; readonly message: string };

export interface ResponseView {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or undefined when the body is not JSON. */
  readonly json: unknown;
  readonly now: number;
}

export interface RequestSpec {
  readonly operation: string;
  /** Quota endpoint key (TikTok limits are per endpoint). */
  readonly endpoint: string;
  readonly cost?: number;
  /** A function when the URL carries the token (Instagram): rebuilt with the new token after a refresh. */
  readonly url: string | ((credential: PlatformCredential) => string);
  readonly method?: 'GET' | 'POST';
  /** A function when a header carries the token: rebuilt with the new token after a refresh. */
  readonly headers?: Record<string, string> | ((credential: PlatformCredential) => Record<string, string>);
  readonly body?: string;
  readonly classify: (response: ResponseView) => Classification;
}

export type RequestResult =
  | { readonly kind: 'ok'; readonly json: unknown; readonly status: number }
  | { readonly kind: 'soft'; readonly code: string; readonly message: string; readonly status: number };

export interface CallContext {
  readonly creator: CreatorRef;
  readonly credentialKey: string;
  /** Replaced when the token is refreshed part-way through a collection. */
  credential: PlatformCredential;
  readonly rawPages: RawPage[];
}

function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The request engine shared by the three connectors: ask the quota ledger, send, archive the body, record usage,
 * classify, retry what is transient. Error messages and causes are redacted of the credential.
 */
export class PlatformHttp {
  readonly clock: Clock;
  private readonly retryPolicy: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly maxInlineQuotaWaitMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly refresher: TokenRefresher;

  /** `refresh`: how this platform refreshes tokens; without one, credentials are only read, never refreshed. */
  constructor(
    readonly platform: Platform,
    private readonly deps: ConnectorDeps,
    refresh?: RefreshStrategy,
  ) {
    this.clock = deps.clock ?? systemClock;
    this.retryPolicy = deps.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.timeoutMs = deps.requestTimeoutMs ?? 10_000;
    this.maxInlineQuotaWaitMs = deps.maxInlineQuotaWaitMs ?? 65_000;
    this.fetchImpl = deps.fetch ?? fetch;
    this.refresher = new TokenRefresher(refresh ?? noRefresh(platform), {
      secrets: deps.secrets,
      clock: this.clock,
      fetch: this.fetchImpl,
      retryPolicy: this.retryPolicy,
      timeoutMs: this.timeoutMs,
      ...(deps.logger ? { logger: deps.logger } : {}),
      ...(deps.onTokenRefresh ? { onRefresh: deps.onTokenRefresh } : {}),
    });
  }

  nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /**
   * Loads the creator's credential, refreshed first when it is about to expire; a missing or unreadable secret
   * is a CredentialError, not a crash.
   */
  async context(creator: CreatorRef): Promise<CallContext> {
    const credentialKey = creator.credentialName ?? platformSecretName(creator.platform, creator.accountId);
    const credential = await this.refresher.load(creator, credentialKey);
    return { creator, credentialKey, credential, rawPages: [] };
  }

  /**
   * Sends one request (quota, retries, classification). When the platform rejects the token as expired, the
   * credential is recovered once (a newer stored one, or a refresh) and the request retried once with it.
   */
  async request(ctx: CallContext, spec: RequestSpec): Promise<RequestResult> {
    try {
      return await this.requestWithRetries(ctx, spec);
    } catch (error) {
      if (!(error instanceof CredentialError) || error.reason !== 'expired') throw error;
      const replacement = await this.refresher.recover(ctx.creator, ctx.credentialKey, ctx.credential);
      if (replacement === undefined) {
        // Nothing to refresh with (no live refresh token; Instagram tokens die for good): say what to do.
        throw new CredentialError(
          this.platform,
          ctx.creator.accountId,
          error.reason,
          `${error.message}; the credential cannot be refreshed: re-authorise the creator and store the new ` +
            `credential in secret '${ctx.credentialKey}'`,
          error.cause === undefined ? undefined : { cause: error.cause },
        );
      }
      ctx.credential = replacement;
      return this.requestWithRetries(ctx, spec);
    }
  }

  private async requestWithRetries(ctx: CallContext, spec: RequestSpec): Promise<RequestResult> {
    const secrets = credentialSecrets(ctx.credential);
    const url = typeof spec.url === 'function' ? spec.url(ctx.credential) : spec.url;
    const headers = typeof spec.headers === 'function' ? spec.headers(ctx.credential) : spec.headers;
    const safeUrl = redactUrl(url);
    try {
      return await retryTransient(
        () => this.attempt(ctx, spec, url, headers, safeUrl, secrets),
        this.retryPolicy,
        this.clock,
      );
    } catch (error) {
      if (
        error instanceof QuotaExhaustedError ||
        error instanceof CredentialError ||
        error instanceof PlatformRequestError
      ) {
        throw error;
      }
      const transient = error instanceof TransientError;
      throw new PlatformRequestError(
        this.platform,
        spec.operation,
        transient ? error.status : undefined,
        redactText(
          `${spec.operation} failed${transient ? ' after retries' : ''}: ${(error as Error).message}`,
          secrets,
        ),
        transient,
        { cause: redactedCause(error, secrets) },
      );
    }
  }

  private async waitForQuota(ctx: CallContext, spec: RequestSpec): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const decision = await this.deps.ledger.reserve({
        platform: this.platform,
        credentialKey: ctx.credentialKey,
        endpoint: spec.endpoint,
        cost: spec.cost ?? 1,
        now,
      });
      if (decision.allowed) return;
      const wait = decision.retryAt - now;
      if (wait > this.maxInlineQuotaWaitMs) {
        throw new QuotaExhaustedError(
          this.platform,
          ctx.credentialKey,
          new Date(decision.retryAt).toISOString(),
        );
      }
      await this.clock.sleep(Math.max(1, wait));
    }
  }

  private async attempt(
    ctx: CallContext,
    spec: RequestSpec,
    url: string,
    headers: Record<string, string> | undefined,
    safeUrl: string,
    secrets: string[],
  ): Promise<RequestResult> {
    await this.waitForQuota(ctx, spec);
    const { response, text, json } = await fetchBody(
      this.fetchImpl,
      url,
      { method: spec.method ?? 'GET', headers, body: spec.body },
      this.timeoutMs,
      safeUrl,
      secrets,
    );
    const now = this.clock.now();
    ctx.rawPages.push({
      platform: this.platform,
      operation: spec.operation,
      url: safeUrl,
      status: response.status,
      fetchedAt: new Date(now).toISOString(),
      body: redactText(text, secrets),
    });
    const classification: Classification =
      json === undefined && response.status < 300
        ? { kind: 'transient', message: `malformed JSON body from ${spec.operation}` }
        : spec.classify({ status: response.status, headers: response.headers, json, now });
    await this.deps.ledger.record({
      platform: this.platform,
      credentialKey: ctx.credentialKey,
      endpoint: spec.endpoint,
      now,
      appUsageHeader: response.headers.get('x-app-usage'),
      businessUsageHeader: response.headers.get('x-business-use-case-usage'),
      ...(classification.kind === 'quota' ? { exhaustedUntil: classification.resetAt } : {}),
    });
    const message = (m: string) => redactText(m, secrets);
    switch (classification.kind) {
      case 'ok':
        return { kind: 'ok', json, status: response.status };
      case 'soft':
        return {
          kind: 'soft',
          code: classification.code,
          message: message(classification.message),
          status: response.status,
        };
      case 'transient':
        throw new TransientError(
          message(`${spec.operation}: HTTP ${response.status}: ${classification.message}`),
          classification.retryAfterMs ?? parseRetryAfter(response.headers.get('retry-after'), now),
          response.status,
        );
      case 'quota':
        throw new QuotaExhaustedError(
          this.platform,
          ctx.credentialKey,
          new Date(classification.resetAt).toISOString(),
          message(
            `${this.platform} quota for ${ctx.credentialKey} is spent until ${new Date(classification.resetAt).toISOString()}: ${classification.message}`,
          ),
        );
      case 'credential':
        throw new CredentialError(
          this.platform,
          ctx.creator.accountId,
          classification.reason,
          message(
            `${this.platform} credential ${ctx.credentialKey} rejected (${classification.reason}): ${classification.message}`,
          ),
        );
      case 'fatal':
        throw new PlatformRequestError(
          this.platform,
          spec.operation,
          response.status,
          message(`${spec.operation}: HTTP ${response.status}: ${classification.message}`),
          false,
        );
    }
  }
}

/** A platform without a refresh endpoint configured: credentials are read as stored, never refreshed. */
function noRefresh(platform: Platform): RefreshStrategy {
  return {
    platform,
    needsApp: false,
    refreshAfterRejection: false,
    canRefresh: () => false,
    isDue: () => false,
    request: () => {
      throw new Error(`no token refresh for ${platform}`);
    },
    classify: () => ({ kind: 'rejected', reason: 'expired', message: 'no token refresh' }),
  };
}

/** Parses each item on its own: invalid ones are quarantined with the reason, the rest of the page is kept. */
export function parseItems<T>(
  platform: Platform,
  kind: 'post' | 'metrics' | 'comment' | 'follower' | 'insight',
  items: readonly unknown[],
  schema: z.ZodType<T>,
  quarantined: QuarantinedRecord[],
): T[] {
  const ok: T[] = [];
  for (const item of items) {
    const parsed = schema.safeParse(item);
    if (parsed.success) ok.push(parsed.data);
    else quarantined.push({ platform, kind, reason: z.prettifyError(parsed.error).slice(0, 500), raw: item });
  }
  return ok;
}

/** A page envelope that does not validate is a platform fault (quarantined as a page, then the call fails). */
export function parseEnvelope<T>(
  platform: Platform,
  operation: string,
  json: unknown,
  schema: z.ZodType<T>,
): T {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new PlatformRequestError(
    platform,
    operation,
    200,
    `unexpected response shape: ${z.prettifyError(parsed.error).slice(0, 300)}`,
    false,
  );
}
