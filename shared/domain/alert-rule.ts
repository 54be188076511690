import { z } from 'zod';
import {
  type AlertCheck,
  type AlertDecision,
  type AlertEvidence,
  type AlertSeverity,
  type AlertState,
  alertIdFor,
  describeStats,
  mergeStats,
  type SentimentWindowStats,
} from './alert';
import type { Platform } from './platform';

/**
 * The sentiment-drop rule for a sponsored post. It compares the post's recent comment window with a baseline
 * (the creator's organic posts over the last 30 days merged with the post's own early window) and raises only
 * when all of these hold: enough scored comments in the window and the baseline, a large drop of the mean
 * compound, a drop that is statistically meaningful (z against the baseline spread), and a real rise in the
 * negative share. While an alert is open it never raises again (one alert per drop); it resolves only when the
 * window has recovered to within `resolveWithin` of the baseline with enough comments (hysteresis); after a
 * resolve, a new alert waits out the cooldown.
 *
 * Calibration (test/unit/domain/alert-rule.test.ts, simulated comment mixes with compounds in ±[0.3, 0.95]):
 * a window going from mean ≈ +0.4 with ~15 % negative to mean ≈ −0.3 with > 50 % negative over 20 comments has
 * drop ≈ 0.7 and z ≈ 5–6 and raises (`high`); a stable mix sampled at 20–30 comments per window has a standard
 * error ≈ 0.11 on its mean, and needing drop ≥ 0.3 AND z ≥ 2.5 AND +20 points of negative share keeps such
 * noise under ~0.5 % of windows with a 240-comment baseline (≈ 1 % with a 20–30-comment baseline).
 */
export const AlertRuleOptionsSchema = z.object({
  /** Minimum fall of the mean compound (baseline − window). */
  minDrop: z.number().positive().default(0.3),
  /** Minimum z = drop ÷ (baseline sd · √(1/n_window + 1/n_baseline)). */
  minZ: z.number().positive().default(2.5),
  /** Minimum scored comments in the window: below it the rule never raises. */
  minWindowCount: z.number().int().positive().default(20),
  /** Minimum scored comments in the baseline (organic + early). */
  minBaselineCount: z.number().int().positive().default(20),
  /** Minimum rise of the negative share (window − baseline), in share points (0.2 = 20 points). */
  minNegativeShareIncrease: z.number().min(0).max(1).default(0.2),
  /** Hours after a resolve before a new alert may open for the same post. */
  cooldownHours: z.number().nonnegative().default(24),
  /** Resolve when the drop has shrunk to at most this. */
  resolveWithin: z.number().nonnegative().default(0.1),
  /** Minimum scored comments in the window to resolve (a quiet window proves nothing). */
  minResolveCount: z.number().int().positive().default(20),
  /** Floor for the baseline standard deviation, so a near-constant baseline cannot make every wobble "significant". */
  minBaselineStdDev: z.number().positive().default(0.05),
  /** Drops at which severity becomes medium / high / critical (below medium: low). */
  severityDrops: z
    .object({
      medium: z.number().positive().default(0.4),
      high: z.number().positive().default(0.6),
      critical: z.number().positive().default(0.8),
    })
    .default({ medium: 0.4, high: 0.6, critical: 0.8 }),
  /** How many of the most negative comment ids to keep as evidence. */
  evidenceCommentCount: z.number().int().nonnegative().default(5),
});
export type AlertRuleOptions = z.infer<typeof AlertRuleOptionsSchema>;
export type AlertRuleOptionsInput = z.input<typeof AlertRuleOptionsSchema>;

export const DEFAULT_ALERT_RULE_OPTIONS: AlertRuleOptions = AlertRuleOptionsSchema.parse({});

export class AlertRuleOptionsError extends Error {
  override name = 'AlertRuleOptionsError';
}

