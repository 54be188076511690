import { z } from 'zod';
import { definitionIdOf, EngagementMetricSchema, ErDenominatorSchema } from './engagement';
import { type Platform, PlatformSchema } from './platform';
import { TierNameSchema } from './tiers';

/**
 * Industry reference benchmarks, per platform × tier, with their source, sample and ER definition. Published
 * figures differ 2–3× by denominator, so an entry may only be compared with an ER of the same `definitionId`.
 * Figures whose denominator the source does not state (IQFluence) or that cannot be traced to a primary report
 * (organicmediabuying.com) are deliberately left out. All values are fractions (0.0219 = 2.19 %).
 * Facts from ../shared/docs/platform-apis.md §4.3.
 */
export const BenchmarkSchema = z
  .object({
    platform: PlatformSchema,
    /** A default tier name, or `all` for a figure across all sizes. */
    tier: z.union([TierNameSchema, z.literal('all')]),
    /** The follower band as the source states it, when it differs from our tier (e.g. `5K–10K`). */
    sourceBand: z.string().optional(),
    numerator: z.array(EngagementMetricSchema).min(1),
    /** True when the source names its numerator; false when we assume the customary likes + comments. */
    numeratorStated: z.boolean(),
    denominator: ErDenominatorSchema,
    definitionId: z.string(),
    /** Low and high of the reported figure; equal for a single number. */
    low: z.number().nonnegative(),
    high: z.number().nonnegative(),
    /** Which posts: all, only organic, only sponsored. */
    postScope: z.enum(['all', 'organic', 'sponsored']),
    source: z.string().min(1),
    sample: z.string().min(1),
    date: z.string().min(4),
    /** `secondary` = summary of a primary report; `low` = vendor page without method. */
    authority: z.enum(['primary', 'secondary', 'low']),
  })
  .refine((entry) => entry.low <= entry.high, 'low must not exceed high')
  .refine(
    (entry) => entry.definitionId === definitionIdOf(entry),
    'definitionId must match numerator/denominator',
  );
export type Benchmark = z.infer<typeof BenchmarkSchema>;

type BenchmarkRow = Omit<Benchmark, 'definitionId' | 'numerator' | 'numeratorStated' | 'postScope'> &
  Partial<Pick<Benchmark, 'numerator' | 'numeratorStated' | 'postScope'>>;

function row(entry: BenchmarkRow): Benchmark {
  const numerator = entry.numerator ?? ['likes', 'comments'];
  return {
    ...entry,
    numerator,
    numeratorStated: entry.numeratorStated ?? false,
    postScope: entry.postScope ?? 'all',
    definitionId: definitionIdOf({ numerator, denominator: entry.denominator }),
  };
}

const STATISTA = 'Statista-derived summary (datasetsearch.research.google.com snippet)';
const UNTAPPER = 'untapper.com/influencer-marketing-benchmarks (vendor bands, low authority)';
const untapperInstagram: [string, number, number][] = [
  ['nano', 0.03, 0.05],
  ['micro', 0.02, 0.035],
  ['mid', 0.015, 0.025],
  ['macro', 0.01, 0.018],
  ['mega', 0.007, 0.012],
];
const untapperTiktok: [string, number, number][] = [
  ['nano', 0.06, 0.1],
  ['micro', 0.04, 0.07],
  ['mid', 0.03, 0.05],
  ['macro', 0.02, 0.035],
  ['mega', 0.01, 0.02],
];

