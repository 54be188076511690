import { describe, expect, it, vi } from 'vitest';
import {
  MemoryAggregateStore,
  MemoryAlertStore,
  MemoryCommentScoreStore,
  MemoryCreatorRegistry,
  MemoryMessagePublisher,
  MemoryPostStore,
  MemoryRawArchive,
} from '../../../../shared/adapters/memory';
import type { AlertEvaluation } from '../../../../shared/messages/alert-evaluation';
import { type AlertNotification, type Notifier, NotifyError } from '../../../../shared/ports/notifier';
import {
  AlertDetailsSchema,
  alertRecordId,
  createEvaluateAlertsHandler,
  type EvaluateAlertsDeps,
  evaluateAlert,
} from '../../../../shared/use-cases/evaluate-alerts';
import { processCommentsBatch } from '../../../../shared/use-cases/process-comments';
import { comment, commentsBatch, context, fakeScorer, logger, post, sqsEvent, sqsRecord } from './fixtures';

class RecordingNotifier implements Notifier {
  readonly sent: AlertNotification[] = [];
  failuresLeft = 0;
  constructor(readonly channel: string) {}
  async notify(notification: AlertNotification): Promise<void> {
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new NotifyError(this.channel, 'channel down');
    }
    this.sent.push(notification);
  }
}

const HOUR = 3_600_000;
const at = (base: string, hours: number, minutes = 0) =>
  new Date(Date.parse(base) + hours * HOUR + minutes * 60_000).toISOString();

const POSITIVE_MIX = [0.6, 0.5, 0.4, 0.7, -0.2, 0.3];
const NEGATIVE_MIX = [-0.6, -0.5, -0.7, 0.2, -0.4];
const RECOVERED_MIX = [0.5, 0.6, 0.3, 0.4, 0.55];

async function setup() {
  const stores = {
    commentScores: new MemoryCommentScoreStore(),
    aggregates: new MemoryAggregateStore(),
    registry: new MemoryCreatorRegistry(),
    posts: new MemoryPostStore(),
    alerts: new MemoryAlertStore(),
    raw: new MemoryRawArchive(),
    publisher: new MemoryMessagePublisher(),
  };
  const sns = new RecordingNotifier('sns');
  const webhook = new RecordingNotifier('webhook');
  const commentDeps = {
    scorer: fakeScorer,
    commentScores: stores.commentScores,
    aggregates: stores.aggregates,
    registry: stores.registry,
    quarantine: stores.raw,
    publisher: stores.publisher,
    clock: () => new Date('2026-11-21T12:05:00.000Z'),
    logger,
  };
  const addComments = async (postId: string, caption: string, from: string, mix: number[], count: number) => {
    const list = Array.from({ length: count }, (_, i) =>
      comment(postId, `${postId}-${from}-${i}`, at(from, 0, i * 5), `score:${mix[i % mix.length]}`),
    );
    await processCommentsBatch(commentsBatch(list, { postId, caption }), commentDeps);
  };
  await stores.registry.putCreator({
    platform: 'instagram',
    accountId: 'acc-1',
    handle: 'glowgirl',
    niche: 'beauty',
    followerHistory: [],
    campaignIds: [],
    status: 'active',
  });
  await stores.posts.putPosts([post({ postId: 'p2', caption: 'Loving my new serum #ad' })]);
  // Organic baseline two days earlier; the sponsored post's own early comments; then a drop in the window.
  await addComments('p1', 'beach day', '2026-11-19T08:00:00.000Z', POSITIVE_MIX, 30);
  await addComments('p2', 'Loving my new serum #ad', '2026-11-21T01:00:00.000Z', POSITIVE_MIX, 24);
  await addComments('p2', 'Loving my new serum #ad', '2026-11-21T09:00:00.000Z', NEGATIVE_MIX, 25);

  const deps: EvaluateAlertsDeps = {
    aggregates: stores.aggregates,
    commentScores: stores.commentScores,
    alerts: stores.alerts,
    posts: stores.posts,
    registry: stores.registry,
    notifiers: [sns, webhook],
    quarantine: stores.raw,
    publisher: stores.publisher,
    clock: () => new Date('2026-11-21T12:10:00.000Z'),
    logger,
  };
  return { stores, deps, sns, webhook, addComments };
}

