import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creatorsFromCsv, parseCsv } from '../../../cli/commands/creators';
import { main } from '../../../cli/main';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pulse-creators-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function pulse(...argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => {
    out += c;
  });
  stderr.on('data', (c) => {
    err += c;
  });
  const code = await main(['creators', ...argv], { stdin: new PassThrough(), stdout, stderr });
  return { code, out, err };
}

describe('pulse creators against a local registry kept on disk', () => {
  it('adds, imports, lists, registers campaigns and removes creators across separate invocations', async () => {
    const local = ['--local', join(dir, 'registry')];
    const added = await pulse(
      'add',
      '--platform',
      'youtube',
      '--account-id',
      'UC1',
      '--handle',
      '@mia',
      ...local,
    );
    expect(added).toMatchObject({ code: 0, out: 'added youtube#UC1 (@mia)\n' });

    const csv = join(dir, 'creators.csv');
    writeFileSync(
      csv,
      'platform,account_id,handle,niche,campaign_ids\r\ninstagram,1784,"leo, the chef",food,spring;summer\ntiktok,tt-9,ana,,\n',
    );
    expect((await pulse('import', csv, ...local)).out).toBe(`imported 2 creator(s) from ${csv}\n`);

    const campaign = await pulse(
      'campaign',
      '--id',
      'spring',
      '--brand',
      'Acme',
      '--start',
      '2026-03-01T00:00:00Z',
      '--end',
      '2026-05-31T23:59:59Z',
      '--creator',
      'instagram:1784',
      '--tag',
      '#AcmeSpring',
      '--code',
      'ACME20',
      ...local,
    );
    expect(campaign.code).toBe(0);

    const listed = await pulse('list', '--format', 'json', ...local);
    const { creators, campaigns } = JSON.parse(listed.out);
    expect(
      creators.map((c: { platform: string; accountId: string }) => `${c.platform}#${c.accountId}`),
    ).toEqual(['instagram#1784', 'tiktok#tt-9', 'youtube#UC1']);
    expect(creators[0].handle).toBe('leo, the chef');
    expect(creators[0].campaignIds).toEqual(['spring', 'summer']);
    expect(campaigns[0]).toMatchObject({
      campaignId: 'spring',
      tags: ['acmespring'],
      creatorKeys: ['instagram#1784'],
    });

    expect((await pulse('remove', '--platform', 'tiktok', '--account-id', 'tt-9', ...local)).code).toBe(0);
    expect((await pulse('remove', '--platform', 'tiktok', '--account-id', 'tt-9', ...local)).code).toBe(1);
    const after = await pulse('list', '--format', 'csv', ...local);
    expect(after.out.trim().split('\n')).toEqual([
      'platform,account_id,handle,niche,status,campaign_ids',
      'instagram,1784,leo, the chef,food,active,spring;summer',
      'youtube,UC1,mia,general,active,',
    ]);
  });

  it('rejects bad input with a clear message and writes nothing', async () => {
    const local = ['--local', join(dir, 'registry-2')];
    const bad = await pulse('add', '--platform', 'myspace', '--account-id', 'x', '--handle', 'h', ...local);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--platform');
    const csv = join(dir, 'bad.csv');
    writeFileSync(csv, 'platform,account_id,handle\nyoutube,UC1,ok\nvine,2,nope\n');
    const imported = await pulse('import', csv, ...local);
    expect(imported.code).toBe(1);
    expect(imported.err).toContain('line 3: platform');
    expect(JSON.parse((await pulse('list', '--format', 'json', ...local)).out).creators).toEqual([]);
    expect((await pulse('list')).code).toBe(2);
  });
});

describe('creators CSV parsing', () => {
  it('handles quotes, escaped quotes, CRLF, BOM and blank lines', () => {
    expect(parseCsv('a,"b ""c"", d"\r\n\r\n1,2\n')).toEqual([
      ['a', 'b "c", d'],
      ['1', '2'],
    ]);
    expect(creatorsFromCsv('\uFEFFplatform,account_id,handle\nyoutube,UC1,@x\n').creators[0]?.handle).toBe(
      'x',
    );
    expect(creatorsFromCsv('platform,handle\n').errors).toEqual(["missing column 'account_id'"]);
  });
});
