import { describe, expect, it } from 'vitest';
import {
  type CommentThreadItem,
  collectCommentThreads,
  type NormalizedComment,
} from '../../../shared/platforms/comment-watermark';
import type { CommentWatermark } from '../../../shared/ports/platform-connector';

const T0 = Date.parse('2026-11-20T12:00:00Z');
const c = (id: string, secondsAfter: number, parentId: string | null = null): NormalizedComment => ({
  commentId: id,
  parentId,
  authorId: `a-${id}`,
  text: id,
  publishedAtMs: T0 + secondsAfter * 1000,
  likes: null,
});

/** A fake platform: top-level comments newest first, offset pages, with optional shift/duplicate on later pages. */
function platform(tops: NormalizedComment[], replies: NormalizedComment[], pageSize: number, shiftOnce = 0) {
  let shift = shiftOnce;
  const sorted = () =>
    [...tops].sort((a, b) => b.publishedAtMs - a.publishedAtMs || a.commentId.localeCompare(b.commentId));
  return {
    fetchThreadPage: async (cursor: string | undefined) => {
      let offset = cursor === undefined ? 0 : Number(cursor);
      if (offset > 0 && shift > 0) {
        offset = Math.max(0, offset - shift);
        shift = 0;
      }
      const all = sorted();
      const page = all.slice(offset, offset + pageSize);
      const threads: CommentThreadItem[] = page.map((top) => {
        const mine = replies.filter((r) => r.parentId === top.commentId);
        return {
          top,
          replyCount: mine.length,
          embeddedReplies: mine.slice(0, 1),
          embeddedComplete: mine.length <= 1,
        };
      });
      const next = offset + page.length;
      return next < all.length ? { threads, next: String(next) } : { threads };
    },
    fetchReplies: async (threadId: string) => replies.filter((r) => r.parentId === threadId),
  };
}

async function pass(
  tops: NormalizedComment[],
  replies: NormalizedComment[],
  watermark: CommentWatermark | null,
  now: number,
  pageSize = 2,
  shift = 0,
) {
  return collectCommentThreads({
    watermark,
    now,
    replyWindowMs: 24 * 3_600_000,
    ...platform(tops, replies, pageSize, shift),
  });
}

describe('incremental comments by watermark', () => {
  it('is exact when several comments share the boundary timestamp', async () => {
    const tops = [c('a', 1), c('b', 5), c('c', 5)];
    const first = await pass(tops, [], null, T0 + 10_000);
    expect(first.comments.map((x) => x.commentId)).toEqual(['a', 'b', 'c']);
    expect(first.nextWatermark.latestAt).toBe(new Date(T0 + 5000).toISOString());
    expect(first.nextWatermark.idsAtLatest).toEqual(['b', 'c']);
    // Two more arrive at the very same second as the watermark, one later.
    tops.push(c('d', 5), c('e', 5), c('f', 9));
    const second = await pass(tops, [], first.nextWatermark, T0 + 20_000);
    expect(second.comments.map((x) => x.commentId)).toEqual(['d', 'e', 'f']);
    const third = await pass(tops, [], second.nextWatermark, T0 + 30_000);
    expect(third.comments).toEqual([]);
  });

  it('drops repeats when a page shifts while paging, losing nothing', async () => {
    const tops = Array.from({ length: 9 }, (_, i) => c(`t${i}`, i * 10));
    const result = await pass(tops, [], null, T0 + 100_000, 3, 2);
    expect(result.comments.map((x) => x.commentId).sort()).toEqual(tops.map((x) => x.commentId).sort());
  });

  it('fetches all replies when more exist than are embedded, and late replies exactly once', async () => {
    const tops = [c('p', 1), c('q', 2)];
    const replies = [c('r1', 3, 'p'), c('r2', 4, 'p')];
    const first = await pass(tops, replies, null, T0 + 10_000);
    expect(first.comments.map((x) => x.commentId)).toEqual(['p', 'q', 'r1', 'r2']);
    expect(first.nextWatermark.openThreads.find((t) => t.threadId === 'p')?.replyIds).toEqual(['r1', 'r2']);
    // A reply arrives later on the older thread; the top-level watermark alone would miss it.
    replies.push(c('r3', 50, 'p'));
    const second = await pass(tops, replies, first.nextWatermark, T0 + 60_000);
    expect(second.comments.map((x) => x.commentId)).toEqual(['r3']);
    const third = await pass(tops, replies, second.nextWatermark, T0 + 70_000);
    expect(third.comments).toEqual([]);
  });

  it('stops paging once it is below the watermark and forgets threads past the reply window', async () => {
    const tops = Array.from({ length: 20 }, (_, i) => c(`t${i}`, i));
    let pages = 0;
    const fake = platform(tops, [], 2);
    const first = await collectCommentThreads({
      watermark: null,
      now: T0 + 48 * 3_600_000,
      replyWindowMs: 3_600_000,
      fetchThreadPage: fake.fetchThreadPage,
      fetchReplies: fake.fetchReplies,
    });
    expect(first.nextWatermark.openThreads).toEqual([]);
    tops.push(c('new', 100));
    await collectCommentThreads({
      watermark: first.nextWatermark,
      now: T0 + 48 * 3_600_000,
      replyWindowMs: 3_600_000,
      fetchThreadPage: async (cursor) => {
        pages++;
        return fake.fetchThreadPage(cursor);
      },
      fetchReplies: fake.fetchReplies,
    });
    // Page 1 holds `new` and t19 (at the watermark, so the boundary may continue); page 2 reaches below it.
    expect(pages).toBe(2);
  });
});
