import { z } from 'zod';
import { available, type MetricValue, type UnavailableReason, unavailable } from '../domain/metric-value';
import { type MetricSnapshot, type Post, PostSchema, type PostType } from '../domain/post';
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
  dedupeById,
  newComments,
  noNewComments,
  PlatformInstantSchema,
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
import { instagramRefreshStrategy } from './token-refresher';

/** Insight metrics Meta retired; never requested, reported as `retired_metric`. */
export const RETIRED_INSTAGRAM_METRICS: readonly string[] = [
  'impressions',
  'plays',
  'video_views',
  'clips_replays_count',
  'ig_reels_aggregated_all_plays_count',
  'engagement',
];

export interface InstagramConnectorConfig {
  /** Default `https://graph.instagram.com` (Instagram Login); `https://graph.facebook.com` for Facebook Login. */
  readonly baseUrl?: string;
  readonly apiVersion?: string;
  /**
   * Long-lived token refresh (default `<baseUrl>/refresh_access_token`, Instagram Login). Facebook Login page
   * tokens derived from a long-lived user token do not expire and are never due for refresh.
   */
  readonly refreshUrl?: string;
  /** Per-metric off switch: these insight metrics are not requested (reported `collection_disabled`). */
  readonly disabledMetrics?: readonly string[];
  readonly replyWindowMs?: number;
  /** Insights may lag up to 48 h; empty insight data before this age is `not_yet_available`. */
  readonly insightDelayMs?: number;
}

const MEDIA_FIELDS = 'id,caption,media_type,media_product_type,permalink,timestamp,is_comment_enabled';
const COMMENT_FIELDS = 'id,text,timestamp,like_count,from,username,parent_id';

const ErrorEnvelopeSchema = z.looseObject({
  error: z.looseObject({
    message: z.string().optional(),
    code: z.number().optional(),
    error_subcode: z.number().optional(),
    is_transient: z.boolean().optional(),
  }),
});

const PagedSchema = z.looseObject({
  data: z.array(z.unknown()).default([]),
  paging: z
    .looseObject({
      cursors: z.looseObject({ after: z.string().optional() }).optional(),
      next: z.string().optional(),
    })
    .optional(),
});

const MediaSchema = z.looseObject({
  id: z.string().min(1),
  caption: z.string().optional(),
  media_type: z.string(),
  media_product_type: z.string().optional(),
  permalink: z.string().optional(),
  timestamp: PlatformInstantSchema,
  is_comment_enabled: z.boolean().optional(),
  like_count: CountSchema.optional(),
  comments_count: CountSchema.optional(),
});
type Media = z.infer<typeof MediaSchema>;

const UserSchema = z.looseObject({ id: z.string(), followers_count: CountSchema.optional() });

const InsightSchema = z.looseObject({
  name: z.string(),
  values: z.array(z.looseObject({ value: z.number().nonnegative() })).optional(),
  total_value: z.looseObject({ value: z.number().nonnegative() }).optional(),
});

const CommentObjectSchema = z.looseObject({
  id: z.string().min(1),
  text: z.string().default(''),
  timestamp: PlatformInstantSchema,
  like_count: z.number().int().nonnegative().optional(),
  from: z.looseObject({ id: z.string().optional(), username: z.string().optional() }).optional(),
  username: z.string().optional(),
  parent_id: z.string().optional(),
  replies: PagedSchema.optional(),
});
type CommentObject = z.infer<typeof CommentObjectSchema>;

