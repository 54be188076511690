import { z } from 'zod';
import type { Platform } from '../domain/platform';
import {
  type CreatorRef,
  CredentialError,
  PlatformRequestError,
  platformAppSecretName,
} from '../ports/platform-connector';
import { SecretNotFoundError, type SecretProvider } from '../ports/secret-provider';
import { fetchBody } from './fetch-body';
import {
  credentialSecrets,
  type OAuthApp,
  type PlatformCredential,
  parseCredential,
  parseOAuthApp,
  serializeCredential,
} from './platform-credential';
import { redactedCause, redactText } from './redact';
import { type Clock, DEFAULT_RETRY_POLICY, type RetryPolicy, retryTransient, TransientError } from './retry';

/**
 * OAuth token refresh for the connectors (docs/platforms.md §Credentials and token refresh).
 *
 * - Proactive: before a collection uses a token that expires within `marginMs` (default 10 min), refresh it.
 *   Instagram long-lived tokens are refreshed once they are ≥ 24 h old and have < 7 days left (the API refuses
 *   younger tokens and cannot revive expired ones), which renews a 60-day token about weekly-to-bimonthly.
 * - Reactive: when the platform rejects the token as expired, re-read the secret (another writer may have
 *   rotated it already), else refresh once; the connector retries the request once with the new token.
 * - The new credential is written to the secret store before its access token is used: TikTok rotates refresh
 *   tokens, so a new refresh token that is not stored locks the creator out.
 * - A refresh the platform rejects (refresh token expired, revoked or already rotated by someone else) first
 *   re-reads the secret: if another writer stored a newer credential, that one is used. Otherwise it is a
 *   `CredentialError` telling the operator to re-authorise. Transient failures (5xx, 429, timeouts) go through
 *   the connectors' retry policy and end as a retryable `PlatformRequestError`.
 * - Refresh calls count against no quota (the platforms document no budget for their token endpoints).
 */

/** What a refresh endpoint said. */
export type RefreshOutcome =
  | {
      readonly kind: 'ok';
      readonly accessToken: string;
      readonly expiresInSeconds?: number;
      readonly refreshToken?: string;
      readonly refreshExpiresInSeconds?: number;
    }
  | { readonly kind: 'transient'; readonly message: string }
  /** The grant is dead (or the app is misconfigured): a new authorisation is needed. */
  | { readonly kind: 'rejected'; readonly reason: 'expired' | 'revoked'; readonly message: string };

export interface RefreshRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** How one platform refreshes a token. */
export interface RefreshStrategy {
  readonly platform: Platform;
  /** Whether the refresh call needs the OAuth app's client id and secret. */
  readonly needsApp: boolean;
  /** Whether `credential` can be refreshed at all at `now` (a refresh token, or a still-valid IG token). */
  canRefresh(credential: PlatformCredential, now: number): boolean;
  /** Whether the proactive policy refreshes `credential` at `now`. */
  isDue(credential: PlatformCredential, now: number): boolean;
  /** Whether a token the platform rejected as expired may be refreshed (Instagram: no, expired is final). */
  readonly refreshAfterRejection: boolean;
  request(credential: PlatformCredential, app: OAuthApp | undefined): RefreshRequest;
  classify(status: number, json: unknown): RefreshOutcome;
}

export interface RefreshPolicy {
  /** Refresh when the access token expires within this (default 10 min). */
  readonly marginMs: number;
  /** Instagram: refresh once the token is at least this old (platform minimum 24 h). */
  readonly instagramMinAgeMs: number;
  /** Instagram: refresh when less than this is left (default 7 days of the 60). */
  readonly instagramRenewWithinMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** After a transient proactive failure with a still-valid token, the next proactive attempt waits this long. */
const PROACTIVE_RETRY_MS = 2 * MINUTE;
const DAY = 24 * HOUR;

export const DEFAULT_REFRESH_POLICY: RefreshPolicy = {
  marginMs: 10 * MINUTE,
  instagramMinAgeMs: DAY,
  instagramRenewWithinMs: 7 * DAY,
};

function instant(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? undefined : at;
}

function withinMargin(credential: PlatformCredential, now: number, marginMs: number): boolean {
  const expiresAt = instant(credential.expiresAt);
  return expiresAt !== undefined && expiresAt - now <= marginMs;
}

function refreshTokenAlive(credential: PlatformCredential, now: number): boolean {
  const refreshExpiresAt = instant(credential.refreshExpiresAt);
  return credential.refreshToken !== undefined && (refreshExpiresAt === undefined || refreshExpiresAt > now);
}

const positiveSeconds = z.coerce.number().finite().positive().optional().catch(undefined);

const TokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: positiveSeconds,
  refresh_token: z.string().min(1).optional(),
  refresh_expires_in: positiveSeconds,
});

