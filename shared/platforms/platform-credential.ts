import { z } from 'zod';

/**
 * The value of a creator's credential secret (`<prefix><platform>/<accountId>`). Three shapes are accepted, so
 * secrets written before token refresh existed keep working:
 *
 * - a bare access token: `EAAG…` (never refreshed; fails with `CredentialError('expired')` once it expires);
 * - `{ "accessToken" | "access_token": "…", "businessAccessToken"?: "…" }`;
 * - the full form written by the token refresher:
 *   `{ accessToken, refreshToken?, expiresAt?, refreshExpiresAt?, issuedAt?, clientSecretName?, businessAccessToken? }`
 *   (times ISO-8601; `clientSecretName` names the OAuth app secret, default `app/<platform>`).
 *
 * Unknown keys are kept when the refresher rewrites the secret (operators may store `open_id`, `scope`, notes).
 */
export interface PlatformCredential {
  readonly accessToken: string;
  /** TikTok Business API token when it differs from the Login Kit (Display API) token; never refreshed here. */
  readonly businessAccessToken?: string;
  /** TikTok (rotates on every refresh) and Google OAuth; Instagram refreshes with the access token itself. */
  readonly refreshToken?: string;
  /** When the access token stops working (ISO-8601). Unknown = never refreshed proactively. */
  readonly expiresAt?: string;
  /** When the refresh token stops working (TikTok `refresh_expires_in`). */
  readonly refreshExpiresAt?: string;
  /** When the access token was issued (Instagram refuses refreshing a token younger than 24 h). */
  readonly issuedAt?: string;
  /** Secret name (without the provider prefix) of the OAuth app `{clientKey|clientId, clientSecret}`. */
  readonly clientSecretName?: string;
}

const Token = z.string().min(1);
const Instant = z.iso.datetime({ offset: true });

export const StoredCredentialSchema = z.looseObject({
  accessToken: Token.optional(),
  access_token: Token.optional(),
  businessAccessToken: Token.optional(),
  refreshToken: Token.optional(),
  refresh_token: Token.optional(),
  expiresAt: Instant.optional(),
  refreshExpiresAt: Instant.optional(),
  issuedAt: Instant.optional(),
  clientSecretName: z.string().min(1).optional(),
});

/** The credential in a secret value, or undefined when it holds no usable access token (a fault to report). */
export function parseCredential(secret: string): PlatformCredential | undefined {
  const trimmed = secret.trim();
  if (!trimmed.startsWith('{')) return trimmed.length > 0 ? { accessToken: trimmed } : undefined;
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  const parsed = StoredCredentialSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const data = parsed.data;
  const accessToken = data.accessToken ?? data.access_token;
  if (accessToken === undefined) return undefined;
  const refreshToken = data.refreshToken ?? data.refresh_token;
  return {
    accessToken,
    ...(data.businessAccessToken !== undefined ? { businessAccessToken: data.businessAccessToken } : {}),
    ...(refreshToken !== undefined ? { refreshToken } : {}),
    ...(data.expiresAt !== undefined ? { expiresAt: data.expiresAt } : {}),
    ...(data.refreshExpiresAt !== undefined ? { refreshExpiresAt: data.refreshExpiresAt } : {}),
    ...(data.issuedAt !== undefined ? { issuedAt: data.issuedAt } : {}),
    ...(data.clientSecretName !== undefined ? { clientSecretName: data.clientSecretName } : {}),
  };
}

/**
 * The secret value for `credential`, keeping the keys of `previous` this module does not own. The snake_case
 * aliases are dropped, so the rewritten secret has exactly one access and one refresh token.
 */
export function serializeCredential(credential: PlatformCredential, previous?: string): string {
  let extra: Record<string, unknown> = {};
  if (previous?.trim().startsWith('{')) {
    try {
      const parsed = JSON.parse(previous) as unknown;
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        const { access_token: _a, refresh_token: _r, ...rest } = parsed as Record<string, unknown>;
        extra = rest;
      }
    } catch {
      extra = {};
    }
  }
  // Fields absent from the new credential must not survive from the old one (e.g. a refresh expiry).
  for (const key of [
    'accessToken',
    'businessAccessToken',
    'refreshToken',
    'expiresAt',
    'refreshExpiresAt',
    'issuedAt',
    'clientSecretName',
  ])
    delete extra[key];
  return JSON.stringify({ ...extra, ...credential });
}

/** Every token value of a credential, for redaction. */
export function credentialSecrets(credential: PlatformCredential): string[] {
  return [credential.accessToken, credential.businessAccessToken, credential.refreshToken].filter(
    (value): value is string => value !== undefined,
  );
}

/** An OAuth app (TikTok `client_key`, Google `client_id`) as stored in `<prefix>app/<platform>`. */
export interface OAuthApp {
  readonly clientId: string;
  readonly clientSecret: string;
}

const OAuthAppSchema = z
  .looseObject({
    clientKey: Token.optional(),
    client_key: Token.optional(),
    clientId: Token.optional(),
    client_id: Token.optional(),
    clientSecret: Token.optional(),
    client_secret: Token.optional(),
  })
  .transform((app) => ({
    clientId: app.clientKey ?? app.client_key ?? app.clientId ?? app.client_id,
    clientSecret: app.clientSecret ?? app.client_secret,
  }));

export function parseOAuthApp(secret: string): OAuthApp | undefined {
  try {
    const parsed = OAuthAppSchema.safeParse(JSON.parse(secret));
    if (!parsed.success) return undefined;
    const { clientId, clientSecret } = parsed.data;
    return clientId !== undefined && clientSecret !== undefined ? { clientId, clientSecret } : undefined;
  } catch {
    return undefined;
  }
}