export function classifyInstagram(response: ResponseView): Classification {
  if (response.status >= 200 && response.status < 300) return { kind: 'ok' };
  const parsed = ErrorEnvelopeSchema.safeParse(response.json);
  if (!parsed.success) {
    return response.status >= 500 || response.status === 429
      ? { kind: 'transient', message: `HTTP ${response.status}` }
      : { kind: 'fatal', message: `HTTP ${response.status}` };
  }
  const { code, error_subcode: subcode, message = '', is_transient: isTransient } = parsed.data.error;
  if (code === 190)
    return {
      kind: 'credential',
      reason: subcode === 460 || subcode === 458 ? 'revoked' : 'expired',
      message,
    };
  if (code !== undefined && code >= 80000 && code <= 80014) {
    // Business-use-case limit: the account is blocked for the estimated time in the usage header.
    const header = response.headers.get('x-business-use-case-usage');
    let minutes = 60;
    try {
      for (const entries of Object.values(
        JSON.parse(header ?? '{}') as Record<string, { estimated_time_to_regain_access?: number }[]>,
      )) {
        for (const entry of entries) minutes = Math.max(1, entry.estimated_time_to_regain_access ?? minutes);
      }
    } catch {
      // keep the default
    }
    return { kind: 'quota', message, resetAt: response.now + minutes * 60_000 };
  }
  if (code === 4 || code === 17 || code === 32 || code === 613) return { kind: 'transient', message };
  if (code === 1 || code === 2 || isTransient === true || response.status >= 500)
    return { kind: 'transient', message };
  if (code === 100 && subcode === 33) return { kind: 'soft', code: 'not_found', message };
  if (code === 100 && /does not support the \S+ metric/.test(message))
    return { kind: 'soft', code: 'unsupported_metric', message };
  if (subcode === 2108006) return { kind: 'soft', code: 'before_business_conversion', message };
  if (code === 10 && /viewers/i.test(message))
    return { kind: 'soft', code: 'insufficient_audience', message };
  if (code === 10 || code === 200) return { kind: 'soft', code: 'permission_missing', message };
  return { kind: 'fatal', message };
}

function postTypeOf(media: Media): PostType {
  if (media.media_product_type === 'STORY') return 'story';
  if (media.media_product_type === 'REELS') return 'reel';
  if (media.media_type === 'CAROUSEL_ALBUM') return 'carousel';
  if (media.media_type === 'VIDEO') return 'video';
  return 'image';
}

/** Insight metrics that work per media product type (Airbyte source-instagram v23 sets, with `views` since v22). */
export function insightMetricsFor(type: PostType): string[] {
  switch (type) {
    case 'reel':
      return ['views', 'reach', 'saved', 'shares', 'likes', 'comments'];
    case 'story':
      return ['views', 'reach', 'shares'];
    case 'carousel':
      return ['views', 'reach', 'saved', 'shares'];
    default:
      return ['views', 'reach', 'saved', 'shares'];
  }
}

function normalizeComment(comment: CommentObject, parentId: string | null): NormalizedComment {
  return {
    commentId: comment.id,
    parentId: comment.parent_id ?? parentId,
    authorId: comment.from?.id ?? comment.from?.username ?? comment.username ?? 'unknown-author',
    text: comment.text,
    publishedAtMs: Date.parse(comment.timestamp),
    likes: comment.like_count ?? null,
  };
}

/** Instagram Graph API: media + stories, per-media insights with a per-metric off switch, comments + replies. */
export class InstagramConnector implements PlatformConnector {
  readonly platform = 'instagram' as const;
  private readonly http: PlatformHttp;
  private readonly root: string;
  private readonly disabled: Set<string>;
  /** Metrics the API refused at runtime ("does not support the X metric"); skipped from then on. */
  private readonly refusedMetrics = new Map<string, string>();
  private readonly replyWindowMs: number;
  private readonly insightDelayMs: number;

  constructor(
    private readonly deps: ConnectorDeps,
    config: InstagramConnectorConfig = {},
  ) {
    const host = trimSlash(config.baseUrl ?? 'https://graph.instagram.com');
    this.http = new PlatformHttp(
      'instagram',
      deps,
      instagramRefreshStrategy(config.refreshUrl ?? `${host}/refresh_access_token`),
    );
    this.root = `${host}/${config.apiVersion ?? 'v23.0'}`;
    this.disabled = new Set(config.disabledMetrics ?? []);
    this.replyWindowMs = config.replyWindowMs ?? 24 * 3_600_000;
    this.insightDelayMs = config.insightDelayMs ?? 48 * 3_600_000;
  }

