import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { encodeParquet, GLUE_TYPE } from '../adapters/parquet/parquet-encoder';
import { exportManifestKey, exportPartKey } from '../config/bucket-layout';
import type { Creator } from '../domain/creator';
import { parseDefinitionId } from '../domain/engagement';
import type { Post } from '../domain/post';
import { DEFAULT_TIER_BOUNDARIES, type TierBoundaries, tierFor } from '../domain/tiers';
import type { AggregateStore, EngagementAggregate, SentimentBucket } from '../ports/aggregate-store';
import type { CreatorRegistry } from '../ports/creator-registry';
import type { ExportWriter } from '../ports/export-writer';
import type { PostStore } from '../ports/post-store';
import {
  benchmarkRows,
  DATASET_COLUMNS,
  ExportDataset,
  MANIFEST_DATASET,
  type PostMetricsRow,
} from './export-datasets';
import {
  creatorErKey,
  ER_SPECS,
  erIdOf,
  POST_ER_DEFINITION_IDS,
  paidPerformanceKey,
  readValue,
} from './metrics-engagement';

/**
 * export-benchmarks: reads every tracked creator's posts, engagement aggregates and sentiment buckets and writes
 * one benchmark snapshot: Parquet parts for `post_metrics`, `creator_metrics` and `benchmarks` under
 * `exports/dataset=<name>/dt=<day>/<snapshotId>-part-0000.parquet`, then the manifest (written last, so a
 * manifest means the snapshot is complete). Re-running with the same snapshot id overwrites the same keys.
 */

export interface ExportBenchmarksDeps {
  readonly registry: CreatorRegistry;
  readonly posts: PostStore;
  readonly aggregates: AggregateStore;
  readonly writer: ExportWriter;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Powertools Metrics (or any `addMetric`); counts only, low-cardinality (no ids as dimensions). */
  readonly metrics?: Pick<Metrics, 'addMetric'>;
  readonly config?: {
    /** Posts published within this many days before the snapshot are exported (default 90). */
    readonly postWindowDays?: number;
    readonly tierBoundaries?: TierBoundaries;
  };
}

/** What triggers an export: an EventBridge scheduled event, or an on-demand payload. */
export const ExportRequestSchema = z
  .object({
    /** On demand: a chosen id (re-using one overwrites that snapshot). */
    snapshotId: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,100}$/)
      .optional(),
    /** EventBridge scheduled events carry the scheduled `time`: the snapshot is named after it (retries overwrite). */
    time: z.iso.datetime({ offset: true }).optional(),
    /** Override of the snapshot instant (local runs with a simulated clock). */
    generatedAt: z.iso.datetime({ offset: true }).optional(),
  })
  .loose();
export type ExportRequest = z.infer<typeof ExportRequestSchema>;

export interface ManifestDataset {
  readonly name: string;
  readonly rows: number;
  readonly keys: readonly string[];
  readonly bytes: number;
  readonly columns: readonly { name: string; type: string; glueType: string; nullable: boolean }[];
}

export interface ExportManifest {
  readonly snapshotId: string;
  readonly generatedAt: string;
  readonly dt: string;
  readonly manifestKey: string;
  readonly datasets: readonly ManifestDataset[];
  readonly erDefinitions: readonly {
    id: string;
    numerator: string[];
    denominator: string;
    maturity: string | null;
  }[];
  readonly creators: number;
  readonly posts: number;
}

