import {
  aggregateEngagementRate,
  definitionIdOf,
  type ErResult,
  type ErSpec,
  ErUnavailableReasonSchema,
  engagementRate,
  type Maturity,
  maturityEngagementRate,
  metricVelocity,
  paidPostPerformance,
  VelocityUnavailableReasonSchema,
} from '../domain/engagement';
import { type MetricValue, UnavailableReasonSchema } from '../domain/metric-value';
import type { MetricName, MetricSnapshot } from '../domain/post';

/**
 * Pure computation of the engagement aggregates process-metrics stores (and export-benchmarks reads back).
 *
 * An `EngagementAggregate.values` map holds numbers or null. Why a value is null is kept next to it under
 * `unavailable:<key>` as a numeric code into {@link UNAVAILABLE_REASON_CODES} (the store's values are numeric;
 * the table is append-only so stored codes keep their meaning). Unavailable is never 0.
 */

/** The ER definitions computed for every post: likes + comments over each denominator, plus the full-engagement reach ER. */
export const ER_SPECS: readonly ErSpec[] = [
  { numerator: ['likes', 'comments'], denominator: 'followers' },
  { numerator: ['likes', 'comments'], denominator: 'views' },
  { numerator: ['likes', 'comments'], denominator: 'reach' },
  { numerator: ['likes', 'comments'], denominator: 'impressions' },
  { numerator: ['likes', 'comments', 'shares', 'saves'], denominator: 'reach' },
];

/** Maturity-normalised ERs (fixed post ages), for the definitions most often compared across posts. */
export const MATURITY_SPECS: readonly { spec: ErSpec; maturity: Maturity }[] = [
  { spec: { numerator: ['likes', 'comments'], denominator: 'followers' }, maturity: '24h' },
  { spec: { numerator: ['likes', 'comments'], denominator: 'views' }, maturity: '24h' },
  { spec: { numerator: ['likes', 'comments'], denominator: 'followers' }, maturity: '7d' },
  { spec: { numerator: ['likes', 'comments'], denominator: 'views' }, maturity: '7d' },
];

/** Every per-post ER definition id, in a stable order (export rows follow it). */
export const POST_ER_DEFINITION_IDS: readonly string[] = [
  ...ER_SPECS.map((spec) => erIdOf(spec)),
  ...MATURITY_SPECS.map(({ spec, maturity }) => erIdOf(spec, { maturity })),
];

export const SNAPSHOT_METRICS: readonly MetricName[] = [
  'views',
  'likes',
  'comments',
  'shares',
  'saves',
  'reach',
  'impressions',
];
export const VELOCITY_METRICS: readonly (MetricName | 'followers')[] = [
  'views',
  'likes',
  'comments',
  'followers',
];

/** Append-only: the index is what is stored. */
export const UNAVAILABLE_REASON_CODES: readonly string[] = [
  ...UnavailableReasonSchema.options,
  ...ErUnavailableReasonSchema.options,
  ...VelocityUnavailableReasonSchema.options,
  'no_snapshot',
  'organic_unavailable',
  'sponsored_unavailable',
  'organic_zero',
];

/** Definition id of a spec (the domain wants a mutable numerator list). */
export function erIdOf(
  spec: ErSpec,
  extra: { aggregation?: 'single' | 'mean' | 'median'; maturity?: Maturity } = {},
): string {
  return definitionIdOf({ numerator: [...spec.numerator], denominator: spec.denominator, ...extra });
}

export const UNAVAILABLE_PREFIX = 'unavailable:';

export function velocityKey(metric: string): string {
  return `velocity:${metric}_per_hour`;
}

export class EngagementValues {
  readonly values: Record<string, number | null> = {};

  setNumber(key: string, value: number | null, reason?: string): void {
    this.values[key] = value;
    if (value === null) {
      const code = UNAVAILABLE_REASON_CODES.indexOf(reason ?? 'not_returned');
      this.values[`${UNAVAILABLE_PREFIX}${key}`] =
        code >= 0 ? code : UNAVAILABLE_REASON_CODES.indexOf('not_returned');
    }
  }

  setMetric(key: string, metric: MetricValue | undefined): void {
    if (metric === undefined) this.setNumber(key, null, 'not_returned');
    else if (metric.status === 'available') this.setNumber(key, metric.value);
    else this.setNumber(key, null, metric.reason);
  }

  setEr(key: string, result: ErResult): void {
    if (result.status === 'available') this.setNumber(key, result.value);
    else this.setNumber(key, null, result.reason);
  }
}

