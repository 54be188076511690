import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../../../cli/command';
import { runSimulate } from '../../../cli/commands/simulate';
import { parseCredential } from '../../../shared/platforms/platform-credential';
import { FileSecretProvider } from '../../../shared/platforms/secret-providers';
import { platformAppSecretName } from '../../../shared/ports/platform-connector';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (chunk) => {
    out += String(chunk);
  });
  return { io: { stdin: new PassThrough(), stdout, stderr }, text: () => out };
}

describe('pulse simulate', () => {
  it('starts, serves the APIs, moves its clock on request and writes the ground truth on exit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pulse-sim-'));
    const file = join(dir, 'truth.json');
    const { io: cliIo, text } = io();
    const controller = new AbortController();
    const running = runSimulate(
      ['--seed', '7', '--creators', '3', '--ground-truth', file, '--start', '2026-11-20T12:00:00Z'],
      cliIo,
      controller.signal,
    );
    for (let i = 0; i < 100 && !text().includes('press Ctrl-C'); i++)
      await new Promise((r) => setTimeout(r, 20));
    const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text())?.[1];
    expect(base).toBeDefined();
    expect(text()).toContain('/youtube/v3');
    const token = /youtube\/\S+ → (\S+)/.exec(text())?.[1];
    const channel = /youtube\s+(UC\S+)/.exec(text())?.[1];
    const response = await fetch(`${base}/youtube/v3/channels?part=statistics&id=${channel}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { items: unknown[] }).items).toHaveLength(1);
    const clock = await fetch(`${base}/__sim/clock`, {
      method: 'POST',
      body: JSON.stringify({ now: '2026-11-21T12:00:00Z' }),
    });
    expect(await clock.json()).toEqual({ now: '2026-11-21T12:00:00.000Z' });
    controller.abort();
    expect(await running).toBe(0);
    const truth = JSON.parse(await readFile(file, 'utf8')) as { now: string; seed: number; posts: unknown[] };
    expect(truth.seed).toBe(7);
    expect(truth.now).toBe('2026-11-21T12:00:00.000Z');
    expect(truth.posts.length).toBeGreaterThan(0);
  });

  it('writes refreshable credentials for the file secret provider with --secrets-file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pulse-sim-'));
    const file = join(dir, 'secrets.json');
    const { io: cliIo, text } = io();
    const controller = new AbortController();
    const running = runSimulate(
      ['--seed', '7', '--creators', '3', '--secrets-file', file, '--start', '2026-11-20T12:00:00Z'],
      cliIo,
      controller.signal,
    );
    for (let i = 0; i < 100 && !text().includes('press Ctrl-C'); i++)
      await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    expect(await running).toBe(0);
    expect(text()).toContain(`credentials: ${file}`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const provider = new FileSecretProvider(file);
    const tiktokName = /(tiktok\/\S+) →/.exec(text())?.[1];
    expect(tiktokName).toBeDefined();
    const grant = parseCredential(await provider.getSecret(tiktokName ?? ''));
    expect(grant?.refreshToken).toEqual(expect.any(String));
    // TikTok access tokens live 2 h; the simulator staggers when each creator's current one was issued.
    const expiresAt = Date.parse(grant?.expiresAt ?? '');
    expect(expiresAt).toBeGreaterThan(Date.parse('2026-11-20T12:00:00Z'));
    expect(expiresAt).toBeLessThanOrEqual(Date.parse('2026-11-20T14:00:00Z'));
    expect(JSON.parse(await provider.getSecret(platformAppSecretName('tiktok')))).toHaveProperty('clientKey');
  });

  it('rejects bad arguments with a clear usage error', async () => {
    const { io: cliIo } = io();
    const signal = AbortSignal.abort();
    await expect(runSimulate(['--creators', '0'], cliIo, signal)).rejects.toThrow(CliUsageError);
    await expect(runSimulate(['--faults', '2'], cliIo, signal)).rejects.toThrow(/--faults/);
    await expect(runSimulate(['--bogus'], cliIo, signal)).rejects.toThrow(CliUsageError);
  });
});
