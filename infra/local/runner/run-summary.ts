import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listDatasets, queryExports } from '../../../shared/adapters/duckdb/export-query';
import type { AlertNotification } from '../../../shared/ports/notifier';
import type { GroundTruth } from '../simulator';
import type { LocalRunResult } from './local-pipeline';

/** The headline engagement definition used in the summary (the one most vendors quote for Instagram). */
export const SUMMARY_ER_DEFINITION = 'er_followers:likes+comments';

export interface RunSummary {
  readonly run: {
    seed: number;
    hours: number;
    faults: number;
    startAt: string;
    endAt: string;
    wallSeconds: number;
    outDir: string;
  };
  readonly creators: { total: number; byPlatform: Record<string, number>; byTier: Record<string, number> };
  readonly posts: {
    total: number;
    byPlatform: Record<string, number>;
    sponsored: number;
    sponsoredBySignal: Record<string, number>;
    expectedFromSimulator: number;
    /** Stories that had expired (24 h) before the window began: no API lists them any more. */
    expiredBeforeWindow: number;
  };
  readonly snapshots: number;
  readonly comments: {
    collected: number;
    scored: number;
    unscored: number;
    expectedFromSimulator: number;
  };
  readonly quarantined: { objects: number; deadLetters: number; deadLetterReasons: Record<string, number> };
  readonly engagement: {
    definition: string;
    byTier: { tier: string; sponsoredMedian: number | null; organicMedian: number | null; posts: number }[];
  };
  readonly alerts: {
    raised: number;
    resolved: number;
    scriptedDrops: number;
    items: AlertNotification[];
  };
  readonly reliability: {
    platformRequests: number;
    platformFaultsInjected: number;
    quotaViolations: number;
    jobsEmitted: number;
    jobsDeferredForQuota: number;
    handlerInvocations: number;
    failedInvocations: number;
    injectedCrashes: number;
    injectedDuplicates: number;
    /** Successful OAuth token refreshes per platform (simulator count), and refresh calls it refused. */
    tokenRefreshes: Record<string, number>;
    tokenRefreshesRefused: number;
  };
  readonly outputs: {
    exports: string;
    datasets: string[];
    parquetFiles: number;
    alerts: string;
    groundTruth: string;
    deadLetters: string;
  };
}

function count<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function signalsOf(json: unknown): string[] {
  if (typeof json !== 'string' || json === '') return [];
  try {
    const parsed = JSON.parse(json) as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed.map((s) =>
      typeof s === 'object' && s !== null && 'source' in s
        ? String((s as { source: unknown }).source)
        : String(s),
    );
  } catch {
    return [];
  }
}