  private get(
    ctx: CallContext,
    operation: string,
    path: string,
    params: Record<string, string | number | undefined>,
  ) {
    return this.http.request(ctx, {
      operation,
      endpoint: operation,
      url: (credential) =>
        withQuery(`${this.root}${path}`, { ...params, access_token: credential.accessToken }),
      headers: { Accept: 'application/json' },
      classify: classifyInstagram,
    });
  }

  private async listMedia(
    ctx: CallContext,
    edge: 'media' | 'stories',
    sinceMs: number,
    quarantined: QuarantinedRecord[],
  ) {
    const out: Media[] = [];
    let after: string | undefined;
    for (let page = 0; page < 200; page++) {
      const result = await this.get(ctx, `instagram.user.${edge}`, `/${ctx.creator.accountId}/${edge}`, {
        fields: MEDIA_FIELDS,
        limit: 50,
        after,
      });
      if (result.kind !== 'ok') break;
      const parsed = parseEnvelope('instagram', `instagram.user.${edge}`, result.json, PagedSchema);
      const media = parseItems('instagram', 'post', parsed.data, MediaSchema, quarantined);
      let reachedSince = false;
      for (const item of media) {
        if (Date.parse(item.timestamp) >= sinceMs) out.push(item);
        else reachedSince = true;
      }
      const next = parsed.paging?.next === undefined ? undefined : parsed.paging.cursors?.after;
      if (reachedSince || next === undefined) break;
      after = next;
    }
    return out;
  }

