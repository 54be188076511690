import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { createPlatformConnectors } from '../../../shared/platforms/connectors';
import { parseCredential, serializeCredential } from '../../../shared/platforms/platform-credential';
import { InMemoryQuotaStateStore, StoreBackedQuotaLedger } from '../../../shared/platforms/quota-ledger';
import { EnvSecretProvider, envVarNameFor } from '../../../shared/platforms/secret-providers';
import { type TokenRefreshEvent, tiktokRefreshStrategy } from '../../../shared/platforms/token-refresher';
import { googleTokenUrlFor } from '../../../shared/platforms/youtube-connector';
import { CredentialError, PlatformRequestError } from '../../../shared/ports/platform-connector';
import { SecretNotFoundError, type SecretProvider } from '../../../shared/ports/secret-provider';
import { InMemoryCollectMetrics } from '../../../shared/use-cases/collect-observability';
import { buildCollectCreatorDeps } from '../../../shared/use-cases/collect-wiring';
import { COLLECT_CREATOR_ENV } from '../use-cases/collect/collect-env';

/**
 * The token refresher through the connectors' own request path: a fake platform (fetch), a fake clock and a
 * recording secret store. Every step that matters is recorded in one event log, so ordering can be asserted.
 */

const NOW = Date.parse('2026-11-20T12:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

const TT = { platform: 'tiktok' as const, accountId: 'open-1' };
const IG = { platform: 'instagram' as const, accountId: '1784' };
const YT = { platform: 'youtube' as const, accountId: 'UC1' };
const APP_SECRET = 'app-secret-value-123456';

/** A secret store that logs reads and writes into the shared event log. */
class RecordingStore implements SecretProvider {
  failPuts = 0;
  constructor(
    public values: Record<string, string>,
    private readonly log: string[],
  ) {}
  async getSecret(name: string, options?: { fresh?: boolean }): Promise<string> {
    this.log.push(`get ${name}${options?.fresh ? ' (fresh)' : ''}`);
    const value = this.values[name];
    if (value === undefined) throw new SecretNotFoundError(name);
    return value;
  }
  async putSecret(name: string, value: string): Promise<void> {
    if (this.failPuts > 0) {
      this.failPuts--;
      this.log.push(`put ${name} FAILED`);
      throw new Error('store unavailable');
    }
    this.log.push(`put ${name} ${parseCredential(value)?.accessToken}`);
    this.values[name] = value;
  }
}

interface FakeTiktok {
  /** The only refresh token the server accepts (rotated on each refresh). */
  refreshToken: string;
  /** Access tokens the API accepts. */
  valid: Set<string>;
  issued: number;
  /** Status codes to answer the next refresh calls with, before answering normally. */
  refreshFailures: number[];
  /** Runs when the server rejects a refresh token (another writer stored its credential first). */
  onReject?: () => void;
  /** Runs when the API rejects an access token. */
  onApiReject?: () => void;
}

function world(options: { secrets: Record<string, string>; store?: SecretProvider }) {
  const log: string[] = [];
  let now = NOW;
  const tiktok: FakeTiktok = {
    refreshToken: 'rft.1-aaaaaaaa',
    valid: new Set(['act.1-aaaaaaaa']),
    issued: 1,
    refreshFailures: [],
  };
  const instagram = { valid: new Set(['IGQ-old-token-1']), issued: 1 };
  const google = { valid: new Set(['ya29.old-token']), issued: 1 };
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetchStub = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const headers = new Headers(init?.headers);
    const form = new URLSearchParams(typeof init?.body === 'string' ? init.body : '');
    if (url.pathname === '/v2/oauth/token/') {
      log.push(`tiktok refresh ${form.get('refresh_token')}`);
      const failure = tiktok.refreshFailures.shift();
      if (failure !== undefined)
        return json(failure, { error: 'server_error', error_description: 'try later' });
      if (form.get('client_key') !== 'ck-1' || form.get('client_secret') !== APP_SECRET)
        return json(401, { error: 'invalid_client', error_description: 'Client key or secret is invalid' });
      if (form.get('refresh_token') !== tiktok.refreshToken) {
        tiktok.onReject?.();
        return json(400, {
          error: 'invalid_grant',
          error_description: 'Refresh token is invalid or expired.',
          log_id: 'L1',
        });
      }
      tiktok.issued++;
      const access = `act.${tiktok.issued}-aaaaaaaa`;
      tiktok.refreshToken = `rft.${tiktok.issued}-aaaaaaaa`;
      tiktok.valid = new Set([access]);
      return json(200, {
        access_token: access,
        expires_in: 7200,
        refresh_token: tiktok.refreshToken,
        refresh_expires_in: 15_552_000,
        open_id: TT.accountId,
        scope: 'user.info.basic,video.list',
        token_type: 'Bearer',
      });
    }
    if (url.pathname === '/v2/user/info/') {
      const token = headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
      log.push(`tiktok api ${token}`);
      if (!tiktok.valid.has(token)) {
        tiktok.onApiReject?.();
        return json(401, {
          data: {},
          error: { code: 'access_token_invalid', message: 'The access token is invalid.', log_id: 'L2' },
        });
      }
      return json(200, {
        data: { user: { open_id: TT.accountId, follower_count: 42 } },
        error: { code: 'ok', message: '', log_id: 'L3' },
      });
    }
    if (url.pathname === '/refresh_access_token') {
      const token = url.searchParams.get('access_token') ?? '';
      log.push(`instagram refresh ${token}`);
      if (url.searchParams.get('grant_type') !== 'ig_refresh_token' || !instagram.valid.has(token))
        return json(400, {
          error: {
            message: 'Error validating access token: Session has expired.',
            type: 'OAuthException',
            code: 190,
          },
        });
      instagram.issued++;
      const access = `IGQ-new-token-${instagram.issued}`;
      instagram.valid.add(access);
      return json(200, { access_token: access, token_type: 'bearer', expires_in: 5_184_000 });
    }
    if (url.pathname.startsWith('/v23.0/')) {
      const token = url.searchParams.get('access_token') ?? '';
      log.push(`instagram api ${token}`);
      if (!instagram.valid.has(token))
        return json(400, {
          error: {
            message: 'Error validating access token: Session has expired.',
            type: 'OAuthException',
            code: 190,
          },
        });
      return json(200, { id: IG.accountId, followers_count: 48_210 });
    }
    if (url.pathname === '/token') {
      log.push(`google refresh ${form.get('refresh_token')}`);
      if (form.get('refresh_token') !== '1//google-refresh' || form.get('client_id') !== 'gid.apps')
        return json(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
      google.issued++;
      const access = `ya29.new-${google.issued}`;
      google.valid = new Set([access]);
      return json(200, {
        access_token: access,
        expires_in: 3599,
        scope: 'youtube.readonly',
        token_type: 'Bearer',
      });
    }
    if (url.pathname === '/youtube/v3/channels') {
      const token = headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
      log.push(`youtube api ${token}`);
      if (!google.valid.has(token))
        return json(401, {
          error: {
            code: 401,
            message: 'Invalid Credentials',
            errors: [{ reason: 'authError', domain: 'global' }],
          },
        });
      return json(200, {
        kind: 'youtube#channelListResponse',
        items: [{ id: YT.accountId, statistics: { subscriberCount: '1200', hiddenSubscriberCount: false } }],
      });
    }
    return json(404, { error: 'no route' });
  }) as typeof fetch;

  const store = options.store ?? new RecordingStore(options.secrets, log);
  const events: TokenRefreshEvent[] = [];
  const warnings: string[] = [];
  const errors: string[] = [];
  const clock = {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
    random: () => 0,
  };
  const connectors = createPlatformConnectors(
    {
      secrets: store,
      ledger: new StoreBackedQuotaLedger(new InMemoryQuotaStateStore()),
      authorKeyer: (id) => `key-${id}`.padEnd(20, '#'),
      clock,
      fetch: fetchStub,
      retryPolicy: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 60_000 },
      logger: {
        warn: (message, extra) => warnings.push(`${message} ${JSON.stringify(extra ?? {})}`),
        error: (message, extra) => errors.push(`${message} ${JSON.stringify(extra ?? {})}`),
      },
      onTokenRefresh: (event) => events.push(event),
    },
    {
      youtube: { baseUrl: 'https://yt.test/youtube/v3', tokenUrl: 'https://oauth.test/token' },
      instagram: { baseUrl: 'https://ig.test' },
      tiktok: { baseUrl: 'https://tt.test', businessBaseUrl: 'https://biz.test' },
    },
  );
  return {
    connectors,
    fetch: fetchStub,
    log,
    tiktok,
    instagram,
    google,
    events,
    warnings,
    errors,
    store,
    setNow: (ms: number) => {
      now = ms;
    },
  };
}

