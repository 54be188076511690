/**
 * Pipeline throughput and memory on this machine: `pulse run` end to end (local stack + simulator + all handlers),
 * at a few sizes, printing wall time, work done per second and the peak resident memory of the process.
 *
 *   npm run bench:pipeline                 # sizes 6×6h, 12×12h, 24×12h
 *   npm run bench:pipeline -- --quick      # one small size (CI smoke)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLocalPipeline } from '../infra/local/runner/local-pipeline';
import { summarizeRun } from '../infra/local/runner/run-summary';

const quick = process.argv.includes('--quick');
const sizes = quick
  ? [{ creators: 3, hours: 3 }]
  : [
      { creators: 6, hours: 6 },
      { creators: 12, hours: 12 },
      { creators: 24, hours: 12 },
    ];

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);

const rows: string[][] = [];
for (const size of sizes) {
  const outDir = mkdtempSync(join(tmpdir(), 'pulse-bench-'));
  peakRss = process.memoryUsage().rss;
  const started = process.hrtime.bigint();
  const result = await runLocalPipeline({
    ...size,
    seed: 42,
    faults: 0,
    outDir,
    startAt: Date.parse('2026-11-01T00:00:00Z'),
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const summary = await summarizeRun(result, { seed: 42, hours: size.hours, faults: 0 });
  rows.push([
    `${size.creators} × ${size.hours} h`,
    wall.toFixed(1),
    String(summary.posts.total),
    String(summary.snapshots),
    String(summary.comments.collected),
    (summary.comments.collected / wall).toFixed(0),
    String(summary.reliability.handlerInvocations),
    String(summary.reliability.platformRequests),
    (peakRss / 2 ** 20).toFixed(0),
  ]);
  rmSync(outDir, { recursive: true, force: true });
}
clearInterval(sampler);

const header = [
  'creators × hours',
  'wall s',
  'posts',
  'snapshots',
  'comments',
  'comments/s',
  'invocations',
  'API calls',
  'peak RSS MiB',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i] ?? 0)).join(' | ')} |`;
console.log(
  `Node ${process.version}, ${process.platform}/${process.arch}, pulse run end to end (seed 42, no faults)`,
);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows) console.log(line(row));
