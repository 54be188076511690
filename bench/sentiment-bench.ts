/**
 * `npm run bench:sentiment`: this engine vs `vader-sentiment` and `sentiment` (AFINN-165), same run, same machine,
 * same data (VADER's 4,200 tweets with mean human ratings, ../shared/data/sentiment relative to the repository root).
 *
 * Prints: texts/s on one core (median of several timed passes after a warm-up), Pearson r against the mean rating,
 * 3-class accuracy and macro-F1 (gold neutral when |mean| < 0.2, else the sign), lexicon load time and bundle size
 * (esbuild, minified, measured here). Options: --passes N (default 7), --json (machine-readable line at the end).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createSentimentEngine } from '../shared/sentiment/index';

const require = createRequire(import.meta.url);
const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDirectory = resolve(repositoryRoot, '../shared/data/sentiment');
const dataFile = join(dataDirectory, 'vader-tweets-groundtruth.tsv');

type Label = 'positive' | 'neutral' | 'negative';
interface GoldText {
  readonly id: string;
  readonly rating: number;
  readonly text: string;
}
interface Contender {
  readonly name: string;
  /** A real-valued score (for Pearson r), its 3-class label, and whether it was scored at all. */
  readonly score: (text: string) => { value: number; label: Label; scored: boolean };
}

/** Ground-truth format: CRLF, no header, split on the first two tabs only (texts may contain quotes). */
export function parseGroundTruth(content: string): GoldText[] {
  const rows: GoldText[] = [];
  for (const line of content.split(/\r?\n/)) {
    if (line === '') continue;
    const firstTab = line.indexOf('\t');
    const secondTab = line.indexOf('\t', firstTab + 1);
    if (firstTab < 0 || secondTab < 0) throw new Error(`malformed ground-truth line: ${line.slice(0, 80)}`);
    const rating = Number(line.slice(firstTab + 1, secondTab));
    if (!Number.isFinite(rating)) throw new Error(`bad rating in line: ${line.slice(0, 80)}`);
    rows.push({ id: line.slice(0, firstTab), rating, text: line.slice(secondTab + 1) });
  }
  return rows;
}

export function goldLabel(rating: number): Label {
  if (Math.abs(rating) < 0.2) return 'neutral';
  return rating > 0 ? 'positive' : 'negative';
}

export function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += xs[i] ?? 0;
    meanY += ys[i] ?? 0;
  }
  meanX /= n;
  meanY /= n;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - meanX;
    const dy = (ys[i] ?? 0) - meanY;
    covariance += dx * dy;
    varianceX += dx * dx;
    varianceY += dy * dy;
  }
  return covariance / Math.sqrt(varianceX * varianceY);
}

export function classification(gold: readonly Label[], predicted: readonly Label[]) {
  const classes: Label[] = ['positive', 'neutral', 'negative'];
  let correct = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) correct++;
  let f1Sum = 0;
  for (const label of classes) {
    let truePositive = 0;
    let falsePositive = 0;
    let falseNegative = 0;
    for (let i = 0; i < gold.length; i++) {
      if (predicted[i] === label && gold[i] === label) truePositive++;
      else if (predicted[i] === label) falsePositive++;
      else if (gold[i] === label) falseNegative++;
    }
    const precision = truePositive + falsePositive === 0 ? 0 : truePositive / (truePositive + falsePositive);
    const recall = truePositive + falseNegative === 0 ? 0 : truePositive / (truePositive + falseNegative);
    f1Sum += precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  }
  return { accuracy: correct / gold.length, macroF1: f1Sum / classes.length };
}

function labelOfCompound(compound: number): Label {
  if (compound >= 0.05) return 'positive';
  if (compound <= -0.05) return 'negative';
  return 'neutral';
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function throughput(contender: Contender, texts: readonly string[], passes: number): number {
  let sink = 0;
  for (const text of texts) sink += contender.score(text).value; // warm-up
  const rates: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const start = process.hrtime.bigint();
    for (const text of texts) sink += contender.score(text).value;
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rates.push(texts.length / seconds);
  }
  if (Number.isNaN(sink)) process.stdout.write('');
  return median(rates);
}

interface BundleFigures {
  readonly bytes: number;
  readonly loadMs: number;
  readonly loadWithoutDetectorMs: number;
}