/** The value and, when null, why (decoded from the stored code). */
export function readValue(
  values: Readonly<Record<string, number | null>> | undefined,
  key: string,
): { value: number | null; reason: string | null } {
  if (values === undefined) return { value: null, reason: 'no_snapshot' };
  const value = values[key];
  if (value !== undefined && value !== null) return { value, reason: null };
  const code = values[`${UNAVAILABLE_PREFIX}${key}`];
  const reason =
    code === undefined || code === null ? 'not_returned' : (UNAVAILABLE_REASON_CODES[code] ?? 'unknown');
  return { value: null, reason };
}

/**
 * Aggregate of one post from all its stored snapshots (any order; sorted here): latest metrics, ER per
 * definition, velocity between the last two snapshots, maturity ER at fixed ages. `asOf` decides
 * `post_too_young`; pass a time derived from the data (not the wall clock) so replays give identical values.
 */
export function postEngagementValues(
  publishedAt: string,
  snapshots: readonly MetricSnapshot[],
  asOf: string,
): Record<string, number | null> {
  const sorted = [...snapshots].sort((a, b) =>
    a.capturedAt < b.capturedAt ? -1 : a.capturedAt > b.capturedAt ? 1 : 0,
  );
  const out = new EngagementValues();
  const latest = sorted[sorted.length - 1];
  const previous = sorted[sorted.length - 2];
  out.setNumber('snapshot_count', sorted.length);
  for (const metric of SNAPSHOT_METRICS) {
    if (latest === undefined) out.setNumber(metric, null, 'no_snapshot');
    else out.setMetric(metric, latest.metrics[metric]);
  }
  if (latest === undefined) out.setNumber('followers', null, 'no_snapshot');
  else out.setMetric('followers', latest.followers);
  for (const spec of ER_SPECS) {
    const id = erIdOf(spec);
    if (latest === undefined) out.setNumber(id, null, 'no_snapshot');
    else out.setEr(id, engagementRate(latest, spec));
  }
  for (const { spec, maturity } of MATURITY_SPECS) {
    out.setEr(
      erIdOf(spec, { maturity }),
      maturityEngagementRate(publishedAt, sorted, spec, maturity, { now: asOf }),
    );
  }
  for (const metric of VELOCITY_METRICS) {
    if (latest === undefined || previous === undefined) {
      out.setNumber(velocityKey(metric), null, 'no_snapshot_bracket');
      continue;
    }
    const velocity = metricVelocity(previous, latest, metric);
    if (velocity.status === 'available') out.setNumber(velocityKey(metric), velocity.perHour);
    else out.setNumber(velocityKey(metric), null, velocity.reason);
  }
  return out.values;
}

export interface CreatorPostInput {
  readonly sponsored: boolean;
  /** Latest snapshot of the post, if any (posts without one count as unavailable, never as 0). */
  readonly latest: MetricSnapshot | undefined;
}

/** Key of a creator-level figure: `<scope>|<definition id>` with scope `all`, `sponsored` or `organic`. */
export function creatorErKey(scope: 'all' | 'sponsored' | 'organic', definitionId: string): string {
  return `${scope}|${definitionId}`;
}

export function paidPerformanceKey(definitionId: string): string {
  return `paid_post_performance|${definitionId}`;
}

/**
 * Creator aggregate over the posts of the last 30 days: mean and median ER (all / sponsored / organic) per
 * definition and paid-post performance (median sponsored ÷ median organic ER, same definition).
 */
export function creatorEngagementValues(
  followers: MetricValue,
  posts: readonly CreatorPostInput[],
): Record<string, number | null> {
  const out = new EngagementValues();
  out.setMetric('followers', followers);
  out.setNumber('posts_30d', posts.length);
  out.setNumber('sponsored_posts_30d', posts.filter((post) => post.sponsored).length);
  out.setNumber('organic_posts_30d', posts.filter((post) => !post.sponsored).length);
  const withInput = posts.flatMap((post) =>
    post.latest === undefined ? [] : [{ ...post, input: post.latest }],
  );
  for (const spec of ER_SPECS) {
    for (const aggregation of ['mean', 'median'] as const) {
      const id = erIdOf(spec, { aggregation });
      const scopes = [
        ['all', withInput],
        ['sponsored', withInput.filter((post) => post.sponsored)],
        ['organic', withInput.filter((post) => !post.sponsored)],
      ] as const;
      for (const [scope, list] of scopes) {
        out.setEr(
          creatorErKey(scope, id),
          aggregateEngagementRate(
            list.map((post) => post.input),
            spec,
            aggregation,
          ),
        );
      }
    }
    const performance = paidPostPerformance(withInput, spec, 'median');
    const key = paidPerformanceKey(erIdOf(spec, { aggregation: 'median' }));
    if (performance.status === 'available') out.setNumber(key, performance.ratio);
    else out.setNumber(key, null, performance.reason);
  }
  return out.values;
}
