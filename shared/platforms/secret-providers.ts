import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { SecretNotFoundError, type SecretProvider, SecretWriteError } from '../ports/secret-provider';

/** `youtube/UC123` with prefix `PULSE_SECRET_` → `PULSE_SECRET_YOUTUBE_UC123`. */
export function envVarNameFor(secretName: string, prefix = 'PULSE_SECRET_'): string {
  return `${prefix}${secretName.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;
}

/**
 * Reads secrets from environment variables (local runs, CI). Read-only: it has no `putSecret`, so a refreshed
 * token lives only in the process that refreshed it (the token refresher warns once).
 */
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
type SecretFile = z.infer<typeof SecretFileSchema>;

/**
 * Reads a local JSON file `{ "<secret name>": "<value>" | { …json… } }`, re-read on every call so a rotated token
 * written by another process is picked up. Object values are returned as JSON strings. `putSecret` rewrites the
 * whole file atomically (temp file + rename), storing JSON values as objects; writes in this process are
 * serialised, but two processes writing different secrets at the same instant can still lose one update.
 */
export class FileSecretProvider implements SecretProvider {
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {}

  private async readFile(name: string): Promise<SecretFile> {
    try {
      return SecretFileSchema.parse(JSON.parse(await readFile(this.path, 'utf8')));
    } catch (error) {
      // The file's content may hold tokens: report only the path and the kind of failure.
      throw new SecretNotFoundError(name, {
        cause: new Error(`secret file ${this.path} unreadable (${(error as Error).name})`),
      });
    }
  }

  async getSecret(name: string): Promise<string> {
    const value = (await this.readFile(name))[name];
    if (value === undefined) throw new SecretNotFoundError(name);
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  putSecret(name: string, value: string): Promise<void> {
    const write = this.writing.then(async () => {
      let current: SecretFile;
      try {
        current = await this.readFile(name);
      } catch (error) {
        throw new SecretWriteError(name, `secret file ${this.path} unreadable`, { cause: error });
      }
      let stored: SecretFile[string] = value;
      try {
        const parsed = JSON.parse(value) as unknown;
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
          stored = parsed as Record<string, unknown>;
      } catch {
        stored = value;
      }
      const temp = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await writeFile(temp, `${JSON.stringify({ ...current, [name]: stored }, null, 2)}\n`, {
          mode: 0o600,
        });
        await rename(temp, this.path);
      } catch (error) {
        await rm(temp, { force: true }).catch(() => undefined);
        throw new SecretWriteError(name, `writing ${this.path} failed (${(error as Error).name})`);
      }
    });
    // One failed write must not block the next ones.
    this.writing = write.catch(() => undefined);
    return write;
  }
}

/**
 * AWS Secrets Manager, with a short in-memory cache (secret ids are `${prefix}${name}`). `putSecret` writes a new
 * AWSCURRENT version (PutSecretValue) and replaces the cached value, so this process reads its own write.
 */
export class SecretsManagerSecretProvider implements SecretProvider {
  private readonly cache = new Map<string, { value: string; expiresAt: number }>();

  constructor(
    private readonly client: SecretsManagerClient = new SecretsManagerClient({}),
    private readonly prefix = '',
    private readonly cacheTtlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async getSecret(name: string, options?: { readonly fresh?: boolean }): Promise<string> {
    const cached = this.cache.get(name);
    if (options?.fresh !== true && cached !== undefined && cached.expiresAt > this.now()) return cached.value;
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

  async putSecret(name: string, value: string): Promise<void> {
    // Whatever happens, the cached value may be stale now.
    this.cache.delete(name);
    try {
      await this.client.send(
        new PutSecretValueCommand({ SecretId: `${this.prefix}${name}`, SecretString: value }),
      );
    } catch (error) {
      // SDK errors can echo the request; keep only the error's name.
      throw new SecretWriteError(name, `PutSecretValue failed (${(error as Error).name})`);
    }
    this.cache.set(name, { value, expiresAt: this.now() + this.cacheTtlMs });
  }
}

/**
 * An in-memory map, for tests and the local runner wiring the simulator's tokens. `putSecret` replaces the map
 * (rotated tokens are kept for the life of the provider).
 */
export class StaticSecretProvider implements SecretProvider {
  constructor(private secrets: Readonly<Record<string, string>>) {}

  async getSecret(name: string): Promise<string> {
    const value = this.secrets[name];
    if (value === undefined) throw new SecretNotFoundError(name);
    return value;
  }

  async putSecret(name: string, value: string): Promise<void> {
    this.secrets = { ...this.secrets, [name]: value };
  }
}
