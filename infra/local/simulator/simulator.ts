import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Campaign, Creator } from '../../../shared/domain/creator';
import type { Platform } from '../../../shared/domain/platform';
import { pacificDay } from '../../../shared/platforms/pacific-time';
import { platformAppSecretName, platformSecretName } from '../../../shared/ports/platform-connector';
import { type GroundTruth, groundTruthOf } from './ground-truth';
import { handleInstagram, instagramError } from './instagram-api';
import { creatorKeyOf, type RefreshKind, SIM_APPS, SimOAuth } from './oauth';
import { unitHash } from './prng';
import {
  type FaultKind,
  type FaultRates,
  NO_FAULTS,
  type SimQuotaLimits,
  type SimRequest,
  type SimResponse,
} from './sim-types';
import {
  handleTiktokBusiness,
  handleTiktokDisplay,
  tiktokBusinessError,
  tiktokDisplayError,
} from './tiktok-api';
import { followersAt, generateWorld, HOUR, type SimCreator, type SimTier, type SimWorld } from './world';
import { handleYoutube, youtubeError } from './youtube-api';

export interface SimulatorOptions {
  readonly seed: number;
  /** Number of creators, spread round-robin over YouTube, Instagram and TikTok. */
  readonly creators: number;
  /** The simulator's clock (epoch ms); content exists only once its publish time ≤ now. Default: real time. */
  readonly now?: () => number;
  /** Anchor of the generated history (epoch ms); default: the clock's current hour. */
  readonly startAt?: number;
  /** One rate for every fault knob, or per-knob rates. */
  readonly faults?: number | Partial<FaultRates>;
  /** Real-time delay of a "slow" response (default 1,500 ms). */
  readonly slowResponseMs?: number;
  /** Budgets before the quota-exhaustion knob shrinks them. */
  readonly quota?: Partial<SimQuotaLimits>;
}

/** What the pipeline needs to register a simulated creator. */
export interface SimulatedCreator {
  readonly creator: Creator;
  readonly tier: SimTier;
  /** Secret name the connectors look up (`platformSecretName`), and the token to store under it. */
  readonly credentialName: string;
  /** The grant's current access token. */
  readonly accessToken: string;
  /** The whole credential to store under `credentialName` (access + refresh token, expiries; JSON). */
  readonly secretValue: string;
}

export interface SimulatorStats {
  /** API calls (token endpoint calls are counted apart, in `tokenRefreshes`). */
  readonly requests: number;
  /** Calls made when the simulated budget was already spent. The quota ledger must keep this at 0. */
  readonly quotaViolations: number;
  readonly faultsInjected: Readonly<Record<string, number>>;
  readonly requestsByPlatform: Readonly<Record<Platform, number>>;
  /** Successful token refreshes per platform. */
  readonly tokenRefreshes: Readonly<Record<Platform, number>>;
  /** Refresh calls refused (rotated or revoked refresh token, bad client, Instagram too young/expired). */
  readonly tokenRefreshesRefused: Readonly<Record<Platform, number>>;
}

export interface Simulator {
  /** Starts listening on 127.0.0.1 (port 0 = ephemeral); resolves to the base URL. */
  listen(port?: number): Promise<string>;
  close(): Promise<void>;
  readonly url: string;
  /** Per-platform API base URLs to give the connectors. */
  baseUrls(): { youtube: string; instagram: string; tiktok: string; tiktokBusiness: string };
  now(): number;
  /** Overrides the injected clock (also `POST /__sim/clock {"now": iso}`). */
  setNow(epochMs: number): void;
  creators(): SimulatedCreator[];
  campaigns(): Campaign[];
  /**
   * Secret name → value for a secret provider: each creator's current credential (JSON with refresh token and
   * expiries), and the OAuth apps under `app/tiktok` and `app/youtube` (needed to refresh).
   */
  secrets(): Record<string, string>;
  /** Budgets in force (after the quota-exhaustion knob), to configure the quota ledger identically. */
  quotaLimits(): SimQuotaLimits;
  faultRates(): FaultRates;
  stats(): SimulatorStats;
  groundTruth(): GroundTruth;
  writeGroundTruth(path: string): Promise<void>;
  /** The creator re-authorised the app: a new token replaces the expired one. Returns the new token. */
  reauthorize(platform: Platform, accountId: string): string;
  /** Test hook: the creator's current access token expires now (its refresh token still works). */
  expireAccessToken(platform: Platform, accountId: string): void;
  /** Test hook: spend a credential's whole budget from outside (another app sharing the quota). */
  exhaustQuota(platform: Platform, accountId: string): void;
  readonly world: SimWorld;
}

