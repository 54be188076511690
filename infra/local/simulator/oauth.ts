import { createHash } from 'node:crypto';
import type { Platform } from '../../../shared/domain/platform';
import { instagramError } from './instagram-api';
import { unitHash } from './prng';
import type { SimResponse } from './sim-types';
import type { SimCreator } from './world';

/**
 * The simulated platforms' OAuth: every creator holds one grant with an expiring access token, and the three
 * refresh endpoints behave as documented (shared/docs/platform-apis.md §Token life, §2.6, §3.3):
 *
 * - TikTok `POST /v2/oauth/token/` (form): access 2 h, refresh 180 d, the refresh token rotates — the previous
 *   one is answered `invalid_grant` once a new one was issued.
 * - Google `POST …/oauth2/token` (form): access 1 h; the refresh token does not rotate.
 * - Instagram `GET /refresh_access_token?grant_type=ig_refresh_token&access_token=…`: a long-lived token (60 d)
 *   is refreshed only when ≥ 24 h old and not expired; the answer is a new 60-day token.
 *
 * Only the newest access token of a grant is accepted by the APIs (stricter than the platforms, so a connector
 * that keeps using a replaced token is caught). A revoked grant (the token-expiry fault) refuses both its access
 * token and its refresh until `reauthorize`.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const ACCESS_LIFETIME_MS: Readonly<Record<Platform, number>> = {
  tiktok: 2 * HOUR,
  youtube: HOUR,
  instagram: 60 * DAY,
};
const TIKTOK_REFRESH_LIFETIME_MS = 180 * DAY;
const INSTAGRAM_MIN_AGE_MS = DAY;

/** The simulated OAuth apps; `appSecrets()` gives them under the default app secret names. */
export const SIM_APPS = {
  tiktok: { clientKey: 'sim-tiktok-client-key', clientSecret: 'sim-tiktok-client-secret-0123456789' },
  youtube: {
    clientId: 'sim-youtube-client.apps.googleusercontent.com',
    clientSecret: 'sim-youtube-client-secret-0123456789',
  },
} as const;

export interface SimGrant {
  accessToken: string;
  accessExpiresAt: number;
  issuedAt: number;
  refreshToken?: string;
  refreshExpiresAt?: number;
  /** Tokens issued so far for this grant (makes new token strings unique and deterministic). */
  generation: number;
}

export type RefreshKind = 'tiktok' | 'google' | 'instagram';

export interface OAuthStats {
  readonly tokenRefreshes: Record<Platform, number>;
  readonly tokenRefreshesRefused: Record<Platform, number>;
}

/** Key of a creator's grant, quotas and re-authorisation state: `<platform>#<accountId>`. */
export function creatorKeyOf(creator: { readonly platform: Platform; readonly accountId: string }): string {
  return `${creator.platform}#${creator.accountId}`;
}

/** Grants by creator, the token → creator index, and the refresh endpoints. */
export class SimOAuth {
  private readonly grants = new Map<string, SimGrant>();
  private readonly byToken = new Map<string, SimCreator>();
  private readonly byRefreshToken = new Map<string, SimCreator>();
  private readonly refreshes: Record<Platform, number> = { youtube: 0, instagram: 0, tiktok: 0 };
  private readonly refused: Record<Platform, number> = { youtube: 0, instagram: 0, tiktok: 0 };

  /**
   * Issues every creator's first grant as if the operator stored it shortly before `issuedAround`: TikTok and
   * YouTube tokens part-way through their life (expiries spread over the first 2 h / 1 h), Instagram tokens
   * 1–40 days old except every fourth (the first included), 54 days old: 6 days left, so the first collection
   * refreshes it (every run with an Instagram creator exercises that endpoint).
   */
  constructor(
    private readonly seedKey: string,
    creators: readonly SimCreator[],
    issuedAround: number,
    private readonly revoked: (creator: SimCreator, at: number) => boolean,
  ) {
    let instagramIndex = 0;
    for (const creator of creators) {
      const u = unitHash(seedKey, 'tokenIssuedAt', creator.accountId);
      const dueInstagram = creator.platform === 'instagram' && instagramIndex++ % 4 === 0;
      const age =
        creator.platform === 'tiktok'
          ? Math.floor(u * 110 * MINUTE)
          : creator.platform === 'youtube'
            ? Math.floor(u * 50 * MINUTE)
            : dueInstagram
              ? 54 * DAY
              : Math.floor((1 + u * 39) * DAY);
      const issuedAt = issuedAround - age;
      const grant: SimGrant = {
        accessToken: creator.accessToken,
        accessExpiresAt: issuedAt + ACCESS_LIFETIME_MS[creator.platform],
        issuedAt,
        generation: 1,
      };
      if (creator.platform !== 'instagram') {
        grant.refreshToken = this.token(creator, 'refresh', 1);
        if (creator.platform === 'tiktok') grant.refreshExpiresAt = issuedAt + TIKTOK_REFRESH_LIFETIME_MS;
        this.byRefreshToken.set(grant.refreshToken, creator);
      }
      this.grants.set(creatorKeyOf(creator), grant);
      this.byToken.set(grant.accessToken, creator);
    }
  }

