import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import {
  EnvSecretProvider,
  FileSecretProvider,
  SecretsManagerSecretProvider,
  StaticSecretProvider,
} from '../../../shared/platforms/secret-providers';
import { SecretWriteError } from '../../../shared/ports/secret-provider';

/** Writing rotated credentials back: Secrets Manager (stubbed client), the JSON file, memory; env is read-only. */

const ROTATED = JSON.stringify({ accessToken: 'act.2-secret', refreshToken: 'rft.2-secret' });

/** A Secrets Manager client stub holding one secret per id, recording every command. */
function secretsManagerStub(initial: Record<string, string>) {
  const values = { ...initial };
  const sent: string[] = [];
  let failPut = false;
  const client = {
    send: async (command: GetSecretValueCommand | PutSecretValueCommand) => {
      const id = command.input.SecretId ?? '';
      if (command instanceof PutSecretValueCommand) {
        sent.push(`Put ${id}`);
        if (failPut) {
          const error = new Error(`AccessDenied writing ${command.input.SecretString}`);
          error.name = 'AccessDeniedException';
          throw error;
        }
        values[id] = command.input.SecretString ?? '';
        return { VersionId: 'v2' };
      }
      sent.push(`Get ${id}`);
      return { SecretString: values[id] };
    },
  } as unknown as SecretsManagerClient;
  return {
    client,
    values,
    sent,
    failPuts: () => {
      failPut = true;
    },
  };
}

describe('Secrets Manager store', () => {
  it('PutSecretValue under the prefix; the cache then holds the new value; fresh reads bypass the cache', async () => {
    const stub = secretsManagerStub({ 'pulse/prod/tiktok/o1': '{"accessToken":"act.1"}' });
    const provider = new SecretsManagerSecretProvider(stub.client, 'pulse/prod/', 60_000, () => 0);
    expect(await provider.getSecret('tiktok/o1')).toBe('{"accessToken":"act.1"}');
    await provider.putSecret('tiktok/o1', ROTATED);
    expect(stub.values['pulse/prod/tiktok/o1']).toBe(ROTATED);
    expect(await provider.getSecret('tiktok/o1')).toBe(ROTATED);
    expect(stub.sent).toEqual(['Get pulse/prod/tiktok/o1', 'Put pulse/prod/tiktok/o1']);
    // Another writer changes the secret: a cached read misses it, a fresh read sees it.
    stub.values['pulse/prod/tiktok/o1'] = '{"accessToken":"act.3"}';
    expect(await provider.getSecret('tiktok/o1')).toBe(ROTATED);
    expect(await provider.getSecret('tiktok/o1', { fresh: true })).toBe('{"accessToken":"act.3"}');
    expect(stub.sent.filter((s) => s.startsWith('Get'))).toHaveLength(2);
  });

  it('a failed write is a SecretWriteError naming the secret, never the value, and drops the cached copy', async () => {
    const stub = secretsManagerStub({ 'p/tiktok/o1': '{"accessToken":"act.1"}' });
    const provider = new SecretsManagerSecretProvider(stub.client, 'p/', 60_000, () => 0);
    await provider.getSecret('tiktok/o1');
    stub.failPuts();
    const error = await provider.putSecret('tiktok/o1', ROTATED).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SecretWriteError);
    expect((error as Error).message).toContain("'tiktok/o1'");
    expect((error as Error).message).toContain('AccessDeniedException');
    expect(`${(error as Error).message} ${JSON.stringify(error)}`).not.toContain('act.2-secret');
    expect(`${(error as Error).message}`).not.toContain('rft.2');
    await provider.getSecret('tiktok/o1');
    expect(stub.sent.filter((s) => s.startsWith('Get'))).toHaveLength(2);
  });
});

describe('file store', () => {
  it('rewrites the file atomically, keeping the other secrets, storing JSON values as objects', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pulse-secret-write-'));
    const path = join(dir, 'secrets.json');
    await writeFile(
      path,
      JSON.stringify({ 'youtube/UC1': 'yt-token', 'tiktok/o1': { accessToken: 'act.1' } }),
    );
    const provider = new FileSecretProvider(path);
    await Promise.all([
      provider.putSecret('tiktok/o1', ROTATED),
      provider.putSecret('instagram/1784', 'IGQ-plain'),
    ]);
    const file = JSON.parse(await readFile(path, 'utf8'));
    expect(file).toEqual({
      'youtube/UC1': 'yt-token',
      'tiktok/o1': { accessToken: 'act.2-secret', refreshToken: 'rft.2-secret' },
      'instagram/1784': 'IGQ-plain',
    });
    expect(JSON.parse(await provider.getSecret('tiktok/o1'))).toEqual(JSON.parse(ROTATED));
    expect(await readdir(dir)).toEqual(['secrets.json']); // no temp file left behind
  });

  it('refuses to overwrite an unreadable file (it would lose every other secret)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pulse-secret-write-'));
    const path = join(dir, 'secrets.json');
    await writeFile(path, '{"youtube/UC1": "yt-tok');
    const error = await new FileSecretProvider(path).putSecret('tiktok/o1', ROTATED).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SecretWriteError);
    expect(await readFile(path, 'utf8')).toBe('{"youtube/UC1": "yt-tok');
  });
});

describe('memory and env stores', () => {
  it('memory keeps the written value; env has no writer at all', async () => {
    const memory = new StaticSecretProvider({ 'tiktok/o1': 'act.1' });
    await memory.putSecret('tiktok/o1', ROTATED);
    expect(await memory.getSecret('tiktok/o1')).toBe(ROTATED);
    expect((new EnvSecretProvider({}) as { putSecret?: unknown }).putSecret).toBeUndefined();
  });
});