/** Figures for the summary, read back from what the run produced: the Parquet exports, alerts and ground truth. */
export async function summarizeRun(
  result: LocalRunResult,
  args: { seed: number; hours: number; faults: number },
): Promise<RunSummary> {
  const truth = JSON.parse(readFileSync(result.groundTruthPath, 'utf8')) as GroundTruth;
  const exportsDir = join(result.outDir, 'exports');
  const datasets = listDatasets(exportsDir);
  let postRows: unknown[][] = [];
  let tierRows: unknown[][] = [];
  if (datasets.includes('post_metrics')) {
    postRows = (
      await queryExports(
        exportsDir,
        `SELECT post_id, any_value(platform), bool_or(sponsored), any_value(signals),
                max(comment_count_collected), max(scored_comments), max(unscored_comments)
           FROM post_metrics GROUP BY post_id`,
      )
    ).rows as unknown[][];
    tierRows = (
      await queryExports(
        exportsDir,
        `SELECT tier,
                median(er_value) FILTER (WHERE sponsored) AS sponsored_median,
                median(er_value) FILTER (WHERE NOT sponsored) AS organic_median,
                count(DISTINCT post_id) AS posts
           FROM post_metrics WHERE er_definition = '${SUMMARY_ER_DEFINITION}'
          GROUP BY tier ORDER BY min(coalesce(er_value, 0)) IS NULL, tier`,
      )
    ).rows as unknown[][];
  }
  const sponsoredPosts = postRows.filter((row) => row[2] === true || row[2] === 'true');
  const sum = (index: number) => postRows.reduce((total, row) => total + (numberOrNull(row[index]) ?? 0), 0);
  const sponsoredBySignal: Record<string, number> = {};
  for (const row of sponsoredPosts) {
    for (const signal of new Set(signalsOf(row[3])))
      sponsoredBySignal[signal] = (sponsoredBySignal[signal] ?? 0) + 1;
  }
  const sources = Object.values(result.eventSources);
  const total = (pick: (s: (typeof sources)[number]) => number) => sources.reduce((t, s) => t + pick(s), 0);
  return {
    run: {
      seed: args.seed,
      hours: args.hours,
      faults: args.faults,
      startAt: result.startAt,
      endAt: result.endAt,
      wallSeconds: Math.round(result.wallSeconds * 10) / 10,
      outDir: result.outDir,
    },
    creators: {
      total: truth.creators.length,
      byPlatform: count(truth.creators, (c) => c.platform),
      byTier: count(truth.creators, (c) => c.tier),
    },
    posts: {
      total: postRows.length,
      byPlatform: count(postRows, (row) => String(row[1])),
      sponsored: sponsoredPosts.length,
      sponsoredBySignal,
      expectedFromSimulator: truth.totals.posts,
      expiredBeforeWindow: truth.posts.filter(
        (p) => p.type === 'story' && Date.parse(p.publishedAt) + 86_400_000 < Date.parse(truth.startAt),
      ).length,
    },
    snapshots: result.snapshotCount,
    comments: {
      collected: sum(4),
      scored: sum(5),
      unscored: sum(6),
      expectedFromSimulator: truth.totals.comments,
    },
    quarantined: {
      objects: result.quarantinedKeys.length,
      deadLetters: result.deadLetters.length,
      deadLetterReasons: count(
        result.deadLetters,
        (d) => (d.reason ?? 'retries exhausted').split(':')[0] ?? '',
      ),
    },
    engagement: {
      definition: SUMMARY_ER_DEFINITION,
      byTier: tierRows.map((row) => ({
        tier: String(row[0]),
        sponsoredMedian: numberOrNull(row[1]),
        organicMedian: numberOrNull(row[2]),
        posts: numberOrNull(row[3]) ?? 0,
      })),
    },
    alerts: {
      raised: result.alerts.filter((a) => a.kind === 'raised').length,
      resolved: result.alerts.filter((a) => a.kind === 'resolved').length,
      scriptedDrops: truth.sentimentDrops.filter((d) => d.started).length,
      items: [...result.alerts],
    },
    reliability: {
      platformRequests: result.simulator.requests,
      platformFaultsInjected: Object.values(result.simulator.faultsInjected).reduce((t, n) => t + n, 0),
      quotaViolations: result.simulator.quotaViolations,
      jobsEmitted: result.jobsEmitted,
      jobsDeferredForQuota: result.jobsDeferred,
      handlerInvocations: total((s) => s.invocations),
      failedInvocations: total((s) => s.failedInvocations),
      injectedCrashes: total((s) => s.injectedCrashes),
      injectedDuplicates: total((s) => s.injectedDuplicates),
      tokenRefreshes: { ...result.simulator.tokenRefreshes },
      tokenRefreshesRefused: Object.values(result.simulator.tokenRefreshesRefused).reduce((t, n) => t + n, 0),
    },
    outputs: {
      exports: exportsDir,
      datasets,
      parquetFiles: result.exportKeys.filter((k) => k.endsWith('.parquet')).length,
      alerts: result.alertsPath,
      groundTruth: result.groundTruthPath,
      deadLetters: join(result.outDir, 'dead-letters.jsonl'),
    },
  };
}

const PLATFORM_NAMES: Record<string, string> = {
  youtube: 'YouTube',
  instagram: 'Instagram',
  tiktok: 'TikTok',
};
const pct = (value: number | null | undefined) =>
  value === null || value === undefined ? 'n/a' : `${(value * 100).toFixed(2)}%`;
const signed = (value: number | null | undefined) =>
  value === null || value === undefined ? 'n/a' : `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;
const n = (value: number) => value.toLocaleString('en-US');
const listCounts = (counts: Record<string, number>, names: Record<string, string> = {}) =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${n(value)} ${names[key] ?? key}`)
    .join(', ');

function describeAlert(alert: AlertNotification): string[] {
  const e = alert.evidence;
  const who = `${PLATFORM_NAMES[alert.platform] ?? alert.platform} ${alert.handle ? `@${alert.handle}` : alert.accountId}`;
  const campaigns = alert.campaignIds.length > 0 ? ` (campaign ${alert.campaignIds.join(', ')})` : '';
  if (alert.kind === 'resolved') {
    return [
      `  RESOLVED  ${who}, post ${alert.postId}${campaigns}: sentiment recovered (${alert.occurredAt}).`,
    ];
  }
  return [
    `  ${alert.severity.toUpperCase().padEnd(8)}  ${who}, sponsored post ${alert.postId}${campaigns}, raised ${alert.occurredAt}`,
    `            mean comment sentiment fell from ${signed(e.baseline.mean)} to ${signed(e.window.mean)} (drop ${e.drop?.toFixed(2) ?? 'n/a'}, z = ${e.z?.toFixed(1) ?? 'n/a'})`,
    `            over ${e.window.scoredCount} scored comments in ${e.window.startsAt.slice(11, 16)}–${e.window.endsAt.slice(11, 16)} UTC; negative share ${pct(e.negativeShareBefore)} → ${pct(e.negativeShareAfter)}`,
    `            most negative comments: ${e.mostNegativeCommentIds.slice(0, 3).join(', ') || 'n/a'}${alert.permalink ? `\n            ${alert.permalink}` : ''}`,
  ];
}

