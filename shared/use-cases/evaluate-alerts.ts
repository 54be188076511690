import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { z } from 'zod';
import { QueueId } from '../config/resource-names';
import {
  type Alert,
  type AlertDecision,
  AlertSchema,
  alertStateOf,
  emptyStats,
  mergeStats,
  openAlert,
  resolveAlert,
  type SentimentWindowStats,
} from '../domain/alert';
import { type AlertRuleOptions, DEFAULT_ALERT_RULE_OPTIONS, evaluateAlertRule } from '../domain/alert-rule';
import type { Platform } from '../domain/platform';
import { createSqsBatchHandler } from '../lambda/sqs-batch-handler';
import { type AlertEvaluation, AlertEvaluationSchema } from '../messages/alert-evaluation';
import { createDeadLetterRouter } from '../messages/dead-letter';
import type { AggregateStore, SentimentBucket } from '../ports/aggregate-store';
import { type AlertRecord, type AlertStore, AlertVersionConflictError } from '../ports/alert-store';
import type { CommentScoreStore } from '../ports/comment-score-store';
import type { CreatorRegistry } from '../ports/creator-registry';
import type { MessagePublisher } from '../ports/message-publisher';
import type { AlertNotification, Notifier } from '../ports/notifier';
import type { PostStore } from '../ports/post-store';
import type { QuarantineSink } from '../ports/raw-archive';
import { deliverPending, type PendingDelivery } from './alerts-delivery';

/**
 * evaluate-alerts: for one sponsored post, the recent window of hourly sentiment buckets is compared with the
 * post's early window and the creator's organic baseline by the domain rule (shared/domain/alert-rule.ts).
 *
 * State: one alert item per post (`sentiment-drop:<platform>:<postId>`), written with a version condition, holds
 * the current domain `Alert` (deterministic id from the window that raised it), the earlier alerts of the post,
 * and an outbox entry. A raise or resolve first writes the new state together with `pending` (what still has
 * to be notified), THEN notifies, THEN records per channel when it was delivered and `notifiedAt`. A retry (the
 * message is redelivered when a channel failed) finds the pending entry and notifies only the channels still
 * missing; a recorded delivery is never repeated. Concurrent evaluations of the same post conflict on the version
 * and the loser is retried, so one drop gives one alert.
 */

export const SENTIMENT_DROP_RULE_ID = 'sentiment-drop';

export function alertRecordId(platform: Platform, postId: string): string {
  return `${SENTIMENT_DROP_RULE_ID}:${platform}:${postId}`;
}

export interface EvaluateAlertsDeps {
  readonly aggregates: AggregateStore;
  readonly commentScores: CommentScoreStore;
  readonly alerts: AlertStore;
  readonly posts: PostStore;
  readonly registry: CreatorRegistry;
  /** Delivery channels (SNS, webhook, EventBridge — only the configured ones). */
  readonly notifiers: readonly Notifier[];
  readonly quarantine: QuarantineSink;
  readonly publisher: MessagePublisher;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Powertools Metrics (or any `addMetric`); counts only, low-cardinality (no ids as dimensions). */
  readonly metrics?: Pick<Metrics, 'addMetric'>;
  readonly config?: {
    /** Baseline period over the creator's organic posts (days). */
    readonly baselineDays?: number;
    readonly rule?: Partial<AlertRuleOptions>;
    /** How long a delivery claim blocks other evaluations from sending the same notification (default 5 min). */
    readonly deliveryLeaseMs?: number;
  };
}

const HistoryEntrySchema = z.object({
  alertId: z.string(),
  severity: z.string(),
  openedAt: z.string(),
  resolvedAt: z.string().nullable(),
  notifiedAt: z.string().nullable(),
  resolutionNotifiedAt: z.string().nullable(),
});

const PendingSchema = z.object({
  kind: z.enum(['raised', 'resolved']),
  alertId: z.string(),
  delivered: z.record(z.string(), z.string()),
  /** Who is delivering right now (lease), so two concurrent evaluations never send the same notification. */
  claim: z.object({ owner: z.string(), at: z.string() }).optional(),
});