const OAuthErrorSchema = z.looseObject({
  error: z.string(),
  error_description: z.string().optional(),
});

/** Google says "expired or revoked" for both: only an unambiguous "revoked" is reported as revoked. */
function rejectionReason(description: string | undefined): 'expired' | 'revoked' {
  const text = description ?? '';
  return /revoked/i.test(text) && !/expired/i.test(text) ? 'revoked' : 'expired';
}

/** RFC 6749 §5 token endpoint answers (TikTok v2 and Google share the shape). */
function classifyOAuthTokenResponse(status: number, json: unknown): RefreshOutcome {
  const success = TokenResponseSchema.safeParse(json);
  const failure = OAuthErrorSchema.safeParse(json);
  if (status >= 200 && status < 300 && success.success && !failure.success) {
    const data = success.data;
    return {
      kind: 'ok',
      accessToken: data.access_token,
      ...(data.expires_in !== undefined ? { expiresInSeconds: data.expires_in } : {}),
      ...(data.refresh_token !== undefined ? { refreshToken: data.refresh_token } : {}),
      ...(data.refresh_expires_in !== undefined ? { refreshExpiresInSeconds: data.refresh_expires_in } : {}),
    };
  }
  if (status === 429 || status >= 500) return { kind: 'transient', message: `HTTP ${status}` };
  if (failure.success) {
    const { error, error_description: description } = failure.data;
    if (error === 'temporarily_unavailable' || error === 'server_error')
      return { kind: 'transient', message: error };
    return {
      kind: 'rejected',
      reason: error === 'invalid_grant' ? rejectionReason(description) : 'revoked',
      message: `${error}${description ? `: ${description}` : ''}`,
    };
  }
  if (status >= 200 && status < 300)
    return { kind: 'transient', message: 'token response without access_token' };
  return { kind: 'rejected', reason: 'expired', message: `HTTP ${status}` };
}

function formEncoded(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

const FORM_HEADERS = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };

/**
 * RFC 6749 §6 refresh (`grant_type=refresh_token`, form-encoded, client credentials in the body), as TikTok and Google
 * implement it; they differ only in what the client id field is called and in extra headers.
 */
function oauthRefreshStrategy(
  platform: 'tiktok' | 'youtube',
  tokenUrl: string,
  clientIdField: 'client_key' | 'client_id',
  headers: Record<string, string>,
  policy: RefreshPolicy,
): RefreshStrategy {
  return {
    platform,
    needsApp: true,
    refreshAfterRejection: true,
    canRefresh: refreshTokenAlive,
    isDue: (credential, now) =>
      refreshTokenAlive(credential, now) && withinMargin(credential, now, policy.marginMs),
    request: (credential, app) => ({
      url: tokenUrl,
      method: 'POST',
      headers,
      body: formEncoded({
        [clientIdField]: app?.clientId ?? '',
        client_secret: app?.clientSecret ?? '',
        grant_type: 'refresh_token',
        refresh_token: credential.refreshToken ?? '',
      }),
    }),
    classify: classifyOAuthTokenResponse,
  };
}

/** TikTok Login Kit: `POST /v2/oauth/token/`; the refresh token rotates (the old one dies on issue). */
export function tiktokRefreshStrategy(tokenUrl: string, policy = DEFAULT_REFRESH_POLICY): RefreshStrategy {
  return oauthRefreshStrategy(
    'tiktok',
    tokenUrl,
    'client_key',
    { ...FORM_HEADERS, 'Cache-Control': 'no-cache' },
    policy,
  );
}

/** Google OAuth (YouTube): `POST https://oauth2.googleapis.com/token`; the refresh token does not rotate. */
export function googleRefreshStrategy(tokenUrl: string, policy = DEFAULT_REFRESH_POLICY): RefreshStrategy {
  return oauthRefreshStrategy('youtube', tokenUrl, 'client_id', FORM_HEADERS, policy);
}

