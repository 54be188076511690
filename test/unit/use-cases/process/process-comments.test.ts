import { describe, expect, it, vi } from 'vitest';
import {
  MemoryAggregateStore,
  MemoryCommentScoreStore,
  MemoryCreatorRegistry,
  MemoryMessagePublisher,
  MemoryRawArchive,
} from '../../../../shared/adapters/memory';
import { AlertEvaluationSchema } from '../../../../shared/messages/alert-evaluation';
import { RevisionConflictError, type SentimentBucket } from '../../../../shared/ports/aggregate-store';
import { createSentimentEngine } from '../../../../shared/sentiment';
import {
  createProcessCommentsHandler,
  type ProcessCommentsDeps,
  processCommentsBatch,
  recentWindow,
} from '../../../../shared/use-cases/process-comments';
import { comment, commentsBatch, context, fakeScorer, logger, sqsEvent, sqsRecord } from './fixtures';

function setup(overrides: Partial<ProcessCommentsDeps> = {}) {
  const stores = {
    commentScores: new MemoryCommentScoreStore(),
    aggregates: new MemoryAggregateStore(),
    registry: new MemoryCreatorRegistry(),
    raw: new MemoryRawArchive(),
    publisher: new MemoryMessagePublisher(),
  };
  const deps: ProcessCommentsDeps = {
    scorer: fakeScorer,
    commentScores: stores.commentScores,
    aggregates: stores.aggregates,
    registry: stores.registry,
    quarantine: stores.raw,
    publisher: stores.publisher,
    clock: () => new Date('2026-11-21T12:05:00.000Z'),
    logger,
    ...overrides,
  };
  return { stores, deps };
}

function state(stores: ReturnType<typeof setup>['stores']) {
  return JSON.stringify({
    scores: [...stores.commentScores.records.entries()].sort(),
    buckets: [...stores.aggregates.sentiment.entries()].sort(),
  });
}

const comments = [
  comment('p2', 'c1', '2026-11-21T10:10:00.000Z', 'score:0.6'),
  comment('p2', 'c2', '2026-11-21T10:20:00.000Z', 'score:-0.7'),
  comment('p2', 'c3', '2026-11-21T11:05:00.000Z', 'lang:xx'),
  comment('p2', 'c4', '2026-11-21T11:06:00.000Z', 'score:0.01'),
];
const batch = commentsBatch(comments);

describe('processCommentsBatch', () => {
  it('stores one score item per comment, recomputes hour buckets, never counts unscored as neutral', async () => {
    const { stores, deps } = setup();
    const result = await processCommentsBatch(batch, deps);
    expect(result).toMatchObject({ comments: 4, scored: 3, unscored: 1, bucketsWritten: 2, sponsored: true });
    const ten = await stores.aggregates.getSentimentBucket('instagram', 'p2', '2026-11-21T10');
    expect(ten?.stats).toMatchObject({
      scoredCount: 2,
      positiveCount: 1,
      negativeCount: 1,
      unscoredCount: 0,
    });
    expect(ten?.stats.sumCompound).toBeCloseTo(-0.1);
    const eleven = await stores.aggregates.getSentimentBucket('instagram', 'p2', '2026-11-21T11');
    expect(eleven?.stats).toMatchObject({ scoredCount: 1, neutralCount: 1, unscoredCount: 1 });
    const unscored = (await stores.commentScores.listBucket('instagram', 'p2', '2026-11-21T11')).find(
      (record) => record.commentId === 'c3',
    );
    expect(unscored).toMatchObject({
      scored: false,
      compound: null,
      label: null,
      unscoredReason: 'unsupported_language',
    });
    expect(ten?.sponsored).toBe(true);
  });

  it('queues one alert evaluation per sponsored post and batch, none for organic posts', async () => {
    const { stores, deps } = setup();
    await processCommentsBatch(batch, deps);
    await processCommentsBatch(
      commentsBatch([comment('p1', 'o1', '2026-11-21T10:00:00.000Z', 'hi')], {
        postId: 'p1',
        caption: 'beach day',
      }),
      deps,
    );
    const sent = stores.publisher.sent.get('alerts') ?? [];
    expect(sent).toHaveLength(1);
    const evaluation = AlertEvaluationSchema.parse(JSON.parse(sent[0]?.body ?? ''));
    expect(evaluation).toMatchObject({
      postId: 'p2',
      window: { start: '2026-11-21T07:00:00.000Z', end: '2026-11-21T12:00:00.000Z' },
    });
  });

  it('treats a post attributed to a campaign by the collector as sponsored', async () => {
    const { stores, deps } = setup();
    await processCommentsBatch(
      commentsBatch([comment('p5', 'x1', '2026-11-21T10:00:00.000Z', 'score:0.5')], {
        postId: 'p5',
        caption: 'no disclosure here',
        post: {
          platform: 'instagram',
          postId: 'p5',
          accountId: 'acc-1',
          type: 'video',
          publishedAt: '2026-11-21T09:00:00.000Z',
          caption: 'no disclosure here',
          campaignIds: ['acme'],
        },
      }),
      deps,
    );
    const bucket = await stores.aggregates.getSentimentBucket('instagram', 'p5', '2026-11-21T10');
    expect(bucket).toMatchObject({ sponsored: true, campaignIds: ['acme'] });
  });

  it('gives identical items whether a message is applied once or three times', async () => {
    const once = setup();
    await processCommentsBatch(batch, once.deps);
    const thrice = setup();
    for (let i = 0; i < 3; i += 1) await processCommentsBatch(batch, thrice.deps);
    expect(state(thrice.stores)).toEqual(state(once.stores));
  });

  it('gives identical items after a crash between the score items and the buckets', async () => {
    const clean = setup();
    await processCommentsBatch(batch, clean.deps);
    let crash = true;
    const crashing = setup({
      afterCommentsWritten: async () => {
        if (crash) {
          crash = false;
          throw new Error('simulated crash');
        }
      },
    });
    await expect(processCommentsBatch(batch, crashing.deps)).rejects.toThrow('simulated crash');
    expect(crashing.stores.aggregates.sentiment.size).toBe(0);
    await processCommentsBatch(batch, crashing.deps);
    expect(state(crashing.stores)).toEqual(state(clean.stores));
  });

  it('recomputes and retries when a concurrent writer changed the bucket', async () => {
    const { stores, deps } = setup();
    let conflicts = 1;
    const racing = Object.create(stores.aggregates) as MemoryAggregateStore;
    racing.putSentimentBucket = async (bucket: SentimentBucket, expected: string | null) => {
      if (conflicts > 0) {
        conflicts -= 1;
        throw new RevisionConflictError('concurrent writer');
      }
      return stores.aggregates.putSentimentBucket(bucket, expected);
    };
    await processCommentsBatch(batch, { ...deps, aggregates: racing });
    expect(conflicts).toBe(0);
    expect(stores.aggregates.sentiment.size).toBe(2);
  });

  it('scores with the real engine and stores unsupported languages as unscored', async () => {
    const { stores, deps } = setup({ scorer: createSentimentEngine() });
    await processCommentsBatch(
      commentsBatch([
        comment('p2', 'r1', '2026-11-21T10:00:00.000Z', 'I absolutely love this, amazing!'),
        comment('p2', 'r2', '2026-11-21T10:01:00.000Z', 'This is terrible, worst product ever.'),
        comment('p2', 'r3', '2026-11-21T10:02:00.000Z', 'Это очень интересное видео, спасибо большое'),
      ]),
      deps,
    );
    const records = await stores.commentScores.listBucket('instagram', 'p2', '2026-11-21T10');
    const byId = new Map(records.map((record) => [record.commentId, record]));
    expect(byId.get('r1')?.label).toBe('positive');
    expect(byId.get('r2')?.label).toBe('negative');
    expect(byId.get('r3')).toMatchObject({ scored: false, unscoredReason: 'unsupported_language' });
  });
});