const tiktokApp = JSON.stringify({ clientKey: 'ck-1', clientSecret: APP_SECRET });

function tiktokSecret(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    accessToken: 'act.1-aaaaaaaa',
    refreshToken: 'rft.1-aaaaaaaa',
    expiresAt: iso(NOW + 5 * MINUTE),
    refreshExpiresAt: iso(NOW + 170 * DAY),
    issuedAt: iso(NOW - 115 * MINUTE),
    open_id: TT.accountId,
    ...overrides,
  });
}

/** Everything an error exposes: message, JSON form, and the messages of its causes. */
function exposed(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    parts.push(current.message, JSON.stringify(current));
    current = current.cause;
  }
  return parts.join(' | ');
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('credential secret format', () => {
  it('reads the old forms unchanged and the refreshable form in full', () => {
    expect(parseCredential(' plain-token ')).toEqual({ accessToken: 'plain-token' });
    expect(parseCredential('{"access_token":"a1","businessAccessToken":"b1"}')).toEqual({
      accessToken: 'a1',
      businessAccessToken: 'b1',
    });
    expect(
      parseCredential('{"access_token":"a1","refresh_token":"r1","expiresAt":"2026-11-20T12:00:00Z"}'),
    ).toEqual({ accessToken: 'a1', refreshToken: 'r1', expiresAt: '2026-11-20T12:00:00Z' });
    expect(parseCredential('{"accessToken":"a1","expiresAt":"tomorrow"}')).toBeUndefined();
    expect(parseCredential('{"refreshToken":"r1"}')).toBeUndefined();
  });

  it('rewrites a secret keeping unknown keys and dropping the snake_case aliases', () => {
    const value = serializeCredential(
      { accessToken: 'a2', refreshToken: 'r2', expiresAt: '2026-11-20T14:00:00.000Z' },
      '{"access_token":"a1","refresh_token":"r1","open_id":"o1","refreshExpiresAt":"2026-01-01T00:00:00Z"}',
    );
    expect(JSON.parse(value)).toEqual({
      open_id: 'o1',
      accessToken: 'a2',
      refreshToken: 'r2',
      expiresAt: '2026-11-20T14:00:00.000Z',
    });
  });
});

