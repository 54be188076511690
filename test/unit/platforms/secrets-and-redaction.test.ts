import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type GetSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { createPlatformConnectors } from '../../../shared/platforms/connectors';
import { InMemoryQuotaStateStore, StoreBackedQuotaLedger } from '../../../shared/platforms/quota-ledger';
import { redactText, redactUrl } from '../../../shared/platforms/redact';
import {
  EnvSecretProvider,
  envVarNameFor,
  FileSecretProvider,
  SecretsManagerSecretProvider,
  StaticSecretProvider,
} from '../../../shared/platforms/secret-providers';
import { CredentialError, PlatformRequestError } from '../../../shared/ports/platform-connector';
import { SecretNotFoundError } from '../../../shared/ports/secret-provider';

const TOKEN = 'EAAG-super-secret-token-123456';

/** The rejection of `promise` (fails the test when it resolves). */
async function rejectionOf<T>(promise: Promise<unknown>): Promise<T> {
  try {
    await promise;
  } catch (error) {
    return error as T;
  }
  throw new Error('expected a rejection');
}

describe('secret providers', () => {
  it('env: maps the secret name to an env var', async () => {
    expect(envVarNameFor('youtube/UC123-x')).toBe('PULSE_SECRET_YOUTUBE_UC123_X');
    const provider = new EnvSecretProvider({ PULSE_SECRET_TIKTOK_ABC: TOKEN });
    expect(await provider.getSecret('tiktok/abc')).toBe(TOKEN);
    await expect(provider.getSecret('tiktok/none')).rejects.toBeInstanceOf(SecretNotFoundError);
  });

  it('file: reads a JSON map, objects as JSON strings, and never echoes the content on errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pulse-secrets-'));
    const path = join(dir, 'secrets.json');
    await writeFile(path, JSON.stringify({ 'instagram/1784': TOKEN, 'tiktok/x': { accessToken: TOKEN } }));
    const provider = new FileSecretProvider(path);
    expect(await provider.getSecret('instagram/1784')).toBe(TOKEN);
    expect(JSON.parse(await provider.getSecret('tiktok/x'))).toEqual({ accessToken: TOKEN });
    await writeFile(path, `{"broken": "${TOKEN}"`);
    const error = await rejectionOf<Error>(provider.getSecret('instagram/1784'));
    expect(error).toBeInstanceOf(SecretNotFoundError);
    expect(`${error.message} ${String((error.cause as Error).message)}`).not.toContain(TOKEN);
  });

  it('Secrets Manager: GetSecretValue with a prefix, cached, not-found mapped', async () => {
    const sent: string[] = [];
    const client = {
      send: async (command: GetSecretValueCommand) => {
        const id = command.input.SecretId ?? '';
        sent.push(id);
        if (id.endsWith('missing')) throw new ResourceNotFoundException({ message: 'nope', $metadata: {} });
        return { SecretString: TOKEN };
      },
    } as unknown as SecretsManagerClient;
    let now = 0;
    const provider = new SecretsManagerSecretProvider(client, 'pulse/prod/', 1_000, () => now);
    expect(await provider.getSecret('youtube/UC1')).toBe(TOKEN);
    expect(await provider.getSecret('youtube/UC1')).toBe(TOKEN);
    expect(sent).toEqual(['pulse/prod/youtube/UC1']);
    now = 2_000;
    await provider.getSecret('youtube/UC1');
    expect(sent).toHaveLength(2);
    await expect(provider.getSecret('missing')).rejects.toBeInstanceOf(SecretNotFoundError);
  });
});

describe('tokens never appear in errors or archived URLs', () => {
  it('redacts credential parameters and bearer tokens', () => {
    expect(
      redactUrl(`https://graph.instagram.com/v23.0/1/media?fields=id&access_token=${TOKEN}`),
    ).not.toContain(TOKEN);
    expect(
      redactText(`GET https://x/y?access_token=${TOKEN} Authorization: Bearer ${TOKEN}`, []),
    ).not.toContain(TOKEN);
    expect(redactText(`boom ${TOKEN}`, [TOKEN])).toBe('boom [redacted]');
  });

  function connectorsWith(
    fetchImpl: typeof fetch,
    secrets = new StaticSecretProvider({ 'instagram/1784': TOKEN, 'youtube/UC1': TOKEN }),
  ) {
    const clock = {
      now: () => Date.parse('2026-11-20T12:00:00Z'),
      sleep: async () => undefined,
      random: () => 0,
    };
    return createPlatformConnectors(
      {
        secrets,
        ledger: new StoreBackedQuotaLedger(new InMemoryQuotaStateStore()),
        authorKeyer: (id) => `k${id}`.padEnd(16, '0'),
        clock,
        fetch: fetchImpl,
        retryPolicy: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 10 },
      },
      { instagram: { baseUrl: 'http://platform.invalid' }, youtube: { baseUrl: 'http://platform.invalid' } },
    );
  }

  it('network errors that quote the URL are redacted, message and cause', async () => {
    const failing = (async (url: string | URL | Request) => {
      throw new TypeError(`fetch failed for ${String(url)}`, {
        cause: new Error(`connect ECONNREFUSED ${String(url)}`),
      });
    }) as typeof fetch;
    const error = await rejectionOf<PlatformRequestError>(
      connectorsWith(failing).instagram.readFollowerCount({ platform: 'instagram', accountId: '1784' }),
    );
    expect(error).toBeInstanceOf(PlatformRequestError);
    const everything = `${error.message} ${error.stack} ${JSON.stringify(error)} ${(error.cause as Error).message} ${((error.cause as Error).cause as Error)?.message}`;
    expect(everything).toContain('[redacted]');
    expect(everything).not.toContain(TOKEN);
  });

  it('an expired token is a CredentialError without the token; a missing secret too', async () => {
    const expired = (async () =>
      new Response(
        JSON.stringify({
          error: {
            message: `Error validating access token ${TOKEN}`,
            type: 'OAuthException',
            code: 190,
            error_subcode: 463,
          },
        }),
        { status: 400 },
      )) as typeof fetch;
    const error = await rejectionOf<CredentialError>(
      connectorsWith(expired).instagram.readFollowerCount({ platform: 'instagram', accountId: '1784' }),
    );
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.reason).toBe('expired');
    expect(error.message).not.toContain(TOKEN);
    const missing = await rejectionOf<CredentialError>(
      connectorsWith(expired).youtube.readFollowerCount({ platform: 'youtube', accountId: 'UC-none' }),
    );
    expect(missing).toBeInstanceOf(CredentialError);
    expect(missing.reason).toBe('missing');
  });
});