function evaluation(end: string): AlertEvaluation {
  const endMs = Date.parse(end);
  return {
    v: 1,
    type: 'alert-evaluation',
    creatorKey: 'instagram#acc-1',
    platform: 'instagram',
    accountId: 'acc-1',
    postId: 'p2',
    campaignIds: [],
    window: { start: new Date(Math.floor(endMs / HOUR) * HOUR - 5 * HOUR).toISOString(), end },
    requestedAt: end,
  };
}

describe('evaluateAlert', () => {
  it('raises once per drop with the evidence, and notifies every channel once', async () => {
    const { stores, deps, sns, webhook } = await setup();
    const first = await evaluateAlert(evaluation('2026-11-21T12:00:00.000Z'), deps);
    expect(first.action).toBe('raise');
    expect([...first.delivered].sort()).toEqual(['sns', 'webhook']);
    expect(sns.sent).toHaveLength(1);
    const notification = sns.sent[0] as AlertNotification;
    expect(notification).toMatchObject({
      kind: 'raised',
      handle: 'glowgirl',
      permalink: 'https://www.instagram.com/p/p2/',
      postId: 'p2',
    });
    expect(notification.evidence.window.scoredCount).toBe(25);
    expect(notification.evidence.baseline.organicCount).toBe(30);
    expect(notification.evidence.baseline.earlyCount).toBe(24);
    expect(notification.evidence.drop).toBeGreaterThan(0.5);
    expect(notification.evidence.z).toBeGreaterThan(2.5);
    expect(notification.evidence.mostNegativeCommentIds).toHaveLength(5);
    expect(notification.evidence.mostNegativeCommentIds[0]).toMatch(/^p2-2026-11-21T09/);

    // Re-evaluating the same window, and a later one, while the drop lasts: no second alert, no second notify.
    await evaluateAlert(evaluation('2026-11-21T12:00:00.000Z'), deps);
    await evaluateAlert(evaluation('2026-11-21T13:00:00.000Z'), deps);
    expect(sns.sent).toHaveLength(1);
    expect(webhook.sent).toHaveLength(1);
    const record = await stores.alerts.get(alertRecordId('instagram', 'p2'));
    expect(record?.state).toBe('open');
    const details = AlertDetailsSchema.parse(record?.details);
    expect(details.notifiedAt).toBe('2026-11-21T12:10:00.000Z');
    expect(details.pending).toBeNull();
  });

  it('resolves on recovery and notifies the resolution once', async () => {
    const { stores, deps, sns, addComments } = await setup();
    await evaluateAlert(evaluation('2026-11-21T12:00:00.000Z'), deps);
    await addComments('p2', 'Loving my new serum #ad', '2026-11-21T20:00:00.000Z', RECOVERED_MIX, 25);
    const resolved = await evaluateAlert(evaluation('2026-11-21T22:30:00.000Z'), deps);
    expect(resolved.action).toBe('resolve');
    await evaluateAlert(evaluation('2026-11-21T22:30:00.000Z'), deps);
    expect(sns.sent.map((n) => n.kind)).toEqual(['raised', 'resolved']);
    const record = await stores.alerts.get(alertRecordId('instagram', 'p2'));
    expect(record).toMatchObject({ state: 'resolved', resolvedAt: '2026-11-21T22:30:00.000Z' });
    expect(record?.cooldownUntil).toBe('2026-11-22T22:30:00.000Z');
  });

  it('does not raise on an organic-looking stable post', async () => {
    const { deps, sns, addComments } = await setup();
    await addComments('p9', 'Loving my new serum #ad', '2026-11-21T09:00:00.000Z', POSITIVE_MIX, 25);
    const result = await evaluateAlert({ ...evaluation('2026-11-21T12:00:00.000Z'), postId: 'p9' }, deps);
    expect(result.action).toBe('none');
    expect(sns.sent).toHaveLength(0);
  });

  it('reads the post buckets once, and window comments only when the decision raises or resolves', async () => {
    const { stores, deps, addComments } = await setup();
    const listBuckets = vi.spyOn(stores.aggregates, 'listPostSentimentBuckets');
    const listComments = vi.spyOn(stores.commentScores, 'listBucket');
    await addComments('p9', 'Loving my new serum #ad', '2026-11-21T09:00:00.000Z', POSITIVE_MIX, 25);
    listBuckets.mockClear();
    listComments.mockClear();
    const none = await evaluateAlert({ ...evaluation('2026-11-21T12:00:00.000Z'), postId: 'p9' }, deps);
    expect(none.action).toBe('none');
    expect(listBuckets).toHaveBeenCalledTimes(1);
    expect(listComments).not.toHaveBeenCalled();
    const raised = await evaluateAlert(evaluation('2026-11-21T12:00:00.000Z'), deps);
    expect(raised.action).toBe('raise');
    expect(listComments).toHaveBeenCalled();
    expect(raised.decision.evidence.mostNegativeCommentIds).toHaveLength(5);
  });

  it('retries a failed channel through the outbox without repeating the delivered one', async () => {
    const { stores, deps, sns, webhook } = await setup();
    webhook.failuresLeft = 1;
    const handler = createEvaluateAlertsHandler(deps);
    const message = evaluation('2026-11-21T12:00:00.000Z');
    const first = await handler(sqsEvent(sqsRecord('e1', message)), context);
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'e1' }]);
    expect(sns.sent).toHaveLength(1);
    expect(webhook.sent).toHaveLength(0);
    const pending = AlertDetailsSchema.parse(
      (await stores.alerts.get(alertRecordId('instagram', 'p2')))?.details,
    );
    expect(pending.pending?.delivered).toHaveProperty('sns');
    expect(pending.notifiedAt).toBeNull();

    const second = await handler(sqsEvent(sqsRecord('e1', message)), context);
    expect(second.batchItemFailures).toEqual([]);
    expect(sns.sent).toHaveLength(1);
    expect(webhook.sent).toHaveLength(1);
    await handler(sqsEvent(sqsRecord('e1', message)), context);
    expect(webhook.sent).toHaveLength(1);
    const done = AlertDetailsSchema.parse(
      (await stores.alerts.get(alertRecordId('instagram', 'p2')))?.details,
    );
    expect(done.notifiedAt).not.toBeNull();
    expect(Object.keys(done.deliveries.raised).sort()).toEqual(['sns', 'webhook']);
  });

  it('raises and notifies once when the same post is evaluated concurrently', async () => {
    const { deps, sns, webhook } = await setup();
    const message = evaluation('2026-11-21T12:00:00.000Z');
    const results = await Promise.all([
      evaluateAlert(message, deps),
      evaluateAlert(message, deps),
      evaluateAlert({ ...message, window: { ...message.window, end: '2026-11-21T12:30:00.000Z' } }, deps),
    ]);
    expect(results.filter((result) => result.action === 'raise')).toHaveLength(1);
    expect(sns.sent).toHaveLength(1);
    expect(webhook.sent).toHaveLength(1);
  });

  it('dead-letters an invalid evaluation message', async () => {
    const { stores, deps } = await setup();
    const handler = createEvaluateAlertsHandler(deps);
    const response = await handler(sqsEvent(sqsRecord('bad', { v: 2 })), context);
    expect(response.batchItemFailures).toEqual([]);
    expect(stores.publisher.sent.get('alerts-dlq')).toHaveLength(1);
  });
});