const GraphErrorSchema = z.looseObject({
  error: z.looseObject({
    message: z.string().optional(),
    code: z.number().optional(),
    type: z.string().optional(),
  }),
});

/**
 * Instagram long-lived tokens: `GET /refresh_access_token?grant_type=ig_refresh_token&access_token=…`, allowed
 * once the token is ≥ 24 h old and not expired; the answer is a token valid 60 days from now.
 */
export function instagramRefreshStrategy(
  refreshUrl: string,
  policy = DEFAULT_REFRESH_POLICY,
): RefreshStrategy {
  const refreshable = (credential: PlatformCredential, now: number) => {
    const expiresAt = instant(credential.expiresAt);
    const issuedAt = instant(credential.issuedAt);
    // An unknown issue time is taken as old enough: a 60-day token with < 7 days left is weeks old.
    return (
      (expiresAt === undefined || expiresAt > now) &&
      (issuedAt === undefined || now - issuedAt >= policy.instagramMinAgeMs)
    );
  };
  return {
    platform: 'instagram',
    needsApp: false,
    refreshAfterRejection: false,
    canRefresh: refreshable,
    isDue: (credential, now) => {
      const expiresAt = instant(credential.expiresAt);
      return (
        expiresAt !== undefined &&
        expiresAt - now < policy.instagramRenewWithinMs &&
        refreshable(credential, now)
      );
    },
    request: (credential) => {
      const url = new URL(refreshUrl);
      url.searchParams.set('grant_type', 'ig_refresh_token');
      url.searchParams.set('access_token', credential.accessToken);
      return { url: url.toString(), method: 'GET', headers: { Accept: 'application/json' } };
    },
    classify: (status, json) => {
      const success = TokenResponseSchema.safeParse(json);
      if (status >= 200 && status < 300 && success.success) {
        return {
          kind: 'ok',
          accessToken: success.data.access_token,
          ...(success.data.expires_in !== undefined ? { expiresInSeconds: success.data.expires_in } : {}),
        };
      }
      if (status === 429 || status >= 500) return { kind: 'transient', message: `HTTP ${status}` };
      const graph = GraphErrorSchema.safeParse(json);
      if (graph.success) {
        const { code, message = '', type = 'OAuthException' } = graph.data.error;
        // 1/2: unknown/service errors; 4/17/32/613: rate limits — all worth another attempt.
        if (code !== undefined && [1, 2, 4, 17, 32, 613].includes(code))
          return { kind: 'transient', message: `${type} ${code}: ${message}` };
        return {
          kind: 'rejected',
          reason: code === 190 ? rejectionReason(message) : 'expired',
          message: `${type} ${code ?? '?'}: ${message}`,
        };
      }
      if (status >= 200 && status < 300)
        return { kind: 'transient', message: 'refresh response without access_token' };
      return { kind: 'rejected', reason: 'expired', message: `HTTP ${status}` };
    },
  };
}

/** A successful refresh, as reported to `onRefresh` (never carries a token). */
export interface TokenRefreshEvent {
  readonly platform: Platform;
  readonly credentialKey: string;
  readonly trigger: 'proactive' | 'reactive';
  /** False when the store is read-only or the write failed: the new credential lives only in this process. */
  readonly persisted: boolean;
  readonly expiresAt?: string;
}

