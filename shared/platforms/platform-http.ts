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
import { SecretNotFoundError, type SecretProvider } from '../ports/secret-provider';
import { redactedCause, redactText, redactUrl } from './redact';
import {
  type Clock,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
  retryTransient,
  systemClock,
  TransientError,
} from './retry';

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
}

/** A creator's credential as stored in the secret: a bare token, or JSON with the token(s). */
export interface PlatformCredential {
  readonly accessToken: string;
  /** TikTok Business API token when it differs from the Login Kit (Display API) token. */
  readonly businessAccessToken?: string;
}

const CredentialJsonSchema = z.looseObject({
  accessToken: z.string().min(1).optional(),
  access_token: z.string().min(1).optional(),
  businessAccessToken: z.string().min(1).optional(),
});

export function parseCredential(secret: string): PlatformCredential | undefined {
  const trimmed = secret.trim();
  if (!trimmed.startsWith('{')) return trimmed.length > 0 ? { accessToken: trimmed } : undefined;
  try {
    const parsed = CredentialJsonSchema.safeParse(JSON.parse(trimmed));
    if (!parsed.success) return undefined;
    const accessToken = parsed.data.accessToken ?? parsed.data.access_token;
    if (accessToken === undefined) return undefined;
    return parsed.data.businessAccessToken === undefined
      ? { accessToken }
      : { accessToken, businessAccessToken: parsed.data.businessAccessToken };
  } catch {
    return undefined;
  }
}

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
  readonly url: string;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly classify: (response: ResponseView) => Classification;
}

export type RequestResult =
  | { readonly kind: 'ok'; readonly json: unknown; readonly status: number }
  | { readonly kind: 'soft'; readonly code: string; readonly message: string; readonly status: number };

export interface CallContext {
  readonly creator: CreatorRef;
  readonly credentialKey: string;
  readonly credential: PlatformCredential;
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

  constructor(
    readonly platform: Platform,
    private readonly deps: ConnectorDeps,
  ) {
    this.clock = deps.clock ?? systemClock;
    this.retryPolicy = deps.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.timeoutMs = deps.requestTimeoutMs ?? 10_000;
    this.maxInlineQuotaWaitMs = deps.maxInlineQuotaWaitMs ?? 65_000;
    this.fetchImpl = deps.fetch ?? fetch;
  }

  nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /** Loads the creator's credential; a missing or unreadable secret is a CredentialError, not a crash. */
  async context(creator: CreatorRef): Promise<CallContext> {
    const credentialKey = creator.credentialName ?? platformSecretName(creator.platform, creator.accountId);
    let secret: string;
    try {
      secret = await this.deps.secrets.getSecret(credentialKey);
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
    const credential = parseCredential(secret);
    if (credential === undefined) {
      throw new CredentialError(
        this.platform,
        creator.accountId,
        'missing',
        `credential '${credentialKey}' is unreadable`,
      );
    }
    return { creator, credentialKey, credential, rawPages: [] };
  }

  async request(ctx: CallContext, spec: RequestSpec): Promise<RequestResult> {
    const secrets = [
      ctx.credential.accessToken,
      ...(ctx.credential.businessAccessToken ? [ctx.credential.businessAccessToken] : []),
    ];
    const safeUrl = redactUrl(spec.url);
    try {
      return await retryTransient(
        () => this.attempt(ctx, spec, safeUrl, secrets),
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
    safeUrl: string,
    secrets: string[],
  ): Promise<RequestResult> {
    await this.waitForQuota(ctx, spec);
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(spec.url, {
        method: spec.method ?? 'GET',
        headers: spec.headers,
        body: spec.body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new TransientError(
        redactText(`network error on ${safeUrl}: ${(error as Error).message}`, secrets),
        undefined,
        undefined,
        {
          cause: redactedCause(error, secrets),
        },
      );
    }
    const now = this.clock.now();
    ctx.rawPages.push({
      platform: this.platform,
      operation: spec.operation,
      url: safeUrl,
      status: response.status,
      fetchedAt: new Date(now).toISOString(),
      body: redactText(text, secrets),
    });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
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
