import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../infra/local/runner/run-summary';
import type { GroundTruth } from '../../infra/local/simulator';
import type { AlertNotification } from '../../shared/ports/notifier';

/**
 * The product as a user runs it: `pulse run` from the CLI, once without faults and once with `--faults 0.1`,
 * checked against the simulator's ground truth with an independent Parquet reader (hyparquet, not DuckDB).
 */

const repoRoot = join(import.meta.dirname, '..', '..');
const START = '2026-11-01T00:00:00Z';
const RUN_ARGS = ['--creators', '12', '--hours', '12', '--seed', '42', '--start', START, '--json'];
/** The alert rule looks at the last 6 hours; collection is hourly: a drop must be caught within 7 hours. */
const DETECTION_DELAY_MS = 7 * 3_600_000;

interface RunOutput {
  summary: RunSummary;
  outDir: string;
  truth: GroundTruth;
  alerts: AlertNotification[];
  postRows: Record<string, unknown>[];
  deadLetters: { queue: string; reason: string | null; sourceQueue: string | null; body: string }[];
}

function runPulse(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'pulse.js'), 'run', ...args], {
      cwd: repoRoot,
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function parquetFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return parquetFiles(path);
    return name.endsWith('.parquet') ? [path] : [];
  });
}

async function readDataset(outDir: string, dataset: string): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (const file of parquetFiles(join(outDir, 'exports', `dataset=${dataset}`))) {
    rows.push(...(await parquetReadObjects({ file: await asyncBufferFromFile(file) })));
  }
  return rows;
}

async function runAndRead(extraArgs: string[]): Promise<RunOutput> {
  const outDir = mkdtempSync(join(tmpdir(), 'pulse-e2e-'));
  const { code, stdout, stderr } = await runPulse([...RUN_ARGS, '--out', outDir, ...extraArgs]);
  if (code !== 0) throw new Error(`pulse run exited ${code}\n${stderr}`);
  const readLines = (name: string) =>
    readFileSync(join(outDir, name), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line));
  return {
    summary: JSON.parse(stdout) as RunSummary,
    outDir,
    truth: JSON.parse(readFileSync(join(outDir, 'ground-truth.json'), 'utf8')) as GroundTruth,
    alerts: readLines('alerts.jsonl'),
    postRows: await readDataset(outDir, 'post_metrics'),
    deadLetters: readLines('dead-letters.jsonl'),
  };
}

/** Posts a collector could ever see in the window: stories vanish 24 h after publishing. */
function visiblePosts(truth: GroundTruth) {
  const start = Date.parse(truth.startAt);
  return truth.posts.filter((p) => !(p.type === 'story' && Date.parse(p.publishedAt) + 86_400_000 < start));
}

/** post id → collected comment count, from the post_metrics rows (one row per post × ER definition). */
function collectedComments(rows: Record<string, unknown>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const id = String(row.post_id);
    const n = Number(row.comment_count_collected);
    const previous = counts.get(id);
    if (previous !== undefined && previous !== n) throw new Error(`post ${id} has two comment counts`);
    counts.set(id, n);
  }
  return counts;
}

let clean: RunOutput;
let faulty: RunOutput;

beforeAll(async () => {
  // Sequential on purpose: two runs at once would only compete for the two cores.
  clean = await runAndRead([]);
  faulty = await runAndRead(['--faults', '0.1']);
}, 600_000);

afterAll(() => {
  for (const run of [clean, faulty]) if (run) rmSync(run.outDir, { recursive: true, force: true });
});

