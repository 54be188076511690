import { z } from 'zod';
import { available, type MetricValue, unavailable } from '../domain/metric-value';
import { type MetricSnapshot, type Post, PostSchema } from '../domain/post';
import type {
  CommentWatermark,
  CreatorRef,
  ListRecentPostsResult,
  PlatformConnector,
  PostStatusChange,
  QuarantinedRecord,
  ReadFollowerCountResult,
  ReadNewCommentsResult,
  ReadPostMetricsResult,
} from '../ports/platform-connector';
import { type CommentThreadItem, collectCommentThreads, type NormalizedComment } from './comment-watermark';
import {
  allMetrics,
  CountSchema,
  chunk,
  dedupeById,
  newComments,
  noNewComments,
  trimSlash,
  withQuery,
} from './connector-support';
import {
  type CallContext,
  type Classification,
  type ConnectorDeps,
  PlatformHttp,
  parseEnvelope,
  parseItems,
  type ResponseView,
} from './platform-http';
import { tiktokRefreshStrategy } from './token-refresher';

export interface TiktokConnectorConfig {
  /** Display API host, default `https://open.tiktokapis.com`. */
  readonly baseUrl?: string;
  /** Business API host, default `https://business-api.tiktok.com`. */
  readonly businessBaseUrl?: string;
  /** OAuth token endpoint, default `<baseUrl>/v2/oauth/token/` (Login Kit tokens live on the Display API host). */
  readonly tokenUrl?: string;
  readonly replyWindowMs?: number;
}

const VIDEO_FIELDS =
  'id,create_time,title,video_description,duration,share_url,view_count,like_count,comment_count,share_count';

const DisplayEnvelopeSchema = z.looseObject({
  data: z.unknown().optional(),
  error: z
    .looseObject({ code: z.string(), message: z.string().optional(), log_id: z.string().optional() })
    .optional(),
});

const VideoListDataSchema = z.looseObject({
  videos: z.array(z.unknown()).default([]),
  cursor: z.number().optional(),
  has_more: z.boolean().default(false),
});

const VideoSchema = z.looseObject({
  id: z.string().min(1),
  create_time: z.number().int().nonnegative(),
  title: z.string().optional(),
  video_description: z.string().optional(),
  share_url: z.string().optional(),
  view_count: CountSchema.optional(),
  like_count: CountSchema.optional(),
  comment_count: CountSchema.optional(),
  share_count: CountSchema.optional(),
});
type Video = z.infer<typeof VideoSchema>;

const BusinessEnvelopeSchema = z.looseObject({
  code: z.number(),
  message: z.string().optional(),
  request_id: z.string().optional(),
  data: z.unknown().optional(),
});

const CommentPageSchema = z.looseObject({
  comments: z.array(z.unknown()).default([]),
  cursor: z.number().optional(),
  has_more: z.boolean().default(false),
});

const CommentSchemaTiktok = z.looseObject({
  comment_id: z.string().min(1),
  video_id: z.string().optional(),
  create_time: z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(Number),
  text: z.string().default(''),
  likes: CountSchema.optional(),
  replies: CountSchema.optional(),
  user_id: z.string().optional(),
  username: z.string().optional(),
  parent_comment_id: z.string().optional(),
});
type TiktokComment = z.infer<typeof CommentSchemaTiktok>;

/** Display API: `error.code` string, "ok" on success; 429 rate_limit_exceeded; 401 access_token_invalid. */
export function classifyTiktokDisplay(response: ResponseView): Classification {
  const parsed = DisplayEnvelopeSchema.safeParse(response.json);
  const code = parsed.success ? (parsed.data.error?.code ?? 'ok') : undefined;
  const message = parsed.success ? (parsed.data.error?.message ?? '') : `HTTP ${response.status}`;
  if (response.status >= 200 && response.status < 300 && (code === 'ok' || code === undefined))
    return { kind: 'ok' };
  if (response.status === 429 || code === 'rate_limit_exceeded') return { kind: 'transient', message };
  if (code === 'access_token_invalid') return { kind: 'credential', reason: 'expired', message };
  if (code === 'scope_not_authorized' || code === 'scope_permission_missed')
    return { kind: 'credential', reason: 'insufficient_scope', message };
  if (response.status >= 500 || code === 'internal_error') return { kind: 'transient', message };
  return { kind: 'fatal', message: `${code ?? 'unknown'}: ${message}` };
}

