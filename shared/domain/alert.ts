import { z } from 'zod';
import { InstantSchema, type Platform, PlatformSchema } from './platform';
import type { SentimentScore } from './sentiment-score';

/**
 * Sentiment-drop alerts on sponsored posts: the mergeable window statistics the processors accumulate, the
 * explainable decision the rule (alert-rule.ts) returns, and the stored `Alert`.
 */

// ---------------------------------------------------------------------------------------------------------
// Window statistics: sums, so windows merge exactly (per comment batch, per hour, per post, per creator).

export const SentimentWindowStatsSchema = z.object({
  scoredCount: z.number().int().nonnegative(),
  sumCompound: z.number().finite(),
  sumSquaredCompound: z.number().finite().nonnegative(),
  negativeCount: z.number().int().nonnegative(),
  positiveCount: z.number().int().nonnegative(),
  neutralCount: z.number().int().nonnegative(),
});
export type SentimentWindowStats = z.infer<typeof SentimentWindowStatsSchema>;

export function emptyStats(): SentimentWindowStats {
  return {
    scoredCount: 0,
    sumCompound: 0,
    sumSquaredCompound: 0,
    negativeCount: 0,
    positiveCount: 0,
    neutralCount: 0,
  };
}

/** Adds one comment's score. Unscored comments (unsupported language, empty) are never counted, not even as neutral. */
export function addScore(stats: SentimentWindowStats, score: SentimentScore): SentimentWindowStats {
  if (!score.scored) return stats;
  return {
    scoredCount: stats.scoredCount + 1,
    sumCompound: stats.sumCompound + score.compound,
    sumSquaredCompound: stats.sumSquaredCompound + score.compound * score.compound,
    negativeCount: stats.negativeCount + (score.label === 'negative' ? 1 : 0),
    positiveCount: stats.positiveCount + (score.label === 'positive' ? 1 : 0),
    neutralCount: stats.neutralCount + (score.label === 'neutral' ? 1 : 0),
  };
}

/** Combines two windows (associative and commutative up to float rounding of the sums; counts exactly). */
export function mergeStats(a: SentimentWindowStats, b: SentimentWindowStats): SentimentWindowStats {
  return {
    scoredCount: a.scoredCount + b.scoredCount,
    sumCompound: a.sumCompound + b.sumCompound,
    sumSquaredCompound: a.sumSquaredCompound + b.sumSquaredCompound,
    negativeCount: a.negativeCount + b.negativeCount,
    positiveCount: a.positiveCount + b.positiveCount,
    neutralCount: a.neutralCount + b.neutralCount,
  };
}

export const WindowFiguresSchema = z.object({
  scoredCount: z.number().int().nonnegative(),
  /** Mean compound; null without scored comments. */
  mean: z.number().nullable(),
  /** Sample standard deviation of the compound; null below 2 scored comments. */
  stdDev: z.number().nonnegative().nullable(),
  negativeShare: z.number().min(0).max(1).nullable(),
  positiveShare: z.number().min(0).max(1).nullable(),
});
export type WindowFigures = z.infer<typeof WindowFiguresSchema>;

