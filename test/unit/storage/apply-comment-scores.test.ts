import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryAggregateStore, MemoryCommentScoreStore } from '../../../shared/adapters/memory';
import { RevisionConflictError, type SentimentBucket } from '../../../shared/ports/aggregate-store';
import {
  type ApplyCommentScoresInput,
  applyCommentScores,
  BucketContentionError,
  canonicalJson,
  hourBucket,
} from '../../../shared/use-cases/apply-comment-scores';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const post = {
  platform: 'instagram' as const,
  postId: 'm1',
  accountId: 'ig1',
  sponsored: false,
  campaignIds: [],
};

function scored(commentId: string, publishedAt: string, compound: number) {
  return {
    commentId,
    authorKey: 'k'.repeat(64),
    publishedAt,
    likes: null,
    score: {
      scored: true as const,
      compound,
      pos: 0,
      neu: 1,
      neg: 0,
      label:
        compound >= 0.05
          ? ('positive' as const)
          : compound <= -0.05
            ? ('negative' as const)
            : ('neutral' as const),
      language: 'en',
    },
  };
}

function deps() {
  return {
    commentScores: new MemoryCommentScoreStore(),
    aggregates: new MemoryAggregateStore(),
    now: NOW,
    retentionDays: 30,
    bucketRetentionDays: 400,
  };
}

const dump = (store: MemoryAggregateStore) =>
  canonicalJson([...store.sentiment.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));

describe('applyCommentScores', () => {
  it('is order- and duplicate-insensitive (property: any replay of the messages gives the same bytes)', async () => {
    // Comment ids only: a comment id always carries the same content (it is the same platform comment).
    const commentArb = fc.record({ id: fc.integer({ min: 0, max: 40 }) });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(commentArb, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 5 }),
        fc.context(),
        async (raw, ctx) => {
          const messages: ApplyCommentScoresInput[] = raw.map((comments) => ({
            post,
            comments: comments.map((c) =>
              scored(`c${c.id}`, `2026-03-10T0${c.id % 6}:00:00.000Z`, (c.id % 7) / 7 - 0.4),
            ),
          }));
          const once = deps();
          for (const message of messages) await applyCommentScores(message, once);
          const replayed = deps();
          const order = [...messages, ...[...messages].reverse(), ...messages];
          for (const message of order) await applyCommentScores(message, replayed);
          ctx.log(`${messages.length} messages`);
          expect(dump(replayed.aggregates)).toBe(dump(once.aggregates));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('skips comments whose bucket may already have expired, and sets TTLs from the bucket', async () => {
    const d = deps();
    const result = await applyCommentScores(
      {
        post,
        comments: [
          scored('old', '2026-02-01T00:00:00.000Z', 0.5),
          scored('new', '2026-03-10T11:59:00.000Z', 0.5),
        ],
      },
      d,
    );
    expect(result).toMatchObject({
      commentsWritten: 1,
      commentsTooLate: 1,
      bucketsWritten: ['2026-03-10T11'],
    });
    const [record] = await d.commentScores.listBucket('instagram', 'm1', '2026-03-10T11');
    expect(record?.expiresAt).toBe(Date.parse('2026-03-10T11:00:00Z') / 1000 + 30 * 86_400);
  });

  it('recomputes and retries when a concurrent writer changed the bucket', async () => {
    const d = deps();
    let conflicts = 1;
    const original = d.aggregates.putSentimentBucket.bind(d.aggregates);
    d.aggregates.putSentimentBucket = async (bucket: SentimentBucket, expected: string | null) => {
      if (conflicts-- > 0) throw new RevisionConflictError('raced');
      return original(bucket, expected);
    };
    const result = await applyCommentScores(
      { post, comments: [scored('a', '2026-03-10T10:00:00.000Z', -0.5)] },
      d,
    );
    expect(result.bucketsWritten).toEqual(['2026-03-10T10']);
    expect(
      (await d.aggregates.getSentimentBucket('instagram', 'm1', '2026-03-10T10'))?.stats.negativeCount,
    ).toBe(1);
  });

  it('gives up with BucketContentionError when the bucket never settles', async () => {
    const d = { ...deps(), maxConflictRetries: 2 };
    d.aggregates.putSentimentBucket = async () => {
      throw new RevisionConflictError('always');
    };
    await expect(
      applyCommentScores({ post, comments: [scored('a', '2026-03-10T10:00:00.000Z', 0)] }, d),
    ).rejects.toBeInstanceOf(BucketContentionError);
  });

  it('counts unscored comments apart from neutral ones', async () => {
    const d = deps();
    await applyCommentScores(
      {
        post,
        comments: [
          scored('n', '2026-03-10T10:00:00.000Z', 0),
          {
            commentId: 'u',
            authorKey: 'k'.repeat(64),
            publishedAt: '2026-03-10T10:30:00.000Z',
            likes: 1,
            score: { scored: false, reason: 'unsupported_language', language: 'xx' },
          },
        ],
      },
      d,
    );
    const bucket = await d.aggregates.getSentimentBucket(
      'instagram',
      'm1',
      hourBucket('2026-03-10T10:59:59Z'),
    );
    expect(bucket?.stats).toMatchObject({
      scoredCount: 1,
      neutralCount: 1,
      unscoredCount: 1,
      sumCompound: 0,
    });
  });
});
