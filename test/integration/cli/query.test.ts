import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parquetWriteFile } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../cli/main';

let out: string;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'pulse-query-'));
  for (const [dt, rows] of [
    [
      '2026-11-20',
      [
        ['nano', true, 0.04],
        ['nano', false, 0.06],
        ['micro', false, 0.03],
      ],
    ],
    [
      '2026-11-21',
      [
        ['nano', true, 0.05],
        ['micro', true, 0.01],
      ],
    ],
  ] as const) {
    const dir = join(out, 'exports', 'dataset=post_metrics', `dt=${dt}`);
    mkdirSync(dir, { recursive: true });
    parquetWriteFile({
      filename: join(dir, 'part-0.parquet'),
      columnData: [
        { name: 'tier', data: rows.map((r) => r[0]), type: 'STRING' },
        { name: 'sponsored', data: rows.map((r) => r[1]), type: 'BOOLEAN' },
        { name: 'er_value', data: rows.map((r) => r[2]), type: 'DOUBLE' },
      ],
    });
  }
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function runCli(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let text = '';
  let errors = '';
  stdout.on('data', (c) => {
    text += c;
  });
  stderr.on('data', (c) => {
    errors += c;
  });
  const code = await main(argv, { stdin: new PassThrough(), stdout, stderr });
  return { code, text, errors };
}

describe('pulse query', () => {
  it('answers SQL over Hive-partitioned Parquet exports, with dt as a column', async () => {
    const { code, text } = await runCli([
      'query',
      'SELECT tier, sponsored, count(*) AS n, median(er_value) AS median_er, min(dt) AS first_dt FROM post_metrics GROUP BY ALL ORDER BY ALL',
      '--out',
      out,
      '--format',
      'csv',
    ]);
    expect(code).toBe(0);
    expect(text.trim().split('\n')).toEqual([
      'tier,sponsored,n,median_er,first_dt',
      'micro,false,1,0.03,2026-11-20',
      'micro,true,1,0.01,2026-11-21',
      'nano,false,1,0.06,2026-11-20',
      'nano,true,2,0.045,2026-11-20',
    ]);
  });

  it('prints a readable table by default', async () => {
    const { code, text } = await runCli([
      'query',
      'SELECT count(*) AS posts FROM post_metrics',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    expect(text).toContain('posts');
    expect(text).toContain('5');
    expect(text).toContain('(1 row)');
  });

  it('reports SQL errors and missing exports clearly, with exit code 1', async () => {
    const bad = await runCli(['query', 'SELECT * FROM nope', '--out', out]);
    expect(bad.code).toBe(1);
    expect(bad.errors).toMatch(/nope/);
    expect(bad.errors).toContain('Available tables: post_metrics');
    const missing = await runCli(['query', 'SELECT 1', '--out', join(out, 'missing')]);
    expect(missing.code).toBe(1);
    expect(missing.errors).toContain("run 'npx pulse run' first");
  });

  it('rejects a missing SQL argument as a usage error (exit 2)', async () => {
    const { code, errors } = await runCli(['query', '--out', out]);
    expect(code).toBe(2);
    expect(errors).toContain('Usage: pulse query');
  });
});
