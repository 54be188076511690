import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../../../cli/command';
import { runSimulate } from '../../../cli/commands/simulate';

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

  it('rejects bad arguments with a clear usage error', async () => {
    const { io: cliIo } = io();
    const signal = AbortSignal.abort();
    await expect(runSimulate(['--creators', '0'], cliIo, signal)).rejects.toThrow(CliUsageError);
    await expect(runSimulate(['--faults', '2'], cliIo, signal)).rejects.toThrow(/--faults/);
    await expect(runSimulate(['--bogus'], cliIo, signal)).rejects.toThrow(CliUsageError);
  });
});