describe('TikTok: proactive refresh with rotation', () => {
  it('refreshes a token expiring within the margin, stores it before using it, then uses the new one', async () => {
    const w = world({ secrets: { 'tiktok/open-1': tiktokSecret(), 'app/tiktok': tiktokApp } });
    const result = await w.connectors.tiktok.readFollowerCount(TT);
    expect(result.followers).toMatchObject({ status: 'available', value: 42 });
    const refresh = w.log.indexOf('tiktok refresh rft.1-aaaaaaaa');
    const put = w.log.indexOf('put tiktok/open-1 act.2-aaaaaaaa');
    const use = w.log.indexOf('tiktok api act.2-aaaaaaaa');
    expect(refresh).toBeGreaterThanOrEqual(0);
    expect(put).toBeGreaterThan(refresh);
    expect(use).toBeGreaterThan(put);
    expect(w.log).not.toContain('tiktok api act.1-aaaaaaaa');
    const stored = JSON.parse((w.store as RecordingStore).values['tiktok/open-1'] ?? '{}');
    expect(stored).toMatchObject({
      accessToken: 'act.2-aaaaaaaa',
      refreshToken: 'rft.2-aaaaaaaa',
      expiresAt: iso(NOW + 7200_000),
      refreshExpiresAt: iso(NOW + 15_552_000_000),
      issuedAt: iso(NOW),
      open_id: TT.accountId,
    });
    expect(w.events).toEqual([
      {
        platform: 'tiktok',
        credentialKey: 'tiktok/open-1',
        trigger: 'proactive',
        persisted: true,
        expiresAt: iso(NOW + 7200_000),
      },
    ]);
  });

  it('does not refresh a token with more than the margin left, and refreshes it again 2 h later', async () => {
    const w = world({
      secrets: {
        'tiktok/open-1': tiktokSecret({ expiresAt: iso(NOW + 11 * MINUTE) }),
        'app/tiktok': tiktokApp,
      },
    });
    await w.connectors.tiktok.readFollowerCount(TT);
    expect(w.events).toHaveLength(0);
    w.setNow(NOW + 2 * MINUTE);
    await w.connectors.tiktok.readFollowerCount(TT);
    w.setNow(NOW + 2 * MINUTE + 115 * MINUTE);
    await w.connectors.tiktok.readFollowerCount(TT);
    expect(w.log.filter((l) => l.startsWith('tiktok refresh'))).toEqual([
      'tiktok refresh rft.1-aaaaaaaa',
      'tiktok refresh rft.2-aaaaaaaa',
    ]);
  });

  it('retries a refresh that fails transiently (5xx) with the connector retry policy', async () => {
    const w = world({ secrets: { 'tiktok/open-1': tiktokSecret(), 'app/tiktok': tiktokApp } });
    w.tiktok.refreshFailures = [503, 500];
    await w.connectors.tiktok.readFollowerCount(TT);
    expect(w.log.filter((l) => l.startsWith('tiktok refresh'))).toHaveLength(3);
    expect(w.events).toHaveLength(1);
  });

  it('a token endpoint that stays down does not slow a collection whose token still works', async () => {
    const w = world({ secrets: { 'tiktok/open-1': tiktokSecret(), 'app/tiktok': tiktokApp } });
    w.tiktok.refreshFailures = [503, 503, 503];
    await w.connectors.tiktok.readFollowerCount(TT);
    await w.connectors.tiktok.readFollowerCount(TT);
    expect(w.log.filter((l) => l.startsWith('tiktok refresh'))).toHaveLength(3); // one retried attempt, not two
    expect(w.log.filter((l) => l === 'tiktok api act.1-aaaaaaaa')).toHaveLength(2);
    w.setNow(NOW + 3 * MINUTE); // past the pause: the next collection tries again, and succeeds
    await w.connectors.tiktok.readFollowerCount(TT);
    expect(w.log).toContain('tiktok api act.2-aaaaaaaa');
  });

  it('a transient failure after all retries, with the token already expired, is a retryable request error', async () => {
    const w = world({
      secrets: { 'tiktok/open-1': tiktokSecret({ expiresAt: iso(NOW - MINUTE) }), 'app/tiktok': tiktokApp },
    });
    w.tiktok.refreshFailures = [503, 503, 503];
    const error = await rejectionOf(w.connectors.tiktok.readFollowerCount(TT));
    expect(error).toBeInstanceOf(PlatformRequestError);
    expect((error as PlatformRequestError).retryable).toBe(true);
    expect(exposed(error)).not.toMatch(/rft\.1|act\.1|app-secret/);
  });

  it('keeps collecting with a still-valid token when the refresh fails, and says so once', async () => {
    const w = world({ secrets: { 'tiktok/open-1': tiktokSecret(), 'app/tiktok': tiktokApp } });
    w.tiktok.refreshToken = 'rft.someone-else'; // the stored refresh token is dead
    const result = await w.connectors.tiktok.readFollowerCount(TT);
    expect(result.followers).toMatchObject({ status: 'available', value: 42 });
    await w.connectors.tiktok.readFollowerCount(TT);
    expect(w.log.filter((l) => l.startsWith('tiktok refresh'))).toHaveLength(1);
    expect(w.warnings).toHaveLength(1);
    expect(w.warnings[0]).toContain('re-authorise');
    expect(w.warnings.join(' ')).not.toMatch(/rft\.1|act\.1|app-secret/);
  });
});

