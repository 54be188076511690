import {
  decodeOffset,
  encodeOffset,
  pageOf,
  pickFields,
  type SimRequest,
  type SimResponse,
  topLevelFields,
} from './sim-types';
import { DAY, followersAt, metricsAt, postVisible, type SimComment, type SimPost } from './world';

/** Instagram Graph API on the simulator: user, media, stories, media fields, insights, comments, replies. */

export function instagramError(
  status: number,
  code: number,
  message: string,
  subcode?: number,
  type = 'OAuthException',
): SimResponse {
  const error: Record<string, unknown> = { message, type, code, fbtrace_id: 'SimTrace' };
  if (subcode !== undefined) error.error_subcode = subcode;
  if (code === 1 || code === 2) error.is_transient = true;
  return { status, body: { error } };
}

/** `2026-11-22T01:02:03+0000`, as the Graph API formats timestamps. */
export function graphTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

function mediaType(post: SimPost): { media_type: string; media_product_type: string } {
  switch (post.type) {
    case 'reel':
      return { media_type: 'VIDEO', media_product_type: 'REELS' };
    case 'story':
      return { media_type: 'IMAGE', media_product_type: 'STORY' };
    case 'carousel':
      return { media_type: 'CAROUSEL_ALBUM', media_product_type: 'FEED' };
    case 'video':
      return { media_type: 'VIDEO', media_product_type: 'FEED' };
    default:
      return { media_type: 'IMAGE', media_product_type: 'FEED' };
  }
}

function mediaObject(post: SimPost, now: number, handle: string): Record<string, unknown> {
  const m = metricsAt(post, now);
  const object: Record<string, unknown> = {
    id: post.postId,
    caption: post.caption,
    ...mediaType(post),
    permalink: `https://www.instagram.com/p/${post.postId.slice(-11)}/`,
    shortcode: post.postId.slice(-11),
    timestamp: graphTime(post.publishedAt),
    username: handle,
    is_comment_enabled: !post.commentsDisabled,
    comments_count: m.comments,
  };
  if (!post.likesHidden) object.like_count = m.likes;
  return object;
}

const SUPPORTED_INSIGHTS: Record<string, readonly string[]> = {
  reel: [
    'views',
    'reach',
    'saved',
    'shares',
    'likes',
    'comments',
    'total_interactions',
    'ig_reels_avg_watch_time',
  ],
  story: ['views', 'reach', 'shares', 'replies', 'follows', 'profile_visits', 'total_interactions'],
  carousel: ['views', 'reach', 'saved', 'shares', 'follows', 'profile_visits', 'total_interactions'],
  video: ['views', 'reach', 'saved', 'shares', 'likes', 'comments', 'total_interactions'],
  image: [
    'views',
    'reach',
    'saved',
    'shares',
    'likes',
    'comments',
    'follows',
    'profile_visits',
    'total_interactions',
  ],
};

function commentObject(
  comment: SimComment,
  fields: string | null,
  replies?: Record<string, unknown>,
): Record<string, unknown> {
  const object: Record<string, unknown> = {
    id: comment.commentId,
    text: comment.text,
    timestamp: graphTime(comment.publishedAt),
    like_count: comment.likes,
    from: { id: comment.authorId, username: comment.authorName },
    username: comment.authorName,
    hidden: false,
  };
  if (comment.parentId !== null) object.parent_id = comment.parentId;
  if (replies !== undefined) object.replies = replies;
  return pickFields(object, fields);
}

function paged(
  request: SimRequest,
  path: string,
  data: unknown[],
  nextOffset: number | undefined,
  offset: number,
): SimResponse {
  const paging: Record<string, unknown> = {
    cursors: { before: encodeOffset(offset), after: encodeOffset(nextOffset ?? offset + data.length) },
  };
  if (nextOffset !== undefined) {
    const next = new URL(`${request.apiBase}${path}`);
    for (const [k, v] of request.url.searchParams)
      if (k !== 'access_token' && k !== 'after') next.searchParams.set(k, v);
    next.searchParams.set('after', encodeOffset(nextOffset));
    paging.next = next.toString();
  }
  return { status: 200, body: { data, paging } };
}

function limitOf(request: SimRequest): number {
  const raw = Number(request.url.searchParams.get('limit') ?? 25);
  return Number.isFinite(raw) ? Math.max(1, Math.min(100, Math.floor(raw))) : 25;
}

function newestFirst<T extends { publishedAt: number }>(items: T[], id: (item: T) => string): T[] {
  return items.sort((a, b) => b.publishedAt - a.publishedAt || id(a).localeCompare(id(b)));
}

const NOT_FOUND_MESSAGE = (id: string) =>
  `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`;

