import type { ParquetColumn } from '../adapters/parquet/parquet-encoder';
import { type Benchmark, benchmarksFor, summarize } from '../domain/benchmarks';

/**
 * The export contract: dataset names and their columns (snake_case, fixed types). The CDK Glue tables and the
 * `pulse query` examples rely on exactly these; add columns at the end, never change a type.
 */

export const ExportDataset = {
  postMetrics: 'post_metrics',
  creatorMetrics: 'creator_metrics',
  benchmarks: 'benchmarks',
} as const;
export type ExportDataset = (typeof ExportDataset)[keyof typeof ExportDataset];

/** Manifests live under `exports/manifests/dataset=<this>/dt=…/<snapshotId>.json`. */
export const MANIFEST_DATASET = 'snapshots';

const s = (name: string, nullable = false): ParquetColumn => ({ name, type: 'STRING', nullable });
const d = (name: string): ParquetColumn => ({ name, type: 'DOUBLE', nullable: true });
const i = (name: string, nullable = true): ParquetColumn => ({ name, type: 'INT64', nullable });
const b = (name: string): ParquetColumn => ({ name, type: 'BOOLEAN', nullable: false });
const t = (name: string, nullable = false): ParquetColumn => ({ name, type: 'TIMESTAMP', nullable });

/** One row per post × ER definition. */
export const POST_METRICS_COLUMNS: readonly ParquetColumn[] = [
  s('snapshot_id'),
  s('platform'),
  s('account_id'),
  s('handle'),
  s('post_id'),
  s('post_type'),
  t('published_at'),
  s('tier'),
  s('niche'),
  b('sponsored'),
  s('sponsorship_kind', true),
  /** JSON array of `{source, match, kind, strength, campaignId}`. */
  s('signals'),
  /** JSON array of campaign ids. */
  s('campaign_ids'),
  s('er_definition'),
  d('er_value'),
  s('er_unavailable_reason', true),
  i('views'),
  i('likes'),
  i('comments'),
  i('shares'),
  i('saves'),
  i('comment_count_collected', false),
  i('scored_comments', false),
  i('unscored_comments', false),
  d('mean_compound'),
  d('negative_share'),
  t('captured_at', true),
];

/** One row per creator × ER definition (the creator figures repeat on each row). */
export const CREATOR_METRICS_COLUMNS: readonly ParquetColumn[] = [
  s('snapshot_id'),
  s('platform'),
  s('account_id'),
  s('handle'),
  s('niche'),
  i('followers'),
  s('tier'),
  i('posts', false),
  i('posts_30d'),
  i('sponsored_posts_30d'),
  i('organic_posts_30d'),
  s('er_definition'),
  d('median_er'),
  d('mean_er'),
  d('sponsored_median_er'),
  d('organic_median_er'),
  d('sponsored_mean_er'),
  d('organic_mean_er'),
  d('paid_post_performance'),
  s('paid_post_performance_unavailable_reason', true),
  i('scored_comments', false),
  i('unscored_comments', false),
  d('mean_compound'),
  d('negative_share'),
  t('captured_at', true),
];

/** One row per platform × tier × post type × sponsored/organic × ER definition. */
export const BENCHMARKS_COLUMNS: readonly ParquetColumn[] = [
  s('snapshot_id'),
  s('platform'),
  s('tier'),
  s('post_type'),
  /** `sponsored` or `organic`. */
  s('post_scope'),
  s('er_definition'),
  i('count', false),
  i('unavailable_count', false),
  d('mean'),
  d('median'),
  d('p10'),
  d('p25'),
  d('p75'),
  d('p90'),
  d('iqr'),
  /** Midpoint of the reference range; only from an entry with exactly this ER definition. */
  d('reference_value'),
  d('reference_low'),
  d('reference_high'),
  s('reference_source', true),
  s('reference_definition', true),
  s('reference_authority', true),
];

export const DATASET_COLUMNS: Readonly<Record<ExportDataset, readonly ParquetColumn[]>> = {
  post_metrics: POST_METRICS_COLUMNS,
  creator_metrics: CREATOR_METRICS_COLUMNS,
  benchmarks: BENCHMARKS_COLUMNS,
};

export interface PostMetricsRow {
  snapshot_id: string;
  platform: string;
  tier: string;
  post_type: string;
  sponsored: boolean;
  er_definition: string;
  er_value: number | null;
  [column: string]: unknown;
}

const AUTHORITY_RANK: Readonly<Record<Benchmark['authority'], number>> = { primary: 0, secondary: 1, low: 2 };

/**
 * The reference entry to show next to our figure: same platform and ER definition only (never a different
 * denominator or numerator), preferring the exact tier over `all`, a matching post scope over `all`, then the
 * most authoritative source.
 */
export function pickReference(
  platform: string,
  tier: string,
  definitionId: string,
  scope: 'sponsored' | 'organic',
): Benchmark | undefined {
  const candidates = benchmarksFor(platform as Benchmark['platform'], tier, definitionId).filter(
    (entry) => entry.postScope === 'all' || entry.postScope === scope,
  );
  const rank = (entry: Benchmark) =>
    (entry.tier === tier ? 0 : 100) + (entry.postScope === scope ? 0 : 10) + AUTHORITY_RANK[entry.authority];
  return [...candidates].sort((a, b) => rank(a) - rank(b) || a.source.localeCompare(b.source))[0];
}

/** Groups post rows into benchmark rows, in a stable order. */
export function benchmarkRows(
  snapshotId: string,
  rows: readonly PostMetricsRow[],
): Record<string, unknown>[] {
  const groups = new Map<string, { key: string[]; values: number[]; unavailable: number }>();
  for (const row of rows) {
    const scope = row.sponsored ? 'sponsored' : 'organic';
    const key = [row.platform, row.tier, row.post_type, scope, row.er_definition];
    const id = key.join('\u0000');
    const group = groups.get(id) ?? { key, values: [], unavailable: 0 };
    if (row.er_value === null) group.unavailable += 1;
    else group.values.push(row.er_value);
    groups.set(id, group);
  }
  return [...groups.values()]
    .sort((a, b) => a.key.join('\u0000').localeCompare(b.key.join('\u0000')))
    .map(({ key, values, unavailable }) => {
      const [platform, tier, postType, scope, definition] = key as [
        string,
        string,
        string,
        'sponsored' | 'organic',
        string,
      ];
      const summary = summarize(values);
      const reference = pickReference(platform, tier, definition, scope);
      const stats =
        summary === undefined
          ? { mean: null, median: null, p10: null, p25: null, p75: null, p90: null, iqr: null }
          : {
              mean: summary.mean,
              median: summary.median,
              p10: summary.p10,
              p25: summary.p25,
              p75: summary.p75,
              p90: summary.p90,
              iqr: summary.iqr,
            };
      return {
        snapshot_id: snapshotId,
        platform,
        tier,
        post_type: postType,
        post_scope: scope,
        er_definition: definition,
        count: summary?.count ?? 0,
        unavailable_count: unavailable,
        ...stats,
        reference_value: reference ? (reference.low + reference.high) / 2 : null,
        reference_low: reference?.low ?? null,
        reference_high: reference?.high ?? null,
        reference_source: reference ? `${reference.source} (${reference.sample}, ${reference.date})` : null,
        reference_definition: reference?.definitionId ?? null,
        reference_authority: reference?.authority ?? null,
      };
    });
}