  private token(creator: SimCreator, kind: 'access' | 'refresh', generation: number): string {
    const digest = createHash('sha256')
      .update(`${this.seedKey}|${creator.platform}|${creator.accountId}|${kind}|${generation}`)
      .digest('hex')
      .slice(0, 32);
    const prefix =
      creator.platform === 'tiktok'
        ? kind === 'access'
          ? 'act.'
          : 'rft.'
        : creator.platform === 'youtube'
          ? kind === 'access'
            ? 'ya29.'
            : '1//'
          : 'IGQ';
    return `${prefix}sim${digest}`;
  }

  grantOf(creator: SimCreator): SimGrant {
    const grant = this.grants.get(creatorKeyOf(creator));
    if (grant === undefined) throw new Error(`no grant for ${creatorKeyOf(creator)}`);
    return grant;
  }

  /** The creator an access token was ever issued to (current or not). */
  creatorOf(token: string): SimCreator | undefined {
    return this.byToken.get(token);
  }

  /** Why `token` is refused at `at`, or undefined when it is the grant's current, unexpired token. */
  refusal(creator: SimCreator, token: string, at: number): 'replaced' | 'expired' | 'revoked' | undefined {
    const grant = this.grantOf(creator);
    if (this.revoked(creator, at)) return 'revoked';
    if (grant.accessToken !== token) return 'replaced';
    if (grant.accessExpiresAt <= at) return 'expired';
    return undefined;
  }

  /** The secret value an operator stores for the creator's current grant (`platform-credential.ts` format). */
  credentialOf(creator: SimCreator): string {
    const grant = this.grantOf(creator);
    return JSON.stringify({
      accessToken: grant.accessToken,
      ...(grant.refreshToken !== undefined ? { refreshToken: grant.refreshToken } : {}),
      expiresAt: new Date(grant.accessExpiresAt).toISOString(),
      ...(grant.refreshExpiresAt !== undefined
        ? { refreshExpiresAt: new Date(grant.refreshExpiresAt).toISOString() }
        : {}),
      issuedAt: new Date(grant.issuedAt).toISOString(),
    });
  }

  /** A new authorisation (the creator re-consented): a fresh grant, the old tokens dead. */
  reauthorize(creator: SimCreator, at: number): string {
    const grant = this.grantOf(creator);
    this.issue(creator, grant, at, true);
    return grant.accessToken;
  }

  private issue(creator: SimCreator, grant: SimGrant, at: number, rotateRefresh: boolean): void {
    grant.generation += 1;
    grant.accessToken = this.token(creator, 'access', grant.generation);
    grant.accessExpiresAt = at + ACCESS_LIFETIME_MS[creator.platform];
    grant.issuedAt = at;
    this.byToken.set(grant.accessToken, creator);
    if (creator.platform !== 'instagram' && (rotateRefresh || grant.refreshToken === undefined)) {
      if (grant.refreshToken !== undefined) this.byRefreshToken.delete(grant.refreshToken);
      grant.refreshToken = this.token(creator, 'refresh', grant.generation);
      this.byRefreshToken.set(grant.refreshToken, creator);
      if (creator.platform === 'tiktok') grant.refreshExpiresAt = at + TIKTOK_REFRESH_LIFETIME_MS;
    }
  }

  stats(): OAuthStats {
    return { tokenRefreshes: { ...this.refreshes }, tokenRefreshesRefused: { ...this.refused } };
  }

  /** Test hook: the creator's access token expires now (e.g. to exercise a refresh mid-collection). */
  expireAccessToken(creator: SimCreator, at: number): void {
    this.grantOf(creator).accessExpiresAt = at;
  }

  handle(kind: RefreshKind, method: string, url: URL, rawBody: string, at: number): SimResponse {
    switch (kind) {
      case 'tiktok':
        return this.tiktok(method, new URLSearchParams(rawBody), at);
      case 'google':
        return this.google(method, new URLSearchParams(rawBody), at);
      case 'instagram':
        return this.instagram(url, at);
    }
  }

