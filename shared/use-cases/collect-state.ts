import { z } from 'zod';
import type { Post } from '../domain/post';
import { type CommentWatermark, EMPTY_COMMENT_WATERMARK } from '../ports/platform-connector';

/**
 * What collect-creator remembers between runs, stored in the WatermarkStore (creator partition, versioned):
 * - stream `posts`: the polling state of the creator's recent posts (when metrics and comments were last read,
 *   and whether the post disappeared), one small entry per post of the lookback window;
 * - stream `comments#<postId>`: the connector's CommentWatermark of that post, as JSON; it expires (TTL) once the
 *   post is too old to be read again (commentWatermarkExpiresAt). The `posts` stream never expires: it is one
 *   item per creator, rewritten every run, and prunes its own entries (nextPollingState's keepAfter).
 * Both are written only after the collected data was archived and sent (see collect-creator.ts).
 */
export const POSTS_STREAM = 'posts';

export function commentsStream(postId: string): string {
  return `comments#${postId}`;
}

const PostPollStateSchema = z.object({
  publishedAt: z.string(),
  /** Last metrics snapshot read (ISO). */
  metricsAt: z.string().optional(),
  /** Last comments read (ISO). */
  commentsAt: z.string().optional(),
  status: z.enum(['active', 'deleted', 'private']).default('active'),
});
export type PostPollState = z.infer<typeof PostPollStateSchema>;

export const PollingStateSchema = z.object({
  v: z.literal(1),
  posts: z.record(z.string(), PostPollStateSchema),
});
export type PollingState = z.infer<typeof PollingStateSchema>;

export const EMPTY_POLLING_STATE: PollingState = { v: 1, posts: {} };

export const CommentWatermarkSchema = z.object({
  latestAt: z.string().nullable(),
  idsAtLatest: z.array(z.string()),
  openThreads: z.array(
    z.object({ threadId: z.string(), publishedAt: z.string(), replyIds: z.array(z.string()) }),
  ),
});

export class CorruptWatermarkError extends Error {
  override readonly name = 'CorruptWatermarkError';
}

function parseJson<T>(schema: z.ZodType<T>, value: string, stream: string): T {
  try {
    return schema.parse(JSON.parse(value));
  } catch (error) {
    // A corrupt watermark must not be replaced by "start from scratch" silently: that would resend everything.
    throw new CorruptWatermarkError(`watermark ${stream} is not valid`, { cause: error });
  }
}

export function parsePollingState(value: string | undefined): PollingState {
  return value === undefined
    ? structuredClone(EMPTY_POLLING_STATE)
    : parseJson(PollingStateSchema, value, POSTS_STREAM);
}

export function parseCommentWatermark(value: string | undefined, postId: string): CommentWatermark | null {
  return value === undefined ? null : parseJson(CommentWatermarkSchema, value, commentsStream(postId));
}

/**
 * Margin added to a comments watermark's lifetime beyond the last moment its post can be read. It covers clock
 * skew between runs, a job that starts just before the horizon and writes just after it, and a later widening of
 * the lookback or the comments schedule by up to this much (posts already collected keep their watermark).
 */
export const COMMENT_WATERMARK_MARGIN_MS = 7 * 86_400_000;

/**
 * When a post's `comments#<postId>` watermark expires: publishedAt + the polling horizon (the age after which
 * collect-creator never reads the post's comments again) + COMMENT_WATERMARK_MARGIN_MS, rounded up to a whole
 * second (the TTL attribute holds epoch seconds). Undefined for an unbounded horizon (kept forever).
 * The watermark is therefore never expired while its post can still be read, so expiry never re-sends comments.
 */
export function commentWatermarkExpiresAt(publishedAt: string, pollingHorizonMs: number): string | undefined {
  const published = Date.parse(publishedAt);
  if (!Number.isFinite(pollingHorizonMs) || Number.isNaN(published)) return undefined;
  const expiresMs = published + pollingHorizonMs + COMMENT_WATERMARK_MARGIN_MS;
  return new Date(Math.ceil(expiresMs / 1000) * 1000).toISOString();
}

export function serialiseCommentWatermark(watermark: CommentWatermark): string {
  return JSON.stringify(watermark ?? EMPTY_COMMENT_WATERMARK);
}

/**
 * The next polling state: posts still in the lookback listing (or still young enough to be polled) are kept;
 * polled posts get their new poll times; disappeared posts keep their status so they are never polled again.
 */
export function nextPollingState(input: {
  previous: PollingState;
  listed: readonly Post[];
  metricsPolled: readonly string[];
  commentsPolled: readonly string[];
  statusChanges: ReadonlyMap<string, 'deleted' | 'private'>;
  now: string;
  keepAfter: string;
}): PollingState {
  const posts: Record<string, PostPollState> = {};
  for (const [postId, entry] of Object.entries(input.previous.posts)) {
    if (entry.publishedAt >= input.keepAfter) posts[postId] = { ...entry };
  }
  for (const post of input.listed) {
    posts[post.postId] ??= { publishedAt: post.publishedAt, status: 'active' };
  }
  for (const postId of input.metricsPolled) {
    const entry = posts[postId];
    if (entry) entry.metricsAt = input.now;
  }
  for (const postId of input.commentsPolled) {
    const entry = posts[postId];
    if (entry) entry.commentsAt = input.now;
  }
  for (const [postId, status] of input.statusChanges) {
    const entry = posts[postId];
    if (entry) entry.status = status;
  }
  return { v: 1, posts };
}