/** Plain-text summary for a marketing analyst: what was tracked, what was found, where the files are. */
export function formatRunSummary(summary: RunSummary): string {
  const s = summary;
  const lines: string[] = [];
  lines.push('');
  lines.push(
    `Creator Pulse — local run: ${s.run.hours} simulated hours (${s.run.startAt.slice(0, 16)} → ${s.run.endAt.slice(0, 16)} UTC), seed ${s.run.seed}${s.run.faults > 0 ? `, faults ${s.run.faults}` : ''}, took ${s.run.wallSeconds} s`,
  );
  lines.push('');
  lines.push(
    `Creators     ${s.creators.total} tracked: ${listCounts(s.creators.byPlatform, PLATFORM_NAMES)}`,
  );
  lines.push(`             tiers: ${listCounts(s.creators.byTier)}`);
  lines.push(
    `Posts        ${n(s.posts.total)} collected (${listCounts(s.posts.byPlatform, PLATFORM_NAMES)}); simulator published ${n(s.posts.expectedFromSimulator)}${s.posts.expiredBeforeWindow > 0 ? `, of which ${s.posts.expiredBeforeWindow} stories had expired before the window` : ''}`,
  );
  lines.push(
    `             ${n(s.posts.sponsored)} sponsored, by signal: ${listCounts(s.posts.sponsoredBySignal) || 'none'}`,
  );
  lines.push(
    `Snapshots    ${n(s.snapshots)} metric snapshots (posts are re-polled while their numbers mature)`,
  );
  lines.push(
    `Comments     ${n(s.comments.collected)} collected (simulator wrote ${n(s.comments.expectedFromSimulator)}): ${n(s.comments.scored)} scored for sentiment, ${n(s.comments.unscored)} not scored (language without a lexicon — never counted as neutral)`,
  );
  lines.push(
    `Quarantined  ${n(s.quarantined.objects)} invalid records kept with their reason in the raw bucket; ${n(s.quarantined.deadLetters)} message(s) in dead-letter queues${s.quarantined.deadLetters > 0 ? ` (${listCounts(s.quarantined.deadLetterReasons)})` : ''}`,
  );
  lines.push('');
  lines.push(`Engagement   median ER per post, ${s.engagement.definition} (likes + comments ÷ followers):`);
  for (const row of s.engagement.byTier) {
    lines.push(
      `             ${row.tier.padEnd(9)} sponsored ${pct(row.sponsoredMedian).padStart(7)}   organic ${pct(row.organicMedian).padStart(7)}   (${row.posts} posts)`,
    );
  }
  lines.push('');
  lines.push(
    `Alerts       ${s.alerts.raised} sentiment-drop alert(s) raised on sponsored posts, ${s.alerts.resolved} resolved (the simulator scripted ${s.alerts.scriptedDrops} drop(s))`,
  );
  for (const alert of s.alerts.items) lines.push(...describeAlert(alert));
  lines.push('');
  lines.push(
    `Reliability  ${n(s.reliability.platformRequests)} platform API calls, ${n(s.reliability.platformFaultsInjected)} injected faults, ${s.reliability.quotaViolations} quota violations; ${n(s.reliability.jobsEmitted)} collection jobs (${n(s.reliability.jobsDeferredForQuota)} deferred until a quota reset)`,
  );
  lines.push(
    `             ${n(s.reliability.handlerInvocations)} handler invocations, ${n(s.reliability.failedInvocations)} with failed records retried; injected: ${n(s.reliability.injectedCrashes)} crashes mid-batch, ${n(s.reliability.injectedDuplicates)} duplicate deliveries`,
  );
  lines.push(
    `             token refreshes: ${listCounts(s.reliability.tokenRefreshes, PLATFORM_NAMES) || 'none'} (${n(s.reliability.tokenRefreshesRefused)} refused)`,
  );
  lines.push('');
  lines.push(
    `Outputs      ${s.outputs.exports}/  (Parquet, ${s.outputs.parquetFiles} files: ${s.outputs.datasets.join(', ')})`,
  );
  lines.push(`             ${s.outputs.alerts}`);
  lines.push(`             ${s.outputs.groundTruth}`);
  lines.push(`             ${s.outputs.deadLetters}`);
  lines.push('');
  lines.push(
    'Try          npx pulse query "SELECT platform, tier, post_type, post_scope, count, median, reference_value',
  );
  lines.push(
    `                 FROM benchmarks WHERE er_definition = '${s.engagement.definition}' ORDER BY ALL"`,
  );
  return lines.join('\n');
}