  private tiktok(method: string, form: URLSearchParams, at: number): SimResponse {
    const error = (status: number, code: string, description: string): SimResponse => {
      this.refused.tiktok++;
      return {
        status,
        body: { error: code, error_description: description, log_id: `2026SIMOAUTH${String(at).slice(-6)}` },
      };
    };
    if (method !== 'POST') return error(405, 'invalid_request', 'Only POST is supported.');
    if (form.get('grant_type') !== 'refresh_token')
      return error(400, 'unsupported_grant_type', 'The grant type is not supported.');
    if (
      form.get('client_key') !== SIM_APPS.tiktok.clientKey ||
      form.get('client_secret') !== SIM_APPS.tiktok.clientSecret
    )
      return error(401, 'invalid_client', 'Client key or secret is invalid.');
    const creator = this.byRefreshToken.get(form.get('refresh_token') ?? '');
    const grant = creator === undefined ? undefined : this.grantOf(creator);
    if (
      creator === undefined ||
      grant === undefined ||
      creator.platform !== 'tiktok' ||
      this.revoked(creator, at) ||
      (grant.refreshExpiresAt !== undefined && grant.refreshExpiresAt <= at)
    )
      return error(400, 'invalid_grant', 'Refresh token is invalid or expired.');
    this.issue(creator, grant, at, true);
    this.refreshes.tiktok++;
    return {
      status: 200,
      body: {
        access_token: grant.accessToken,
        expires_in: ACCESS_LIFETIME_MS.tiktok / 1000,
        open_id: creator.accountId,
        refresh_expires_in: Math.floor(((grant.refreshExpiresAt ?? at) - at) / 1000),
        refresh_token: grant.refreshToken,
        scope: 'user.info.basic,user.info.stats,video.list',
        token_type: 'Bearer',
      },
    };
  }

  private google(method: string, form: URLSearchParams, at: number): SimResponse {
    const error = (status: number, code: string, description: string): SimResponse => {
      this.refused.youtube++;
      return { status, body: { error: code, error_description: description } };
    };
    if (method !== 'POST') return error(405, 'invalid_request', 'Invalid request method.');
    if (form.get('grant_type') !== 'refresh_token')
      return error(400, 'unsupported_grant_type', `Invalid grant_type: ${form.get('grant_type') ?? ''}`);
    if (
      form.get('client_id') !== SIM_APPS.youtube.clientId ||
      form.get('client_secret') !== SIM_APPS.youtube.clientSecret
    )
      return error(401, 'invalid_client', 'The OAuth client was not found.');
    const creator = this.byRefreshToken.get(form.get('refresh_token') ?? '');
    if (creator === undefined || creator.platform !== 'youtube' || this.revoked(creator, at))
      return error(400, 'invalid_grant', 'Token has been expired or revoked.');
    const grant = this.grantOf(creator);
    this.issue(creator, grant, at, false);
    this.refreshes.youtube++;
    return {
      status: 200,
      body: {
        access_token: grant.accessToken,
        expires_in: ACCESS_LIFETIME_MS.youtube / 1000 - 1,
        scope: 'https://www.googleapis.com/auth/youtube.readonly',
        token_type: 'Bearer',
      },
    };
  }

  private instagram(url: URL, at: number): SimResponse {
    const refuse = (response: SimResponse): SimResponse => {
      this.refused.instagram++;
      return response;
    };
    if (url.searchParams.get('grant_type') !== 'ig_refresh_token')
      return refuse(instagramError(400, 100, 'Unsupported grant_type', undefined, 'OAuthException'));
    const token = url.searchParams.get('access_token') ?? '';
    const creator = this.byToken.get(token);
    if (creator === undefined || creator.platform !== 'instagram')
      return refuse(instagramError(400, 190, 'Invalid OAuth access token - Cannot parse access token'));
    const refusal = this.refusal(creator, token, at);
    if (refusal !== undefined)
      return refuse(instagramError(400, 190, 'Error validating access token: Session has expired.', 463));
    const grant = this.grantOf(creator);
    // The simulator's choice of error for a refresh before 24 h (not seen in the platform docs).
    if (at - grant.issuedAt < INSTAGRAM_MIN_AGE_MS)
      return refuse(
        instagramError(400, 100, 'The access token must be at least 24 hours old to be refreshed.'),
      );
    this.issue(creator, grant, at, false);
    this.refreshes.instagram++;
    return {
      status: 200,
      body: {
        access_token: grant.accessToken,
        token_type: 'bearer',
        expires_in: ACCESS_LIFETIME_MS.instagram / 1000,
      },
    };
  }
}