/** What evaluate-alerts keeps in `AlertRecord.details` (validated when read back). */
export const AlertDetailsSchema = z.object({
  current: AlertSchema,
  handle: z.string().nullable(),
  permalink: z.string().nullable(),
  pending: PendingSchema.nullable(),
  /** When the raise was delivered to every channel. */
  notifiedAt: z.string().nullable(),
  resolutionNotifiedAt: z.string().nullable(),
  /** Channel → delivery time, per notification kind of the current alert. */
  deliveries: z.object({
    raised: z.record(z.string(), z.string()),
    resolved: z.record(z.string(), z.string()),
  }),
  /** Earlier alerts of the same post, oldest first. */
  history: z.array(HistoryEntrySchema),
});
export type AlertDetails = z.infer<typeof AlertDetailsSchema>;

export class AlertRecordCorruptError extends Error {
  override readonly name = 'AlertRecordCorruptError';
}

function detailsOf(record: AlertRecord): AlertDetails {
  const parsed = AlertDetailsSchema.safeParse(record.details);
  if (!parsed.success) {
    throw new AlertRecordCorruptError(`alert ${record.alertId} has unreadable details`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

export interface EvaluateAlertResult {
  readonly action: AlertDecision['action'];
  readonly alertId: string | null;
  /** Channels delivered during this evaluation (outbox retries included). */
  readonly delivered: readonly string[];
  readonly decision: AlertDecision;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function hourOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 13);
}

function statsOf(buckets: readonly SentimentBucket[]): SentimentWindowStats {
  let stats = emptyStats();
  for (const bucket of buckets) {
    // `unscoredCount` is deliberately dropped: unscored comments never weigh in the rule.
    const { unscoredCount: _unscored, ...scored } = bucket.stats;
    stats = mergeStats(stats, scored);
  }
  return stats;
}

function notificationOf(
  record: AlertRecord,
  details: AlertDetails,
  kind: PendingDelivery['kind'],
): AlertNotification {
  const alert = details.current;
  return {
    kind,
    alertId: alert.alertId,
    ruleId: record.ruleId,
    severity: alert.severity,
    platform: alert.platform,
    accountId: alert.accountId,
    handle: details.handle,
    postId: alert.postId,
    permalink: details.permalink,
    campaignIds: alert.campaignIds,
    occurredAt: kind === 'raised' ? alert.openedAt : (alert.resolvedAt ?? alert.openedAt),
    openedAt: alert.openedAt,
    evidence: kind === 'resolved' && alert.resolution ? alert.resolution.evidence : alert.evidence,
  };
}

/**
 * Delivers the record's pending notification to the channels still missing and records the deliveries.
 * Throws the first NotifyError after recording progress, so the message is retried for the rest.
 */
async function flushOutbox(
  record: AlertRecord,
  deps: EvaluateAlertsDeps,
  owner: string,
): Promise<{ record: AlertRecord; delivered: string[] }> {
  const details = detailsOf(record);
  const pending = details.pending;
  if (pending === null) return { record, delivered: [] };
  const leaseMs = deps.config?.deliveryLeaseMs ?? 5 * 60_000;
  const claim = pending.claim;
  if (claim && claim.owner !== owner && deps.clock().getTime() - Date.parse(claim.at) < leaseMs) {
    // Another evaluation is delivering it; if it dies, its message is redelivered (or the lease lapses).
    return { record, delivered: [] };
  }
  // Claim first (version-conditioned): of two concurrent evaluations only one gets to send.
  const claimedDetails: AlertDetails = {
    ...details,
    pending: { ...pending, claim: { owner, at: deps.clock().toISOString() } },
  };
  const { version: readVersion, ...readContent } = record;
  const claimedContent = { ...readContent, details: claimedDetails };
  record = { ...claimedContent, version: await deps.alerts.put(claimedContent, readVersion) };
  const notification = notificationOf(record, details, pending.kind);
  const outcome = await deliverPending(deps.notifiers, pending, notification, deps.clock);
  const newlyDelivered = Object.keys(outcome.delivered).filter(
    (channel) => pending.delivered[channel] === undefined,
  );
  const nowIso = deps.clock().toISOString();
  const next: AlertDetails = {
    ...details,
    // Failed channels stay pending without a claim: the next attempt (any owner) may deliver them.
    pending: outcome.complete
      ? null
      : { kind: pending.kind, alertId: pending.alertId, delivered: outcome.delivered },
    deliveries: { ...details.deliveries, [pending.kind]: outcome.delivered },
    notifiedAt: pending.kind === 'raised' && outcome.complete ? nowIso : details.notifiedAt,
    resolutionNotifiedAt:
      pending.kind === 'resolved' && outcome.complete ? nowIso : details.resolutionNotifiedAt,
  };
  const { version, ...rest } = record;
  const content = { ...rest, updatedAt: nowIso, details: next };
  const updated: AlertRecord = { ...content, version: await deps.alerts.put(content, version) };
  for (const failure of outcome.failures) {
    deps.logger.warn('alert notification failed; will retry', {
      alertId: pending.alertId,
      channel: failure.channel,
      error: failure.message,
    });
  }
  if (outcome.failures.length > 0) throw outcome.failures[0];
  return { record: updated, delivered: newlyDelivered };
}

async function windowComments(
  deps: EvaluateAlertsDeps,
  platform: Platform,
  postId: string,
  buckets: readonly SentimentBucket[],
): Promise<{ commentId: string; compound: number }[]> {
  const out: { commentId: string; compound: number }[] = [];
  for (const bucket of buckets) {
    for (const record of await deps.commentScores.listBucket(platform, postId, bucket.bucket)) {
      if (record.scored && record.compound !== null)
        out.push({ commentId: record.commentId, compound: record.compound });
    }
  }
  return out;
}

/**
 * Evaluates one message. When a concurrent evaluation of the same post wrote first (version conflict), the
 * whole evaluation is repeated against the new state (it then sees the open alert), up to `maxConflictRetries`.
 * `owner` identifies this delivery attempt in the outbox claim (the SQS message id: a redelivery of the same
 * message may take over its own claim at once).
 */
export async function evaluateAlert(
  message: AlertEvaluation,
  deps: EvaluateAlertsDeps,
  options: { owner?: string; maxConflictRetries?: number } = {},
): Promise<EvaluateAlertResult> {
  const owner = options.owner ?? randomUUID();
  const maxRetries = options.maxConflictRetries ?? 3;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await evaluateOnce(message, deps, owner);
    } catch (error) {
      if (!(error instanceof AlertVersionConflictError) || attempt >= maxRetries) throw error;
      deps.logger.info('alert state changed concurrently; re-evaluating', {
        postId: message.postId,
        attempt,
      });
    }
  }
}