describe('TikTok: reactive refresh', () => {
  it('refreshes once after a 401 access_token_invalid and repeats the request once', async () => {
    // No expiry recorded (an older secret): the platform's rejection is the only signal.
    const secret = JSON.stringify({ accessToken: 'act.0-expired', refreshToken: 'rft.1-aaaaaaaa' });
    const w = world({ secrets: { 'tiktok/open-1': secret, 'app/tiktok': tiktokApp } });
    const result = await w.connectors.tiktok.readFollowerCount(TT);
    expect(result.followers).toMatchObject({ status: 'available', value: 42 });
    expect(w.log.filter((l) => l.startsWith('tiktok '))).toEqual([
      'tiktok api act.0-expired',
      'tiktok refresh rft.1-aaaaaaaa',
      'tiktok api act.2-aaaaaaaa',
    ]);
    expect(w.log.indexOf('put tiktok/open-1 act.2-aaaaaaaa')).toBeLessThan(
      w.log.indexOf('tiktok api act.2-aaaaaaaa'),
    );
    expect(w.events.map((e) => e.trigger)).toEqual(['reactive']);
  });

  it('without a refresh token the rejection stands (CredentialError expired), with no refresh call', async () => {
    const w = world({ secrets: { 'tiktok/open-1': 'act.0-expired', 'app/tiktok': tiktokApp } });
    const error = await rejectionOf(w.connectors.tiktok.readFollowerCount(TT));
    expect(error).toBeInstanceOf(CredentialError);
    expect((error as CredentialError).reason).toBe('expired');
    expect((error as Error).message).toContain(
      "cannot be refreshed: re-authorise the creator and store the new credential in secret 'tiktok/open-1'",
    );
    expect(w.log.filter((l) => l.startsWith('tiktok refresh'))).toHaveLength(0);
  });

  it('uses a credential another writer stored meanwhile instead of refreshing', async () => {
    const secret = JSON.stringify({ accessToken: 'act.0-expired', refreshToken: 'rft.0-old' });
    const w = world({ secrets: { 'tiktok/open-1': secret, 'app/tiktok': tiktokApp } });
    const store = w.store as RecordingStore;
    // The other writer rotated and stored between our read and the platform's rejection.
    w.tiktok.onApiReject = () => {
      store.values['tiktok/open-1'] = tiktokSecret({ expiresAt: iso(NOW + 2 * HOUR) });
    };
    const result = await w.connectors.tiktok.readFollowerCount(TT);
    expect(result.followers).toMatchObject({ status: 'available', value: 42 });
    expect(w.log.filter((l) => l.startsWith('tiktok refresh'))).toHaveLength(0);
    expect(w.log).toContain('get tiktok/open-1 (fresh)');
  });
});