describe('pulse run, fault-free', () => {
  it('exports every visible post and counts each generated comment exactly once per post', () => {
    const expected = visiblePosts(clean.truth);
    const counts = collectedComments(clean.postRows);
    expect([...counts.keys()].sort()).toEqual(expected.map((p) => p.postId).sort());
    for (const post of expected) {
      expect({ post: post.postId, comments: counts.get(post.postId) }).toEqual({
        post: post.postId,
        comments: post.commentCount,
      });
    }
    expect(clean.summary.comments.collected).toBe(clean.truth.totals.comments);
  });

  it('marks the simulator sponsored posts as sponsored, with the signal that fired', () => {
    const sponsored = new Set(
      clean.postRows.filter((r) => r.sponsored === true).map((r) => String(r.post_id)),
    );
    const expected = visiblePosts(clean.truth).filter((p) => p.sponsored);
    expect(expected.length).toBeGreaterThan(0);
    for (const post of expected) expect(sponsored.has(post.postId)).toBe(true);
    const row = clean.postRows.find((r) => r.sponsored === true);
    expect(String(row?.signals)).not.toBe('[]');
  });

  it('raises exactly one alert per scripted sentiment drop, within the detection delay, and none elsewhere', () => {
    const drops = clean.truth.sentimentDrops.filter((d) => d.started);
    expect(drops.length).toBeGreaterThanOrEqual(1);
    const raised = clean.alerts.filter((a) => a.kind === 'raised');
    expect(raised.map((a) => a.postId).sort()).toEqual(drops.map((d) => d.postId).sort());
    for (const drop of drops) {
      const alert = raised.find((a) => a.postId === drop.postId);
      const delay = Date.parse(alert?.occurredAt ?? '') - Date.parse(drop.startsAt);
      expect(delay).toBeGreaterThan(0);
      expect(delay).toBeLessThanOrEqual(DETECTION_DELAY_MS);
      expect(alert?.evidence.mostNegativeCommentIds.length).toBeGreaterThan(0);
      expect(alert?.evidence.drop).toBeGreaterThan(0.3);
    }
  });

  it('keeps unavailable metrics out of the numbers and leaves no dead letters', () => {
    for (const row of clean.postRows) {
      if (row.er_value === null || row.er_value === undefined) {
        expect(String(row.er_unavailable_reason ?? '')).not.toBe('');
      } else {
        expect(Number(row.er_value)).toBeGreaterThanOrEqual(0);
      }
    }
    expect(clean.deadLetters).toEqual([]);
    expect(clean.summary.reliability.quotaViolations).toBe(0);
  });
});

describe('pulse run --faults 0.1', () => {
  it('actually injected platform faults, handler crashes and duplicate deliveries', () => {
    expect(faulty.summary.reliability.platformFaultsInjected).toBeGreaterThan(0);
    expect(faulty.summary.reliability.injectedCrashes).toBeGreaterThan(0);
    expect(faulty.summary.reliability.injectedDuplicates).toBeGreaterThan(0);
    expect(faulty.summary.reliability.quotaViolations).toBe(0);
  });

  it('exports the same posts and comment counts as the fault-free run', () => {
    expect(collectedComments(faulty.postRows)).toEqual(collectedComments(clean.postRows));
    expect(faulty.summary.posts.sponsored).toBe(clean.summary.posts.sponsored);
    expect(faulty.summary.comments).toEqual(clean.summary.comments);
  });

  it('raises the same alerts as the fault-free run', () => {
    const key = (a: AlertNotification) => `${a.kind}:${a.platform}:${a.postId}:${a.severity}`;
    expect(faulty.alerts.map(key).sort()).toEqual(clean.alerts.map(key).sort());
  });

  it('puts every poison message in a dead-letter queue with its reason', () => {
    const reasons = faulty.deadLetters.map((d) => `${d.queue}:${(d.reason ?? '').split(':')[0]}`).sort();
    expect(reasons).toEqual(
      ['alerts', 'collect', 'comments', 'metrics']
        .flatMap((q) => [`${q}-dlq:invalid_json`, `${q}-dlq:schema_violation`])
        .sort(),
    );
    for (const letter of faulty.deadLetters)
      expect(letter.sourceQueue).toBe(letter.queue.replace(/-dlq$/, ''));
  });
});
