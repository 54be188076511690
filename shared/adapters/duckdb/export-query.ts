import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export class ExportQueryError extends Error {
  override readonly name = 'ExportQueryError';
}

export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
  /** Datasets registered as views, e.g. `post_metrics`, `creator_metrics`, `benchmarks`. */
  readonly datasets: readonly string[];
}

/**
 * Finds the Hive-partitioned datasets under `<exportsDir>/dataset=<name>/dt=YYYY-MM-DD/*.parquet`,
 * the same layout Athena reads in the cloud.
 */
export function listDatasets(exportsDir: string): string[] {
  if (!existsSync(exportsDir)) return [];
  return readdirSync(exportsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name.startsWith('dataset='))
    .map((entry) => entry.name.slice('dataset='.length))
    .filter((name) => /^[a-z][a-z0-9_]*$/.test(name))
    .sort();
}

function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Runs SQL with DuckDB over the exported Parquet files. Each dataset becomes a view of the same name, with the
 * partition column `dt` (and any other `key=value` folder) as a column, as in the Glue tables on AWS.
 */
export async function queryExports(exportsDir: string, sql: string): Promise<QueryResult> {
  const datasets = listDatasets(exportsDir);
  if (datasets.length === 0) {
    throw new ExportQueryError(
      `no exported datasets under ${exportsDir} (expected folders like dataset=benchmarks/dt=YYYY-MM-DD/); run 'npx pulse run' first`,
    );
  }
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const name of datasets) {
      const glob = join(exportsDir, `dataset=${name}`, '**', '*.parquet');
      await connection.run(
        `CREATE VIEW ${name} AS SELECT * EXCLUDE (dataset) FROM read_parquet(${sqlString(glob)}, hive_partitioning = true, union_by_name = true)`,
      );
    }
    let reader: Awaited<ReturnType<typeof connection.runAndReadAll>>;
    try {
      reader = await connection.runAndReadAll(sql);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new ExportQueryError(`${message}\nAvailable tables: ${datasets.join(', ')}`, { cause: error });
    }
    return { columns: reader.columnNames(), rows: reader.getRowsJson() as unknown[][], datasets };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(6)));
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object')
    return JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
  return String(value);
}

export function formatTable(result: QueryResult): string {
  const header = result.columns.map(String);
  const body = result.rows.map((row) => row.map(cell));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' │ ');
  const rule = widths.map((w) => '─'.repeat(w)).join('─┼─');
  return [line(header), rule, ...body.map(line), `(${body.length} row${body.length === 1 ? '' : 's'})`].join(
    '\n',
  );
}

export function formatCsv(result: QueryResult): string {
  const csvField = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return [result.columns, ...result.rows.map((row) => row.map(cell))]
    .map((row) => row.map((v) => csvField(String(v))).join(','))
    .join('\n');
}
