import { decodeOffset, encodeOffset, pageOf, type SimRequest, type SimResponse } from './sim-types';
import { followersAt, isoOf, metricsAt, postVisible, type SimComment, type SimPost } from './world';

/** YouTube Data API v3 on the simulator: channels, playlistItems, videos, commentThreads, comments. */

export function youtubeError(
  status: number,
  reason: string,
  message: string,
  domain = 'youtube.api',
): SimResponse {
  return { status, body: { error: { code: status, message, errors: [{ message, domain, reason }] } } };
}

function etag(id: string): string {
  return `sim-${id.slice(0, 12)}`;
}

/** YouTube keeps private videos listed for their owner; deleted ones disappear. */
function youtubeState(post: SimPost, now: number): 'public' | 'private' | 'gone' {
  if (post.publishedAt > now) return 'gone';
  if (post.deletedAt !== undefined && post.deletedAt <= now)
    return post.privateInsteadOfDeleted ? 'private' : 'gone';
  return 'public';
}

function durationOf(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `PT${m > 0 ? `${m}M` : ''}${s > 0 || m === 0 ? `${s}S` : ''}`;
}

function videoResource(
  post: SimPost,
  parts: Set<string>,
  now: number,
  state: 'public' | 'private',
): Record<string, unknown> {
  const resource: Record<string, unknown> = {
    kind: 'youtube#video',
    etag: etag(post.postId),
    id: post.postId,
  };
  if (parts.has('snippet')) {
    resource.snippet = {
      publishedAt: isoOf(post.publishedAt),
      channelId: post.accountId,
      title: post.title,
      description: post.caption,
      thumbnails: {
        default: { url: `https://i.ytimg.com/vi/${post.postId}/default.jpg`, width: 120, height: 90 },
      },
      channelTitle: post.accountId,
      tags: [],
      categoryId: '22',
      liveBroadcastContent: 'none',
    };
  }
  if (parts.has('contentDetails')) {
    resource.contentDetails = {
      duration: durationOf(post.durationSeconds),
      dimension: '2d',
      definition: 'hd',
      caption: 'false',
      licensedContent: false,
      projection: 'rectangular',
    };
  }
  if (parts.has('status')) {
    resource.status = {
      uploadStatus: 'processed',
      privacyStatus: state,
      license: 'youtube',
      embeddable: true,
      publicStatsViewable: true,
      madeForKids: false,
    };
  }
  if (parts.has('statistics')) {
    const m = metricsAt(post, now);
    const statistics: Record<string, string> = { viewCount: String(m.views), favoriteCount: '0' };
    if (!post.likesHidden) statistics.likeCount = String(m.likes);
    if (!post.commentsDisabled) statistics.commentCount = String(m.comments);
    resource.statistics = statistics;
  }
  if (parts.has('paidProductPlacementDetails')) {
    resource.paidProductPlacementDetails = {
      hasPaidProductPlacement: post.sponsorship?.signal === 'platform_flag',
    };
  }
  return resource;
}

function commentResource(comment: SimComment, post: SimPost): Record<string, unknown> {
  const snippet: Record<string, unknown> = {
    channelId: post.accountId,
    videoId: post.postId,
    textDisplay: comment.text,
    textOriginal: comment.text,
    authorDisplayName: `@${comment.authorName}`,
    authorProfileImageUrl: 'https://yt3.ggpht.com/sim',
    authorChannelUrl: `http://www.youtube.com/@${comment.authorName}`,
    authorChannelId: { value: comment.authorId },
    canRate: true,
    viewerRating: 'none',
    likeCount: comment.likes,
    publishedAt: isoOf(comment.publishedAt),
    updatedAt: isoOf(comment.publishedAt),
  };
  if (comment.parentId !== null) snippet.parentId = comment.parentId;
  return { kind: 'youtube#comment', etag: etag(comment.commentId), id: comment.commentId, snippet };
}

function maxResults(request: SimRequest, fallback: number, max: number): number {
  const raw = Number(request.url.searchParams.get('maxResults') ?? fallback);
  return Number.isFinite(raw) ? Math.max(1, Math.min(max, Math.floor(raw))) : fallback;
}

function listResponse(
  kind: string,
  items: unknown[],
  nextOffset: number | undefined,
  total: number,
  perPage: number,
): SimResponse {
  const body: Record<string, unknown> = {
    kind,
    etag: 'sim',
    pageInfo: { totalResults: total, resultsPerPage: perPage },
    items,
  };
  if (nextOffset !== undefined) body.nextPageToken = encodeOffset(nextOffset);
  return { status: 200, body };
}

function visibleComments(post: SimPost, now: number): SimComment[] {
  return post.comments.filter((c) => c.publishedAt <= now);
}

/** Newest first, ties broken by id (stable). */
function newestFirst<T extends { publishedAt: number }>(items: T[], id: (item: T) => string): T[] {
  return items.sort((a, b) => b.publishedAt - a.publishedAt || id(a).localeCompare(id(b)));
}

