import { z } from 'zod';
import type { MetricValue, UnavailableReason } from './metric-value';
import { InstantSchema } from './platform';
import type { MetricName } from './post';

/**
 * Engagement rates. Published ER figures differ 2–3× depending on what is counted and what it is divided by,
 * so every number this module produces carries its full definition and a stable `definitionId`; a value
 * without its definition is not comparable with anything. Values are fractions (0.0219 = 2.19 %).
 */

/** The metrics that may be summed into the numerator, in canonical order. */
export const EngagementMetricSchema = z.enum(['likes', 'comments', 'shares', 'saves']);
export type EngagementMetric = z.infer<typeof EngagementMetricSchema> & MetricName;
export const ENGAGEMENT_METRICS: readonly EngagementMetric[] = EngagementMetricSchema.options;

export const ErDenominatorSchema = z.enum(['followers', 'views', 'reach', 'impressions']);
export type ErDenominator = z.infer<typeof ErDenominatorSchema>;

export const ErAggregationSchema = z.enum(['single', 'mean', 'median']);
export type ErAggregation = z.infer<typeof ErAggregationSchema>;

/** Fixed post ages for maturity-normalised ER, so posts of different ages compare fairly. */
export const MaturitySchema = z.enum(['1h', '24h', '48h', '7d', '30d']);
export type Maturity = z.infer<typeof MaturitySchema>;
export const MATURITY_HOURS: Readonly<Record<Maturity, number>> = {
  '1h': 1,
  '24h': 24,
  '48h': 48,
  '7d': 168,
  '30d': 720,
};

/** The period the posts of an aggregate were published in (informational; not part of the id). */
export const ErWindowSchema = z.object({ startsAt: InstantSchema, endsAt: InstantSchema });
export type ErWindow = z.infer<typeof ErWindowSchema>;

export const EngagementDefinitionSchema = z.object({
  numerator: z
    .array(EngagementMetricSchema)
    .min(1)
    .refine((metrics) => new Set(metrics).size === metrics.length, 'numerator metrics must be unique'),
  denominator: ErDenominatorSchema,
  aggregation: ErAggregationSchema,
  window: ErWindowSchema.optional(),
  maturity: MaturitySchema.optional(),
});
export type EngagementDefinition = z.infer<typeof EngagementDefinitionSchema>;

/** What to count and what to divide by; the functions below add aggregation, window and maturity. */
export interface ErSpec {
  readonly numerator: readonly EngagementMetric[];
  readonly denominator: ErDenominator;
}

export class EngagementDefinitionError extends Error {
  override name = 'EngagementDefinitionError';
}

/** Numerator metrics in canonical order (likes, comments, shares, saves), duplicates rejected. */
function canonicalNumerator(numerator: readonly EngagementMetric[]): EngagementMetric[] {
  const unique = new Set(numerator);
  if (unique.size === 0 || unique.size !== numerator.length) {
    throw new EngagementDefinitionError(
      `numerator must be a non-empty set of ${ENGAGEMENT_METRICS.join(', ')}; got [${numerator.join(', ')}]`,
    );
  }
  for (const metric of unique) {
    if (!ENGAGEMENT_METRICS.includes(metric)) {
      throw new EngagementDefinitionError(`'${metric}' cannot be an engagement numerator`);
    }
  }
  return ENGAGEMENT_METRICS.filter((metric) => unique.has(metric));
}

export function erDefinition(
  spec: ErSpec,
  aggregation: ErAggregation = 'single',
  extra: { window?: ErWindow; maturity?: Maturity } = {},
): EngagementDefinition {
  const denominator = ErDenominatorSchema.safeParse(spec.denominator);
  if (!denominator.success) {
    throw new EngagementDefinitionError(`unknown ER denominator '${String(spec.denominator)}'`, {
      cause: denominator.error,
    });
  }
  const definition: EngagementDefinition = {
    numerator: canonicalNumerator(spec.numerator),
    denominator: denominator.data,
    aggregation,
  };
  if (extra.window) definition.window = extra.window;
  if (extra.maturity) definition.maturity = extra.maturity;
  return definition;
}