function resolveFaults(faults: SimulatorOptions['faults']): FaultRates {
  if (faults === undefined) return NO_FAULTS;
  if (typeof faults === 'number') {
    const rate = Math.max(0, Math.min(1, faults));
    return Object.fromEntries(Object.keys(NO_FAULTS).map((k) => [k, rate])) as unknown as FaultRates;
  }
  return { ...NO_FAULTS, ...faults };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

type Route =
  | { platform: Platform; oauth: RefreshKind }
  | { platform: 'youtube'; path: string }
  | { platform: 'instagram'; segments: string[] }
  | { platform: 'tiktok'; api: 'display' | 'business'; path: string };

function routeOf(pathname: string): Route | undefined {
  // Token endpoints first: TikTok's shares the Display API's /v2/ prefix.
  if (pathname === '/tiktok/v2/oauth/token/') return { platform: 'tiktok', oauth: 'tiktok' };
  if (pathname === '/youtube/oauth2/token') return { platform: 'youtube', oauth: 'google' };
  if (pathname === '/instagram/refresh_access_token') return { platform: 'instagram', oauth: 'instagram' };
  if (pathname.startsWith('/youtube/v3/'))
    return { platform: 'youtube', path: pathname.slice('/youtube/v3'.length) };
  const ig = /^\/instagram\/v\d+\.\d+\/(.+)$/.exec(pathname);
  if (ig?.[1] !== undefined) return { platform: 'instagram', segments: ig[1].split('/').filter(Boolean) };
  if (pathname.startsWith('/tiktok/v2/'))
    return { platform: 'tiktok', api: 'display', path: pathname.slice('/tiktok'.length) };
  if (pathname.startsWith('/tiktok/open_api/v1.3/business/')) {
    return {
      platform: 'tiktok',
      api: 'business',
      path: pathname.slice('/tiktok/open_api/v1.3/business'.length),
    };
  }
  return undefined;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

type ApiRoute = Exclude<Route, { oauth: RefreshKind }>;

function tokenOf(route: ApiRoute, request: IncomingMessage, url: URL): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(header(request, 'authorization') ?? '')?.[1];
  if (route.platform === 'instagram') return url.searchParams.get('access_token') ?? bearer;
  if (route.platform === 'tiktok' && route.api === 'business') return header(request, 'access-token');
  return bearer ?? url.searchParams.get('key') ?? undefined;
}

function authError(route: ApiRoute, expired: boolean): SimResponse {
  switch (route.platform) {
    case 'youtube':
      return youtubeError(
        401,
        'authError',
        'Request had invalid authentication credentials. Expected OAuth 2 access token.',
        'global',
      );
    case 'instagram':
      return instagramError(
        400,
        190,
        expired
          ? 'Error validating access token: Session has expired.'
          : 'Invalid OAuth access token - Cannot parse access token',
        expired ? 463 : undefined,
      );
    case 'tiktok':
      return route.api === 'business'
        ? tiktokBusinessError(40105, 'Access token is invalid or has expired.')
        : tiktokDisplayError(
            401,
            'access_token_invalid',
            'The access token is invalid or not found in the request.',
          );
  }
}

/** Creates the simulator (not yet listening). Deterministic from the seed and the clock. */
export function createSimulator(options: SimulatorOptions): Simulator {
  const injectedNow = options.now ?? (() => Date.now());
  let clockOverride: number | undefined;
  const now = () => clockOverride ?? injectedNow();
  const startAt = options.startAt ?? Math.floor(now() / HOUR) * HOUR;
  const faults = resolveFaults(options.faults);
  const world = generateWorld({ seed: options.seed, creators: options.creators, startAt });
  const slowResponseMs = options.slowResponseMs ?? 1_500;
  const shrink = (value: number, floor: number) =>
    Math.max(floor, Math.round(value * (1 - faults.quotaExhaustion)));
  const limits: SimQuotaLimits = {
    youtubeDailyUnits: shrink(options.quota?.youtubeDailyUnits ?? 10_000, 40),
    instagramCallsPerHour: shrink(options.quota?.instagramCallsPerHour ?? 200, 20),
    tiktokPerMinute: shrink(options.quota?.tiktokPerMinute ?? 600, 6),
  };

  // Persistent faults are decided once, from the seed.
  const seedKey = String(options.seed);
  for (const creator of world.creators) {
    if (unitHash(seedKey, 'tokenExpiry', creator.accountId) < faults.tokenExpiry) {
      creator.tokenExpiresAt =
        startAt + Math.floor(unitHash(seedKey, 'tokenExpiryAt', creator.accountId) * 24 * HOUR);
    }
  }
  for (const post of world.posts) {
    if (unitHash(seedKey, 'deleted', post.postId) < faults.deletedPosts) {
      post.deletedAt =
        post.publishedAt + Math.floor((1 + unitHash(seedKey, 'deletedAt', post.postId) * 35) * HOUR);
      post.privateInsteadOfDeleted =
        post.platform === 'youtube' && unitHash(seedKey, 'private', post.postId) < 0.5;
    }
  }

  const reissuedAt = new Map<string, number>();
  // The token-expiry fault revokes the grant (access and refresh) until the creator re-authorises.
  const oauth = new SimOAuth(
    seedKey,
    world.creators,
    now(),
    (creator, at) =>
      creator.tokenExpiresAt !== undefined &&
      creator.tokenExpiresAt <= at &&
      !reissuedAt.has(creatorKeyOf(creator)),
  );

  // Quota usage per creator (app–user pair), so a refreshed token does not get a fresh budget.
  const youtubeUsage = new Map<string, { day: string; units: number; exhausted: boolean }>();
  const instagramCalls = new Map<string, number[]>();
  const tiktokCalls = new Map<string, number[]>();
  const attempts = new Map<string, number>();
  let requests = 0;
  let quotaViolations = 0;
  const faultsInjected: Record<string, number> = {};
  const requestsByPlatform: Record<Platform, number> = { youtube: 0, instagram: 0, tiktok: 0 };
  const countFault = (kind: string) => {
    faultsInjected[kind] = (faultsInjected[kind] ?? 0) + 1;
  };

  function instagramUsagePercent(key: string, at: number): { percent: number; regainMinutes: number } {
    const calls = (instagramCalls.get(key) ?? []).filter((t) => t > at - HOUR);
    instagramCalls.set(key, calls);
    const percent = Math.min(100, Math.ceil((100 * calls.length) / limits.instagramCallsPerHour));
    const oldest = calls[0];
    const regainMinutes =
      calls.length >= limits.instagramCallsPerHour && oldest !== undefined
        ? Math.max(1, Math.ceil((oldest + HOUR - at) / 60_000))
        : 0;
    return { percent, regainMinutes };
  }

  function usageHeaders(creator: SimCreator, at: number): Record<string, string> {
    const { percent, regainMinutes } = instagramUsagePercent(creatorKeyOf(creator), at);
    return {
      'x-app-usage': JSON.stringify({
        call_count: Math.min(100, Math.ceil(percent / 4)),
        total_cputime: 1,
        total_time: 1,
      }),
      'x-business-use-case-usage': JSON.stringify({
        [creator.accountId]: [
          {
            type: 'instagram',
            call_count: percent,
            total_cputime: Math.ceil(percent / 3),
            total_time: Math.ceil(percent / 3),
            estimated_time_to_regain_access: regainMinutes,
          },
        ],
      }),
    };
  }

  /** Checks and charges the budget; a call arriving when it is already spent is a violation. */
  function chargeQuota(route: ApiRoute, creator: SimCreator, at: number): SimResponse | undefined {
    const key = creatorKeyOf(creator);
    switch (route.platform) {
      case 'youtube': {
        const day = pacificDay(at);
        const usage = youtubeUsage.get(key);
        const current = usage?.day === day ? usage : { day, units: 0, exhausted: false };
        youtubeUsage.set(key, current);
        if (current.exhausted || current.units >= limits.youtubeDailyUnits) {
          if (!current.exhausted) quotaViolations++;
          current.units++;
          return youtubeError(
            403,
            'quotaExceeded',
            'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
            'youtube.quota',
          );
        }
        current.units++;
        return undefined;
      }
      case 'instagram': {
        const { regainMinutes } = instagramUsagePercent(key, at);
        const calls = instagramCalls.get(key) ?? [];
        if (calls.length >= limits.instagramCallsPerHour) {
          quotaViolations++;
          return {
            ...instagramError(
              400,
              80002,
              'There have been too many calls to this Instagram account. Wait a bit and try again.',
              undefined,
              'OAuthException',
            ),
            headers: usageHeaders(creator, at),
            regainMinutes,
          } as SimResponse;
        }
        calls.push(at);
        instagramCalls.set(key, calls);
        return undefined;
      }
      case 'tiktok': {
        const windowKey = `${key}|${route.path}`;
        const calls = (tiktokCalls.get(windowKey) ?? []).filter((t) => t > at - 60_000);
        if (calls.length >= limits.tiktokPerMinute) {
          quotaViolations++;
          tiktokCalls.set(windowKey, calls);
          return route.api === 'business'
            ? tiktokBusinessError(40100, 'Requests made too frequently.')
            : tiktokDisplayError(429, 'rate_limit_exceeded', 'API rate limit exceeded, please retry later.');
        }
        calls.push(at);
        tiktokCalls.set(windowKey, calls);
        return undefined;
      }
    }
  }

  function transientFault(route: ApiRoute, kind: 'rateLimit' | 'serverError'): SimResponse {
    if (kind === 'rateLimit') {
      const retryAfter = { 'retry-after': '2' };
      switch (route.platform) {
        case 'youtube':
          return {
            ...youtubeError(429, 'rateLimitExceeded', 'The request was rate limited.'),
            headers: retryAfter,
          };
        case 'instagram':
          return { ...instagramError(429, 4, 'Application request limit reached'), headers: retryAfter };
        case 'tiktok':
          return route.api === 'business'
            ? tiktokBusinessError(40100, 'Requests made too frequently.')
            : {
                ...tiktokDisplayError(
                  429,
                  'rate_limit_exceeded',
                  'API rate limit exceeded, please retry later.',
                ),
                headers: retryAfter,
              };
      }
    }
    switch (route.platform) {
      case 'youtube':
        return youtubeError(503, 'backendError', 'Backend Error');
      case 'instagram':
        return instagramError(500, 2, 'An unexpected error has occurred. Please retry your request later.');
      case 'tiktok':
        return route.api === 'business'
          ? tiktokBusinessError(50002, 'System error', 500)
          : tiktokDisplayError(500, 'internal_error', 'Something went wrong.');
    }
  }

  function send(response: ServerResponse, result: SimResponse, malformed: boolean): void {
    let text = JSON.stringify(result.body);
    if (malformed) text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    response.writeHead(result.status, {
      'content-type': 'application/json; charset=UTF-8',
      ...(result.headers ?? {}),
    });
    response.end(text);
  }

  async function handleControl(request: IncomingMessage, url: URL, response: ServerResponse): Promise<void> {
    if (url.pathname === '/__sim/clock' && request.method === 'POST') {
      const body = JSON.parse((await readBody(request)) || '{}') as { now?: unknown };
      const at =
        typeof body.now === 'string'
          ? Date.parse(body.now)
          : typeof body.now === 'number'
            ? body.now
            : Number.NaN;
      if (Number.isNaN(at))
        return send(response, { status: 400, body: { error: 'body must be {"now": "<ISO-8601>"}' } }, false);
      clockOverride = at;
      return send(response, { status: 200, body: { now: new Date(at).toISOString() } }, false);
    }
    if (url.pathname === '/__sim/clock')
      return send(response, { status: 200, body: { now: new Date(now()).toISOString() } }, false);
    if (url.pathname === '/__sim/ground-truth')
      return send(response, { status: 200, body: groundTruthOf(world, now(), faults) }, false);
    if (url.pathname === '/__sim/stats')
      return send(response, { status: 200, body: simulator.stats() }, false);
    return send(response, { status: 404, body: { error: 'unknown simulator control path' } }, false);
  }

  /**
   * A token endpoint call. Not an API request (no quota, not in `requests`); the server-error fault applies
   * before the grant is touched, so a failed call never rotates a token the client did not receive.
   */
  function refreshResponse(
    route: Extract<Route, { oauth: RefreshKind }>,
    request: IncomingMessage,
    url: URL,
    rawBody: string,
  ): SimResponse {
    const at = now();
    const requestKey = `${request.method} ${url.pathname} ${rawBody} ${url.searchParams.toString()}`;
    const attempt = attempts.get(requestKey) ?? 0;
    attempts.set(requestKey, attempt + 1);
    if (
      attempt < 2 &&
      faults.serverError > 0 &&
      unitHash(seedKey, 'serverError', requestKey, attempt) < faults.serverError
    ) {
      countFault('serverError');
      return route.oauth === 'instagram'
        ? instagramError(500, 2, 'An unexpected error has occurred. Please retry your request later.')
        : {
            status: 503,
            body: { error: 'temporarily_unavailable', error_description: 'Service unavailable.' },
          };
    }
    return oauth.handle(route.oauth, request.method ?? 'GET', url, rawBody, at);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/__sim/')) return handleControl(request, url, response);
    const route = routeOf(url.pathname);
    if (route === undefined)
      return send(response, { status: 404, body: { error: `no simulated API at ${url.pathname}` } }, false);
    const rawBody = await readBody(request);
    if ('oauth' in route) return send(response, refreshResponse(route, request, url, rawBody), false);
    let body: unknown;
    try {
      body = rawBody === '' ? undefined : JSON.parse(rawBody);
    } catch {
      return send(
        response,
        route.platform === 'tiktok'
          ? tiktokDisplayError(400, 'invalid_params', 'body is not JSON')
          : { status: 400, body: { error: 'bad body' } },
        false,
      );
    }
    const at = now();
    requests++;
    requestsByPlatform[route.platform]++;
    const token = tokenOf(route, request, url);
    const creator = token === undefined ? undefined : oauth.creatorOf(token);
    if (creator === undefined || token === undefined) return send(response, authError(route, false), false);
    if (oauth.refusal(creator, token, at) !== undefined) return send(response, authError(route, true), false);
    const quotaRefusal = chargeQuota(route, creator, at);
    if (quotaRefusal !== undefined) {
      if (route.platform === 'instagram') {
        const regain = (quotaRefusal as SimResponse & { regainMinutes?: number }).regainMinutes ?? 60;
        const headers = usageHeaders(creator, at);
        headers['x-business-use-case-usage'] = JSON.stringify({
          [creator.accountId]: [
            {
              type: 'instagram',
              call_count: 100,
              total_cputime: 34,
              total_time: 34,
              estimated_time_to_regain_access: regain,
            },
          ],
        });
        return send(response, { status: quotaRefusal.status, body: quotaRefusal.body, headers }, false);
      }
      return send(response, quotaRefusal, false);
    }

    // Transient faults: deterministic per (request, attempt), and only on the first two attempts of a request.
    const params = [...url.searchParams]
      .filter(([k]) => k !== 'access_token' && k !== 'key')
      .sort(([a], [b]) => a.localeCompare(b));
    const requestKey = `${request.method} ${url.pathname}?${new URLSearchParams(params).toString()} ${rawBody} ${Math.floor(at / HOUR)}`;
    const attempt = attempts.get(requestKey) ?? 0;
    attempts.set(requestKey, attempt + 1);
    const fault = (kind: FaultKind) =>
      attempt < 2 && faults[kind] > 0 && unitHash(seedKey, kind, requestKey, attempt) < faults[kind];
    if (fault('slow')) {
      countFault('slow');
      await new Promise((resolve) => setTimeout(resolve, slowResponseMs));
    }
    for (const kind of ['rateLimit', 'serverError'] as const) {
      if (fault(kind)) {
        countFault(kind);
        return send(response, transientFault(route, kind), false);
      }
    }
    const simRequest: SimRequest = {
      method: request.method ?? 'GET',
      url,
      headers: request.headers,
      body,
      now: at,
      creator,
      world,
      apiBase: `${simulator.url}${route.platform === 'instagram' ? url.pathname.replace(/^(\/instagram\/v\d+\.\d+).*$/, '$1') : ''}`,
      pageFault: (kind) => {
        const hit = fault(kind);
        if (hit) countFault(kind);
        return hit;
      },
    };
    let result: SimResponse;
    if (route.platform === 'youtube') result = handleYoutube(route.path, simRequest);
    else if (route.platform === 'instagram') result = handleInstagram(route.segments, simRequest);
    else
      result =
        route.api === 'display'
          ? handleTiktokDisplay(route.path, simRequest)
          : handleTiktokBusiness(route.path, simRequest);
    if (route.platform === 'instagram')
      result = { ...result, headers: { ...(result.headers ?? {}), ...usageHeaders(creator, at) } };
    const malformed = result.status === 200 && fault('malformedJson');
    if (malformed) countFault('malformedJson');
    send(response, result, malformed);
  }

  let server: Server | undefined;
  let baseUrl = '';

  const simulator: Simulator = {
    world,
    get url() {
      return baseUrl;
    },
    async listen(port = 0) {
      server = createServer((request, response) => {
        handle(request, response).catch((error: unknown) => {
          if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({ error: { message: `simulator error: ${(error as Error).message}` } }),
          );
        });
      });
      await new Promise<void>((resolve, reject) => {
        server?.once('error', reject);
        server?.listen(port, '127.0.0.1', () => resolve());
      });
      const address = server.address() as AddressInfo;
      baseUrl = `http://127.0.0.1:${address.port}`;
      return baseUrl;
    },
    async close() {
      const current = server;
      server = undefined;
      if (current === undefined) return;
      current.closeAllConnections();
      await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    baseUrls() {
      return {
        youtube: `${baseUrl}/youtube/v3`,
        instagram: `${baseUrl}/instagram`,
        tiktok: `${baseUrl}/tiktok`,
        tiktokBusiness: `${baseUrl}/tiktok`,
      };
    },
    now,
    setNow(epochMs) {
      clockOverride = epochMs;
    },
    creators() {
      return world.creators.map((c) => ({
        creator: {
          platform: c.platform,
          accountId: c.accountId,
          handle: c.handle,
          niche: c.niche,
          followerHistory: [
            { capturedAt: new Date(startAt).toISOString(), followers: followersAt(c, startAt, startAt) },
          ],
          campaignIds: [...c.campaignIds],
          status: 'active' as const,
        },
        tier: c.tier,
        credentialName: platformSecretName(c.platform, c.accountId),
        accessToken: oauth.grantOf(c).accessToken,
        secretValue: oauth.credentialOf(c),
      }));
    },
    campaigns() {
      return structuredClone(world.campaigns);
    },
    secrets() {
      return {
        [platformAppSecretName('tiktok')]: JSON.stringify(SIM_APPS.tiktok),
        [platformAppSecretName('youtube')]: JSON.stringify(SIM_APPS.youtube),
        ...Object.fromEntries(simulator.creators().map((c) => [c.credentialName, c.secretValue])),
      };
    },
    quotaLimits() {
      return limits;
    },
    faultRates() {
      return faults;
    },
    stats() {
      return {
        requests,
        quotaViolations,
        faultsInjected: { ...faultsInjected },
        requestsByPlatform: { ...requestsByPlatform },
        ...oauth.stats(),
      };
    },
    groundTruth() {
      return groundTruthOf(world, now(), faults);
    },
    async writeGroundTruth(path) {
      await writeFile(path, `${JSON.stringify(groundTruthOf(world, now(), faults), null, 2)}\n`);
    },
    reauthorize(platform, accountId) {
      const creator = world.creators.find((c) => c.platform === platform && c.accountId === accountId);
      if (creator === undefined) throw new Error(`no simulated ${platform} creator ${accountId}`);
      reissuedAt.set(creatorKeyOf(creator), now());
      return oauth.reauthorize(creator, now());
    },
    expireAccessToken(platform, accountId) {
      const creator = world.creators.find((c) => c.platform === platform && c.accountId === accountId);
      if (creator === undefined) throw new Error(`no simulated ${platform} creator ${accountId}`);
      oauth.expireAccessToken(creator, now());
    },
    exhaustQuota(platform, accountId) {
      // Budgets are kept per creator (see chargeQuota).
      const key = `${platform}#${accountId}`;
      const at = now();
      if (platform === 'youtube')
        youtubeUsage.set(key, { day: pacificDay(at), units: limits.youtubeDailyUnits, exhausted: true });
      if (platform === 'instagram')
        instagramCalls.set(
          key,
          Array.from({ length: limits.instagramCallsPerHour }, () => at),
        );
      if (platform === 'tiktok')
        for (const path of ['/v2/video/list/', '/v2/video/query/', '/v2/user/info/'])
          tiktokCalls.set(
            `${key}|${path}`,
            Array.from({ length: limits.tiktokPerMinute }, () => at),
          );
    },
  };
  return simulator;
}

/** Creates and starts a simulator; resolves once it listens. */
export async function startSimulator(options: SimulatorOptions & { port?: number }): Promise<Simulator> {
  const simulator = createSimulator(options);
  await simulator.listen(options.port ?? 0);
  return simulator;
}
