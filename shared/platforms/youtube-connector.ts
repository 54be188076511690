import { z } from 'zod';
import { available, type MetricValue, unavailable } from '../domain/metric-value';
import { type MetricSnapshot, type Post, PostSchema } from '../domain/post';
import {
  type CommentWatermark,
  type CreatorRef,
  type ListRecentPostsResult,
  type PlatformConnector,
  PlatformRequestError,
  type PostStatusChange,
  type QuarantinedRecord,
  type ReadFollowerCountResult,
  type ReadNewCommentsResult,
  type ReadPostMetricsResult,
} from '../ports/platform-connector';
import { type CommentThreadItem, collectCommentThreads, type NormalizedComment } from './comment-watermark';
import {
  allMetrics,
  CountSchema,
  chunk,
  dedupeById,
  newComments,
  noNewComments,
  PlatformInstantSchema,
  trimSlash,
  withQuery,
} from './connector-support';
import { nextPacificMidnight } from './pacific-time';
import {
  type CallContext,
  type Classification,
  type ConnectorDeps,
  PlatformHttp,
  parseEnvelope,
  parseItems,
  type ResponseView,
} from './platform-http';
import { googleRefreshStrategy } from './token-refresher';

export interface YoutubeConnectorConfig {
  /** Default `https://www.googleapis.com/youtube/v3`; the simulator's `${base}/youtube/v3` locally. */
  readonly baseUrl?: string;
  /**
   * Google OAuth token endpoint. Default `https://oauth2.googleapis.com/token`; when `baseUrl` points away from
   * googleapis.com (the simulator's `<root>/youtube/v3`), `<root>/youtube/oauth2/token` next to it.
   */
  readonly tokenUrl?: string;
  /** Threads younger than this are re-read for late replies (default 24 h). */
  readonly replyWindowMs?: number;
  /** Videos up to this duration are typed `short` (Shorts may be up to 3 min since Oct 2024). */
  readonly shortMaxSeconds?: number;
}

const ErrorEnvelopeSchema = z.looseObject({
  error: z.looseObject({
    code: z.number().optional(),
    message: z.string().optional(),
    errors: z
      .array(z.looseObject({ reason: z.string().optional(), domain: z.string().optional() }))
      .optional(),
  }),
});

const ChannelListSchema = z.looseObject({
  items: z
    .array(
      z.looseObject({
        id: z.string(),
        contentDetails: z
          .looseObject({ relatedPlaylists: z.looseObject({ uploads: z.string().optional() }) })
          .optional(),
        statistics: z
          .looseObject({
            subscriberCount: CountSchema.optional(),
            hiddenSubscriberCount: z.boolean().optional(),
          })
          .optional(),
      }),
    )
    .default([]),
});

const PlaylistPageSchema = z.looseObject({
  items: z.array(z.unknown()).default([]),
  nextPageToken: z.string().optional(),
});
const PlaylistItemSchema = z.looseObject({
  contentDetails: z.looseObject({ videoId: z.string().min(1), videoPublishedAt: PlatformInstantSchema }),
});

const VideoListSchema = z.looseObject({ items: z.array(z.unknown()).default([]) });
const VideoSchema = z.looseObject({
  id: z.string().min(1),
  snippet: z
    .looseObject({
      publishedAt: PlatformInstantSchema,
      channelId: z.string(),
      title: z.string().default(''),
      description: z.string().default(''),
    })
    .optional(),
  contentDetails: z.looseObject({ duration: z.string().optional() }).optional(),
  status: z.looseObject({ privacyStatus: z.string().optional() }).optional(),
  statistics: z
    .looseObject({
      viewCount: CountSchema.optional(),
      likeCount: CountSchema.optional(),
      commentCount: CountSchema.optional(),
    })
    .optional(),
  paidProductPlacementDetails: z.looseObject({ hasPaidProductPlacement: z.boolean().optional() }).optional(),
});
type Video = z.infer<typeof VideoSchema>;