/**
 * Stable key for a definition, used as a column name / map key downstream:
 * `er_<denominator>:<numerator joined by +>[:mean|:median][@<maturity>]`, e.g. `er_followers:likes+comments`,
 * `er_views:likes:median`, `er_reach:likes+comments+shares+saves@24h`. The window is not part of the id
 * (it is a property of the data, not of the formula).
 */
export function definitionIdOf(
  definition: Pick<EngagementDefinition, 'numerator' | 'denominator'> & {
    aggregation?: ErAggregation;
    maturity?: Maturity | undefined;
  },
): string {
  const numerator = canonicalNumerator(definition.numerator).join('+');
  const aggregation =
    definition.aggregation === undefined || definition.aggregation === 'single'
      ? ''
      : `:${definition.aggregation}`;
  const maturity = definition.maturity === undefined ? '' : `@${definition.maturity}`;
  return `er_${definition.denominator}:${numerator}${aggregation}${maturity}`;
}

const DEFINITION_ID_PATTERN = /^er_([a-z]+):([a-z+]+)(?::(mean|median))?(?:@([0-9]+[hd]))?$/;

/** Inverse of {@link definitionIdOf}; throws {@link EngagementDefinitionError} on a malformed id. */
export function parseDefinitionId(id: string): EngagementDefinition {
  const match = DEFINITION_ID_PATTERN.exec(id);
  if (!match) throw new EngagementDefinitionError(`malformed ER definition id '${id}'`);
  const [, denominator, numerator = '', aggregation, maturity] = match;
  const parsed = EngagementDefinitionSchema.safeParse({
    numerator: numerator.split('+'),
    denominator,
    aggregation: aggregation ?? 'single',
    maturity,
  });
  if (!parsed.success) {
    throw new EngagementDefinitionError(`invalid ER definition id '${id}'`, { cause: parsed.error });
  }
  const definition = erDefinition(parsed.data, parsed.data.aggregation, {
    ...(parsed.data.maturity ? { maturity: parsed.data.maturity } : {}),
  });
  if (definitionIdOf(definition) !== id) {
    throw new EngagementDefinitionError(
      `non-canonical ER definition id '${id}' (use ${definitionIdOf(definition)})`,
    );
  }
  return definition;
}

/** Why an ER could not be computed. */
export const ErUnavailableReasonSchema = z.enum([
  'numerator_unavailable',
  'denominator_unavailable',
  'denominator_zero',
  'invalid_value',
  'no_posts',
  'no_available_posts',
  'post_too_young',
  'no_snapshot_bracket',
  'bracket_too_wide',
]);
export type ErUnavailableReason = z.infer<typeof ErUnavailableReasonSchema>;

export interface ErAvailable {
  readonly status: 'available';
  /** A fraction, never negative, never NaN; may exceed 1 (e.g. engagements > reach). */
  readonly value: number;
  readonly definition: EngagementDefinition;
  readonly definitionId: string;
  /** Posts that contributed (1 for `single`). */
  readonly postCount: number;
  /** Posts skipped because their own ER was unavailable (aggregates only). */
  readonly excludedCount: number;
}

export interface ErUnavailable {
  readonly status: 'unavailable';
  readonly reason: ErUnavailableReason;
  /** Which inputs were missing and why, e.g. `likes: hidden_by_owner`. */
  readonly detail?: string;
  readonly definition: EngagementDefinition;
  readonly definitionId: string;
}

export type ErResult = ErAvailable | ErUnavailable;

/** What one post offers at one moment; a `MetricSnapshot` fits. Absent metrics count as not returned. */
export interface ErInput {
  readonly followers?: MetricValue;
  readonly metrics: Partial<Record<MetricName, MetricValue>>;
}

function unavailableEr(
  definition: EngagementDefinition,
  reason: ErUnavailableReason,
  detail?: string,
): ErUnavailable {
  const base = {
    status: 'unavailable' as const,
    reason,
    definition,
    definitionId: definitionIdOf(definition),
  };
  return detail === undefined ? base : { ...base, detail };
}