export function handleYoutube(path: string, request: SimRequest): SimResponse {
  const { url, world, now, creator } = request;
  const params = url.searchParams;
  const parts = new Set(
    (params.get('part') ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  );
  if (parts.size === 0)
    return youtubeError(400, 'missingRequiredParameter', 'No filter selected. Expected one of: part');
  switch (path) {
    case '/channels': {
      const ids = (params.get('id') ?? '').split(',');
      const items = world.creators
        .filter((c) => c.platform === 'youtube' && ids.includes(c.accountId))
        .map((c) => {
          const resource: Record<string, unknown> = {
            kind: 'youtube#channel',
            etag: etag(c.accountId),
            id: c.accountId,
          };
          if (parts.has('contentDetails'))
            resource.contentDetails = { relatedPlaylists: { likes: '', uploads: c.uploadsPlaylistId } };
          if (parts.has('statistics')) {
            const videoCount = world.posts.filter(
              (p) => p.accountId === c.accountId && postVisible(p, now),
            ).length;
            resource.statistics = {
              viewCount: '0',
              subscriberCount: String(followersAt(c, now, world.startAt)),
              hiddenSubscriberCount: false,
              videoCount: String(videoCount),
            };
          }
          if (parts.has('snippet'))
            resource.snippet = {
              title: c.handle,
              customUrl: `@${c.handle}`,
              publishedAt: isoOf(world.startAt - 400 * 86_400_000),
            };
          return resource;
        });
      return listResponse('youtube#channelListResponse', items, undefined, items.length, items.length);
    }
    case '/playlistItems': {
      const playlistId = params.get('playlistId');
      const owner = world.creators.find((c) => c.uploadsPlaylistId === playlistId);
      if (owner === undefined)
        return youtubeError(
          404,
          'playlistNotFound',
          "The playlist identified with the request's playlistId parameter cannot be found.",
        );
      const videos = newestFirst(
        world.posts.filter((p) => p.accountId === owner.accountId && youtubeState(p, now) !== 'gone'),
        (p) => p.postId,
      );
      const size = maxResults(request, 5, 50);
      const { page, nextOffset } = pageOf(videos, decodeOffset(params.get('pageToken')), size, request);
      const items = page.map((p) => ({
        kind: 'youtube#playlistItem',
        etag: etag(p.postId),
        id: `${playlistId}.${p.postId}`,
        contentDetails: { videoId: p.postId, videoPublishedAt: isoOf(p.publishedAt) },
      }));
      return listResponse('youtube#playlistItemListResponse', items, nextOffset, videos.length, size);
    }
    case '/videos': {
      const ids = (params.get('id') ?? '').split(',').filter(Boolean);
      if (ids.length > 50) return youtubeError(400, 'invalidParameter', 'Too many ids (max 50).');
      const items: unknown[] = [];
      for (const id of ids) {
        const post = world.postsById.get(id);
        if (post === undefined || post.platform !== 'youtube') continue;
        const state = youtubeState(post, now);
        if (state === 'gone') continue;
        if (state === 'private' && post.accountId !== creator.accountId) continue;
        items.push(videoResource(post, parts, now, state));
      }
      return listResponse('youtube#videoListResponse', items, undefined, items.length, items.length);
    }
    case '/commentThreads': {
      const post = world.postsById.get(params.get('videoId') ?? '');
      if (post === undefined || post.platform !== 'youtube' || youtubeState(post, now) === 'gone') {
        return youtubeError(
          404,
          'videoNotFound',
          'The video identified by the videoId parameter could not be found.',
        );
      }
      if (post.commentsDisabled) {
        return youtubeError(
          403,
          'commentsDisabled',
          'The video identified by the videoId parameter has disabled comments.',
        );
      }
      const all = visibleComments(post, now);
      const tops = newestFirst(
        all.filter((c) => c.parentId === null),
        (c) => c.commentId,
      );
      const size = maxResults(request, 20, 100);
      const { page, nextOffset } = pageOf(tops, decodeOffset(params.get('pageToken')), size, request);
      const items = page.map((top) => {
        const replies = all
          .filter((c) => c.parentId === top.commentId)
          .sort((a, b) => a.publishedAt - b.publishedAt || a.commentId.localeCompare(b.commentId));
        const thread: Record<string, unknown> = {
          kind: 'youtube#commentThread',
          etag: etag(top.commentId),
          id: top.commentId,
          snippet: {
            channelId: post.accountId,
            videoId: post.postId,
            topLevelComment: commentResource(top, post),
            canReply: true,
            totalReplyCount: replies.length,
            isPublic: true,
          },
        };
        // Like the real API, only a subset of replies is embedded; comments.list returns them all.
        if (parts.has('replies') && replies.length > 0)
          thread.replies = { comments: replies.slice(0, 5).map((r) => commentResource(r, post)) };
        return thread;
      });
      return listResponse('youtube#commentThreadListResponse', items, nextOffset, tops.length, size);
    }
    case '/comments': {
      const parentId = params.get('parentId') ?? '';
      const parent = world.commentsById.get(parentId);
      const post = parent === undefined ? undefined : world.postsById.get(parent.postId);
      if (parent === undefined || post === undefined || parent.publishedAt > now) {
        return youtubeError(
          404,
          'commentNotFound',
          'The comment identified by the parentId parameter could not be found.',
        );
      }
      const replies = visibleComments(post, now)
        .filter((c) => c.parentId === parentId)
        .sort((a, b) => a.publishedAt - b.publishedAt || a.commentId.localeCompare(b.commentId));
      const size = maxResults(request, 20, 100);
      const { page, nextOffset } = pageOf(replies, decodeOffset(params.get('pageToken')), size, request);
      return listResponse(
        'youtube#commentListResponse',
        page.map((r) => commentResource(r, post)),
        nextOffset,
        replies.length,
        size,
      );
    }
    default:
      return youtubeError(404, 'notFound', `Unknown endpoint ${path}`);
  }
}