/** Business API: any body `code != 0` is an error; rate limiting is HTTP 200 with `code: 40100`. */
export function classifyTiktokBusiness(response: ResponseView): Classification {
  if (response.status >= 500) return { kind: 'transient', message: `HTTP ${response.status}` };
  if (response.status === 429) return { kind: 'transient', message: 'HTTP 429' };
  const parsed = BusinessEnvelopeSchema.safeParse(response.json);
  if (!parsed.success) return { kind: 'fatal', message: `HTTP ${response.status}: unexpected body` };
  const { code, message = '' } = parsed.data;
  if (code === 0) return { kind: 'ok' };
  if (code === 40100) return { kind: 'transient', message: `40100 ${message}` };
  if (code === 40104 || code === 40105 || code === 40102)
    return { kind: 'credential', reason: 'expired', message: `${code} ${message}` };
  if (code === 40001)
    return { kind: 'credential', reason: 'insufficient_scope', message: `${code} ${message}` };
  if (code === 40011) return { kind: 'soft', code: 'comments_disabled', message };
  if (code === 40400) return { kind: 'soft', code: 'not_found', message };
  if (code >= 50000) return { kind: 'transient', message: `${code} ${message}` };
  return { kind: 'fatal', message: `${code} ${message}` };
}

function normalizeComment(comment: TiktokComment, parentId: string | null): NormalizedComment {
  return {
    commentId: comment.comment_id,
    parentId: comment.parent_comment_id ?? parentId,
    authorId: comment.user_id ?? comment.username ?? 'unknown-author',
    text: comment.text,
    publishedAtMs: comment.create_time * 1000,
    likes: comment.likes ?? null,
  };
}

/** TikTok: Display API video list/query (counts), user info (followers); Business API comments + replies. */
export class TiktokConnector implements PlatformConnector {
  readonly platform = 'tiktok' as const;
  private readonly http: PlatformHttp;
  private readonly baseUrl: string;
  private readonly businessBaseUrl: string;
  private readonly replyWindowMs: number;

  constructor(
    private readonly deps: ConnectorDeps,
    config: TiktokConnectorConfig = {},
  ) {
    this.baseUrl = trimSlash(config.baseUrl ?? 'https://open.tiktokapis.com');
    this.http = new PlatformHttp(
      'tiktok',
      deps,
      tiktokRefreshStrategy(config.tokenUrl ?? `${this.baseUrl}/v2/oauth/token/`),
    );
    this.businessBaseUrl = trimSlash(config.businessBaseUrl ?? 'https://business-api.tiktok.com');
    this.replyWindowMs = config.replyWindowMs ?? 24 * 3_600_000;
  }