function availableEr(
  definition: EngagementDefinition,
  value: number,
  postCount: number,
  excludedCount: number,
): ErAvailable {
  return {
    status: 'available',
    value,
    definition,
    definitionId: definitionIdOf(definition),
    postCount,
    excludedCount,
  };
}

type ReadValue = { ok: true; value: number } | { ok: false; reason: UnavailableReason | 'invalid_value' };

function readValue(metric: MetricValue | undefined): ReadValue {
  if (metric === undefined) return { ok: false, reason: 'not_returned' };
  if (metric.status === 'unavailable') return { ok: false, reason: metric.reason };
  // Inputs are schema-validated upstream; this guard keeps "never negative, never NaN" true for any caller.
  if (!Number.isFinite(metric.value) || metric.value < 0) return { ok: false, reason: 'invalid_value' };
  return { ok: true, value: metric.value };
}

function denominatorOf(input: ErInput, denominator: ErDenominator): MetricValue | undefined {
  return denominator === 'followers' ? input.followers : input.metrics[denominator];
}

function rateFor(input: ErInput, definition: EngagementDefinition): ErResult {
  let numerator = 0;
  const missing: string[] = [];
  let invalid = false;
  for (const metric of definition.numerator) {
    const read = readValue(input.metrics[metric]);
    if (read.ok) numerator += read.value;
    else {
      missing.push(`${metric}: ${read.reason}`);
      invalid ||= read.reason === 'invalid_value';
    }
  }
  const denominator = readValue(denominatorOf(input, definition.denominator));
  if (!denominator.ok) {
    const detail = [...missing, `${definition.denominator}: ${denominator.reason}`].join('; ');
    return unavailableEr(
      definition,
      invalid || denominator.reason === 'invalid_value' ? 'invalid_value' : 'denominator_unavailable',
      detail,
    );
  }
  if (missing.length > 0) {
    return unavailableEr(definition, invalid ? 'invalid_value' : 'numerator_unavailable', missing.join('; '));
  }
  if (denominator.value === 0)
    return unavailableEr(definition, 'denominator_zero', `${definition.denominator}: 0`);
  return availableEr(definition, numerator / denominator.value, 1, 0);
}

/** ER of one post at one moment. Unavailable exactly when a numerator metric or the denominator is, or it is 0. */
export function engagementRate(input: ErInput, spec: ErSpec): ErResult {
  return rateFor(input, erDefinition(spec, 'single'));
}