  async listRecentPosts(creator: CreatorRef, options: { since: string }): Promise<ListRecentPostsResult> {
    const ctx = await this.http.context(creator);
    const quarantined: QuarantinedRecord[] = [];
    const sinceMs = Date.parse(options.since);
    const media = [
      ...(await this.listMedia(ctx, 'media', sinceMs, quarantined)),
      ...(await this.listMedia(ctx, 'stories', sinceMs, quarantined)),
    ];
    const posts: Post[] = [];
    for (const item of dedupeById(media, (m) => m.id)) {
      const parsed = PostSchema.safeParse({
        platform: 'instagram',
        postId: item.id,
        accountId: creator.accountId,
        type: postTypeOf(item),
        caption: (item.caption ?? '').slice(0, 10_000),
        publishedAt: item.timestamp,
        permalink: item.permalink,
        status: 'active',
      });
      if (parsed.success) posts.push(parsed.data);
      else
        quarantined.push({
          platform: 'instagram',
          kind: 'post',
          reason: z.prettifyError(parsed.error).slice(0, 500),
          raw: item,
        });
    }
    posts.sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.postId.localeCompare(b.postId));
    return { posts, quarantined, rawPages: ctx.rawPages };
  }

  private async followers(ctx: CallContext, quarantined: QuarantinedRecord[]): Promise<MetricValue> {
    const result = await this.get(ctx, 'instagram.user', `/${ctx.creator.accountId}`, {
      fields: 'id,followers_count',
    });
    if (result.kind !== 'ok')
      return unavailable(
        result.code === 'permission_missing' ? 'permission_missing' : 'not_returned',
        result.message.slice(0, 500),
      );
    const [user] = parseItems('instagram', 'follower', [result.json], UserSchema, quarantined);
    return user?.followers_count === undefined
      ? unavailable('not_returned')
      : available(user.followers_count);
  }

  async readFollowerCount(creator: CreatorRef): Promise<ReadFollowerCountResult> {
    const ctx = await this.http.context(creator);
    const quarantined: QuarantinedRecord[] = [];
    const followers = await this.followers(ctx, quarantined);
    return { followers, capturedAt: this.http.nowIso(), quarantined, rawPages: ctx.rawPages };
  }

  /** Insights for one media; a refused metric is switched off and the call repeated without it. */
  private async insights(ctx: CallContext, media: Media, type: PostType, quarantined: QuarantinedRecord[]) {
    const values = new Map<string, MetricValue>();
    const ageMs = this.http.clock.now() - Date.parse(media.timestamp);
    if (type === 'story' && ageMs > 24 * 3_600_000) {
      for (const metric of insightMetricsFor(type))
        values.set(metric, unavailable('not_returned', 'story insights expire after 24 h'));
      return values;
    }
    let wanted = insightMetricsFor(type).filter((m) => !RETIRED_INSTAGRAM_METRICS.includes(m));
    for (const metric of wanted) {
      if (this.disabled.has(metric)) values.set(metric, unavailable('collection_disabled'));
      const refused = this.refusedMetrics.get(metric);
      if (refused !== undefined) values.set(metric, unavailable('retired_metric', refused));
    }
    wanted = wanted.filter((m) => !values.has(m));
    for (let attempt = 0; attempt < 4 && wanted.length > 0; attempt++) {
      const result = await this.get(ctx, 'instagram.media.insights', `/${media.id}/insights`, {
        metric: wanted.join(','),
      });
      if (result.kind === 'soft') {
        const refused = /does not support the (\S+) metric/.exec(result.message)?.[1];
        if (result.code === 'unsupported_metric' && refused !== undefined && wanted.includes(refused)) {
          this.refusedMetrics.set(refused, result.message.slice(0, 300));
          values.set(refused, unavailable('retired_metric', result.message.slice(0, 300)));
          wanted = wanted.filter((m) => m !== refused);
          continue;
        }
        const reason: UnavailableReason =
          result.code === 'insufficient_audience'
            ? 'insufficient_audience'
            : result.code === 'permission_missing'
              ? 'permission_missing'
              : result.code === 'not_found'
                ? 'post_unavailable'
                : 'not_returned';
        for (const metric of wanted) values.set(metric, unavailable(reason, result.message.slice(0, 300)));
        return values;
      }
      const parsed = parseEnvelope('instagram', 'instagram.media.insights', result.json, PagedSchema);
      for (const insight of parseItems('instagram', 'insight', parsed.data, InsightSchema, quarantined)) {
        const value = insight.total_value?.value ?? insight.values?.[0]?.value;
        // Only what was asked for: a disabled or refused metric stays unavailable even if the API sends it.
        if (value !== undefined && wanted.includes(insight.name)) values.set(insight.name, available(value));
      }
      for (const metric of wanted) {
        if (!values.has(metric)) {
          values.set(
            metric,
            ageMs < this.insightDelayMs ? unavailable('not_yet_available') : unavailable('not_returned'),
          );
        }
      }
      return values;
    }
    return values;
  }

  async readPostMetrics(creator: CreatorRef, posts: readonly Post[]): Promise<ReadPostMetricsResult> {
    const ctx = await this.http.context(creator);
    const quarantined: QuarantinedRecord[] = [];
    const followers = await this.followers(ctx, quarantined);
    const snapshots: MetricSnapshot[] = [];
    const statusChanges: PostStatusChange[] = [];
    for (const post of posts) {
      const result = await this.get(ctx, 'instagram.media', `/${post.postId}`, {
        fields: 'id,media_type,media_product_type,timestamp,like_count,comments_count,is_comment_enabled',
      });
      if (result.kind === 'soft') {
        if (result.code === 'not_found') statusChanges.push({ postId: post.postId, status: 'deleted' });
        continue;
      }
      const [media] = parseItems('instagram', 'metrics', [result.json], MediaSchema, quarantined);
      if (media === undefined) continue;
      const type = postTypeOf(media);
      const insights = await this.insights(ctx, media, type, quarantined);
      const insight = (name: string) => insights.get(name) ?? unavailable('not_supported_for_media_type');
      snapshots.push({
        platform: 'instagram',
        postId: post.postId,
        accountId: creator.accountId,
        capturedAt: this.http.nowIso(),
        followers,
        metrics: allMetrics((name) => {
          switch (name) {
            case 'likes':
              return media.like_count === undefined
                ? unavailable('hidden_by_owner', 'like_count absent')
                : available(media.like_count);
            case 'comments':
              return media.comments_count === undefined
                ? unavailable('not_returned')
                : available(media.comments_count);
            case 'saves':
              return type === 'story' ? unavailable('not_supported_for_media_type') : insight('saved');
            case 'impressions':
              return unavailable(
                'retired_metric',
                'impressions retired for all versions on 21 Apr 2025 (v22.0); use views',
              );
            default:
              return insight(name);
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
    if (post.type === 'story') {
      return noNewComments(
        watermark,
        unavailable('not_supported_for_media_type', 'story replies are direct messages'),
        quarantined,
        ctx.rawPages,
      );
    }
    let soft: string | undefined;
    let sawAny = false;
    const fetchThreadPage = async (cursor: string | undefined) => {
      const result = await this.get(ctx, 'instagram.media.comments', `/${post.postId}/comments`, {
        fields: `${COMMENT_FIELDS},replies{${COMMENT_FIELDS}}`,
        limit: 50,
        after: cursor,
      });
      if (result.kind !== 'ok') {
        soft = result.code;
        return { threads: [] };
      }
      const page = parseEnvelope('instagram', 'instagram.media.comments', result.json, PagedSchema);
      const threads: CommentThreadItem[] = parseItems(
        'instagram',
        'comment',
        page.data,
        CommentObjectSchema,
        quarantined,
      ).map((c) => {
        sawAny = true;
        const embedded = parseItems(
          'instagram',
          'comment',
          c.replies?.data ?? [],
          CommentObjectSchema,
          quarantined,
        ).map((r) => normalizeComment(r, c.id));
        return {
          top: normalizeComment(c, null),
          embeddedReplies: embedded,
          embeddedComplete: c.replies?.paging?.next === undefined,
        };
      });
      const next = page.paging?.next === undefined ? undefined : page.paging.cursors?.after;
      return next === undefined ? { threads } : { threads, next };
    };
    const fetchReplies = async (threadId: string) => {
      const replies: NormalizedComment[] = [];
      let after: string | undefined;
      for (let page = 0; page < 100; page++) {
        const result = await this.get(ctx, 'instagram.comment.replies', `/${threadId}/replies`, {
          fields: COMMENT_FIELDS,
          limit: 50,
          after,
        });
        if (result.kind !== 'ok') break;
        const parsed = parseEnvelope('instagram', 'instagram.comment.replies', result.json, PagedSchema);
        for (const reply of parseItems(
          'instagram',
          'comment',
          parsed.data,
          CommentObjectSchema,
          quarantined,
        )) {
          replies.push(normalizeComment(reply, threadId));
        }
        const next = parsed.paging?.next === undefined ? undefined : parsed.paging.cursors?.after;
        if (next === undefined) break;
        after = next;
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
      return noNewComments(
        watermark,
        unavailable(soft === 'not_found' ? 'post_unavailable' : 'not_returned'),
        quarantined,
        ctx.rawPages,
      );
    }
    if (!sawAny) {
      // An empty list does not say why: ask the media whether comments are switched off.
      const result = await this.get(ctx, 'instagram.media', `/${post.postId}`, {
        fields: 'id,is_comment_enabled',
      });
      const enabled =
        result.kind === 'ok'
          ? (result.json as { is_comment_enabled?: unknown }).is_comment_enabled
          : undefined;
      if (result.kind === 'soft' && result.code === 'not_found') {
        return noNewComments(watermark, unavailable('post_unavailable'), quarantined, ctx.rawPages);
      }
      if (enabled === false) {
        return noNewComments(watermark, unavailable('disabled_on_post'), quarantined, ctx.rawPages);
      }
    }
    return newComments('instagram', post.postId, threads, this.deps.authorKeyer, quarantined, ctx.rawPages);
  }
}