const CommentResourceSchema = z.looseObject({
  id: z.string().min(1),
  snippet: z.looseObject({
    textOriginal: z.string().optional(),
    textDisplay: z.string().optional(),
    authorChannelId: z.union([z.looseObject({ value: z.string() }), z.string()]).optional(),
    authorDisplayName: z.string().optional(),
    parentId: z.string().optional(),
    likeCount: z.number().int().nonnegative().optional(),
    publishedAt: PlatformInstantSchema,
  }),
});
type CommentResource = z.infer<typeof CommentResourceSchema>;

const ThreadPageSchema = z.looseObject({
  items: z.array(z.unknown()).default([]),
  nextPageToken: z.string().optional(),
});
const ThreadSchema = z.looseObject({
  id: z.string().min(1),
  snippet: z.looseObject({
    topLevelComment: CommentResourceSchema,
    totalReplyCount: z.number().int().nonnegative().default(0),
  }),
  replies: z.looseObject({ comments: z.array(z.unknown()).default([]) }).optional(),
});
const ReplyPageSchema = z.looseObject({
  items: z.array(z.unknown()).default([]),
  nextPageToken: z.string().optional(),
});

/** ISO-8601 duration (PT#H#M#S) → seconds. */
export function isoDurationSeconds(duration: string | undefined): number | undefined {
  if (duration === undefined) return undefined;
  const match = /^P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(duration);
  if (match === null) return undefined;
  const [, d, h, m, s] = match;
  return Number(d ?? 0) * 86_400 + Number(h ?? 0) * 3_600 + Number(m ?? 0) * 60 + Number(s ?? 0);
}

export function classifyYoutube(response: ResponseView): Classification {
  if (response.status >= 200 && response.status < 300) return { kind: 'ok' };
  const parsed = ErrorEnvelopeSchema.safeParse(response.json);
  const reasons = parsed.success ? (parsed.data.error.errors ?? []).map((e) => e.reason ?? '') : [];
  const message = parsed.success ? (parsed.data.error.message ?? '') : `HTTP ${response.status}`;
  const has = (...names: string[]) => reasons.some((r) => names.includes(r));
  if (has('quotaExceeded', 'dailyLimitExceeded') || /FreeQuotaRequestsPerDayPerProject/.test(message)) {
    return { kind: 'quota', message, resetAt: nextPacificMidnight(response.now) };
  }
  if (response.status === 429 || has('rateLimitExceeded', 'userRateLimitExceeded', 'RATE_LIMIT_EXCEEDED')) {
    return { kind: 'transient', message };
  }
  if (has('commentsDisabled')) return { kind: 'soft', code: 'comments_disabled', message };
  if (has('videoNotFound', 'commentThreadNotFound') || response.status === 404)
    return { kind: 'soft', code: 'not_found', message };
  if (response.status === 401) return { kind: 'credential', reason: 'expired', message };
  if (has('insufficientPermissions', 'ACCESS_TOKEN_SCOPE_INSUFFICIENT', 'forbidden')) {
    return { kind: 'credential', reason: 'insufficient_scope', message };
  }
  if (response.status >= 500) return { kind: 'transient', message };
  return { kind: 'fatal', message };
}

function authorIdOf(resource: CommentResource): string {
  const id = resource.snippet.authorChannelId;
  if (typeof id === 'string') return id;
  return id?.value ?? resource.snippet.authorDisplayName ?? 'unknown-author';
}

function normalizeComment(resource: CommentResource): NormalizedComment {
  return {
    commentId: resource.id,
    parentId: resource.snippet.parentId ?? null,
    authorId: authorIdOf(resource),
    text: resource.snippet.textOriginal ?? resource.snippet.textDisplay ?? '',
    publishedAtMs: Date.parse(resource.snippet.publishedAt),
    likes: resource.snippet.likeCount ?? null,
  };
}

const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/** Google's token host for the real API; next to the API for a stand-in (`…/youtube/v3` → `…/youtube/oauth2/token`). */
export function googleTokenUrlFor(baseUrl: string): string {
  try {
    if (new URL(baseUrl).hostname.endsWith('googleapis.com')) return GOOGLE_TOKEN_URL;
  } catch {
    return GOOGLE_TOKEN_URL;
  }
  return `${baseUrl.replace(/\/+$/, '').replace(/\/v3$/, '')}/oauth2/token`;
}