describe('concurrent rotation and definitive failure', () => {
  it('recovers when another invocation rotated the refresh token first: re-reads and uses its credential', async () => {
    const w = world({ secrets: { 'tiktok/open-1': tiktokSecret(), 'app/tiktok': tiktokApp } });
    const store = w.store as RecordingStore;
    // The other invocation won the race: the platform already rotated rft.1, and the winner stores its
    // credential just as our refresh is refused.
    w.tiktok.refreshToken = 'rft.9-aaaaaaaa';
    w.tiktok.valid = new Set(['act.9-aaaaaaaa']);
    w.tiktok.onReject = () => {
      store.values['tiktok/open-1'] = tiktokSecret({
        accessToken: 'act.9-aaaaaaaa',
        refreshToken: 'rft.9-aaaaaaaa',
        expiresAt: iso(NOW + 2 * HOUR),
        issuedAt: iso(NOW),
      });
    };
    const result = await w.connectors.tiktok.readFollowerCount(TT);
    expect(result.followers).toMatchObject({ status: 'available', value: 42 });
    expect(w.log).toContain('tiktok api act.9-aaaaaaaa');
    expect(w.log.some((l) => l.startsWith('put '))).toBe(false); // nothing of ours overwrote the winner
    expect(w.events).toHaveLength(0);
  });

  it('a rejected refresh with nothing newer stored is a CredentialError telling the operator to re-authorise, without any token', async () => {
    const w = world({
      secrets: {
        'tiktok/open-1': tiktokSecret({ expiresAt: iso(NOW - MINUTE) }),
        'app/tiktok': tiktokApp,
      },
    });
    w.tiktok.refreshToken = 'rft.gone';
    const error = await rejectionOf(w.connectors.tiktok.readFollowerCount(TT));
    expect(error).toBeInstanceOf(CredentialError);
    expect((error as CredentialError).reason).toBe('expired');
    expect((error as Error).message).toMatch(/re-authorise the creator/);
    expect((error as Error).message).toContain("'tiktok/open-1'");
    expect(exposed(error)).not.toMatch(/rft\.1|act\.1|app-secret|ck-1/);
    // Re-read twice (once at once, once after a pause) before giving up.
    expect(w.log.filter((l) => l === 'get tiktok/open-1 (fresh)')).toHaveLength(2);
  });

  it('Google "expired or revoked" is expired, an unambiguous revocation is revoked; a missing OAuth app secret names the secret to create', async () => {
    const tiktok = tiktokRefreshStrategy('https://tt.test/v2/oauth/token/');
    expect(
      tiktok.classify(400, {
        error: 'invalid_grant',
        error_description: 'The refresh token has been revoked.',
      }),
    ).toMatchObject({ kind: 'rejected', reason: 'revoked' });
    expect(tiktok.classify(503, { error: 'temporarily_unavailable' })).toMatchObject({ kind: 'transient' });

    const yt = world({
      secrets: {
        'youtube/UC1': JSON.stringify({
          accessToken: 'ya29.x',
          refreshToken: '1//other',
          expiresAt: iso(NOW),
        }),
        'app/youtube': JSON.stringify({ clientId: 'gid.apps', clientSecret: APP_SECRET }),
      },
    });
    const revoked = await rejectionOf(yt.connectors.youtube.readFollowerCount(YT));
    expect(revoked).toBeInstanceOf(CredentialError);
    expect((revoked as CredentialError).reason).toBe('expired');

    const noApp = world({ secrets: { 'tiktok/open-1': tiktokSecret({ expiresAt: iso(NOW - MINUTE) }) } });
    const missing = await rejectionOf(noApp.connectors.tiktok.readFollowerCount(TT));
    expect(missing).toBeInstanceOf(CredentialError);
    expect((missing as CredentialError).reason).toBe('missing');
    expect((missing as Error).message).toContain("'app/tiktok'");
  });

  it('a failed write keeps the new credential in memory, uses it, and writes it again on the next use', async () => {
    const w = world({ secrets: { 'tiktok/open-1': tiktokSecret(), 'app/tiktok': tiktokApp } });
    const store = w.store as RecordingStore;
    store.failPuts = 1;
    await w.connectors.tiktok.readFollowerCount(TT);
    expect(w.log).toContain('put tiktok/open-1 FAILED');
    expect(w.log).toContain('tiktok api act.2-aaaaaaaa');
    expect(w.errors).toHaveLength(1);
    expect(w.errors.join(' ')).not.toMatch(/act\.2|rft\.2/);
    expect(w.events[0]?.persisted).toBe(false);
    await w.connectors.tiktok.readFollowerCount(TT);
    expect(JSON.parse(store.values['tiktok/open-1'] ?? '{}').refreshToken).toBe('rft.2-aaaaaaaa');
    expect(w.log.filter((l) => l.startsWith('tiktok refresh'))).toHaveLength(1);
  });
});

