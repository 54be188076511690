import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Post } from '../../../shared/domain/post';
import { createPlatformConnectors } from '../../../shared/platforms/connectors';
import { InMemoryQuotaStateStore, StoreBackedQuotaLedger } from '../../../shared/platforms/quota-ledger';
import { StaticSecretProvider } from '../../../shared/platforms/secret-providers';

/**
 * Connectors against canned responses shaped like the platforms' documented examples (no network): string counts,
 * unknown fields, invalid items, retired metrics, rate limits in a 200 body.
 */
const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '../../fixtures/platforms', name), 'utf8');
const NOW = Date.parse('2026-11-20T12:00:00Z');

type Route = (url: URL, init: RequestInit | undefined) => { status?: number; body: string } | undefined;

function rig(route: Route, instagramConfig = {}) {
  const calls: string[] = [];
  const fetchStub = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    calls.push(
      `${init?.method ?? 'GET'} ${url.pathname}${url.searchParams.has('metric') ? `?metric=${url.searchParams.get('metric')}` : ''}`,
    );
    const hit = route(url, init);
    if (hit === undefined)
      return new Response('{"error":{"message":"no fixture","code":100}}', { status: 404 });
    return new Response(hit.body, {
      status: hit.status ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
  const connectors = createPlatformConnectors(
    {
      secrets: new StaticSecretProvider({
        'youtube/UC_x5XG1OV2P6uZZ5FSM9Ttw': 'yt-token',
        'instagram/17841405822304914': 'ig-token',
        'tiktok/-000OoKj0Jq': '{"accessToken":"act.1","businessAccessToken":"biz.1"}',
      }),
      ledger: new StoreBackedQuotaLedger(new InMemoryQuotaStateStore()),
      authorKeyer: (id) => `key-${id}`.padEnd(20, '#'),
      clock: { now: () => NOW, sleep: async () => undefined, random: () => 0 },
      fetch: fetchStub,
    },
    {
      youtube: { baseUrl: 'https://yt.test/youtube/v3' },
      instagram: { baseUrl: 'https://ig.test', ...instagramConfig },
      tiktok: { baseUrl: 'https://tt.test', businessBaseUrl: 'https://biz.test' },
    },
  );
  return { connectors, calls };
}

const youtubeCreator = { platform: 'youtube' as const, accountId: 'UC_x5XG1OV2P6uZZ5FSM9Ttw' };

function youtubeRoutes(url: URL) {
  const map: Record<string, string> = {
    '/youtube/v3/channels': 'youtube-channels-list.json',
    '/youtube/v3/playlistItems': 'youtube-playlist-items.json',
    '/youtube/v3/videos': 'youtube-videos-list.json',
    '/youtube/v3/commentThreads': 'youtube-comment-threads.json',
    '/youtube/v3/comments': 'youtube-comments-list.json',
  };
  const name = map[url.pathname];
  return name === undefined ? undefined : { body: fixture(name) };
}

describe('YouTube connector on documented response shapes', () => {
  it('lists uploads, types shorts by duration, keeps the platform flag, quarantines invalid items', async () => {
    const { connectors, calls } = rig(youtubeRoutes);
    const result = await connectors.youtube.listRecentPosts(youtubeCreator, {
      since: '2026-11-01T00:00:00Z',
    });
    expect(result.posts.map((p) => [p.postId, p.type, p.platformPaidPartnership])).toEqual([
      ['c0KYU2j0TM4', 'short', undefined], // no flag returned ≠ false
      ['Ks-_Mh1QhMc', 'video', true],
    ]);
    expect(result.quarantined.map((q) => q.kind)).toEqual(['post', 'post']); // playlist item without videoId; broken video
    expect(result.rawPages).toHaveLength(3);
    expect(result.rawPages.every((p) => !p.url.includes('yt-token'))).toBe(true);
    expect(calls).toEqual([
      'GET /youtube/v3/channels',
      'GET /youtube/v3/playlistItems',
      'GET /youtube/v3/videos',
    ]);
  });

  it('turns string counts into numbers, hidden likes into unavailable, a vanished video into deleted', async () => {
    const { connectors } = rig(youtubeRoutes);
    const posts = ['Ks-_Mh1QhMc', 'c0KYU2j0TM4', 'gone-video'].map(
      (postId): Post => ({
        platform: 'youtube',
        postId,
        accountId: youtubeCreator.accountId,
        type: 'video',
        caption: '',
        publishedAt: '2026-11-18T00:00:00Z',
        status: 'active',
      }),
    );
    const result = await connectors.youtube.readPostMetrics(youtubeCreator, posts);
    expect(result.followers).toEqual({ status: 'available', value: 2_390_000 });
    const first = result.snapshots.find((s) => s.postId === 'Ks-_Mh1QhMc');
    expect(first?.metrics.views).toEqual({ status: 'available', value: 21_847_301 });
    expect(first?.metrics.likes).toEqual({ status: 'available', value: 412_345 });
    expect(first?.metrics.reach.status).toBe('unavailable');
    const short = result.snapshots.find((s) => s.postId === 'c0KYU2j0TM4');
    expect(short?.metrics.likes).toMatchObject({ status: 'unavailable', reason: 'hidden_by_owner' });
    expect(result.statusChanges).toEqual([{ postId: 'gone-video', status: 'deleted' }]);
  });

  it('reads all replies with comments.list when the thread embeds fewer than totalReplyCount', async () => {
    const { connectors, calls } = rig(youtubeRoutes);
    const post: Post = {
      platform: 'youtube',
      postId: 'Ks-_Mh1QhMc',
      accountId: youtubeCreator.accountId,
      type: 'video',
      caption: '',
      publishedAt: '2026-11-19T17:00:08Z',
      status: 'active',
    };
    const result = await connectors.youtube.readNewComments(youtubeCreator, post, null);
    expect(calls).toContain('GET /youtube/v3/comments');
    expect(result.comments.map((c) => c.commentId)).toEqual([
      'UgzDE2tasfmrYLyNkGt4AaABAg',
      'UgzDE2tasfmrYLyNkGt4AaABAg.A1',
      'UgzDE2tasfmrYLyNkGt4AaABAg.A2',
      'UgzDE2tasfmrYLyNkGt4AaABAg.A3',
    ]);
    expect(result.comments[0]?.text).toBe('Great talk & thanks!'); // textOriginal, not the HTML textDisplay
    expect(result.comments[0]?.authorKey).toBe('key-UCviewer1aaaaaaaaaaaaaaa');
    expect(result.comments[1]?.parentId).toBe('UgzDE2tasfmrYLyNkGt4AaABAg');
    expect(result.quarantined).toHaveLength(1); // the thread without a top-level comment
    expect(result.nextWatermark.latestAt).toBe('2026-11-19T18:00:00.000Z');
  });

  it('a 403 commentsDisabled is "unavailable: disabled_on_post", not an error', async () => {
    const { connectors } = rig((url) =>
      url.pathname.endsWith('/commentThreads')
        ? {
            status: 403,
            body: JSON.stringify({
              error: {
                code: 403,
                message: 'disabled comments',
                errors: [{ reason: 'commentsDisabled', domain: 'youtube.commentThread' }],
              },
            }),
          }
        : undefined,
    );
    const post: Post = {
      platform: 'youtube',
      postId: 'x',
      accountId: youtubeCreator.accountId,
      type: 'video',
      caption: '',
      publishedAt: '2026-11-19T17:00:08Z',
      status: 'active',
    };
    const result = await connectors.youtube.readNewComments(youtubeCreator, post, null);
    expect(result.availability).toMatchObject({ status: 'unavailable', reason: 'disabled_on_post' });
    expect(result.comments).toEqual([]);
  });
});

describe('Instagram connector: insights with a per-metric off switch', () => {
  const creator = { platform: 'instagram' as const, accountId: '17841405822304914' };
  const reel: Post = {
    platform: 'instagram',
    postId: '17895695668004550',
    accountId: creator.accountId,
    type: 'reel',
    caption: '',
    publishedAt: '2026-11-18T07:56:32Z',
    status: 'active',
  };

  it('switches off a metric the API refuses and keeps the rest; impressions is retired', async () => {
    const { connectors, calls } = rig((url) => {
      if (url.pathname === '/v23.0/17841405822304914') return { body: fixture('instagram-user.json') };
      if (url.pathname === '/v23.0/17895695668004550')
        return { body: fixture('instagram-media-object.json') };
      if (url.pathname.endsWith('/insights')) {
        const metrics = url.searchParams.get('metric') ?? '';
        return metrics.split(',').includes('views')
          ? { status: 400, body: fixture('instagram-insights-unsupported-views.json') }
          : { body: fixture('instagram-insights.json') };
      }
      return undefined;
    });
    const result = await connectors.instagram.readPostMetrics(creator, [reel]);
    const snapshot = result.snapshots[0];
    expect(result.followers).toEqual({ status: 'available', value: 48_210 });
    expect(snapshot?.metrics.views).toMatchObject({ status: 'unavailable', reason: 'retired_metric' });
    expect(snapshot?.metrics.impressions).toMatchObject({ status: 'unavailable', reason: 'retired_metric' });
    expect(snapshot?.metrics.reach).toEqual({ status: 'available', value: 30_512 });
    expect(snapshot?.metrics.saves).toEqual({ status: 'available', value: 812 });
    expect(snapshot?.metrics.likes).toEqual({ status: 'available', value: 1_523 });
    expect(calls.filter((c) => c.includes('insights'))).toEqual([
      'GET /v23.0/17895695668004550/insights?metric=views,reach,saved,shares,likes,comments',
      'GET /v23.0/17895695668004550/insights?metric=reach,saved,shares,likes,comments',
    ]);
    // Remembered: the next post does not ask for `views` again.
    await connectors.instagram.readPostMetrics(creator, [reel]);
    expect(calls.filter((c) => c.includes('metric=views'))).toHaveLength(1);
  });

  it('a configured off switch is collection_disabled and never requested', async () => {
    const { connectors, calls } = rig(
      (url) => {
        if (url.pathname === '/v23.0/17841405822304914') return { body: fixture('instagram-user.json') };
        if (url.pathname === '/v23.0/17895695668004550')
          return { body: fixture('instagram-media-object.json') };
        if (url.pathname.endsWith('/insights')) return { body: fixture('instagram-insights.json') };
        return undefined;
      },
      { disabledMetrics: ['views', 'shares'] },
    );
    const result = await connectors.instagram.readPostMetrics(creator, [reel]);
    expect(result.snapshots[0]?.metrics.views).toMatchObject({
      status: 'unavailable',
      reason: 'collection_disabled',
    });
    expect(result.snapshots[0]?.metrics.shares).toMatchObject({
      status: 'unavailable',
      reason: 'collection_disabled',
    });
    expect(calls.find((c) => c.includes('insights'))).toBe(
      'GET /v23.0/17895695668004550/insights?metric=reach,saved,likes,comments',
    );
  });
});

describe('TikTok connector', () => {
  const creator = { platform: 'tiktok' as const, accountId: '-000OoKj0Jq' };

  it('queries counts, quarantines an invalid video, marks a missing one deleted', async () => {
    const { connectors } = rig((url) => {
      if (url.pathname === '/v2/user/info/') return { body: fixture('tiktok-user-info.json') };
      if (url.pathname === '/v2/video/query/') return { body: fixture('tiktok-video-query.json') };
      return undefined;
    });
    const posts = ['7080217258529732865', '7080217258529732866', '7080217258529732867'].map(
      (postId): Post => ({
        platform: 'tiktok',
        postId,
        accountId: creator.accountId,
        type: 'video',
        caption: '',
        publishedAt: '2026-11-19T00:00:00Z',
        status: 'active',
      }),
    );
    const result = await connectors.tiktok.readPostMetrics(creator, posts);
    expect(result.followers).toEqual({ status: 'available', value: 20_340 });
    expect(result.snapshots).toHaveLength(1);
    expect(result.snapshots[0]?.metrics.views).toEqual({ status: 'available', value: 123_456 });
    expect(result.snapshots[0]?.metrics.saves).toMatchObject({
      status: 'unavailable',
      reason: 'permission_missing',
    });
    expect(result.quarantined).toHaveLength(1);
    expect(result.statusChanges.map((c) => c.postId)).toEqual(['7080217258529732866', '7080217258529732867']);
  });

  it('retries the Business API 200 + code 40100 rate limit and reads comments with the business token', async () => {
    let attempts = 0;
    const tokens: string[] = [];
    const { connectors } = rig((url, init) => {
      if (!url.pathname.endsWith('/business/comment/list/')) return undefined;
      tokens.push(String(new Headers(init?.headers).get('Access-Token')));
      attempts++;
      return {
        body: fixture(
          attempts === 1 ? 'tiktok-business-rate-limited.json' : 'tiktok-business-comment-list.json',
        ),
      };
    });
    const post: Post = {
      platform: 'tiktok',
      postId: '7080217258529732865',
      accountId: creator.accountId,
      type: 'video',
      caption: '',
      publishedAt: '2026-11-19T00:00:00Z',
      status: 'active',
    };
    const result = await connectors.tiktok.readNewComments(creator, post, null);
    expect(attempts).toBe(2);
    expect(tokens).toEqual(['biz.1', 'biz.1']);
    expect(result.comments.map((c) => [c.commentId, c.publishedAt])).toEqual([
      ['7168574040291066628', '2025-11-19T13:55:00.000Z'],
      ['7168574040291066627', '2025-11-19T14:03:20.000Z'],
    ]);
    expect(result.quarantined).toHaveLength(1);
  });
});