/** Validates options (e.g. from configuration), filling defaults; throws {@link AlertRuleOptionsError}. */
export function parseAlertRuleOptions(input: unknown): AlertRuleOptions {
  const parsed = AlertRuleOptionsSchema.safeParse(input ?? {});
  if (!parsed.success) {
    throw new AlertRuleOptionsError(`invalid alert rule options: ${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

export interface AlertRuleInput {
  readonly post: {
    readonly platform: Platform;
    readonly postId: string;
    /** The rule is for sponsored posts; an organic post never raises. */
    readonly sponsored: boolean;
  };
  /** The recent window of the post's comments. */
  readonly window: {
    readonly startsAt: string;
    readonly endsAt: string;
    readonly stats: SentimentWindowStats;
  };
  readonly baseline: {
    /** The creator's organic posts over the last 30 days. */
    readonly organic: SentimentWindowStats;
    /** The post's own early window (before the recent one). */
    readonly early: SentimentWindowStats;
  };
  /** This post's latest alert, as `alertStateOf(alert)`. */
  readonly previous: AlertState;
  readonly now: string;
  /** Scored comments of the window (id + compound) to pick the evidence from; any order. */
  readonly windowComments?: readonly { readonly commentId: string; readonly compound: number }[];
  /** Overrides of the defaults; validate configuration with {@link parseAlertRuleOptions} first. */
  readonly options?: Partial<AlertRuleOptions>;
}

const HOUR_MS = 3_600_000;

function check(
  name: AlertCheck['name'],
  observed: number | boolean | null,
  comparison: AlertCheck['comparison'],
  threshold: number | boolean,
): AlertCheck {
  let passed = false;
  if (observed !== null) {
    if (comparison === '==') passed = observed === threshold;
    else if (comparison === '>=') passed = (observed as number) >= (threshold as number);
    else passed = (observed as number) <= (threshold as number);
  }
  return { name, observed, threshold, comparison, passed };
}

function severityFor(drop: number, options: AlertRuleOptions): AlertSeverity {
  if (drop >= options.severityDrops.critical) return 'critical';
  if (drop >= options.severityDrops.high) return 'high';
  if (drop >= options.severityDrops.medium) return 'medium';
  return 'low';
}

function evidenceFor(input: AlertRuleInput, options: AlertRuleOptions): AlertEvidence {
  const baselineStats = mergeStats(input.baseline.organic, input.baseline.early);
  const window = describeStats(input.window.stats);
  const baseline = describeStats(baselineStats);
  const drop = window.mean === null || baseline.mean === null ? null : baseline.mean - window.mean;
  let z: number | null = null;
  if (drop !== null) {
    const spread = Math.max(baseline.stdDev ?? 0, options.minBaselineStdDev);
    z = drop / (spread * Math.sqrt(1 / window.scoredCount + 1 / baseline.scoredCount));
  }
  const mostNegativeCommentIds = [...(input.windowComments ?? [])]
    .filter((comment) => comment.compound < 0)
    .sort((a, b) => a.compound - b.compound || (a.commentId < b.commentId ? -1 : 1))
    .slice(0, options.evidenceCommentCount)
    .map((comment) => comment.commentId);
  return {
    window: { ...window, startsAt: input.window.startsAt, endsAt: input.window.endsAt },
    baseline: {
      ...baseline,
      organicCount: input.baseline.organic.scoredCount,
      earlyCount: input.baseline.early.scoredCount,
    },
    drop,
    z,
    negativeShareBefore: baseline.negativeShare,
    negativeShareAfter: window.negativeShare,
    mostNegativeCommentIds,
  };
}

/** Evaluates the rule. Pure: the same input always gives the same decision. */
export function evaluateAlertRule(input: AlertRuleInput): AlertDecision {
  const options: AlertRuleOptions = { ...DEFAULT_ALERT_RULE_OPTIONS, ...input.options };
  const evidence = evidenceFor(input, options);
  const { previous } = input;

  if (previous.state === 'open') {
    const reasons = [
      check('resolve_volume', evidence.window.scoredCount, '>=', options.minResolveCount),
      check('recovered', evidence.drop, '<=', options.resolveWithin),
    ];
    const resolve = reasons.every((reason) => reason.passed);
    return { action: resolve ? 'resolve' : 'none', reasons, alertId: previous.alertId, evidence };
  }

  const negativeShareIncrease =
    evidence.negativeShareAfter === null || evidence.negativeShareBefore === null
      ? null
      : evidence.negativeShareAfter - evidence.negativeShareBefore;
  const reasons = [
    check('sponsored', input.post.sponsored, '==', true),
    check('window_volume', evidence.window.scoredCount, '>=', options.minWindowCount),
    check('baseline_volume', evidence.baseline.scoredCount, '>=', options.minBaselineCount),
    check('drop', evidence.drop, '>=', options.minDrop),
    check('z_score', evidence.z, '>=', options.minZ),
    check('negative_share_increase', negativeShareIncrease, '>=', options.minNegativeShareIncrease),
  ];
  if (previous.state === 'resolved') {
    const hoursSinceResolve = (Date.parse(input.now) - Date.parse(previous.resolvedAt)) / HOUR_MS;
    reasons.push(check('cooldown', hoursSinceResolve, '>=', options.cooldownHours));
  }
  if (!reasons.every((reason) => reason.passed)) return { action: 'none', reasons, evidence };
  return {
    action: 'raise',
    reasons,
    severity: severityFor(evidence.drop as number, options),
    alertId: alertIdFor(input.post.platform, input.post.postId, input.window.startsAt),
    evidence,
  };
}