export const BENCHMARKS: readonly Benchmark[] = Object.freeze([
  row({
    platform: 'instagram',
    tier: 'nano',
    denominator: 'followers',
    low: 0.0219,
    high: 0.0219,
    source: STATISTA,
    sample: 'global',
    date: '2023',
    authority: 'secondary',
  }),
  row({
    platform: 'instagram',
    tier: 'all',
    denominator: 'followers',
    low: 0.0185,
    high: 0.0185,
    source: STATISTA,
    sample: 'global',
    date: '2023',
    authority: 'secondary',
  }),
  row({
    platform: 'instagram',
    tier: 'nano',
    sourceBand: '5K–10K',
    denominator: 'followers',
    low: 0.0515,
    high: 0.0515,
    source: STATISTA,
    sample: 'US',
    date: '2023-H1',
    authority: 'secondary',
  }),
  row({
    platform: 'instagram',
    tier: 'mega',
    denominator: 'followers',
    low: 0.0254,
    high: 0.0254,
    source: STATISTA,
    sample: 'US',
    date: '2023-H1',
    authority: 'secondary',
  }),
  row({
    platform: 'instagram',
    tier: 'nano',
    sourceBand: '1K–5K',
    denominator: 'followers',
    low: 0.0459,
    high: 0.0459,
    source: STATISTA,
    sample: 'UK',
    date: '2021',
    authority: 'secondary',
  }),
  row({
    platform: 'instagram',
    tier: 'all',
    denominator: 'followers',
    low: 0.0292,
    high: 0.0292,
    source: STATISTA,
    sample: 'UK',
    date: '2021',
    authority: 'secondary',
  }),
  row({
    platform: 'instagram',
    tier: 'nano',
    denominator: 'followers',
    low: 0.0341,
    high: 0.0341,
    source: STATISTA,
    sample: 'Sweden',
    date: '2024-H1',
    authority: 'secondary',
  }),
  row({
    platform: 'instagram',
    tier: 'mega',
    denominator: 'followers',
    low: 0.014,
    high: 0.014,
    source: STATISTA,
    sample: 'Sweden',
    date: '2024-H1',
    authority: 'secondary',
  }),
  row({
    platform: 'instagram',
    tier: 'nano',
    sourceBand: '< 10K',
    denominator: 'impressions',
    low: 0.0623,
    high: 0.0623,
    postScope: 'organic',
    source: 'Captiv8 study via eMarketer',
    sample: '5,000+ organic campaign posts',
    date: 'undated',
    authority: 'secondary',
  }),
  row({
    platform: 'tiktok',
    tier: 'mega',
    sourceBand: '> 1.5M',
    denominator: 'views',
    low: 0.0495,
    high: 0.0495,
    postScope: 'organic',
    source: 'Captiv8 study via eMarketer',
    sample: '5,000+ organic campaign posts',
    date: 'undated',
    authority: 'secondary',
  }),
  row({
    platform: 'instagram',
    tier: 'all',
    sourceBand: '20K–1M+',
    denominator: 'followers',
    low: 0.0154,
    high: 0.0162,
    source:
      'hypeauditor.com/blog/how-do-micro-influencers-and-mega-influencers-compare-in-instagram-engagement-rates',
    sample: '36k influencers',
    date: 'undated',
    authority: 'secondary',
  }),
  row({
    platform: 'instagram',
    tier: 'all',
    numerator: ['likes'],
    numeratorStated: true,
    denominator: 'followers',
    low: 0.019,
    high: 0.019,
    postScope: 'organic',
    source: 'start.askwonder.com engagement-metrics-benchmarking',
    sample: 'US like-follower ratio',
    date: '2019-Q1',
    authority: 'secondary',
  }),
  row({
    platform: 'instagram',
    tier: 'all',
    numerator: ['likes'],
    numeratorStated: true,
    denominator: 'followers',
    low: 0.016,
    high: 0.016,
    postScope: 'sponsored',
    source: 'start.askwonder.com engagement-metrics-benchmarking',
    sample: 'US like-follower ratio',
    date: '2019-Q1',
    authority: 'secondary',
  }),
  ...untapperInstagram.map(([tier, low, high]) =>
    row({
      platform: 'instagram',
      tier,
      denominator: 'followers',
      low,
      high,
      source: UNTAPPER,
      sample: 'vendor bands',
      date: '2026',
      authority: 'low',
    }),
  ),
  ...untapperTiktok.map(([tier, low, high]) =>
    row({
      platform: 'tiktok',
      tier,
      denominator: 'views',
      low,
      high,
      source: UNTAPPER,
      sample: 'vendor bands',
      date: '2026',
      authority: 'low',
    }),
  ),
]);

/**
 * Reference entries for a platform and tier (entries for `all` sizes included), optionally only those of one
 * ER definition id. YouTube has none: no published figure with a stated denominator was found.
 */
export function benchmarksFor(platform: Platform, tier: string, definitionId?: string): Benchmark[] {
  return BENCHMARKS.filter(
    (entry) =>
      entry.platform === platform &&
      (entry.tier === tier || entry.tier === 'all') &&
      (definitionId === undefined || entry.definitionId === definitionId),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Statistics for the exporter's own benchmarks (per platform × tier × content type × definition).

export class StatisticsInputError extends Error {
  override name = 'StatisticsInputError';
}

function sortedFinite(values: readonly number[]): number[] {
  for (const value of values) {
    if (!Number.isFinite(value)) {
      // A NaN would silently poison every quantile; the caller must filter unavailable values first.
      throw new StatisticsInputError(`statistics need finite numbers, got ${value}`);
    }
  }
  // -0 and 0 compare equal, so their order after sorting depends on the input order; folding -0 into 0 keeps
  // every quantile independent of the order of its input.
  return values.map((value) => (value === 0 ? 0 : value)).sort((a, b) => a - b);
}

/**
 * Quantile of an ascending list by linear interpolation between order statistics (Hyndman & Fan type 7,
 * the default of R, NumPy and Excel PERCENTILE.INC): h = (n − 1)·p, q = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 */
function quantileOfSorted(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lower = Math.floor(h);
  const low = sorted[lower] as number;
  const fraction = h - lower;
  if (fraction === 0) return low;
  const high = sorted[lower + 1] as number;
  // Clamped so float rounding (or an overflowing high − low) can never leave [low, high].
  return Math.min(high, Math.max(low, low + fraction * (high - low)));
}

function checkProbability(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new StatisticsInputError(`quantile probability must be in [0, 1], got ${p}`);
}

/** Type-7 quantile; `undefined` for an empty list. */
export function quantile(values: readonly number[], p: number): number | undefined {
  checkProbability(p);
  const sorted = sortedFinite(values);
  return sorted.length === 0 ? undefined : quantileOfSorted(sorted, p);
}

export function median(values: readonly number[]): number | undefined {
  return quantile(values, 0.5);
}

export interface Summary {
  readonly count: number;
  readonly min: number;
  readonly p10: number;
  readonly p25: number;
  readonly p50: number;
  readonly median: number;
  readonly p75: number;
  readonly p90: number;
  readonly max: number;
  /** p75 − p25. */
  readonly iqr: number;
  readonly mean: number;
}

/** Count, mean and type-7 quantiles of a list; `undefined` for an empty list (no fabricated zeros). */
export function summarize(values: readonly number[]): Summary | undefined {
  const sorted = sortedFinite(values);
  if (sorted.length === 0) return undefined;
  const at = (p: number) => quantileOfSorted(sorted, p);
  let sum = 0;
  for (const value of sorted) sum += value;
  const p25 = at(0.25);
  const p50 = at(0.5);
  const p75 = at(0.75);
  return {
    count: sorted.length,
    min: sorted[0] as number,
    p10: at(0.1),
    p25,
    p50,
    median: p50,
    p75,
    p90: at(0.9),
    max: sorted[sorted.length - 1] as number,
    iqr: p75 - p25,
    mean: sum / sorted.length,
  };
}
