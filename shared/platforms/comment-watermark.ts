import type { CommentWatermark, OpenThread } from '../ports/platform-connector';

/** A comment as the connectors normalise it before keying the author. */
export interface NormalizedComment {
  readonly commentId: string;
  readonly parentId: string | null;
  readonly authorId: string;
  readonly text: string;
  readonly publishedAtMs: number;
  readonly likes: number | null;
}

/** One top-level comment with what the page says about its replies. */
export interface CommentThreadItem {
  readonly top: NormalizedComment;
  /** Reply count the platform reports (YouTube `totalReplyCount`, TikTok `replies`), when it reports one. */
  readonly replyCount?: number;
  readonly embeddedReplies: readonly NormalizedComment[];
  /** Whether the embedded replies are all of them (else `fetchReplies` is called). */
  readonly embeddedComplete: boolean;
}

export interface CollectThreadsInput {
  readonly watermark: CommentWatermark | null;
  readonly now: number;
  /** Threads younger than this are re-read each pass for late replies (default 24 h). */
  readonly replyWindowMs: number;
  /** Pages of top-level comments, newest first. */
  readonly fetchThreadPage: (
    cursor: string | undefined,
  ) => Promise<{ threads: CommentThreadItem[]; next?: string }>;
  readonly fetchReplies: (threadId: string) => Promise<NormalizedComment[]>;
  readonly maxPages?: number;
}

export interface CollectThreadsOutput {
  readonly comments: NormalizedComment[];
  readonly nextWatermark: CommentWatermark;
}

/**
 * Incremental comment collection, exact at the boundary.
 *
 * Rule: a top-level comment is new when it is later than `latestAt`, or at `latestAt` and not in `idsAtLatest`.
 * Paging (newest first) stops after the first page that reaches below min(latestAt, oldest open thread), so
 * comments sharing the boundary timestamp are all seen. Pages that shift or repeat while paging only produce
 * duplicates, which are dropped by id. Replies are tracked per young thread by id, so late replies to an older
 * thread are delivered once.
 */
export async function collectCommentThreads(input: CollectThreadsInput): Promise<CollectThreadsOutput> {
  const previous = input.watermark;
  const latestMs = previous?.latestAt ? Date.parse(previous.latestAt) : null;
  const idsAtLatest = new Set(previous?.idsAtLatest ?? []);
  const open = new Map<string, OpenThread>();
  for (const thread of previous?.openThreads ?? []) open.set(thread.threadId, thread);
  let cutoff = latestMs ?? Number.NEGATIVE_INFINITY;
  for (const thread of open.values()) cutoff = Math.min(cutoff, Date.parse(thread.publishedAt));

  const emitted = new Map<string, NormalizedComment>();
  const seenThreads = new Set<string>();
  const nextOpen = new Map<string, OpenThread>();
  let maxSeen = latestMs ?? Number.NEGATIVE_INFINITY;
  const idsAtMax = new Set(latestMs === null ? [] : idsAtLatest);
  const windowStart = input.now - input.replyWindowMs;
  const maxPages = input.maxPages ?? 1_000;

  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const { threads, next } = await input.fetchThreadPage(cursor);
    let reachedCutoff = false;
    for (const thread of threads) {
      const { top } = thread;
      if (top.publishedAtMs < cutoff) reachedCutoff = true;
      if (seenThreads.has(top.commentId)) continue;
      seenThreads.add(top.commentId);

      const isNew =
        latestMs === null ||
        top.publishedAtMs > latestMs ||
        (top.publishedAtMs === latestMs && !idsAtLatest.has(top.commentId));
      if (isNew && !emitted.has(top.commentId)) emitted.set(top.commentId, top);
      if (top.publishedAtMs > maxSeen) {
        maxSeen = top.publishedAtMs;
        idsAtMax.clear();
      }
      if (top.publishedAtMs === maxSeen) idsAtMax.add(top.commentId);

      const tracked = open.get(top.commentId);
      const knownReplies = tracked ? new Set(tracked.replyIds) : isNew ? new Set<string>() : undefined;
      if (knownReplies === undefined) continue;
      const mayHaveNew = thread.replyCount === undefined || thread.replyCount > knownReplies.size;
      if (mayHaveNew && (thread.replyCount ?? 1) > 0) {
        const replies = thread.embeddedComplete
          ? thread.embeddedReplies
          : await input.fetchReplies(top.commentId);
        for (const reply of replies) {
          if (knownReplies.has(reply.commentId)) continue;
          knownReplies.add(reply.commentId);
          emitted.set(reply.commentId, reply);
        }
      }
      if (top.publishedAtMs >= windowStart) {
        nextOpen.set(top.commentId, {
          threadId: top.commentId,
          publishedAt: new Date(top.publishedAtMs).toISOString(),
          replyIds: [...knownReplies].sort(),
        });
      }
    }
    if (reachedCutoff || next === undefined) break;
    cursor = next;
  }
  // A young thread not seen this pass (e.g. hidden) keeps its reply ids so nothing is re-delivered later.
  for (const [id, thread] of open) {
    if (!nextOpen.has(id) && !seenThreads.has(id) && Date.parse(thread.publishedAt) >= windowStart)
      nextOpen.set(id, thread);
  }

  const nextWatermark: CommentWatermark = {
    latestAt: Number.isFinite(maxSeen) ? new Date(maxSeen).toISOString() : null,
    idsAtLatest: [...idsAtMax].sort(),
    openThreads: [...nextOpen.values()].sort((a, b) => a.threadId.localeCompare(b.threadId)),
  };
  const comments = [...emitted.values()].sort(
    (a, b) => a.publishedAtMs - b.publishedAtMs || a.commentId.localeCompare(b.commentId),
  );
  return { comments, nextWatermark };
}