  private async display(ctx: CallContext, operation: string, path: string, fields: string, body?: unknown) {
    const result = await this.http.request(ctx, {
      operation,
      endpoint: path,
      url: withQuery(`${this.baseUrl}${path}`, { fields }),
      method: body === undefined ? 'GET' : 'POST',
      headers: (credential) => ({
        Authorization: `Bearer ${credential.accessToken}`,
        'Content-Type': 'application/json',
      }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      classify: classifyTiktokDisplay,
    });
    if (result.kind !== 'ok') return undefined;
    return parseEnvelope('tiktok', operation, result.json, DisplayEnvelopeSchema).data;
  }

  private business(
    ctx: CallContext,
    operation: string,
    path: string,
    params: Record<string, string | number | undefined>,
  ) {
    return this.http.request(ctx, {
      operation,
      endpoint: path,
      url: withQuery(`${this.businessBaseUrl}/open_api/v1.3/business${path}`, params),
      headers: (credential) => ({ 'Access-Token': credential.businessAccessToken ?? credential.accessToken }),
      classify: classifyTiktokBusiness,
    });
  }

  private toPost(video: Video, accountId: string, quarantined: QuarantinedRecord[]): Post | undefined {
    const parsed = PostSchema.safeParse({
      platform: 'tiktok',
      postId: video.id,
      accountId,
      type: 'video',
      caption: (video.video_description ?? video.title ?? '').slice(0, 10_000),
      publishedAt: new Date(video.create_time * 1000).toISOString(),
      permalink: video.share_url,
      status: 'active',
    });
    if (parsed.success) return parsed.data;
    quarantined.push({
      platform: 'tiktok',
      kind: 'post',
      reason: z.prettifyError(parsed.error).slice(0, 500),
      raw: video,
    });
    return undefined;
  }

  async listRecentPosts(creator: CreatorRef, options: { since: string }): Promise<ListRecentPostsResult> {
    const ctx = await this.http.context(creator);
    const quarantined: QuarantinedRecord[] = [];
    const sinceMs = Date.parse(options.since);
    const videos: Video[] = [];
    let cursor: number | undefined;
    for (let page = 0; page < 200; page++) {
      const data = await this.display(ctx, 'tiktok.video.list', '/v2/video/list/', VIDEO_FIELDS, {
        max_count: 20,
        ...(cursor === undefined ? {} : { cursor }),
      });
      if (data === undefined) break;
      const parsed = VideoListDataSchema.safeParse(data);
      if (!parsed.success) {
        quarantined.push({
          platform: 'tiktok',
          kind: 'page',
          reason: z.prettifyError(parsed.error).slice(0, 500),
          raw: data,
        });
        break;
      }
      let reachedSince = false;
      for (const video of parseItems('tiktok', 'post', parsed.data.videos, VideoSchema, quarantined)) {
        if (video.create_time * 1000 >= sinceMs) videos.push(video);
        else reachedSince = true;
      }
      if (reachedSince || !parsed.data.has_more || parsed.data.cursor === undefined) break;
      cursor = parsed.data.cursor;
    }
    const posts = dedupeById(videos, (v) => v.id)
      .map((v) => this.toPost(v, creator.accountId, quarantined))
      .filter((p): p is Post => p !== undefined)
      .sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.postId.localeCompare(b.postId));
    return { posts, quarantined, rawPages: ctx.rawPages };
  }

  private async followers(ctx: CallContext, quarantined: QuarantinedRecord[]): Promise<MetricValue> {
    const data = await this.display(ctx, 'tiktok.user.info', '/v2/user/info/', 'open_id,follower_count');
    const user = (data as { user?: unknown } | undefined)?.user;
    const [parsed] = parseItems(
      'tiktok',
      'follower',
      user === undefined ? [] : [user],
      z.looseObject({ follower_count: CountSchema.optional() }),
      quarantined,
    );
    return parsed?.follower_count === undefined
      ? unavailable('not_returned')
      : available(parsed.follower_count);
  }

  async readFollowerCount(creator: CreatorRef): Promise<ReadFollowerCountResult> {
    const ctx = await this.http.context(creator);
    const quarantined: QuarantinedRecord[] = [];
    const followers = await this.followers(ctx, quarantined);
    return { followers, capturedAt: this.http.nowIso(), quarantined, rawPages: ctx.rawPages };
  }