export function handleInstagram(segments: readonly string[], request: SimRequest): SimResponse {
  const { world, now, creator, url } = request;
  const params = url.searchParams;
  const fields = params.get('fields');
  const [id, edge] = segments;
  if (id === undefined) return instagramError(400, 100, 'Unknown path components');

  if (id === creator.accountId) {
    if (edge === undefined) {
      const media = world.posts.filter(
        (p) => p.accountId === id && postVisible(p, now) && p.type !== 'story',
      ).length;
      return {
        status: 200,
        body: pickFields(
          {
            id,
            username: creator.handle,
            followers_count: followersAt(creator, now, world.startAt),
            follows_count: 310,
            media_count: media,
          },
          fields,
        ),
      };
    }
    if (edge === 'media' || edge === 'stories') {
      const items = newestFirst(
        world.posts.filter(
          (p) => p.accountId === id && postVisible(p, now) && (edge === 'stories') === (p.type === 'story'),
        ),
        (p) => p.postId,
      );
      const offset = decodeOffset(params.get('after'));
      const { page, nextOffset } = pageOf(items, offset, limitOf(request), request);
      return paged(
        request,
        `/${id}/${edge}`,
        page.map((p) => pickFields(mediaObject(p, now, creator.handle), fields)),
        nextOffset,
        offset,
      );
    }
    return instagramError(400, 100, `Tried accessing nonexisting field (${edge}) on node type (IGUser)`);
  }

  const post = world.postsById.get(id);
  if (post !== undefined && post.platform === 'instagram') {
    if (post.accountId !== creator.accountId)
      return instagramError(400, 10, 'Application does not have permission for this action');
    const deleted = post.publishedAt > now || (post.deletedAt !== undefined && post.deletedAt <= now);
    if (deleted) return instagramError(400, 100, NOT_FOUND_MESSAGE(id), 33, 'GraphMethodException');
    if (edge === undefined)
      return { status: 200, body: pickFields(mediaObject(post, now, creator.handle), fields) };
    if (edge === 'insights') {
      const requested = (params.get('metric') ?? '')
        .split(',')
        .map((m) => m.trim())
        .filter(Boolean);
      if (requested.length === 0) return instagramError(400, 100, '(#100) The parameter metric is required');
      const supported = SUPPORTED_INSIGHTS[post.type] ?? [];
      for (const metric of requested) {
        if (!supported.includes(metric)) {
          return instagramError(
            400,
            100,
            `(#100) The Media Insights API does not support the ${metric} metric for this media product type.`,
            undefined,
            'IGApiException',
          );
        }
      }
      if (post.type === 'story' && now - post.publishedAt > DAY) return { status: 200, body: { data: [] } };
      // Insights lag: nothing for the first 30 simulated minutes (the real delay can reach 48 h).
      if (now - post.publishedAt < 30 * 60_000) return { status: 200, body: { data: [] } };
      const m = metricsAt(post, now);
      const value: Record<string, number> = {
        views: m.views,
        reach: m.reach,
        saved: m.saves,
        shares: m.shares,
        likes: m.likes,
        comments: m.comments,
        total_interactions: m.likes + m.comments + m.saves + m.shares,
        follows: Math.floor(m.reach * 0.002),
        profile_visits: Math.floor(m.reach * 0.01),
        replies: 0,
        ig_reels_avg_watch_time: 6_400,
      };
      const data = requested.map((name) => ({
        name,
        period: 'lifetime',
        values: [{ value: value[name] ?? 0 }],
        title: name,
        description: `Simulated ${name}`,
        id: `${post.postId}/insights/${name}/lifetime`,
      }));
      return { status: 200, body: { data } };
    }
    if (edge === 'comments') {
      const visible = post.comments.filter((c) => c.publishedAt <= now);
      const tops = newestFirst(
        visible.filter((c) => c.parentId === null),
        (c) => c.commentId,
      );
      const offset = decodeOffset(params.get('after'));
      const { page, nextOffset } = pageOf(tops, offset, limitOf(request), request);
      const wantsReplies = fields !== null && topLevelFields(fields).includes('replies');
      const nested = fields === null ? null : (/replies\{([^}]*)\}/.exec(fields)?.[1] ?? null);
      const data = page.map((top) => {
        if (!wantsReplies) return commentObject(top, fields);
        const replies = visible
          .filter((c) => c.parentId === top.commentId)
          .sort((a, b) => a.publishedAt - b.publishedAt || a.commentId.localeCompare(b.commentId));
        const inline: Record<string, unknown> = {
          data: replies.slice(0, 25).map((r) => commentObject(r, nested)),
        };
        if (replies.length > 25)
          inline.paging = {
            cursors: { after: encodeOffset(25) },
            next: `${request.apiBase}/${top.commentId}/replies?after=${encodeOffset(25)}`,
          };
        return commentObject(top, fields, replies.length > 0 ? inline : undefined);
      });
      return paged(request, `/${id}/comments`, data, nextOffset, offset);
    }
    return instagramError(400, 100, `Tried accessing nonexisting field (${edge}) on node type (IGMedia)`);
  }

  const comment = world.commentsById.get(id);
  if (comment !== undefined && edge === 'replies') {
    const parentPost = world.postsById.get(comment.postId);
    if (parentPost === undefined || parentPost.platform !== 'instagram' || comment.publishedAt > now) {
      return instagramError(400, 100, NOT_FOUND_MESSAGE(id), 33, 'GraphMethodException');
    }
    const replies = parentPost.comments
      .filter((c) => c.parentId === id && c.publishedAt <= now)
      .sort((a, b) => a.publishedAt - b.publishedAt || a.commentId.localeCompare(b.commentId));
    const offset = decodeOffset(params.get('after'));
    const { page, nextOffset } = pageOf(replies, offset, limitOf(request), request);
    return paged(
      request,
      `/${id}/replies`,
      page.map((r) => commentObject(r, fields)),
      nextOffset,
      offset,
    );
  }
  return instagramError(400, 100, NOT_FOUND_MESSAGE(id), 33, 'GraphMethodException');
}