async function evaluateOnce(
  message: AlertEvaluation,
  deps: EvaluateAlertsDeps,
  owner: string,
): Promise<EvaluateAlertResult> {
  const { platform, accountId, postId } = message;
  const recordId = alertRecordId(platform, postId);
  const delivered: string[] = [];
  let record = await deps.alerts.get(recordId);
  // Outbox first: a notification left undelivered by an earlier attempt goes out before anything else.
  if (record !== undefined) {
    const flushed = await flushOutbox(record, deps, owner);
    record = flushed.record;
    delivered.push(...flushed.delivered);
  }
  const details = record === undefined ? undefined : detailsOf(record);

  const startMs = Date.parse(message.window.start);
  const endMs = Date.parse(message.window.end);
  const now = new Date(endMs).toISOString();
  const baselineDays = deps.config?.baselineDays ?? 30;
  // One Query for the post's buckets up to the window's end, split here: before the window = the early baseline.
  const windowStart = hourOf(startMs);
  const postBuckets = await deps.aggregates.listPostSentimentBuckets(platform, postId, {
    from: '0000-01-01T00',
    to: hourOf(endMs),
  });
  const windowBuckets = postBuckets.filter((bucket) => bucket.bucket >= windowStart);
  const earlyBuckets = postBuckets.filter((bucket) => bucket.bucket < windowStart);
  const organicBuckets = (
    await deps.aggregates.listCreatorOrganicBuckets(platform, accountId, {
      from: hourOf(endMs - baselineDays * DAY_MS),
      to: hourOf(endMs),
    })
  ).filter((bucket) => bucket.postId !== postId);
  const sponsored = windowBuckets.some((bucket) => bucket.sponsored) || message.campaignIds.length > 0;

  const ruleInput = {
    post: { platform, postId, sponsored },
    window: { startsAt: new Date(startMs).toISOString(), endsAt: now, stats: statsOf(windowBuckets) },
    baseline: { organic: statsOf(organicBuckets), early: statsOf(earlyBuckets) },
    previous: alertStateOf(details?.current),
    now,
    ...(deps.config?.rule ? { options: deps.config.rule } : {}),
  };
  // The window's comments only pick the evidence (most negative ids), never the action: they are read (one
  // Query per bucket) only when the decision raises or resolves, then the pure rule runs again with them.
  const firstPass = evaluateAlertRule(ruleInput);
  const decision =
    firstPass.action === 'none'
      ? firstPass
      : evaluateAlertRule({
          ...ruleInput,
          windowComments: await windowComments(deps, platform, postId, windowBuckets),
        });
  if (decision.action === 'none') {
    return { action: 'none', alertId: decision.alertId ?? null, delivered, decision };
  }

  const nowIso = deps.clock().toISOString();
  let next: AlertDetails;
  let alert: Alert;
  if (decision.action === 'raise') {
    const campaignIds = [
      ...new Set([...message.campaignIds, ...windowBuckets.flatMap((bucket) => bucket.campaignIds)]),
    ].sort();
    alert = openAlert(decision, { platform, accountId, postId, campaignIds }, now);
    const [creator, post] = await Promise.all([
      deps.registry.getCreator(platform, accountId),
      deps.posts.getPost(platform, accountId, postId),
    ]);
    const history = details
      ? [
          ...details.history,
          {
            alertId: details.current.alertId,
            severity: details.current.severity,
            openedAt: details.current.openedAt,
            resolvedAt: details.current.resolvedAt ?? null,
            notifiedAt: details.notifiedAt,
            resolutionNotifiedAt: details.resolutionNotifiedAt,
          },
        ]
      : [];
    next = {
      current: alert,
      handle: creator?.handle ?? null,
      permalink: post?.permalink ?? null,
      pending: { kind: 'raised', alertId: alert.alertId, delivered: {} },
      notifiedAt: null,
      resolutionNotifiedAt: null,
      deliveries: { raised: {}, resolved: {} },
      history,
    };
  } else {
    if (details === undefined) throw new AlertRecordCorruptError(`resolve without an alert for ${recordId}`);
    alert = resolveAlert(details.current, decision, now);
    next = {
      ...details,
      current: alert,
      pending: { kind: 'resolved', alertId: alert.alertId, delivered: {} },
    };
  }
  const cooldownHours = deps.config?.rule?.cooldownHours ?? DEFAULT_ALERT_RULE_OPTIONS.cooldownHours;
  const content: Omit<AlertRecord, 'version'> = {
    alertId: recordId,
    ruleId: SENTIMENT_DROP_RULE_ID,
    platform,
    accountId,
    postId,
    campaignIds: alert.campaignIds,
    state: alert.state,
    openedAt: alert.openedAt,
    updatedAt: nowIso,
    cooldownUntil:
      alert.resolvedAt === undefined
        ? null
        : new Date(Date.parse(alert.resolvedAt) + cooldownHours * HOUR_MS).toISOString(),
    resolvedAt: alert.resolvedAt ?? null,
    details: next,
  };
  // Conditional on the version read: a concurrent evaluation that already raised makes this one fail and retry.
  const version = await deps.alerts.put(content, record?.version ?? 0);
  deps.logger.info(decision.action === 'raise' ? 'sentiment alert raised' : 'sentiment alert resolved', {
    alertId: alert.alertId,
    platform,
    postId,
    severity: alert.severity,
    drop: decision.evidence.drop,
    z: decision.evidence.z,
  });
  const flushed = await flushOutbox({ ...content, version }, deps, owner);
  delivered.push(...flushed.delivered);
  return { action: decision.action, alertId: alert.alertId, delivered, decision };
}