describe('Instagram and YouTube', () => {
  const igSecret = (issuedAgoMs: number, leftMs: number) =>
    JSON.stringify({
      accessToken: 'IGQ-old-token-1',
      issuedAt: iso(NOW - issuedAgoMs),
      expiresAt: iso(NOW + leftMs),
    });

  it('Instagram: refreshes a token ≥ 24 h old with < 7 days left through the access token itself', async () => {
    const w = world({ secrets: { 'instagram/1784': igSecret(54 * DAY, 6 * DAY) } });
    const result = await w.connectors.instagram.readFollowerCount(IG);
    expect(result.followers).toMatchObject({ status: 'available', value: 48_210 });
    expect(w.log.filter((l) => l.startsWith('instagram '))).toEqual([
      'instagram refresh IGQ-old-token-1',
      'instagram api IGQ-new-token-2',
    ]);
    expect(JSON.parse((w.store as RecordingStore).values['instagram/1784'] ?? '{}')).toMatchObject({
      accessToken: 'IGQ-new-token-2',
      expiresAt: iso(NOW + 60 * DAY),
      issuedAt: iso(NOW),
    });
    // Archived URLs never carry the token.
    expect(JSON.stringify(result.rawPages)).not.toContain('IGQ-');
  });

  it('Instagram: no refresh before 24 h of age or with more than 7 days left; an expired token is final', async () => {
    const young = world({ secrets: { 'instagram/1784': igSecret(20 * HOUR, 3 * DAY) } });
    await young.connectors.instagram.readFollowerCount(IG);
    const plenty = world({ secrets: { 'instagram/1784': igSecret(30 * DAY, 30 * DAY) } });
    await plenty.connectors.instagram.readFollowerCount(IG);
    expect([...young.log, ...plenty.log].filter((l) => l.includes('refresh'))).toEqual([]);

    const expired = world({ secrets: { 'instagram/1784': igSecret(61 * DAY, -DAY) } });
    expired.instagram.valid.clear();
    const error = await rejectionOf(expired.connectors.instagram.readFollowerCount(IG));
    expect(error).toBeInstanceOf(CredentialError);
    expect((error as CredentialError).reason).toBe('expired');
    expect(expired.log.filter((l) => l.includes('refresh'))).toEqual([]);
    expect(exposed(error)).not.toContain('IGQ-');
  });

  it('YouTube: refreshes with the Google app and keeps the (non-rotating) refresh token', async () => {
    const w = world({
      secrets: {
        'youtube/UC1': JSON.stringify({ accessToken: 'ya29.old-token', refreshToken: '1//google-refresh' }),
        'app/youtube': JSON.stringify({ client_id: 'gid.apps', client_secret: APP_SECRET }),
      },
    });
    // 401 on the old token → refresh → one retry.
    w.google.valid.clear();
    const result = await w.connectors.youtube.readFollowerCount(YT);
    expect(result.followers).toMatchObject({ status: 'available', value: 1200 });
    expect(w.log.filter((l) => l.startsWith('youtube') || l.startsWith('google'))).toEqual([
      'youtube api ya29.old-token',
      'google refresh 1//google-refresh',
      'youtube api ya29.new-2',
    ]);
    expect(JSON.parse((w.store as RecordingStore).values['youtube/UC1'] ?? '{}')).toMatchObject({
      accessToken: 'ya29.new-2',
      refreshToken: '1//google-refresh',
      expiresAt: iso(NOW + 3_599_000),
    });
  });
});