  async readPostMetrics(creator: CreatorRef, posts: readonly Post[]): Promise<ReadPostMetricsResult> {
    const ctx = await this.http.context(creator);
    const quarantined: QuarantinedRecord[] = [];
    const followers = await this.followers(ctx, quarantined);
    const found = new Map<string, Video>();
    for (const batch of chunk(
      posts.map((p) => p.postId),
      20,
    )) {
      const data = await this.display(ctx, 'tiktok.video.query', '/v2/video/query/', VIDEO_FIELDS, {
        filters: { video_ids: batch },
      });
      const parsed = VideoListDataSchema.safeParse(data ?? {});
      if (!parsed.success) continue;
      for (const video of parseItems('tiktok', 'metrics', parsed.data.videos, VideoSchema, quarantined))
        found.set(video.id, video);
    }
    const capturedAt = this.http.nowIso();
    const snapshots: MetricSnapshot[] = [];
    const statusChanges: PostStatusChange[] = [];
    for (const post of posts) {
      const video = found.get(post.postId);
      if (video === undefined) {
        // The Display API returns only public videos of the user: gone = deleted or made private, indistinguishable.
        statusChanges.push({ postId: post.postId, status: 'deleted' });
        continue;
      }
      const count = (value: number | undefined) =>
        value === undefined ? unavailable('not_returned') : available(value);
      snapshots.push({
        platform: 'tiktok',
        postId: post.postId,
        accountId: creator.accountId,
        capturedAt,
        followers,
        metrics: allMetrics((name) => {
          switch (name) {
            case 'views':
              return count(video.view_count);
            case 'likes':
              return count(video.like_count);
            case 'comments':
              return count(video.comment_count);
            case 'shares':
              return count(video.share_count);
            case 'impressions':
              return unavailable('not_returned', 'TikTok does not report impressions per video');
            default:
              return unavailable(
                'permission_missing',
                `${name} needs the TikTok Business API video insights`,
              );
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
      const result = await this.business(ctx, 'tiktok.business.comment.list', '/comment/list/', {
        business_id: creator.accountId,
        video_id: post.postId,
        max_count: 50,
        cursor,
      });
      if (result.kind !== 'ok') {
        soft = result.code;
        return { threads: [] };
      }
      const envelope = parseEnvelope(
        'tiktok',
        'tiktok.business.comment.list',
        result.json,
        BusinessEnvelopeSchema,
      );
      const page = parseEnvelope(
        'tiktok',
        'tiktok.business.comment.list',
        envelope.data ?? {},
        CommentPageSchema,
      );
      const threads: CommentThreadItem[] = parseItems(
        'tiktok',
        'comment',
        page.comments,
        CommentSchemaTiktok,
        quarantined,
      ).map((c) => ({
        top: normalizeComment(c, null),
        replyCount: c.replies ?? 0,
        embeddedReplies: [],
        embeddedComplete: (c.replies ?? 0) === 0,
      }));
      return page.has_more && page.cursor !== undefined
        ? { threads, next: String(page.cursor) }
        : { threads };
    };
    const fetchReplies = async (threadId: string) => {
      const replies: NormalizedComment[] = [];
      let cursor: number | undefined;
      for (let page = 0; page < 100; page++) {
        const result = await this.business(
          ctx,
          'tiktok.business.comment.reply.list',
          '/comment/reply/list/',
          {
            business_id: creator.accountId,
            video_id: post.postId,
            comment_id: threadId,
            max_count: 50,
            cursor,
          },
        );
        if (result.kind !== 'ok') break;
        const envelope = parseEnvelope(
          'tiktok',
          'tiktok.business.comment.reply.list',
          result.json,
          BusinessEnvelopeSchema,
        );
        const parsed = parseEnvelope(
          'tiktok',
          'tiktok.business.comment.reply.list',
          envelope.data ?? {},
          CommentPageSchema,
        );
        for (const reply of parseItems(
          'tiktok',
          'comment',
          parsed.comments,
          CommentSchemaTiktok,
          quarantined,
        )) {
          replies.push(normalizeComment(reply, threadId));
        }
        if (!parsed.has_more || parsed.cursor === undefined) break;
        cursor = parsed.cursor;
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
    return newComments('tiktok', post.postId, threads, this.deps.authorKeyer, quarantined, ctx.rawPages);
  }
}