export function createEvaluateAlertsHandler(
  deps: EvaluateAlertsDeps,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const deadLetter = createDeadLetterRouter({
    queueId: QueueId.alerts,
    quarantine: deps.quarantine,
    publisher: deps.publisher,
    now: deps.clock,
  });
  return createSqsBatchHandler({
    schema: AlertEvaluationSchema,
    logger: deps.logger,
    onInvalidRecord: deadLetter,
    processMessage: async (message, record) => {
      let result: EvaluateAlertResult;
      try {
        result = await evaluateAlert(message, deps, { owner: record.messageId });
      } catch (error) {
        // The record fails and is redelivered; the log says why (names and ids only).
        deps.logger.warn('alert evaluation failed; the message will be retried', {
          messageId: record.messageId,
          postId: message.postId,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
        deps.metrics?.addMetric('AlertEvaluationsFailed', MetricUnit.Count, 1);
        throw error;
      }
      if (result.action === 'raise') deps.metrics?.addMetric('AlertsRaised', MetricUnit.Count, 1);
      if (result.action === 'resolve') deps.metrics?.addMetric('AlertsResolved', MetricUnit.Count, 1);
      deps.logger.debug('alert evaluation done', {
        messageId: record.messageId,
        postId: message.postId,
        action: result.action,
        delivered: result.delivered,
      });
    },
  });
}
