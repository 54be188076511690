import { readFile } from 'node:fs/promises';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { SecretNotFoundError, type SecretProvider } from '../ports/secret-provider';

/** `youtube/UC123` with prefix `PULSE_SECRET_` → `PULSE_SECRET_YOUTUBE_UC123`. */
export function envVarNameFor(secretName: string, prefix = 'PULSE_SECRET_'): string {
  return `${prefix}${secretName.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;
}

/** Reads secrets from environment variables (local runs, CI). */
export class EnvSecretProvider implements SecretProvider {
  constructor(
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
    private readonly prefix = 'PULSE_SECRET_',
  ) {}

  async getSecret(name: string): Promise<string> {
    const value = this.env[envVarNameFor(name, this.prefix)];
    if (value === undefined || value === '') throw new SecretNotFoundError(name);
    return value;
  }
}

const SecretFileSchema = z.record(z.string(), z.union([z.string(), z.record(z.string(), z.unknown())]));

/**
 * Reads a local JSON file `{ "<secret name>": "<value>" | { …json… } }`, re-read on every call so a rotated token
 * written by another process is picked up. Object values are returned as JSON strings.
 */
export class FileSecretProvider implements SecretProvider {
  constructor(private readonly path: string) {}

  async getSecret(name: string): Promise<string> {
    let parsed: z.infer<typeof SecretFileSchema>;
    try {
      parsed = SecretFileSchema.parse(JSON.parse(await readFile(this.path, 'utf8')));
    } catch (error) {
      // The file's content may hold tokens: report only the path and the kind of failure.
      throw new SecretNotFoundError(name, {
        cause: new Error(`secret file ${this.path} unreadable (${(error as Error).name})`),
      });
    }
    const value = parsed[name];
    if (value === undefined) throw new SecretNotFoundError(name);
    return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

/** AWS Secrets Manager, with a short in-memory cache (secret ids are `${prefix}${name}`). */
export class SecretsManagerSecretProvider implements SecretProvider {
  private readonly cache = new Map<string, { value: string; expiresAt: number }>();

  constructor(
    private readonly client: SecretsManagerClient = new SecretsManagerClient({}),
    private readonly prefix = '',
    private readonly cacheTtlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async getSecret(name: string): Promise<string> {
    const cached = this.cache.get(name);
    if (cached !== undefined && cached.expiresAt > this.now()) return cached.value;
    const secretId = `${this.prefix}${name}`;
    let value: string | undefined;
    try {
      const response = await this.client.send(new GetSecretValueCommand({ SecretId: secretId }));
      value = response.SecretString;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) throw new SecretNotFoundError(name);
      throw new SecretNotFoundError(name, {
        cause: new Error(`GetSecretValue failed (${(error as Error).name})`),
      });
    }
    if (value === undefined) throw new SecretNotFoundError(name);
    this.cache.set(name, { value, expiresAt: this.now() + this.cacheTtlMs });
    return value;
  }
}

/** A fixed map, for tests and the local runner wiring the simulator's tokens. */
export class StaticSecretProvider implements SecretProvider {
  constructor(private readonly secrets: Readonly<Record<string, string>>) {}

  async getSecret(name: string): Promise<string> {
    const value = this.secrets[name];
    if (value === undefined) throw new SecretNotFoundError(name);
    return value;
  }
}