/** Mean, spread and label shares of a window; nulls where the count is too small (never a fabricated 0). */
export function describeStats(stats: SentimentWindowStats): WindowFigures {
  const n = stats.scoredCount;
  if (n === 0) return { scoredCount: 0, mean: null, stdDev: null, negativeShare: null, positiveShare: null };
  const mean = stats.sumCompound / n;
  // Clamped: cancellation in sumSq − sum²/n can go slightly negative for near-constant windows.
  const variance = n < 2 ? null : Math.max(0, (stats.sumSquaredCompound - n * mean * mean) / (n - 1));
  return {
    scoredCount: n,
    mean,
    stdDev: variance === null ? null : Math.sqrt(variance),
    negativeShare: stats.negativeCount / n,
    positiveShare: stats.positiveCount / n,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Decision: what the rule decided and why.

export const AlertCheckNameSchema = z.enum([
  'sponsored',
  'window_volume',
  'baseline_volume',
  'drop',
  'z_score',
  'negative_share_increase',
  'cooldown',
  'resolve_volume',
  'recovered',
]);
export type AlertCheckName = z.infer<typeof AlertCheckNameSchema>;

export const AlertCheckSchema = z.object({
  name: AlertCheckNameSchema,
  /** The observed figure; null when it could not be computed (e.g. no scored comments). */
  observed: z.union([z.number(), z.boolean(), z.null()]),
  threshold: z.union([z.number(), z.boolean()]),
  /** How observed is compared with threshold, e.g. `>=`, `<=`, `==`. */
  comparison: z.enum(['>=', '<=', '==']),
  passed: z.boolean(),
});
export type AlertCheck = z.infer<typeof AlertCheckSchema>;

export const AlertSeveritySchema = z.enum(['low', 'medium', 'high', 'critical']);
export type AlertSeverity = z.infer<typeof AlertSeveritySchema>;

export const AlertEvidenceSchema = z.object({
  window: WindowFiguresSchema.extend({ startsAt: InstantSchema, endsAt: InstantSchema }),
  baseline: WindowFiguresSchema.extend({
    /** Scored comments on the creator's organic posts (last 30 days). */
    organicCount: z.number().int().nonnegative(),
    /** Scored comments in the post's own early window. */
    earlyCount: z.number().int().nonnegative(),
  }),
  /** Baseline mean − window mean (positive = sentiment fell). */
  drop: z.number().nullable(),
  /** Drop divided by its standard error under the baseline spread. */
  z: z.number().nullable(),
  negativeShareBefore: z.number().nullable(),
  negativeShareAfter: z.number().nullable(),
  /** Ids of the most negative comments of the window, most negative first. */
  mostNegativeCommentIds: z.array(z.string()),
});
export type AlertEvidence = z.infer<typeof AlertEvidenceSchema>;

export const AlertDecisionSchema = z.object({
  action: z.enum(['raise', 'resolve', 'none']),
  /** Every check evaluated on the path taken, with observed value, threshold and outcome. */
  reasons: z.array(AlertCheckSchema),
  /** Set when raising. */
  severity: AlertSeveritySchema.optional(),
  /** The alert raised or resolved. */
  alertId: z.string().optional(),
  evidence: AlertEvidenceSchema,
});
export type AlertDecision = z.infer<typeof AlertDecisionSchema>;

// ---------------------------------------------------------------------------------------------------------
// The stored alert and the state the rule needs from it.

export const AlertSchema = z.object({
  alertId: z.string().min(1),
  platform: PlatformSchema,
  accountId: z.string().min(1),
  postId: z.string().min(1),
  campaignIds: z.array(z.string()),
  state: z.enum(['open', 'resolved']),
  severity: AlertSeveritySchema,
  openedAt: InstantSchema,
  resolvedAt: InstantSchema.optional(),
  /** Evidence at opening. */
  evidence: AlertEvidenceSchema,
  /** The decision that raised it. */
  decision: AlertDecisionSchema,
  /** The decision that resolved it. */
  resolution: AlertDecisionSchema.optional(),
});
export type Alert = z.infer<typeof AlertSchema>;

export type AlertState =
  | { readonly state: 'none' }
  | { readonly state: 'open'; readonly alertId: string; readonly openedAt: string }
  | {
      readonly state: 'resolved';
      readonly alertId: string;
      readonly openedAt: string;
      readonly resolvedAt: string;
    };

/** The latest alert of a post as the rule's `previous` state. */
export function alertStateOf(alert: Alert | undefined): AlertState {
  if (alert === undefined) return { state: 'none' };
  if (alert.state === 'open') return { state: 'open', alertId: alert.alertId, openedAt: alert.openedAt };
  return {
    state: 'resolved',
    alertId: alert.alertId,
    openedAt: alert.openedAt,
    // A resolved alert without a time (should not happen) cools down from its opening.
    resolvedAt: alert.resolvedAt ?? alert.openedAt,
  };
}

/**
 * Deterministic id from the post and the start of the window that opened the alert, so a retried evaluation of
 * the same window produces the same id (idempotent writes), and a later drop a different one.
 */
export function alertIdFor(platform: Platform, postId: string, windowStartsAt: string): string {
  return `alert:${platform}:${postId}:${new Date(Date.parse(windowStartsAt)).toISOString()}`;
}

export class AlertTransitionError extends Error {
  override name = 'AlertTransitionError';
}

/** The new open alert for a `raise` decision. */
export function openAlert(
  decision: AlertDecision,
  post: { platform: Platform; accountId: string; postId: string; campaignIds: readonly string[] },
  now: string,
): Alert {
  if (decision.action !== 'raise' || decision.alertId === undefined || decision.severity === undefined) {
    throw new AlertTransitionError(`cannot open an alert from a '${decision.action}' decision`);
  }
  return {
    alertId: decision.alertId,
    platform: post.platform,
    accountId: post.accountId,
    postId: post.postId,
    campaignIds: [...post.campaignIds],
    state: 'open',
    severity: decision.severity,
    openedAt: now,
    evidence: decision.evidence,
    decision,
  };
}

/** The alert after a `resolve` decision. */
export function resolveAlert(alert: Alert, decision: AlertDecision, now: string): Alert {
  if (decision.action !== 'resolve' || decision.alertId !== alert.alertId || alert.state !== 'open') {
    throw new AlertTransitionError(
      `cannot resolve ${alert.state} alert ${alert.alertId} with '${decision.action}'`,
    );
  }
  return { ...alert, state: 'resolved', resolvedAt: now, resolution: decision };
}
