import { resolve } from 'node:path';
import { z } from 'zod';
import { type CliCommand, CliUsageError, parseCommandArgs } from '../command';

export const RunArgsSchema = z.object({
  creators: z.coerce.number().int().min(1).max(500),
  hours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 14),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  faults: z.coerce.number().min(0).max(0.5),
  out: z.string().min(1),
  dynamo: z.enum(['dynalite', 'dynamodb-local']),
  json: z.boolean(),
  start: z.iso
    .datetime({ offset: true })
    .optional()
    .transform((value) => (value === undefined ? undefined : Date.parse(value))),
});
export type RunArgs = z.infer<typeof RunArgsSchema>;

const usage = `Usage: pulse run [--creators N] [--hours H] [--seed S] [--faults RATE] [--out DIR] [--start ISO] [--dynamo dynalite|dynamodb-local] [--json]

Runs the whole pipeline on this machine, with no AWS account and no Docker: a local AWS stack (dynalite or
Amazon DynamoDB Local, fauxqs for SQS and S3), a simulated YouTube/Instagram/TikTok API, and the same Lambda
handlers driven by SQS event sources with Lambda's semantics and a scheduler on a simulated clock.

Options:
  --creators N     creators to simulate, spread over the three platforms (default 12)
  --hours H        simulated hours of schedule (default 12)
  --seed S         seed of the simulated world (default 42); the same seed gives the same run
  --faults RATE    0–0.5: rate of platform faults (429, 5xx, timeouts, malformed pages, quota, expired tokens,
                   deleted posts, duplicated/shifted pages), handler crashes and duplicate deliveries (default 0)
  --out DIR        where exports/, alerts.jsonl, ground-truth.json and dead-letters.jsonl go (default ./pulse-out)
  --dynamo B       DynamoDB emulator: dynalite (default, in process) or dynamodb-local (needs Java 17)
  --start ISO      start of the simulated window, e.g. 2026-11-01T00:00:00Z (default: H hours before the current hour)
  --json           print the run summary as JSON instead of text`;

export const command: CliCommand = {
  summary: 'run the whole pipeline locally on a simulated platform and print what it did',
  usage,
  async run(argv, io) {
    const parsed = parseCommandArgs(argv, {
      allowPositionals: false,
      options: {
        creators: { type: 'string', default: '12' },
        hours: { type: 'string', default: '12' },
        seed: { type: 'string', default: '42' },
        faults: { type: 'string', default: '0' },
        out: { type: 'string', default: './pulse-out' },
        dynamo: { type: 'string', default: 'dynalite' },
        json: { type: 'boolean', default: false },
        start: { type: 'string' },
      },
    });
    const args = RunArgsSchema.safeParse(parsed.values);
    if (!args.success) {
      throw new CliUsageError(
        args.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; '),
      );
    }
    const { runLocalPipeline } = await import('../../infra/local/runner/local-pipeline');
    const { formatRunSummary, summarizeRun } = await import('../../infra/local/runner/run-summary');
    const outDir = resolve(args.data.out);
    const progress = args.data.json ? () => undefined : (line: string) => io.stderr.write(`${line}\n`);
    const result = await runLocalPipeline({
      creators: args.data.creators,
      hours: args.data.hours,
      seed: args.data.seed,
      faults: args.data.faults,
      outDir,
      dynamo: args.data.dynamo,
      progress,
      ...(args.data.start === undefined ? {} : { startAt: args.data.start }),
    });
    const summary = await summarizeRun(result, args.data);
    io.stdout.write(
      args.data.json ? `${JSON.stringify(summary, null, 2)}\n` : `${formatRunSummary(summary)}\n`,
    );
    return 0;
  },
};