describe('token endpoints', () => {
  it('YouTube uses Google on googleapis.com and the stand-in next to any other base URL', () => {
    expect(googleTokenUrlFor('https://www.googleapis.com/youtube/v3')).toBe(
      'https://oauth2.googleapis.com/token',
    );
    expect(googleTokenUrlFor('http://127.0.0.1:4010/youtube/v3/')).toBe(
      'http://127.0.0.1:4010/youtube/oauth2/token',
    );
  });
});

describe('read-only secret store (env)', () => {
  it('refreshes for this process, warns once that it cannot persist, and reuses the refreshed token', async () => {
    const env = {
      [envVarNameFor('tiktok/open-1')]: tiktokSecret(),
      [envVarNameFor('app/tiktok')]: tiktokApp,
    };
    const w = world({ secrets: {}, store: new EnvSecretProvider(env) });
    await w.connectors.tiktok.readFollowerCount(TT);
    await w.connectors.tiktok.readFollowerCount(TT);
    expect(w.log.filter((l) => l.startsWith('tiktok '))).toEqual([
      'tiktok refresh rft.1-aaaaaaaa',
      'tiktok api act.2-aaaaaaaa',
      'tiktok api act.2-aaaaaaaa',
    ]);
    expect(w.warnings).toHaveLength(1);
    expect(w.warnings[0]).toContain('read-only');
    expect(w.events.map((e) => e.persisted)).toEqual([false]);
  });
});