/** The subset of a Powertools Logger the refresher uses. Extra fields never hold tokens. */
export interface RefreshLogger {
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export interface TokenRefresherDeps {
  readonly secrets: SecretProvider;
  readonly clock: Clock;
  readonly fetch: typeof fetch;
  readonly retryPolicy?: RetryPolicy;
  readonly timeoutMs?: number;
  readonly logger?: RefreshLogger;
  readonly onRefresh?: (event: TokenRefreshEvent) => void;
  /** Re-reads of the secret after a rejected refresh, waiting this long before each (default [0, 1000] ms). */
  readonly rereadDelaysMs?: readonly number[];
}

/** A credential and the secret value it came from (kept so a rewrite preserves unknown keys). */
interface Loaded {
  readonly credential: PlatformCredential;
  readonly value: string;
}

interface Remembered extends Loaded {
  persisted: boolean;
}

class RefreshRejectedError extends Error {
  override readonly name = 'RefreshRejectedError';
  constructor(
    readonly reason: 'expired' | 'revoked',
    message: string,
  ) {
    super(message);
  }
}

/** Orders two credentials of one creator: later expiry first, then later issue time. */
function isNewer(candidate: PlatformCredential, than: PlatformCredential): boolean {
  if (sameGrant(candidate, than)) return false;
  const a = instant(candidate.expiresAt) ?? Number.NEGATIVE_INFINITY;
  const b = instant(than.expiresAt) ?? Number.NEGATIVE_INFINITY;
  if (a !== b) return a > b;
  return (
    (instant(candidate.issuedAt) ?? Number.NEGATIVE_INFINITY) >
    (instant(than.issuedAt) ?? Number.NEGATIVE_INFINITY)
  );
}

function sameGrant(a: PlatformCredential, b: PlatformCredential): boolean {
  return a.accessToken === b.accessToken && a.refreshToken === b.refreshToken;
}

/**
 * Loads creator credentials for one platform's connector and keeps them fresh. One instance per connector
 * (a Lambda container keeps it for its life): refreshed credentials that could not be persisted are remembered
 * here and written again on the next load.
 */
export class TokenRefresher {
  private readonly retryPolicy: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly rereadDelaysMs: readonly number[];
  private readonly remembered = new Map<string, Remembered>();
  private readonly inFlight = new Map<string, Promise<Loaded>>();
  /**
   * Grants whose proactive refresh failed while the token still works: not retried on every call (a rejected
   * grant never, a transient failure after `PROACTIVE_RETRY_MS`), so a down token endpoint does not slow every
   * request of a collection.
   */
  private readonly proactivePaused = new Map<string, { grant: PlatformCredential; until: number }>();
  private warnedReadOnly = false;

  constructor(
    private readonly strategy: RefreshStrategy,
    private readonly deps: TokenRefresherDeps,
  ) {
    this.retryPolicy = deps.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.timeoutMs = deps.timeoutMs ?? 10_000;
    this.rereadDelaysMs = deps.rereadDelaysMs ?? [0, 1_000];
  }

  get platform(): Platform {
    return this.strategy.platform;
  }

  /** The creator's credential, refreshed first when the proactive policy says so. */
  async load(creator: CreatorRef, credentialKey: string): Promise<PlatformCredential> {
    const loaded = await this.read(creator, credentialKey, false);
    const now = this.deps.clock.now();
    if (!this.strategy.isDue(loaded.credential, now)) return loaded.credential;
    const paused = this.proactivePaused.get(credentialKey);
    if (paused !== undefined && sameGrant(paused.grant, loaded.credential) && now < paused.until)
      return loaded.credential;
    try {
      return (await this.refreshOnce(creator, credentialKey, loaded, 'proactive')).credential;
    } catch (error) {
      const expiresAt = instant(loaded.credential.expiresAt);
      // The token still works for a while: collect with it, and say why the refresh did not happen.
      if (expiresAt !== undefined && expiresAt > this.deps.clock.now()) {
        this.proactivePaused.set(credentialKey, {
          grant: loaded.credential,
          until:
            error instanceof CredentialError
              ? Number.POSITIVE_INFINITY
              : this.deps.clock.now() + PROACTIVE_RETRY_MS,
        });
        this.deps.logger?.warn('token refresh failed; using the current token until it expires', {
          platform: this.platform,
          credentialKey,
          expiresAt: loaded.credential.expiresAt,
          error: (error as Error).message,
        });
        return loaded.credential;
      }
      throw error;
    }
  }

  /**
   * After the platform rejected `rejected` as expired: a newer stored credential if another writer put one,
   * else a refreshed one. Undefined when nothing can replace it (no refresh token, Instagram): the caller
   * rethrows the platform's rejection. Throws `CredentialError` when the refresh itself is rejected.
   */
  async recover(
    creator: CreatorRef,
    credentialKey: string,
    rejected: PlatformCredential,
  ): Promise<PlatformCredential | undefined> {
    const pending = this.inFlight.get(credentialKey);
    if (pending !== undefined) {
      const refreshed = await pending;
      if (refreshed.credential.accessToken !== rejected.accessToken) return refreshed.credential;
    }
    const loaded = await this.read(creator, credentialKey, true);
    if (loaded.credential.accessToken !== rejected.accessToken) return loaded.credential;
    if (
      !this.strategy.refreshAfterRejection ||
      !this.strategy.canRefresh(loaded.credential, this.deps.clock.now())
    )
      return undefined;
    return (await this.refreshOnce(creator, credentialKey, loaded, 'reactive')).credential;
  }

