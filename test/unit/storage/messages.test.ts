import { describe, expect, it } from 'vitest';
import { MessageSize } from '../../../shared/config/queue-definitions';
import {
  AlertEvaluationSchema,
  alertEvaluationKey,
  CollectJobSchema,
  type CommentsBatch,
  CommentsBatchSchema,
  collectJobKey,
  MessageTooLargeError,
  MetricsBatchSchema,
  packBySize,
  packCommentsBatches,
  parseMessage,
  sqsBodyByteLength,
} from '../../../shared/messages';

const base: Omit<CommentsBatch, 'comments' | 'part' | 'partCount'> = {
  v: 1,
  type: 'comments-batch',
  creatorKey: 'youtube#UC1',
  collectionId: 'col-1',
  collectedAt: '2026-03-10T12:00:00.000Z',
  post: {
    platform: 'youtube',
    postId: 'v1',
    accountId: 'UC1',
    type: 'video',
    publishedAt: '2026-03-09T00:00:00.000Z',
    caption: 'hi #ad',
    campaignIds: [],
  },
  rawArchiveKeys: ['raw/kind=comments/k.ndjson.gz'],
};

function comment(i: number, textLength = 300) {
  return {
    platform: 'youtube' as const,
    commentId: `c${i}`,
    postId: 'v1',
    authorKey: 'a'.repeat(64),
    text: `${'é'.repeat(textLength / 2)}"\n`,
    publishedAt: '2026-03-10T11:00:00.000Z',
    likes: i,
    parentId: null,
  };
}

describe('parseMessage', () => {
  it('accepts a valid versioned body', () => {
    const body = JSON.stringify({ ...base, part: 0, partCount: 1, comments: [comment(1)] });
    const result = parseMessage(CommentsBatchSchema, body);
    expect(result.ok && result.value.comments[0]?.commentId).toBe('c1');
  });
  it('explains invalid JSON and schema violations without echoing values', () => {
    expect(parseMessage(CollectJobSchema, '{oops')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^invalid_json/),
    });
    const secretText = 'my private comment text';
    const bad = parseMessage(
      CommentsBatchSchema,
      JSON.stringify({ ...base, v: 2, part: 0, partCount: 1, comments: [{ text: secretText }] }),
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.reason).toMatch(/^schema_violation: v: /);
      expect(bad.reason).not.toContain(secretText);
    }
  });
  it('validates every message type with v:1', () => {
    const job = {
      v: 1,
      type: 'collect-job',
      creatorKey: 'tiktok#x',
      platform: 'tiktok',
      accountId: 'x',
      scheduledSlot: '2026-03-10T12:15:00.000Z',
      reason: 'scheduled',
    };
    expect(parseMessage(CollectJobSchema, JSON.stringify(job)).ok).toBe(true);
    expect(collectJobKey(CollectJobSchema.parse(job))).toBe('collect#tiktok#x#2026-03-10T12:15:00.000Z');
    const evaluation = {
      v: 1,
      type: 'alert-evaluation',
      creatorKey: 'tiktok#x',
      platform: 'tiktok',
      accountId: 'x',
      postId: 'p',
      window: { start: '2026-03-10T11:00:00.000Z', end: '2026-03-10T12:00:00.000Z' },
      requestedAt: '2026-03-10T12:00:01.000Z',
    };
    expect(alertEvaluationKey(AlertEvaluationSchema.parse(evaluation))).toContain('#p#');
    const metrics = {
      v: 1,
      type: 'metrics-batch',
      creatorKey: 'tiktok#x',
      platform: 'tiktok',
      accountId: 'x',
      collectionId: 'c',
      collectedAt: '2026-03-10T12:00:00.000Z',
      part: 0,
      partCount: 1,
      followers: { status: 'available', value: 10 },
      posts: [],
      snapshots: [],
      rawArchiveKeys: [],
    };
    expect(parseMessage(MetricsBatchSchema, JSON.stringify(metrics)).ok).toBe(true);
    expect(parseMessage(MetricsBatchSchema, JSON.stringify({ ...metrics, followers: 0 })).ok).toBe(false);
  });
});

describe('packing comments', () => {
  it('packs 1,000 comments into messages under the target, in order, with part numbers', () => {
    const comments = Array.from({ length: 1_000 }, (_, i) => comment(i));
    const messages = packCommentsBatches(base, comments);
    const sizes = messages.map(sqsBodyByteLength);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MessageSize.targetBytes);
    expect(messages.flatMap((m) => m.comments.map((c) => c.commentId))).toEqual(
      comments.map((c) => c.commentId),
    );
    expect(messages.map((m) => [m.part, m.partCount])).toEqual(messages.map((_, i) => [i, messages.length]));
    // Greedy: every message but the last is at least 95 % full.
    for (const size of sizes.slice(0, -1)) expect(size).toBeGreaterThan(MessageSize.targetBytes * 0.95);
    for (const message of messages) expect(CommentsBatchSchema.safeParse(message).success).toBe(true);
  });
  it('returns no message for no comments and rejects an item that can never fit', () => {
    expect(packCommentsBatches(base, [])).toEqual([]);
    expect(() => packBySize([{ x: 'y'.repeat(300_000) }], (chunk) => ({ chunk }))).toThrow(
      MessageTooLargeError,
    );
  });
});
