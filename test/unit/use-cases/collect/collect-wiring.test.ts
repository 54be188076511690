import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { describe, expect, it } from 'vitest';
import { InMemoryIdempotencyPersistence } from '../../../../shared/adapters/memory/memory-idempotency';
import { EnvVar } from '../../../../shared/config/resource-names';
import { ConfigError } from '../../../../shared/lambda/config';
import { InMemoryQuotaStateStore } from '../../../../shared/platforms/quota-ledger';
import { StaticSecretProvider } from '../../../../shared/platforms/secret-providers';
import {
  buildCollectCreatorDeps,
  buildScheduleCollectionDeps,
  CollectCreatorEnvSchema,
  connectorsConfigFromEnv,
  simulatedPlatformClock,
  simulatorBaseUrlEnv,
} from '../../../../shared/use-cases/collect-wiring';
import { COLLECT_CREATOR_ENV } from './collect-env';

const env = COLLECT_CREATOR_ENV;

describe('collect wiring', () => {
  it('fails at cold start with every missing variable named, never a value', () => {
    expect(() => buildCollectCreatorDeps({ [EnvVar.rawBucket]: 'raw' })).toThrow(ConfigError);
    try {
      buildCollectCreatorDeps({ [EnvVar.rawBucket]: 'secret-looking-value' });
    } catch (error) {
      expect((error as Error).message).toContain(EnvVar.metricsQueueUrl);
      expect((error as Error).message).toContain(EnvVar.authorHashSecretId);
      expect((error as Error).message).not.toContain('secret-looking-value');
    }
    expect(() => buildScheduleCollectionDeps({})).toThrow(ConfigError);
  });

  it('needs the idempotency table: absent → ConfigError at cold start; present → DynamoDB persistence unless injected', () => {
    const { [EnvVar.idempotencyTable]: _, ...withoutTable } = env;
    expect(() => buildCollectCreatorDeps(withoutTable)).toThrow(new RegExp(`${EnvVar.idempotencyTable}`));
    expect(() => buildCollectCreatorDeps(withoutTable)).toThrow(ConfigError);
    expect(buildCollectCreatorDeps(env).idempotency).toBeInstanceOf(DynamoDBPersistenceLayer);
    const injected = new InMemoryIdempotencyPersistence();
    expect(buildCollectCreatorDeps(env, { idempotency: injected }).idempotency).toBe(injected);
  });

  it('points the connectors at PULSE_<PLATFORM>_BASE_URL (the simulator locally)', () => {
    const parsed = CollectCreatorEnvSchema.parse({
      ...env,
      ...simulatorBaseUrlEnv('http://127.0.0.1:4010/'),
    });
    expect(connectorsConfigFromEnv(parsed)).toEqual({
      youtube: { baseUrl: 'http://127.0.0.1:4010/youtube/v3' },
      instagram: { baseUrl: 'http://127.0.0.1:4010/instagram' },
      tiktok: { baseUrl: 'http://127.0.0.1:4010/tiktok', businessBaseUrl: 'http://127.0.0.1:4010/tiktok' },
    });
    expect(connectorsConfigFromEnv(CollectCreatorEnvSchema.parse(env))).toEqual({});
  });

  it('builds connectors once per platform with the injected clock, secrets and author key; rejects a short key', async () => {
    const clock = () => new Date('2026-01-01T00:00:00Z');
    const deps = buildCollectCreatorDeps(env, {
      clock,
      secrets: new StaticSecretProvider({}),
      authorHashSecret: 'x'.repeat(32),
      quotaStore: new InMemoryQuotaStateStore(),
    });
    const youtube = await deps.connectorFor('youtube');
    expect(youtube.platform).toBe('youtube');
    expect(await deps.connectorFor('youtube')).toBe(youtube);
    expect((await deps.connectorFor('tiktok')).platform).toBe('tiktok');
    expect(deps.clock()).toEqual(clock());

    const weak = buildCollectCreatorDeps(env, {
      secrets: new StaticSecretProvider({}),
      authorHashSecret: 'short',
    });
    await expect(weak.connectorFor('instagram')).rejects.toThrow(/at least 32/);
  });

  it('under a simulated clock, connector waits return at once and move the platform clock forward', async () => {
    let base = Date.parse('2026-01-01T00:00:00Z');
    const platformClock = simulatedPlatformClock(() => new Date(base));
    await platformClock.sleep(61_000);
    expect(platformClock.now()).toBe(base + 61_000);
    await platformClock.sleep(1_000);
    expect(platformClock.now()).toBe(base + 62_000);
    base += 3_600_000; // the runner's clock moves past the virtual instant and takes over
    expect(platformClock.now()).toBe(base);
  });
});