  private async read(creator: CreatorRef, credentialKey: string, fresh: boolean): Promise<Loaded> {
    let value: string;
    try {
      value = await this.deps.secrets.getSecret(credentialKey, fresh ? { fresh: true } : undefined);
    } catch (error) {
      if (error instanceof SecretNotFoundError) {
        throw new CredentialError(
          this.platform,
          creator.accountId,
          'missing',
          `no credential '${credentialKey}'`,
        );
      }
      throw error;
    }
    const credential = parseCredential(value);
    if (credential === undefined) {
      throw new CredentialError(
        this.platform,
        creator.accountId,
        'missing',
        `credential '${credentialKey}' is unreadable`,
      );
    }
    const remembered = this.remembered.get(credentialKey);
    if (remembered === undefined) return { credential, value };
    if (!isNewer(remembered.credential, credential)) {
      // The store caught up (or someone re-authorised): forget the in-process copy.
      this.remembered.delete(credentialKey);
      return { credential, value };
    }
    if (!remembered.persisted) await this.persist(credentialKey, remembered);
    return remembered;
  }

  private refreshOnce(
    creator: CreatorRef,
    credentialKey: string,
    base: Loaded,
    trigger: TokenRefreshEvent['trigger'],
  ): Promise<Loaded> {
    const running = this.inFlight.get(credentialKey);
    if (running !== undefined) return running;
    const refresh = this.refresh(creator, credentialKey, base, trigger).finally(() => {
      this.inFlight.delete(credentialKey);
    });
    this.inFlight.set(credentialKey, refresh);
    return refresh;
  }

  private async refresh(
    creator: CreatorRef,
    credentialKey: string,
    base: Loaded,
    trigger: TokenRefreshEvent['trigger'],
  ): Promise<Loaded> {
    const app = this.strategy.needsApp ? await this.app(creator, credentialKey, base.credential) : undefined;
    const secrets = [...credentialSecrets(base.credential), ...(app ? [app.clientSecret] : [])];
    const request = this.strategy.request(base.credential, app);
    let outcome: Extract<RefreshOutcome, { kind: 'ok' }>;
    let requestedAt = this.deps.clock.now();
    try {
      outcome = await retryTransient(
        async () => {
          requestedAt = this.deps.clock.now();
          return this.exchange(request, secrets);
        },
        this.retryPolicy,
        this.deps.clock,
      );
    } catch (error) {
      if (error instanceof RefreshRejectedError) {
        // Two invocations may refresh one creator: the loser's (rotated) refresh token is refused. If the winner
        // already stored its credential, use that one.
        const newer = await this.newerStored(creator, credentialKey, base.credential);
        if (newer !== undefined) return newer;
        throw new CredentialError(
          this.platform,
          creator.accountId,
          error.reason,
          redactText(
            `${this.platform} token refresh for ${credentialKey} was rejected (${error.message}): the authorisation ` +
              `has ${error.reason === 'revoked' ? 'been revoked' : 'expired'}; re-authorise the creator and store ` +
              `the new credential in secret '${credentialKey}'`,
            secrets,
          ),
        );
      }
      const transient = error instanceof TransientError;
      throw new PlatformRequestError(
        this.platform,
        `${this.platform}.oauth.refresh`,
        transient ? error.status : undefined,
        redactText(
          `${this.platform} token refresh for ${credentialKey} failed${transient ? ' after retries' : ''}: ${(error as Error).message}`,
          secrets,
        ),
        true,
        { cause: redactedCause(error, secrets) },
      );
    }
    const credential = this.nextCredential(base.credential, outcome, requestedAt);
    const next: Remembered = {
      credential,
      value: serializeCredential(credential, base.value),
      persisted: false,
    };
    // Stored before the new access token is used: with TikTok the old refresh token is already dead.
    this.remembered.set(credentialKey, next);
    await this.persist(credentialKey, next);
    this.proactivePaused.delete(credentialKey);
    this.deps.onRefresh?.({
      platform: this.platform,
      credentialKey,
      trigger,
      persisted: next.persisted,
      ...(credential.expiresAt !== undefined ? { expiresAt: credential.expiresAt } : {}),
    });
    return next;
  }