describe('collect-creator wiring', () => {
  it('counts refreshes, and refreshes it could not persist, as TokenRefreshes metrics per platform', async () => {
    const w = world({ secrets: {} });
    const run = async (store: SecretProvider) => {
      const metrics = new InMemoryCollectMetrics();
      const events: TokenRefreshEvent[] = [];
      const deps = buildCollectCreatorDeps(COLLECT_CREATOR_ENV, {
        secrets: store,
        authorHashSecret: 'x'.repeat(32),
        fetch: w.fetch,
        platformClock: { now: () => NOW, sleep: async () => undefined, random: () => 0 },
        connectors: { tiktok: { baseUrl: 'https://tt.test', businessBaseUrl: 'https://biz.test' } },
        logger: new Logger({ serviceName: 'token-refresh-test', logLevel: 'SILENT' }),
        quotaStore: new InMemoryQuotaStateStore(),
        metrics,
        onTokenRefresh: (event) => events.push(event),
      });
      const connector = await deps.connectorFor('tiktok');
      expect((await connector.readFollowerCount(TT)).followers).toMatchObject({ value: 42 });
      return { metrics, events };
    };

    const writable = await run(
      new RecordingStore({ 'tiktok/open-1': tiktokSecret(), 'app/tiktok': tiktokApp }, w.log),
    );
    expect(writable.events).toHaveLength(1);
    expect(writable.metrics.get('TokenRefreshes', 'tiktok')).toBe(1);
    expect(writable.metrics.get('TokenRefreshesNotPersisted', 'tiktok')).toBe(0);

    // Env secrets cannot be written: the refresh still works for this process and is counted as not persisted.
    const readOnly = await run(
      new EnvSecretProvider({
        [envVarNameFor('tiktok/open-1')]: tiktokSecret({
          accessToken: `act.${w.tiktok.issued}-aaaaaaaa`,
          refreshToken: w.tiktok.refreshToken,
        }),
        [envVarNameFor('app/tiktok')]: tiktokApp,
      }),
    );
    expect(readOnly.metrics.get('TokenRefreshes', 'tiktok')).toBe(1);
    expect(readOnly.metrics.get('TokenRefreshesNotPersisted', 'tiktok')).toBe(1);
  });
});