/** YouTube Data API v3: uploads playlist → playlistItems → videos; commentThreads + comments for full replies. */
export class YoutubeConnector implements PlatformConnector {
  readonly platform = 'youtube' as const;
  private readonly http: PlatformHttp;
  private readonly baseUrl: string;
  private readonly replyWindowMs: number;
  private readonly shortMaxSeconds: number;

  constructor(
    private readonly deps: ConnectorDeps,
    config: YoutubeConnectorConfig = {},
  ) {
    this.baseUrl = trimSlash(config.baseUrl ?? 'https://www.googleapis.com/youtube/v3');
    this.http = new PlatformHttp(
      'youtube',
      deps,
      googleRefreshStrategy(config.tokenUrl ?? googleTokenUrlFor(this.baseUrl)),
    );
    this.replyWindowMs = config.replyWindowMs ?? 24 * 3_600_000;
    this.shortMaxSeconds = config.shortMaxSeconds ?? 180;
  }

  private async get(
    ctx: CallContext,
    operation: string,
    path: string,
    params: Record<string, string | number | undefined>,
  ) {
    return this.http.request(ctx, {
      operation,
      endpoint: path,
      cost: 1,
      url: withQuery(`${this.baseUrl}${path}`, params),
      headers: (credential) => ({
        Authorization: `Bearer ${credential.accessToken}`,
        Accept: 'application/json',
      }),
      classify: classifyYoutube,
    });
  }

  private async channel(ctx: CallContext, part: string) {
    const result = await this.get(ctx, 'youtube.channels.list', '/channels', {
      part,
      id: ctx.creator.accountId,
    });
    if (result.kind !== 'ok')
      throw new PlatformRequestError(
        'youtube',
        'youtube.channels.list',
        result.status,
        result.message,
        false,
      );
    const page = parseEnvelope('youtube', 'youtube.channels.list', result.json, ChannelListSchema);
    const channel = page.items[0];
    if (channel === undefined) {
      throw new PlatformRequestError(
        'youtube',
        'youtube.channels.list',
        200,
        `channel ${ctx.creator.accountId} not found`,
        false,
      );
    }
    return channel;
  }

  private async videos(
    ctx: CallContext,
    ids: readonly string[],
    part: string,
    quarantined: QuarantinedRecord[],
  ): Promise<Video[]> {
    const out: Video[] = [];
    for (const batch of chunk(ids, 50)) {
      const result = await this.get(ctx, 'youtube.videos.list', '/videos', { part, id: batch.join(',') });
      if (result.kind !== 'ok') continue;
      const page = parseEnvelope('youtube', 'youtube.videos.list', result.json, VideoListSchema);
      out.push(...parseItems('youtube', 'post', page.items, VideoSchema, quarantined));
    }
    return dedupeById(out, (v) => v.id);
  }