describe('recentWindow', () => {
  it('covers the whole hours up to the hour of the end', () => {
    expect(recentWindow('2026-11-21T12:34:00Z', 6)).toEqual({
      start: '2026-11-21T07:00:00.000Z',
      end: '2026-11-21T12:34:00.000Z',
    });
  });
});

describe('createProcessCommentsHandler', () => {
  it('dead-letters an invalid body and keeps the valid message of the same batch', async () => {
    const { stores, deps } = setup();
    const handler = createProcessCommentsHandler(deps);
    const response = await handler(
      sqsEvent(sqsRecord('ok', batch), sqsRecord('bad', '{"v":1,"type":"comments-batch"')),
      context,
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(stores.aggregates.sentiment.size).toBe(2);
    const dlq = stores.publisher.sent.get('comments-dlq') ?? [];
    expect(dlq).toHaveLength(1);
    expect(dlq[0]?.attributes.reason).toMatch(/^invalid_json/);
    expect(dlq[0]?.body).toBe('{"v":1,"type":"comments-batch"');
  });
});

describe('process-comments round trips', () => {
  it('reads the campaign registry once per invocation and every touched bucket revision in one call', async () => {
    const { stores, deps } = setup();
    const listCampaigns = vi.spyOn(stores.registry, 'listCampaigns');
    const getBucket = vi.spyOn(stores.aggregates, 'getSentimentBucket');
    const listBuckets = vi.spyOn(stores.aggregates, 'listPostSentimentBuckets');
    const handler = createProcessCommentsHandler(deps);
    const second = commentsBatch([comment('p2', 'c9', '2026-11-21T09:10:00.000Z', 'score:0.2')], {
      part: 1,
      partCount: 2,
    });
    const response = await handler(sqsEvent(sqsRecord('m1', batch), sqsRecord('m2', second)), context);
    expect(response.batchItemFailures).toEqual([]);
    expect(listCampaigns).toHaveBeenCalledTimes(1);
    // m1 touches two buckets (one range read, no GetItem); m2 touches one (one GetItem).
    expect(listBuckets).toHaveBeenCalledTimes(1);
    expect(getBucket).toHaveBeenCalledTimes(1);
    expect(stores.aggregates.sentiment.size).toBe(3);
    // A new invocation reads the registry again (a campaign registered meanwhile is seen).
    await handler(sqsEvent(sqsRecord('m3', batch)), context);
    expect(listCampaigns).toHaveBeenCalledTimes(2);
  });

  it('does not share a failed campaign read: each waiting message reads the registry itself', async () => {
    const { stores, deps } = setup();
    const listCampaigns = vi
      .spyOn(stores.registry, 'listCampaigns')
      .mockRejectedValueOnce(new Error('throttled'));
    const handler = createProcessCommentsHandler(deps);
    const response = await handler(sqsEvent(sqsRecord('m1', batch), sqsRecord('m2', batch)), context);
    expect(response.batchItemFailures).toEqual([]);
    expect(listCampaigns).toHaveBeenCalledTimes(3);
    listCampaigns.mockRejectedValue(new Error('registry down'));
    const down = await handler(sqsEvent(sqsRecord('m3', batch)), context);
    expect(down.batchItemFailures).toEqual([{ itemIdentifier: 'm3' }]);
  });
});