/** Arithmetic mean of a non-empty list. */
function meanOf(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Median of a non-empty list (mean of the two middle values for even lengths). */
function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

/**
 * Mean or median of the per-post ERs. Posts whose own ER is unavailable are skipped and counted in
 * `excludedCount` (one post with hidden likes must not void a creator's ER); if none is left the aggregate is
 * unavailable. This is "mean of ratios", not "ratio of means" (Modash's average likes ÷ average views).
 */
export function aggregateEngagementRate(
  inputs: readonly ErInput[],
  spec: ErSpec,
  aggregation: 'mean' | 'median',
  window?: ErWindow,
): ErResult {
  const definition = erDefinition(spec, aggregation, window ? { window } : {});
  if (inputs.length === 0) return unavailableEr(definition, 'no_posts');
  const single = erDefinition(spec, 'single');
  const values: number[] = [];
  const reasons = new Map<string, number>();
  for (const input of inputs) {
    const result = rateFor(input, single);
    if (result.status === 'available') values.push(result.value);
    else reasons.set(result.reason, (reasons.get(result.reason) ?? 0) + 1);
  }
  if (values.length === 0) {
    const detail = [...reasons].map(([reason, count]) => `${count}× ${reason}`).join('; ');
    return unavailableEr(definition, 'no_available_posts', detail);
  }
  const value = aggregation === 'mean' ? meanOf(values) : medianOf(values);
  return availableEr(definition, value, values.length, inputs.length - values.length);
}

/** One observation of a post's metrics at a moment; a `MetricSnapshot` fits. */
export interface TimedErInput extends ErInput {
  readonly capturedAt: string;
}

export const VelocityUnavailableReasonSchema = z.enum(['metric_unavailable', 'non_increasing_time']);
export type VelocityUnavailableReason = z.infer<typeof VelocityUnavailableReasonSchema>;

export type VelocityResult =
  | {
      readonly status: 'available';
      readonly metric: MetricName | 'followers';
      /** Change per hour; negative when the count fell (unlikes, deleted comments, lost followers). */
      readonly perHour: number;
      readonly delta: number;
      readonly hours: number;
      readonly from: string;
      readonly to: string;
    }
  | {
      readonly status: 'unavailable';
      readonly metric: MetricName | 'followers';
      readonly reason: VelocityUnavailableReason;
      readonly detail: string;
    };

const HOUR_MS = 3_600_000;

/** Growth per hour of one metric between two snapshots; unavailable when either side is, or time did not advance. */
export function metricVelocity(
  earlier: TimedErInput,
  later: TimedErInput,
  metric: MetricName | 'followers',
): VelocityResult {
  const hours = (Date.parse(later.capturedAt) - Date.parse(earlier.capturedAt)) / HOUR_MS;
  if (!(hours > 0)) {
    return {
      status: 'unavailable',
      metric,
      reason: 'non_increasing_time',
      detail: `${earlier.capturedAt} → ${later.capturedAt}`,
    };
  }
  const pick = (input: ErInput) => (metric === 'followers' ? input.followers : input.metrics[metric]);
  const from = readValue(pick(earlier));
  const to = readValue(pick(later));
  if (!from.ok || !to.ok) {
    const detail = [
      from.ok ? undefined : `earlier: ${from.reason}`,
      to.ok ? undefined : `later: ${to.reason}`,
    ]
      .filter((part) => part !== undefined)
      .join('; ');
    return { status: 'unavailable', metric, reason: 'metric_unavailable', detail };
  }
  const delta = to.value - from.value;
  return {
    status: 'available',
    metric,
    perHour: delta / hours,
    delta,
    hours,
    from: earlier.capturedAt,
    to: later.capturedAt,
  };
}

/** Velocity of every metric listed (default: all seven post metrics and followers). */
export function velocities(
  earlier: TimedErInput,
  later: TimedErInput,
  metrics: readonly (MetricName | 'followers')[] = [
    'views',
    'likes',
    'comments',
    'shares',
    'saves',
    'reach',
    'impressions',
    'followers',
  ],
): VelocityResult[] {
  return metrics.map((metric) => metricVelocity(earlier, later, metric));
}

export interface MaturityOptions {
  /**
   * Widest snapshot bracket (hours) to interpolate across. Default: half the target age (12 h for 24 h,
   * 84 h for 7 d); a 1 h and a 30 d snapshot say little about the 24 h value.
   */
  readonly maxBracketHours?: number;
  /** The current instant, when known: lets a missing later snapshot be reported as `post_too_young`. */
  readonly now?: string;
}

function interpolate(
  before: MetricValue | undefined,
  after: MetricValue | undefined,
  fraction: number,
): MetricValue | undefined {
  const a = readValue(before);
  const b = readValue(after);
  if (!a.ok) return before;
  if (!b.ok) return after;
  return { status: 'available', value: a.value + (b.value - a.value) * fraction };
}

/**
 * ER at a fixed age after publishing (maturity-normalised). Rule: target = publishedAt + age. A snapshot taken
 * exactly at the target is used as is; otherwise the latest snapshot before and the earliest after the target
 * (both at or after publishing) form the bracket, and every input (numerator metrics and denominator) is
 * linearly interpolated in time between them, then the ER is computed from the interpolated values. No
 * extrapolation: without a later snapshot the value is unavailable (`post_too_young` if `now` < target, else
 * `no_snapshot_bracket`); a bracket wider than `maxBracketHours` is `bracket_too_wide`.
 */
export function maturityEngagementRate(
  publishedAt: string,
  snapshots: readonly TimedErInput[],
  spec: ErSpec,
  maturity: Maturity,
  options: MaturityOptions = {},
): ErResult {
  const definition = erDefinition(spec, 'single', { maturity });
  const ageHours = MATURITY_HOURS[maturity];
  const publishedMs = Date.parse(publishedAt);
  const targetMs = publishedMs + ageHours * HOUR_MS;
  const maxBracketMs = (options.maxBracketHours ?? ageHours / 2) * HOUR_MS;
  let before: TimedErInput | undefined;
  let after: TimedErInput | undefined;
  for (const snapshot of snapshots) {
    const t = Date.parse(snapshot.capturedAt);
    if (t < publishedMs) continue;
    if (t <= targetMs && (before === undefined || t > Date.parse(before.capturedAt))) before = snapshot;
    if (t >= targetMs && (after === undefined || t < Date.parse(after.capturedAt))) after = snapshot;
  }
  if (after === undefined) {
    const young = options.now !== undefined && Date.parse(options.now) < targetMs;
    return unavailableEr(
      definition,
      young ? 'post_too_young' : 'no_snapshot_bracket',
      young ? `target age ${maturity} not reached` : 'no snapshot at or after the target age',
    );
  }
  if (before === undefined) {
    return unavailableEr(
      definition,
      'no_snapshot_bracket',
      'no snapshot between publishing and the target age',
    );
  }
  const beforeMs = Date.parse(before.capturedAt);
  const afterMs = Date.parse(after.capturedAt);
  if (afterMs - beforeMs > maxBracketMs) {
    return unavailableEr(
      definition,
      'bracket_too_wide',
      `${before.capturedAt} → ${after.capturedAt} exceeds ${maxBracketMs / HOUR_MS} h`,
    );
  }
  const fraction = afterMs === beforeMs ? 0 : (targetMs - beforeMs) / (afterMs - beforeMs);
  const metrics: Partial<Record<MetricName, MetricValue>> = {};
  const names: readonly MetricName[] = [...definition.numerator, 'views', 'reach', 'impressions'];
  for (const name of names) {
    const value = interpolate(before.metrics[name], after.metrics[name], fraction);
    if (value !== undefined) metrics[name] = value;
  }
  const followers = interpolate(before.followers, after.followers, fraction);
  const interpolated: ErInput = followers === undefined ? { metrics } : { metrics, followers };
  return rateFor(interpolated, definition);
}

export type PaidPostPerformance =
  | {
      readonly status: 'available';
      /** ER(sponsored) ÷ ER(organic); 1 = parity, 0.8 = sponsored posts engage 20 % less. */
      readonly ratio: number;
      readonly definitionId: string;
      readonly sponsored: ErAvailable;
      readonly organic: ErAvailable;
    }
  | {
      readonly status: 'unavailable';
      readonly reason: 'sponsored_unavailable' | 'organic_unavailable' | 'organic_zero';
      readonly definitionId: string;
      readonly sponsored: ErResult;
      readonly organic: ErResult;
    };

/**
 * Modash-style "paid post performance" for one creator: the aggregate ER of the sponsored posts divided by that
 * of the organic posts, both with the same definition (default: median).
 */
export function paidPostPerformance(
  posts: readonly { readonly sponsored: boolean; readonly input: ErInput }[],
  spec: ErSpec,
  aggregation: 'mean' | 'median' = 'median',
): PaidPostPerformance {
  const sponsored = aggregateEngagementRate(
    posts.filter((post) => post.sponsored).map((post) => post.input),
    spec,
    aggregation,
  );
  const organic = aggregateEngagementRate(
    posts.filter((post) => !post.sponsored).map((post) => post.input),
    spec,
    aggregation,
  );
  const definitionId = sponsored.definitionId;
  if (sponsored.status === 'unavailable') {
    return { status: 'unavailable', reason: 'sponsored_unavailable', definitionId, sponsored, organic };
  }
  if (organic.status === 'unavailable') {
    return { status: 'unavailable', reason: 'organic_unavailable', definitionId, sponsored, organic };
  }
  if (organic.value === 0) {
    return { status: 'unavailable', reason: 'organic_zero', definitionId, sponsored, organic };
  }
  return { status: 'available', ratio: sponsored.value / organic.value, definitionId, sponsored, organic };
}
