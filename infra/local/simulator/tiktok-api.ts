import { pickFields, type SimRequest, type SimResponse } from './sim-types';
import { followersAt, metricsAt, postVisible, type SimComment, type SimPost } from './world';

/** TikTok on the simulator: Display API (video list/query, user info) and Business API comments. */

let logCounter = 0;
function logId(): string {
  logCounter = (logCounter + 1) % 1_000_000;
  return `2026SIM${String(logCounter).padStart(6, '0')}`;
}

export function tiktokDisplayError(status: number, code: string, message: string): SimResponse {
  return { status, body: { data: {}, error: { code, message, log_id: logId() } } };
}

export function tiktokBusinessError(code: number, message: string, status = 200): SimResponse {
  return { status, body: { code, message, request_id: logId(), data: {} } };
}

function ok(data: unknown): SimResponse {
  return { status: 200, body: { data, error: { code: 'ok', message: '', log_id: logId() } } };
}

function videoObject(post: SimPost, now: number): Record<string, unknown> {
  const m = metricsAt(post, now);
  return {
    id: post.postId,
    create_time: Math.floor(post.publishedAt / 1000),
    title: post.title,
    video_description: post.caption,
    duration: post.durationSeconds,
    height: 1920,
    width: 1080,
    share_url: `https://www.tiktok.com/@sim/video/${post.postId}`,
    cover_image_url: `https://p16-sign.tiktokcdn.com/sim/${post.postId}.jpeg`,
    view_count: m.views,
    like_count: m.likes,
    comment_count: m.comments,
    share_count: m.shares,
  };
}

function businessComment(comment: SimComment, replies: number): Record<string, unknown> {
  const object: Record<string, unknown> = {
    comment_id: comment.commentId,
    video_id: comment.postId,
    user_id: comment.authorId,
    username: comment.authorName,
    create_time: Math.floor(comment.publishedAt / 1000),
    text: comment.text,
    likes: comment.likes,
    replies,
    owner: false,
    liked: false,
    pinned: false,
    status: 'PUBLIC',
  };
  if (comment.parentId !== null) object.parent_comment_id = comment.parentId;
  return object;
}

function clamp(value: unknown, fallback: number, max: number): number {
  const n = Number(value ?? fallback);
  return Number.isFinite(n) ? Math.max(1, Math.min(max, Math.floor(n))) : fallback;
}

export function handleTiktokDisplay(path: string, request: SimRequest): SimResponse {
  const { world, now, creator, url } = request;
  const fields = url.searchParams.get('fields');
  if (fields === null || fields === '')
    return tiktokDisplayError(400, 'invalid_params', 'fields is required');
  const body = (request.body ?? {}) as Record<string, unknown>;
  const mine = world.posts.filter((p) => p.accountId === creator.accountId && postVisible(p, now));
  switch (path) {
    case '/v2/user/info/':
      return ok({
        user: pickFields(
          {
            open_id: creator.accountId,
            display_name: creator.handle,
            follower_count: followersAt(creator, now, world.startAt),
            video_count: mine.length,
          },
          fields,
        ),
      });
    case '/v2/video/list/': {
      const size = clamp(body.max_count, 10, 20);
      const cursor = typeof body.cursor === 'number' ? body.cursor : Number.POSITIVE_INFINITY;
      // Cursor = create time in ms: videos strictly older than the cursor, newest first. A shifted page repeats
      // the boundary video (as if the cursor were taken a moment later).
      const bound = Number.isFinite(cursor) && request.pageFault('shiftedPages') ? cursor + 1000 : cursor;
      const older = mine
        .filter((p) => p.publishedAt < bound)
        .sort((a, b) => b.publishedAt - a.publishedAt || a.postId.localeCompare(b.postId));
      const page = older.slice(0, size);
      const last = page[page.length - 1];
      return ok({
        videos: page.map((p) => pickFields(videoObject(p, now), fields)),
        cursor: last?.publishedAt ?? 0,
        has_more: older.length > page.length,
      });
    }
    case '/v2/video/query/': {
      const filters = (body.filters ?? {}) as { video_ids?: unknown };
      const ids = Array.isArray(filters.video_ids)
        ? filters.video_ids.filter((v): v is string => typeof v === 'string')
        : [];
      if (ids.length === 0 || ids.length > 20)
        return tiktokDisplayError(400, 'invalid_params', 'video_ids must hold 1 to 20 ids');
      const videos = mine
        .filter((p) => ids.includes(p.postId))
        .map((p) => pickFields(videoObject(p, now), fields));
      return ok({ videos, cursor: 0, has_more: false });
    }
    default:
      return tiktokDisplayError(404, 'invalid_params', `unknown endpoint ${path}`);
  }
}

export function handleTiktokBusiness(path: string, request: SimRequest): SimResponse {
  const { world, now, creator, url } = request;
  const params = url.searchParams;
  if (params.get('business_id') !== creator.accountId)
    return tiktokBusinessError(40001, 'No permission to operate this business account');
  const post = world.postsById.get(params.get('video_id') ?? '');
  if (post === undefined || post.accountId !== creator.accountId || !postVisible(post, now)) {
    return tiktokBusinessError(40400, 'video not found');
  }
  if (post.commentsDisabled) return tiktokBusinessError(40011, 'comments are disabled for this video');
  const visible = post.comments.filter((c) => c.publishedAt <= now);
  const size = clamp(params.get('max_count'), 20, 50);
  const offset = Math.max(0, Math.floor(Number(params.get('cursor') ?? 0)) || 0);
  let items: SimComment[];
  if (path === '/comment/list/') {
    items = visible
      .filter((c) => c.parentId === null)
      .sort((a, b) => b.publishedAt - a.publishedAt || a.commentId.localeCompare(b.commentId));
  } else if (path === '/comment/reply/list/') {
    const parentId = params.get('comment_id');
    items = visible
      .filter((c) => c.parentId === parentId)
      .sort((a, b) => a.publishedAt - b.publishedAt || a.commentId.localeCompare(b.commentId));
  } else {
    return tiktokBusinessError(40002, `unknown endpoint ${path}`);
  }
  let start = Math.min(offset, items.length);
  if (start > 0 && request.pageFault('duplicatePages')) start = Math.max(0, start - size);
  else if (start > 0 && request.pageFault('shiftedPages')) start = Math.max(0, start - 2);
  const page = items.slice(start, start + size);
  const replyCounts = new Map<string, number>();
  for (const c of visible)
    if (c.parentId !== null) replyCounts.set(c.parentId, (replyCounts.get(c.parentId) ?? 0) + 1);
  return {
    status: 200,
    body: {
      code: 0,
      message: 'OK',
      request_id: logId(),
      data: {
        comments: page.map((c) => businessComment(c, replyCounts.get(c.commentId) ?? 0)),
        cursor: start + page.length,
        has_more: start + page.length < items.length,
      },
    },
  };
}