  async listRecentPosts(creator: CreatorRef, options: { since: string }): Promise<ListRecentPostsResult> {
    const ctx = await this.http.context(creator);
    const quarantined: QuarantinedRecord[] = [];
    const sinceMs = Date.parse(options.since);
    const channel = await this.channel(ctx, 'contentDetails');
    const uploads = channel.contentDetails?.relatedPlaylists.uploads;
    if (uploads === undefined) return { posts: [], quarantined, rawPages: ctx.rawPages };

    const videoIds: string[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < 200; page++) {
      const result = await this.get(ctx, 'youtube.playlistItems.list', '/playlistItems', {
        part: 'contentDetails',
        playlistId: uploads,
        maxResults: 50,
        pageToken,
      });
      if (result.kind !== 'ok') break;
      const parsed = parseEnvelope('youtube', 'youtube.playlistItems.list', result.json, PlaylistPageSchema);
      const items = parseItems('youtube', 'post', parsed.items, PlaylistItemSchema, quarantined);
      let reachedSince = false;
      for (const item of items) {
        if (Date.parse(item.contentDetails.videoPublishedAt) >= sinceMs)
          videoIds.push(item.contentDetails.videoId);
        else reachedSince = true;
      }
      if (reachedSince || parsed.nextPageToken === undefined) break;
      pageToken = parsed.nextPageToken;
    }

    const videos = await this.videos(
      ctx,
      [...new Set(videoIds)],
      'snippet,contentDetails,status,paidProductPlacementDetails',
      quarantined,
    );
    const posts: Post[] = [];
    for (const video of videos) {
      if (video.snippet === undefined) {
        quarantined.push({ platform: 'youtube', kind: 'post', reason: 'video without snippet', raw: video });
        continue;
      }
      const seconds = isoDurationSeconds(video.contentDetails?.duration);
      const type = seconds !== undefined && seconds <= this.shortMaxSeconds ? 'short' : 'video';
      const candidate = {
        platform: 'youtube',
        postId: video.id,
        accountId: creator.accountId,
        type,
        caption: `${video.snippet.title}\n\n${video.snippet.description}`.slice(0, 10_000),
        publishedAt: video.snippet.publishedAt,
        permalink:
          type === 'short'
            ? `https://www.youtube.com/shorts/${video.id}`
            : `https://www.youtube.com/watch?v=${video.id}`,
        status: video.status?.privacyStatus === 'private' ? 'private' : 'active',
        platformPaidPartnership: video.paidProductPlacementDetails?.hasPaidProductPlacement,
      };
      const parsed = PostSchema.safeParse(candidate);
      if (parsed.success) posts.push(parsed.data);
      else
        quarantined.push({
          platform: 'youtube',
          kind: 'post',
          reason: z.prettifyError(parsed.error).slice(0, 500),
          raw: video,
        });
    }
    posts.sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.postId.localeCompare(b.postId));
    return { posts, quarantined, rawPages: ctx.rawPages };
  }

  private followersOf(channel: z.infer<typeof ChannelListSchema>['items'][number]): MetricValue {
    const stats = channel.statistics;
    if (stats?.hiddenSubscriberCount === true)
      return unavailable('hidden_by_owner', 'subscriber count hidden');
    return stats?.subscriberCount === undefined
      ? unavailable('not_returned')
      : available(stats.subscriberCount);
  }

  async readFollowerCount(creator: CreatorRef): Promise<ReadFollowerCountResult> {
    const ctx = await this.http.context(creator);
    const channel = await this.channel(ctx, 'statistics');
    return {
      followers: this.followersOf(channel),
      capturedAt: this.http.nowIso(),
      quarantined: [],
      rawPages: ctx.rawPages,
    };
  }

  async readPostMetrics(creator: CreatorRef, posts: readonly Post[]): Promise<ReadPostMetricsResult> {
    const ctx = await this.http.context(creator);
    const quarantined: QuarantinedRecord[] = [];
    const followers = this.followersOf(await this.channel(ctx, 'statistics'));
    const videos = await this.videos(
      ctx,
      posts.map((p) => p.postId),
      'statistics,status',
      quarantined,
    );
    const byId = new Map(videos.map((v) => [v.id, v]));
    const capturedAt = this.http.nowIso();
    const snapshots: MetricSnapshot[] = [];
    const statusChanges: PostStatusChange[] = [];
    const quarantinedIds = new Set(quarantined.map((q) => (q.raw as { id?: unknown })?.id));
    for (const post of posts) {
      const video = byId.get(post.postId);
      if (video === undefined) {
        if (!quarantinedIds.has(post.postId)) statusChanges.push({ postId: post.postId, status: 'deleted' });
        continue;
      }
      if (video.status?.privacyStatus === 'private') {
        statusChanges.push({ postId: post.postId, status: 'private' });
        continue;
      }
      const stats = video.statistics;
      const notInDataApi = (what: string) =>
        unavailable('not_returned', `YouTube Data API v3 does not expose ${what}`);
      snapshots.push({
        platform: 'youtube',
        postId: post.postId,
        accountId: creator.accountId,
        capturedAt,
        followers,
        metrics: allMetrics((name) => {
          switch (name) {
            case 'views':
              return stats?.viewCount === undefined
                ? unavailable('not_returned')
                : available(stats.viewCount);
            case 'likes':
              return stats?.likeCount === undefined
                ? unavailable('hidden_by_owner', 'likeCount absent')
                : available(stats.likeCount);
            case 'comments':
              return stats?.commentCount === undefined
                ? unavailable('disabled_on_post', 'commentCount absent')
                : available(stats.commentCount);
            case 'reach':
            case 'impressions':
              return unavailable(
                'permission_missing',
                `${name} needs the owner's YouTube Analytics/Reporting API`,
              );
            default:
              return notInDataApi(name);
          }
        }),
      });
    }
    return { snapshots, statusChanges, followers, quarantined, rawPages: ctx.rawPages };
  }

  async readNewComments(
    creator: CreatorRef,
    post: Post,
    watermark: CommentWatermark | null,
  ): Promise<ReadNewCommentsResult> {
    const ctx = await this.http.context(creator);
    const quarantined: QuarantinedRecord[] = [];
    let soft: string | undefined;
    const fetchThreadPage = async (cursor: string | undefined) => {
      const result = await this.get(ctx, 'youtube.commentThreads.list', '/commentThreads', {
        part: 'snippet,replies',
        videoId: post.postId,
        maxResults: 100,
        order: 'time',
        textFormat: 'plainText',
        pageToken: cursor,
      });
      if (result.kind !== 'ok') {
        soft = result.code;
        return { threads: [] };
      }
      const page = parseEnvelope('youtube', 'youtube.commentThreads.list', result.json, ThreadPageSchema);
      const threads: CommentThreadItem[] = parseItems(
        'youtube',
        'comment',
        page.items,
        ThreadSchema,
        quarantined,
      ).map((t) => {
        const embedded = parseItems(
          'youtube',
          'comment',
          t.replies?.comments ?? [],
          CommentResourceSchema,
          quarantined,
        ).map((reply) => normalizeComment(reply));
        return {
          top: normalizeComment(t.snippet.topLevelComment),
          replyCount: t.snippet.totalReplyCount,
          embeddedReplies: embedded,
          embeddedComplete: embedded.length >= t.snippet.totalReplyCount,
        };
      });
      return page.nextPageToken === undefined ? { threads } : { threads, next: page.nextPageToken };
    };
    const fetchReplies = async (threadId: string) => {
      const replies: NormalizedComment[] = [];
      let pageToken: string | undefined;
      for (let page = 0; page < 100; page++) {
        const result = await this.get(ctx, 'youtube.comments.list', '/comments', {
          part: 'snippet',
          parentId: threadId,
          maxResults: 100,
          textFormat: 'plainText',
          pageToken,
        });
        if (result.kind !== 'ok') break;
        const parsed = parseEnvelope('youtube', 'youtube.comments.list', result.json, ReplyPageSchema);
        for (const reply of parseItems(
          'youtube',
          'comment',
          parsed.items,
          CommentResourceSchema,
          quarantined,
        )) {
          replies.push(
            normalizeComment({
              ...reply,
              snippet: { ...reply.snippet, parentId: reply.snippet.parentId ?? threadId },
            }),
          );
        }
        if (parsed.nextPageToken === undefined) break;
        pageToken = parsed.nextPageToken;
      }
      return replies;
    };
    const threads = await collectCommentThreads({
      watermark,
      now: this.http.clock.now(),
      replyWindowMs: this.replyWindowMs,
      fetchThreadPage,
      fetchReplies,
    });
    if (soft !== undefined) {
      const reason = soft === 'comments_disabled' ? 'disabled_on_post' : 'post_unavailable';
      return noNewComments(watermark, unavailable(reason), quarantined, ctx.rawPages);
    }
    return newComments('youtube', post.postId, threads, this.deps.authorKeyer, quarantined, ctx.rawPages);
  }
}
