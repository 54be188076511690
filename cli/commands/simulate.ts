import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startSimulator } from '../../infra/local/simulator';
import { type CliCommand, type CliIo, CliUsageError } from '../command';

export const SimulateArgsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  creators: z.coerce.number().int().min(1).max(500),
  faults: z.coerce.number().min(0).max(1),
  groundTruth: z.string().min(1).optional(),
  secretsFile: z.string().min(1).optional(),
  start: z.iso.datetime({ offset: true }).optional(),
  speed: z.coerce.number().positive().max(100_000),
});
export type SimulateArgs = z.infer<typeof SimulateArgsSchema>;

const usage = `Usage: pulse simulate [--port P] [--seed S] [--creators N] [--faults RATE] [--ground-truth FILE] [--secrets-file FILE] [--start ISO] [--speed X]

Starts the simulated YouTube Data API v3, Instagram Graph API and TikTok (Display + Business) APIs on 127.0.0.1,
deterministic from the seed, and runs until Ctrl-C. Point the connectors at the printed base URLs.

Options:
  --port P             port to listen on (default 0 = any free port)
  --seed S             seed of the simulated world (default 42)
  --creators N         creators, spread over the three platforms (default 12)
  --faults RATE        0–1: rate of every fault knob (429, 5xx, slow, malformed JSON, quota, token expiry,
                       deleted posts, duplicated/shifted pages) (default 0)
  --ground-truth FILE  write the ground truth JSON here at start and on exit
  --secrets-file FILE  write every creator's OAuth grant (access + refresh token, expiry) and the OAuth app
                       secrets as {"<secret name>": "<value>"}, the format of the file secret provider; rotated
                       tokens are written back there by the collector (mode 0600)
  --start ISO          simulated start instant (default: the current hour)
  --speed X            simulated seconds per real second (default 1)

The clock can also be set from outside: POST /__sim/clock {"now": "2026-11-20T18:00:00Z"}.
Ground truth and counters: GET /__sim/ground-truth, GET /__sim/stats.`;

function parse(argv: readonly string[]): SimulateArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string', default: '0' },
        seed: { type: 'string', default: '42' },
        creators: { type: 'string', default: '12' },
        faults: { type: 'string', default: '0' },
        'ground-truth': { type: 'string' },
        'secrets-file': { type: 'string' },
        start: { type: 'string' },
        speed: { type: 'string', default: '1' },
      },
    }));
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  const parsed = SimulateArgsSchema.safeParse({
    ...values,
    groundTruth: values['ground-truth'],
    secretsFile: values['secrets-file'],
  });
  if (!parsed.success) {
    throw new CliUsageError(
      parsed.error.issues
        .map(
          (i) =>
            `--${i.path.join('.').replace('groundTruth', 'ground-truth').replace('secretsFile', 'secrets-file')}: ${i.message}`,
        )
        .join('; '),
    );
  }
  return parsed.data;
}

/** Runs the simulator until `signal` aborts; in-process entry for tests. */
export async function runSimulate(
  argv: readonly string[],
  io: CliIo,
  signal: AbortSignal,
  realNow: () => number = Date.now,
): Promise<number> {
  const args = parse(argv);
  const realStart = realNow();
  const startAt =
    args.start === undefined ? Math.floor(realStart / 3_600_000) * 3_600_000 : Date.parse(args.start);
  const simulator = await startSimulator({
    seed: args.seed,
    creators: args.creators,
    faults: args.faults,
    startAt,
    now: () => startAt + (realNow() - realStart) * args.speed,
    port: args.port,
  });
  const groundTruthPath = args.groundTruth === undefined ? undefined : resolve(args.groundTruth);
  if (groundTruthPath !== undefined) await simulator.writeGroundTruth(groundTruthPath);
  const secretsPath = args.secretsFile === undefined ? undefined : resolve(args.secretsFile);
  if (secretsPath !== undefined) {
    await writeFile(secretsPath, `${JSON.stringify(simulator.secrets(), null, 2)}\n`, { mode: 0o600 });
  }
  const urls = simulator.baseUrls();
  const creators = simulator.creators();
  const lines = [
    `simulated platforms listening on ${simulator.url} (seed ${args.seed}, ${creators.length} creators, faults ${args.faults})`,
    `  YouTube Data API v3   ${urls.youtube}`,
    `  Instagram Graph API   ${urls.instagram}/v23.0`,
    `  TikTok Display API    ${urls.tiktok}/v2   (Business API: ${urls.tiktokBusiness}/open_api/v1.3/business)`,
    `  simulated clock       ${new Date(simulator.now()).toISOString()} ×${args.speed}   (POST ${simulator.url}/__sim/clock {"now": iso})`,
    `  quota budgets         YouTube ${simulator.quotaLimits().youtubeDailyUnits} units/day, Instagram ${simulator.quotaLimits().instagramCallsPerHour} calls/h, TikTok ${simulator.quotaLimits().tiktokPerMinute}/min per endpoint`,
    `  campaigns             ${simulator
      .campaigns()
      .map((c) => c.campaignId)
      .join(', ')}`,
    '',
    'sample creators (secret name → current access token; the refreshable grant is in --secrets-file):',
    ...creators
      .slice(0, 6)
      .map(
        (c) =>
          `  ${c.creator.platform.padEnd(9)} ${c.creator.accountId.padEnd(26)} @${c.creator.handle.padEnd(20)} ${c.tier.padEnd(6)} ${c.credentialName} → ${c.accessToken}`,
      ),
    ...(creators.length > 6
      ? [`  … and ${creators.length - 6} more (GET ${simulator.url}/__sim/ground-truth)`]
      : []),
    ...(groundTruthPath === undefined ? [] : [`ground truth: ${groundTruthPath} (rewritten on exit)`]),
    ...(secretsPath === undefined ? [] : [`credentials: ${secretsPath} (file secret provider format)`]),
    'press Ctrl-C to stop',
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  await new Promise<void>((done) => {
    if (signal.aborted) done();
    else signal.addEventListener('abort', () => done(), { once: true });
  });
  if (groundTruthPath !== undefined) await simulator.writeGroundTruth(groundTruthPath);
  const stats = simulator.stats();
  await simulator.close();
  io.stdout.write(`stopped after ${stats.requests} requests, ${stats.quotaViolations} quota violations\n`);
  return 0;
}

export const command: CliCommand = {
  summary: 'start the simulated YouTube/Instagram/TikTok APIs alone (until Ctrl-C)',
  usage,
  async run(argv, io) {
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      return await runSimulate(argv, io, controller.signal);
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
};