/** Bundles shared/sentiment like a Lambda build would, then times import + createSentimentEngine() in fresh processes. */
async function measureBundle(): Promise<BundleFigures> {
  const directory = mkdtempSync(join(tmpdir(), 'sentiment-bench-'));
  try {
    const outfile = join(directory, 'engine.mjs');
    const result = await build({
      entryPoints: [join(repositoryRoot, 'shared/sentiment/index.ts')],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outfile,
      metafile: true,
      logLevel: 'silent',
    });
    const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
    const probe = (withDetector: boolean) => {
      const script = `const t0 = performance.now();
const m = await import(${JSON.stringify(`file://${outfile}`)});
const engine = m.createSentimentEngine(${withDetector ? '' : "{ detectLanguage: () => 'en' }"});
engine.score('warm');
process.stdout.write(String(performance.now() - t0));`;
      const scriptFile = join(directory, `probe-${withDetector}.mjs`);
      writeFileSync(scriptFile, script);
      const runs: number[] = [];
      for (let run = 0; run < 5; run++) {
        const child = spawnSync(process.execPath, [scriptFile], { encoding: 'utf8' });
        if (child.status !== 0) throw new Error(`load probe failed: ${child.stderr}`);
        runs.push(Number(child.stdout));
      }
      return median(runs);
    };
    return { bytes, loadMs: probe(true), loadWithoutDetectorMs: probe(false) };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

interface VaderModule {
  SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } };
}
type SentimentConstructor = new () => { analyze(text: string): { score: number; comparative: number } };

function contenders(): Contender[] {
  const engine = createSentimentEngine();
  const vader = require('vader-sentiment') as VaderModule;
  const Sentiment = require('sentiment') as SentimentConstructor;
  const afinn = new Sentiment();
  return [
    {
      name: 'creator-pulse',
      score: (text) => {
        const result = engine.score(text);
        return result.scored
          ? { value: result.compound, label: result.label, scored: true }
          : { value: 0, label: 'neutral', scored: false };
      },
    },
    {
      name: 'vader-sentiment 1.1.3',
      score: (text) => {
        const compound = vader.SentimentIntensityAnalyzer.polarity_scores(text).compound;
        return { value: compound, label: labelOfCompound(compound), scored: true };
      },
    },
    {
      name: 'sentiment 5.0.2 (AFINN)',
      score: (text) => {
        const score = afinn.analyze(text).score;
        return {
          value: score,
          label: score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral',
          scored: true,
        };
      },
    },
  ];
}

async function main(argv: readonly string[]): Promise<number> {
  if (!existsSync(dataFile)) {
    process.stdout.write(`skipped: ../shared/data/sentiment not found (looked for ${dataFile})\n`);
    return 0;
  }
  const passesIndex = argv.indexOf('--passes');
  const passes = passesIndex >= 0 ? Number(argv[passesIndex + 1]) : 7;
  const rows = parseGroundTruth(readFileSync(dataFile, 'utf8'));
  const texts = rows.map((row) => row.text);
  const ratings = rows.map((row) => row.rating);
  const gold = rows.map((row) => goldLabel(row.rating));

  const results = contenders().map((contender) => {
    const scores = texts.map((text) => contender.score(text));
    const { accuracy, macroF1 } = classification(
      gold,
      scores.map((score) => score.label),
    );
    return {
      name: contender.name,
      pearson: pearson(
        scores.map((score) => score.value),
        ratings,
      ),
      accuracy,
      macroF1,
      unscored: scores.filter((score) => !score.scored).length,
      textsPerSecond: throughput(contender, texts, passes),
    };
  });
  const bundle = await measureBundle();
  const ours = results[0];
  const vader = results[1];
  const speedup =
    ours !== undefined && vader !== undefined ? ours.textsPerSecond / vader.textsPerSecond : Number.NaN;

  const lines = [
    `Sentiment bench — ${rows.length} texts (${dataFile}), node ${process.version}, ${passes} timed passes, median`,
    '',
    '| engine | Pearson r | accuracy | macro-F1 | texts/s (1 core) | unscored |',
    '|---|---|---|---|---|---|',
    ...results.map(
      (result) =>
        `| ${result.name} | ${result.pearson.toFixed(3)} | ${result.accuracy.toFixed(3)} | ${result.macroF1.toFixed(3)} | ${Math.round(result.textsPerSecond).toLocaleString('en-US')} | ${result.unscored} |`,
    ),
    '',
    `speed-up vs vader-sentiment: ${speedup.toFixed(1)}×`,
    `bundle (esbuild, minified, shared/sentiment incl. lexicons + tinyld light): ${(bundle.bytes / 1024).toFixed(0)} KiB`,
    `load (fresh node: import bundle + createSentimentEngine + first score): ${bundle.loadMs.toFixed(1)} ms (${bundle.loadWithoutDetectorMs.toFixed(1)} ms with the detector stubbed)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ results, speedup, bundle })}\n`);
  }
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
