import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repositoryRoot = resolve(import.meta.dirname, '../..');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runPulse(args: readonly string[], input: Buffer | string): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['bin/pulse.js', ...args], { cwd: repositoryRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('pulse sentiment (spawned CLI)', () => {
  it('writes one JSON object per input line, in order, and survives malformed lines', async () => {
    const input = Buffer.concat([
      Buffer.from('I love this channel 😍\r\nthis is mid\r\n', 'utf8'),
      Buffer.from([0x62, 0x61, 0x64, 0xff, 0x0a]),
      Buffer.from('bin\u0000ary\n', 'utf8'),
      Buffer.from(`${'a'.repeat(25_000)}\n`, 'utf8'),
      Buffer.from('Me encanta este video, es increíble\n\nbest video ever', 'utf8'),
    ]);
    const run = await runPulse(['sentiment'], input);
    expect(run.code).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(lines.map((line) => line.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(lines[0]).toMatchObject({ scored: true, label: 'positive', language: 'en' });
    expect(typeof lines[0]?.compound).toBe('number');
    expect(lines[1]).toMatchObject({ scored: true, label: 'negative' });
    expect(lines[2]).toMatchObject({ scored: false, compound: null, label: null, reason: 'invalid_input' });
    expect(lines[3]).toMatchObject({ scored: false, reason: 'invalid_input' });
    expect(lines[4]).toMatchObject({ scored: false, reason: 'too_long' });
    expect(lines[5]).toMatchObject({ scored: false, reason: 'unsupported_language', language: 'es' });
    expect(lines[6]).toMatchObject({ scored: false, reason: 'empty' });
    expect(lines[7]).toMatchObject({ scored: true, label: 'positive' });
    expect(run.stderr).toContain('8 lines, 3 scored');
  });

  it('streams a large input with every line answered', async () => {
    const texts = ['great video', 'worst ever', 'what camera is this', '🔥🔥'];
    const input = Array.from({ length: 20_000 }, (_, index) => texts[index % texts.length]).join('\n');
    const run = await runPulse(['sentiment'], input);
    expect(run.code).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(lines).toHaveLength(20_000);
    expect(lines[19_999]).toMatchObject({ line: 20_000, label: 'positive' });
    expect(lines[1]).toMatchObject({ label: 'negative' });
  });

  it('scores one --text argument and rejects unknown options with exit code 2', async () => {
    const single = await runPulse(['sentiment', '--text', 'not good'], '');
    expect(single.code).toBe(0);
    expect(jsonLines(single.stdout)).toEqual([expect.objectContaining({ line: 1, label: 'negative' })]);
    const bad = await runPulse(['sentiment', '--nope'], '');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown argument '--nope'");
    const help = await runPulse(['sentiment', '--help'], '');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: pulse sentiment');
  });
});
