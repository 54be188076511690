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
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import type { createSentimentEngine } from '../shared/sentiment/index';

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

/**
 * Area under the ROC curve of real-valued scores against binary labels (1 positive, 0 negative): the probability that
 * a random positive text scores above a random negative one, ties counting half (Mann–Whitney U). Threshold-free, so
 * engines on different scales (compound vs AFINN sums) compare fairly.
 */
export function rocAuc(scores: readonly number[], labels: readonly number[]): number {
  const order = scores.map((_, index) => index).sort((a, b) => (scores[a] ?? 0) - (scores[b] ?? 0));
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1] ?? 0] === scores[order[start] ?? 0]) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let position = start; position <= end; position++) {
      if (labels[order[position] ?? 0] === 1) {
        positives++;
        rankSum += averageRank;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

interface LabelledSentence {
  readonly text: string;
  readonly positive: boolean;
}

/**
 * Independent checks: the UCI "Sentiment Labelled Sentences" (Kotzias et al., KDD 2015; 1,000 each of Amazon product
 * reviews, IMDB film reviews and Yelp restaurant reviews, labelled positive/negative by people), as shipped in the
 * test fixtures of the `sentiment` package we already depend on. No rule or word of the engine was fitted to them.
 */
export function loadLabelledSentences(): { readonly name: string; readonly rows: LabelledSentence[] }[] {
  const fixtures = join(dirname(require.resolve('sentiment/package.json')), 'test/fixtures');
  return ['amazon', 'imdb', 'yelp'].flatMap((name) => {
    const file = join(fixtures, `${name}.json`);
    if (!existsSync(file)) return [];
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { text?: unknown; class?: unknown }[];
    const rows = parsed.flatMap((row) =>
      typeof row.text === 'string' && (row.class === 0 || row.class === 1)
        ? [{ text: row.text, positive: row.class === 1 }]
        : [],
    );
    return [{ name, rows }];
  });
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

/** `gc()` without a command-line flag (the bench runs under tsx): lets each timed pass start with a clean heap. */
function garbageCollector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Each timed pass lasts at least this much CPU time per contender: short passes are at the mercy of a busy machine. */
const MINIMUM_PASS_SECONDS = 0.25;
/**
 * Warm-up per contender before anything is timed or sized: V8 tiers a hot function up (Ignition → Sparkplug → Maglev →
 * TurboFan) over its first hundreds of milliseconds, so one cold pass over 4,200 texts (≈ 40 ms for a fast engine)
 * measures the compiler, not the engine, and sizes the timed passes from a rate several times too low.
 */
const MINIMUM_WARM_UP_SECONDS = 1;

export interface Throughputs {
  /** Texts per CPU-second of each contender, median over the passes. */
  readonly rates: number[];
  /** Per contender, the median over rounds of (first contender's rate ÷ its rate) measured in the same round. */
  readonly speedups: number[];
  /** Texts per CPU-second of each contender's very first pass over the data (cold code, as in a fresh Lambda). */
  readonly coldRates: number[];
}

function cpuSeconds(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/**
 * Texts per CPU-second of each contender (single thread, so per core), median over `passes` timed rounds after a
 * warm-up of ≥ 1 s CPU each. CPU time rather than wall time; rounds interleaved (A, B, C, A, B, C, …); a full garbage
 * collection before every timed pass, so no contender pays for another's garbage; fast contenders score the data
 * several times per pass (sized from a warm pass) so every pass lasts ≥ 0.25 s of CPU. The speed-up is taken per round
 * (A and B measured seconds apart, under the same load) and its median reported, which is steadier than a ratio of
 * medians on a shared machine.
 */
function throughputs(
  contenders: readonly Contender[],
  texts: readonly string[],
  passes: number,
): Throughputs {
  const collectGarbage = garbageCollector();
  let sink = 0;
  const scoreAll = (contender: Contender): void => {
    for (const text of texts) sink += contender.score(text).value;
  };
  const timePass = (contender: Contender): number => {
    const start = process.cpuUsage();
    scoreAll(contender);
    return cpuSeconds(start);
  };
  const coldRates: number[] = [];
  const repeats = contenders.map((contender) => {
    const warmUp = process.cpuUsage();
    let passSeconds = timePass(contender);
    coldRates.push(texts.length / Math.max(passSeconds, 1e-6));
    while (cpuSeconds(warmUp) < MINIMUM_WARM_UP_SECONDS) passSeconds = timePass(contender);
    return Math.max(1, Math.ceil(MINIMUM_PASS_SECONDS / Math.max(passSeconds, 1e-3)));
  });
  const rates = contenders.map((): number[] => []);
  for (let pass = 0; pass < passes; pass++) {
    contenders.forEach((contender, index) => {
      const times = repeats[index] ?? 1;
      collectGarbage();
      const start = process.cpuUsage();
      for (let repeat = 0; repeat < times; repeat++) scoreAll(contender);
      rates[index]?.push((texts.length * times) / cpuSeconds(start));
    });
  }
  if (Number.isNaN(sink)) process.stdout.write('');
  const first = rates[0] ?? [];
  return {
    rates: rates.map(median),
    speedups: rates.map((own) => median(own.map((rate, pass) => (first[pass] ?? Number.NaN) / rate))),
    coldRates,
  };
}

interface BundleFigures {
  readonly bytes: number;
  /** createSentimentEngine() in a fresh process: building the lexicon tables (wall and CPU ms, median). */
  readonly lexiconLoadMs: number;
  readonly lexiconLoadCpuMs: number;
  /** import of the bundle + createSentimentEngine() + a first score, in a fresh process (wall and CPU ms, median). */
  readonly coldStartMs: number;
  readonly coldStartCpuMs: number;
}

interface EngineBundle {
  readonly directory: string;
  readonly outfile: string;
  readonly bytes: number;
}

/** Bundles shared/sentiment as a Lambda build would (esbuild, minified ESM): the artefact that is sized and timed. */
async function buildEngineBundle(): Promise<EngineBundle> {
  const directory = mkdtempSync(join(tmpdir(), 'sentiment-bench-'));
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
  return { directory, outfile, bytes };
}

/** Times import + createSentimentEngine() of the bundle in fresh processes. */
function measureLoad(bundle: EngineBundle): BundleFigures {
  const { directory, outfile, bytes } = bundle;
  {
    const script = `const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const wall0 = performance.now(); const cpu0 = cpu();
const m = await import(${JSON.stringify(`file://${outfile}`)});
const wall1 = performance.now(); const cpu1 = cpu();
const engine = m.createSentimentEngine();
const wall2 = performance.now(); const cpu2 = cpu();
engine.score('warm up: great video 🔥');
const wall3 = performance.now(); const cpu3 = cpu();
process.stdout.write(JSON.stringify([wall2 - wall1, cpu2 - cpu1, wall3 - wall0, cpu3 - cpu0]));`;
    const scriptFile = join(directory, 'probe.mjs');
    writeFileSync(scriptFile, script);
    const runs: number[][] = [];
    for (let run = 0; run < 7; run++) {
      const child = spawnSync(process.execPath, [scriptFile], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`load probe failed: ${child.stderr}`);
      runs.push(JSON.parse(child.stdout) as number[]);
    }
    const column = (index: number) => median(runs.map((run) => run[index] ?? Number.NaN));
    return {
      bytes,
      lexiconLoadMs: column(0),
      lexiconLoadCpuMs: column(1),
      coldStartMs: column(2),
      coldStartCpuMs: column(3),
    };
  }
}

interface VaderModule {
  SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } };
}
type SentimentConstructor = new () => { analyze(text: string): { score: number; comparative: number } };

function contenders(createEngine: typeof createSentimentEngine): Contender[] {
  const engine = createEngine();
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

  // The engine is measured as it ships (the esbuild bundle, plain JS, like the two npm packages), not through tsx.
  const bundle = await buildEngineBundle();
  try {
    const bundled = (await import(pathToFileURL(bundle.outfile).href)) as {
      createSentimentEngine: typeof createSentimentEngine;
    };
    return report(rows, passes, bundle, bundled.createSentimentEngine, argv.includes('--json'));
  } finally {
    rmSync(bundle.directory, { recursive: true, force: true });
  }
}

function report(
  rows: readonly GoldText[],
  passes: number,
  engineBundle: EngineBundle,
  createEngine: typeof createSentimentEngine,
  json: boolean,
): number {
  const texts = rows.map((row) => row.text);
  const ratings = rows.map((row) => row.rating);
  const gold = rows.map((row) => goldLabel(row.rating));
  const engines = contenders(createEngine);
  const speeds = throughputs(engines, texts, passes);
  const results = engines.map((contender, index) => {
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
      textsPerSecond: speeds.rates[index] ?? Number.NaN,
      coldTextsPerSecond: speeds.coldRates[index] ?? Number.NaN,
    };
  });
  const bundle = measureLoad(engineBundle);
  const ours = results[0];
  const vader = results[1];
  const speedup = speeds.speedups[1] ?? Number.NaN;
  const ratioOfMedians =
    ours !== undefined && vader !== undefined ? ours.textsPerSecond / vader.textsPerSecond : Number.NaN;

  const independent = loadLabelledSentences();
  const independentRows = engines.map((contender) =>
    independent.map(({ rows: sentences }) => {
      const scored = sentences.map((sentence) => contender.score(sentence.text));
      const correct = scored.filter((score, index) =>
        sentences[index]?.positive === true ? score.label === 'positive' : score.label === 'negative',
      ).length;
      const auc = rocAuc(
        scored.map((score) => score.value),
        sentences.map((sentence) => (sentence.positive ? 1 : 0)),
      );
      return { auc, accuracy: correct / sentences.length };
    }),
  );

  const lines = [
    `Sentiment bench — ${rows.length} texts (${dataFile}), node ${process.version}, ${passes} timed passes after ≥ ${MINIMUM_WARM_UP_SECONDS} s CPU of warm-up each, median`,
    'creator-pulse is measured as its esbuild bundle (minified JS), the npm packages as published (JS)',
    '',
    '| engine | Pearson r | accuracy | macro-F1 | texts/s (1 core, CPU time) | first pass, cold (texts/s) | unscored |',
    '|---|---|---|---|---|---|---|',
    ...results.map(
      (result) =>
        `| ${result.name} | ${result.pearson.toFixed(3)} | ${result.accuracy.toFixed(3)} | ${result.macroF1.toFixed(3)} | ${Math.round(result.textsPerSecond).toLocaleString('en-US')} | ${Math.round(result.coldTextsPerSecond).toLocaleString('en-US')} | ${result.unscored} |`,
    ),
    '',
    `speed-up vs vader-sentiment: ${speedup.toFixed(1)}× (median of per-round ratios; ratio of the medians ${ratioOfMedians.toFixed(1)}×)`,
    `bundle (esbuild, minified, shared/sentiment incl. lexicons + tinyld light): ${(bundle.bytes / 1024).toFixed(0)} KiB`,
    `lexicon load (createSentimentEngine, fresh process, median of 7): ${bundle.lexiconLoadMs.toFixed(1)} ms wall, ${bundle.lexiconLoadCpuMs.toFixed(1)} ms CPU`,
    `cold start (import bundle + create + first score): ${bundle.coldStartMs.toFixed(1)} ms wall, ${bundle.coldStartCpuMs.toFixed(1)} ms CPU`,
    '',
    'Independent check — UCI labelled sentences (positive/negative; ROC AUC, and accuracy counting neutral as wrong):',
    '',
    `| engine | ${independent.map(({ name, rows: sentences }) => `${name} (${sentences.length}) AUC / acc`).join(' | ')} | mean AUC |`,
    `|---|${independent.map(() => '---|').join('')}---|`,
    ...engines.map((contender, index) => {
      const cells = independentRows[index] ?? [];
      const meanAuc = cells.reduce((sum, cell) => sum + cell.auc, 0) / Math.max(cells.length, 1);
      return `| ${contender.name} | ${cells.map((cell) => `${cell.auc.toFixed(3)} / ${cell.accuracy.toFixed(3)}`).join(' | ')} | ${meanAuc.toFixed(3)} |`;
    }),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (json) {
    process.stdout.write(`${JSON.stringify({ results, speedup, bundle, independent: independentRows })}\n`);
  }
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