export class ExportRequestError extends Error {
  override readonly name = 'ExportRequestError';
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const hourOf = (ms: number) => new Date(ms).toISOString().slice(0, 13);

/** `snap-YYYYMMDDTHHMMSSZ` of an instant. */
export function snapshotIdFor(instant: string): string {
  return `snap-${new Date(instant)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;
}

interface SentimentTotals {
  scored: number;
  unscored: number;
  sumCompound: number;
  negative: number;
}

function totalsOf(buckets: readonly SentimentBucket[]): SentimentTotals {
  const totals = { scored: 0, unscored: 0, sumCompound: 0, negative: 0 };
  for (const bucket of buckets) {
    totals.scored += bucket.stats.scoredCount;
    totals.unscored += bucket.stats.unscoredCount;
    totals.sumCompound += bucket.stats.sumCompound;
    totals.negative += bucket.stats.negativeCount;
  }
  return totals;
}

function addTotals(a: SentimentTotals, b: SentimentTotals): SentimentTotals {
  return {
    scored: a.scored + b.scored,
    unscored: a.unscored + b.unscored,
    sumCompound: a.sumCompound + b.sumCompound,
    negative: a.negative + b.negative,
  };
}

function sentimentColumns(totals: SentimentTotals) {
  return {
    scored_comments: totals.scored,
    unscored_comments: totals.unscored,
    mean_compound: totals.scored === 0 ? null : totals.sumCompound / totals.scored,
    negative_share: totals.scored === 0 ? null : totals.negative / totals.scored,
  };
}

/** Counts are integers by nature; a non-integer (never expected) is rounded rather than failing the export. */
function count(values: EngagementAggregate['values'] | undefined, key: string): number | null {
  const { value } = readValue(values, key);
  return value === null ? null : Math.round(value);
}

function followersOf(
  creator: Creator,
  aggregate: EngagementAggregate | undefined,
  at: string,
): number | null {
  const fromAggregate = readValue(aggregate?.values, 'followers').value;
  if (fromAggregate !== null) return Math.round(fromAggregate);
  const observations = creator.followerHistory.filter((o) => o.capturedAt <= at);
  const latest = observations.sort((a, b) => a.capturedAt.localeCompare(b.capturedAt))[
    observations.length - 1
  ];
  return latest?.followers ?? null;
}

function last<T>(list: readonly T[]): T | undefined {
  return list[list.length - 1];
}

interface CreatorExport {
  postRows: PostMetricsRow[];
  creatorRows: Record<string, unknown>[];
  posts: number;
}

async function exportCreator(
  creator: Creator,
  snapshotId: string,
  generatedAt: string,
  deps: ExportBenchmarksDeps,
): Promise<CreatorExport> {
  const { platform, accountId } = creator;
  const nowMs = Date.parse(generatedAt);
  const windowMs = (deps.config?.postWindowDays ?? 90) * DAY_MS;
  const creatorAggregate = last(
    await deps.aggregates.listEngagement(platform, accountId, undefined, {
      from: hourOf(nowMs - 30 * DAY_MS),
      to: hourOf(nowMs),
    }),
  );
  const followers = followersOf(creator, creatorAggregate, generatedAt);
  const tier =
    followers === null
      ? 'unknown'
      : tierFor(followers, deps.config?.tierBoundaries ?? DEFAULT_TIER_BOUNDARIES);
  const posts = (await deps.posts.listPostsByCreator(platform, accountId))
    .filter((post) => {
      const published = Date.parse(post.publishedAt);
      return published <= nowMs && published >= nowMs - windowMs;
    })
    .sort((a, b) => a.postId.localeCompare(b.postId));

  const postRows: PostMetricsRow[] = [];
  let creatorTotals: SentimentTotals = { scored: 0, unscored: 0, sumCompound: 0, negative: 0 };
  for (const post of posts) {
    const publishedMs = Date.parse(post.publishedAt);
    const aggregate = last(
      await deps.aggregates.listEngagement(platform, accountId, post.postId, {
        from: hourOf(publishedMs),
        to: hourOf(nowMs),
      }),
    );
    const totals = totalsOf(
      await deps.aggregates.listPostSentimentBuckets(platform, post.postId, {
        from: '0000-01-01T00',
        to: hourOf(nowMs),
      }),
    );
    creatorTotals = addTotals(creatorTotals, totals);
    postRows.push(...postRowsOf(creator, post, aggregate, totals, { snapshotId, tier }));
  }
  const creatorRows = ER_SPECS.map((spec) => {
    const id = erIdOf(spec);
    const median = erIdOf(spec, { aggregation: 'median' });
    const mean = erIdOf(spec, { aggregation: 'mean' });
    const values = creatorAggregate?.values;
    const performance = readValue(values, paidPerformanceKey(median));
    return {
      snapshot_id: snapshotId,
      platform,
      account_id: accountId,
      handle: creator.handle,
      niche: creator.niche,
      followers,
      tier,
      posts: posts.length,
      posts_30d: count(values, 'posts_30d'),
      sponsored_posts_30d: count(values, 'sponsored_posts_30d'),
      organic_posts_30d: count(values, 'organic_posts_30d'),
      er_definition: id,
      median_er: readValue(values, creatorErKey('all', median)).value,
      mean_er: readValue(values, creatorErKey('all', mean)).value,
      sponsored_median_er: readValue(values, creatorErKey('sponsored', median)).value,
      organic_median_er: readValue(values, creatorErKey('organic', median)).value,
      sponsored_mean_er: readValue(values, creatorErKey('sponsored', mean)).value,
      organic_mean_er: readValue(values, creatorErKey('organic', mean)).value,
      paid_post_performance: performance.value,
      paid_post_performance_unavailable_reason: performance.reason,
      ...sentimentColumns(creatorTotals),
      captured_at: creatorAggregate?.capturedAt ?? null,
    };
  });
  return { postRows, creatorRows, posts: posts.length };
}

function postRowsOf(
  creator: Creator,
  post: Post,
  aggregate: EngagementAggregate | undefined,
  totals: SentimentTotals,
  context: { snapshotId: string; tier: string },
): PostMetricsRow[] {
  const values = aggregate?.values;
  const sponsorship = post.sponsorship;
  const common = {
    snapshot_id: context.snapshotId,
    platform: post.platform,
    account_id: post.accountId,
    handle: creator.handle,
    post_id: post.postId,
    post_type: post.type,
    published_at: post.publishedAt,
    tier: context.tier,
    niche: creator.niche,
    sponsored: sponsorship?.sponsored === true,
    sponsorship_kind: sponsorship?.kind ?? null,
    signals: JSON.stringify(sponsorship?.signals ?? []),
    campaign_ids: JSON.stringify(sponsorship?.campaignIds ?? []),
    views: count(values, 'views'),
    likes: count(values, 'likes'),
    comments: count(values, 'comments'),
    shares: count(values, 'shares'),
    saves: count(values, 'saves'),
    comment_count_collected: totals.scored + totals.unscored,
    ...sentimentColumns(totals),
    captured_at: aggregate?.capturedAt ?? null,
  };
  return POST_ER_DEFINITION_IDS.map((definition) => {
    const er = readValue(values, definition);
    return { ...common, er_definition: definition, er_value: er.value, er_unavailable_reason: er.reason };
  });
}

export async function exportBenchmarks(
  request: ExportRequest,
  deps: ExportBenchmarksDeps,
): Promise<ExportManifest> {
  const generatedAt = new Date(
    request.generatedAt ?? request.time ?? deps.clock().toISOString(),
  ).toISOString();
  const snapshotId = request.snapshotId ?? snapshotIdFor(generatedAt);
  const dt = generatedAt.slice(0, 10);
  const creators = [...(await deps.registry.listCreators())].sort((a, b) =>
    `${a.platform}#${a.accountId}`.localeCompare(`${b.platform}#${b.accountId}`),
  );
  const postRows: PostMetricsRow[] = [];
  const creatorRows: Record<string, unknown>[] = [];
  let posts = 0;
  for (const creator of creators) {
    const result = await exportCreator(creator, snapshotId, generatedAt, deps);
    postRows.push(...result.postRows);
    creatorRows.push(...result.creatorRows);
    posts += result.posts;
  }
  const rowsByDataset: Record<ExportDataset, readonly Record<string, unknown>[]> = {
    post_metrics: postRows,
    creator_metrics: creatorRows,
    benchmarks: benchmarkRows(snapshotId, postRows),
  };
  const datasets: ManifestDataset[] = [];
  for (const name of Object.values(ExportDataset)) {
    const columns = DATASET_COLUMNS[name];
    const rows = rowsByDataset[name];
    const body = encodeParquet(columns, rows, {
      kvMetadata: { snapshot_id: snapshotId, generated_at: generatedAt },
    });
    const key = exportPartKey(name, dt, snapshotId, 0);
    await deps.writer.putObject(key, body, 'application/vnd.apache.parquet');
    datasets.push({
      name,
      rows: rows.length,
      keys: [key],
      bytes: body.byteLength,
      columns: columns.map((column) => ({ ...column, glueType: GLUE_TYPE[column.type] })),
    });
  }
  const manifestKey = exportManifestKey(MANIFEST_DATASET, dt, snapshotId);
  const manifest: ExportManifest = {
    snapshotId,
    generatedAt,
    dt,
    manifestKey,
    datasets,
    erDefinitions: POST_ER_DEFINITION_IDS.map((id) => {
      const definition = parseDefinitionId(id);
      return {
        id,
        numerator: definition.numerator,
        denominator: definition.denominator,
        maturity: definition.maturity ?? null,
      };
    }),
    creators: creators.length,
    posts,
  };
  await deps.writer.putObject(manifestKey, JSON.stringify(manifest, null, 2), 'application/json');
  deps.metrics?.addMetric('ExportedPostRows', MetricUnit.Count, postRows.length);
  deps.logger.info('benchmark snapshot exported', {
    snapshotId,
    dt,
    creators: creators.length,
    posts,
    rows: Object.fromEntries(datasets.map((dataset) => [dataset.name, dataset.rows])),
  });
  return manifest;
}

/** Handler for the daily EventBridge schedule and on-demand invocations; returns the manifest. */
export function createExportBenchmarksHandler(
  deps: ExportBenchmarksDeps,
): (event: unknown) => Promise<ExportManifest> {
  return async (event) => {
    const parsed = ExportRequestSchema.safeParse(event ?? {});
    if (!parsed.success) {
      throw new ExportRequestError(`invalid export request: ${z.prettifyError(parsed.error)}`, {
        cause: parsed.error,
      });
    }
    return exportBenchmarks(parsed.data, deps);
  };
}
