import { resolve } from 'node:path';
import { z } from 'zod';
import {
  ExportQueryError,
  formatCsv,
  formatTable,
  queryExports,
} from '../../shared/adapters/duckdb/export-query';
import { type CliCommand, CliUsageError, parseCommandArgs } from '../command';

const QueryArgsSchema = z.object({
  sql: z.string().trim().min(1, 'give the SQL to run as one quoted argument'),
  out: z.string().min(1),
  format: z.enum(['table', 'csv', 'json']),
});

const usage = `Usage: pulse query "<SQL>" [--out DIR] [--format table|csv|json]

Runs SQL with DuckDB over the Parquet exports of a 'pulse run' (DIR/exports, Hive-style dataset=…/dt=…/).
Each dataset is a table: post_metrics, creator_metrics, benchmarks (the same tables Athena sees on AWS).

Options:
  --out DIR       output folder of 'pulse run' (default ./pulse-out)
  --format F      table (default), csv or json (one object per line)

Example:
  pulse query "SELECT tier, sponsored, median(er_value) AS median_er FROM post_metrics
               WHERE er_definition = 'er_followers:likes+comments' GROUP BY ALL ORDER BY ALL"`;

export const command: CliCommand = {
  summary: 'run SQL (DuckDB) over the Parquet exports of a pulse run',
  usage,
  async run(argv, io) {
    const parsed = parseCommandArgs(argv, {
      allowPositionals: true,
      options: {
        out: { type: 'string', default: './pulse-out' },
        format: { type: 'string', default: 'table' },
      },
    });
    const args = QueryArgsSchema.safeParse({
      sql: parsed.positionals.join(' '),
      out: parsed.values.out,
      format: parsed.values.format,
    });
    if (!args.success) throw new CliUsageError(args.error.issues.map((i) => i.message).join('; '));
    try {
      const result = await queryExports(resolve(args.data.out, 'exports'), args.data.sql);
      if (args.data.format === 'csv') io.stdout.write(`${formatCsv(result)}\n`);
      else if (args.data.format === 'json') {
        for (const row of result.rows) {
          const object = Object.fromEntries(result.columns.map((c, i) => [c, row[i]]));
          io.stdout.write(`${JSON.stringify(object, (_, v) => (typeof v === 'bigint' ? Number(v) : v))}\n`);
        }
      } else io.stdout.write(`${formatTable(result)}\n`);
      return 0;
    } catch (error) {
      if (error instanceof ExportQueryError) {
        io.stderr.write(`pulse query: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  },
};