  private nextCredential(
    base: PlatformCredential,
    outcome: Extract<RefreshOutcome, { kind: 'ok' }>,
    requestedAt: number,
  ): PlatformCredential {
    // Lifetimes count from when the request was sent, so clock skew and latency only shorten them.
    const at = (seconds: number | undefined) =>
      seconds === undefined ? undefined : new Date(requestedAt + seconds * 1000).toISOString();
    const expiresAt = at(outcome.expiresInSeconds);
    const refreshExpiresAt =
      outcome.refreshToken !== undefined ? at(outcome.refreshExpiresInSeconds) : undefined;
    const { expiresAt: _e, refreshExpiresAt: _r, ...kept } = base;
    return {
      ...kept,
      accessToken: outcome.accessToken,
      ...(outcome.refreshToken !== undefined ? { refreshToken: outcome.refreshToken } : {}),
      ...(expiresAt !== undefined ? { expiresAt } : {}),
      ...(refreshExpiresAt !== undefined
        ? { refreshExpiresAt }
        : outcome.refreshToken === undefined && base.refreshExpiresAt !== undefined
          ? { refreshExpiresAt: base.refreshExpiresAt }
          : {}),
      issuedAt: new Date(requestedAt).toISOString(),
    };
  }

  private async persist(credentialKey: string, next: Remembered): Promise<void> {
    const put = this.deps.secrets.putSecret?.bind(this.deps.secrets);
    if (put === undefined) {
      if (!this.warnedReadOnly) {
        this.warnedReadOnly = true;
        this.deps.logger?.warn(
          'secret store is read-only: refreshed tokens are kept in this process only and are lost when it ends',
          { platform: this.platform, credentialKey },
        );
      }
      return;
    }
    try {
      await put(credentialKey, next.value);
      next.persisted = true;
    } catch (error) {
      // Kept in memory and written again on the next load; the message names the secret, never the value.
      this.deps.logger?.error('could not store the refreshed credential; will retry on the next use', {
        platform: this.platform,
        credentialKey,
        error: (error as Error).message,
      });
    }
  }

  private async newerStored(
    creator: CreatorRef,
    credentialKey: string,
    than: PlatformCredential,
  ): Promise<Loaded | undefined> {
    for (const delay of this.rereadDelaysMs) {
      if (delay > 0) await this.deps.clock.sleep(delay);
      const stored = await this.read(creator, credentialKey, true);
      if (!sameGrant(stored.credential, than)) return stored;
    }
    return undefined;
  }

  private async app(
    creator: CreatorRef,
    credentialKey: string,
    credential: PlatformCredential,
  ): Promise<OAuthApp> {
    const name = credential.clientSecretName ?? platformAppSecretName(this.platform);
    let app: OAuthApp | undefined;
    try {
      app = parseOAuthApp(await this.deps.secrets.getSecret(name));
    } catch (error) {
      if (!(error instanceof SecretNotFoundError)) throw error;
    }
    if (app === undefined) {
      throw new CredentialError(
        this.platform,
        creator.accountId,
        'missing',
        `cannot refresh ${credentialKey}: the OAuth app secret '${name}' is missing or lacks ` +
          '{clientKey|clientId, clientSecret}',
      );
    }
    return app;
  }

  private async exchange(
    request: RefreshRequest,
    secrets: readonly string[],
  ): Promise<Extract<RefreshOutcome, { kind: 'ok' }>> {
    const { response, json } = await fetchBody(
      this.deps.fetch,
      request.url,
      request,
      this.timeoutMs,
      `the ${this.platform} token endpoint`,
      secrets,
    );
    const outcome = this.strategy.classify(response.status, json);
    switch (outcome.kind) {
      case 'ok':
        return outcome;
      case 'transient':
        throw new TransientError(
          redactText(`token endpoint HTTP ${response.status}: ${outcome.message}`, secrets),
          undefined,
          response.status,
        );
      case 'rejected':
        throw new RefreshRejectedError(outcome.reason, redactText(outcome.message, secrets));
    }
  }
}
