import { createHash } from 'node:crypto';
import { type Simulator, type SimulatorOptions, startSimulator } from '../../../infra/local/simulator';
import { mulberry32 } from '../../../infra/local/simulator/prng';
import type { Comment } from '../../../shared/domain/comment';
import type { Post } from '../../../shared/domain/post';
import { createPlatformConnectors, simulatorConnectorsConfig } from '../../../shared/platforms/connectors';
import { InMemoryQuotaStateStore, StoreBackedQuotaLedger } from '../../../shared/platforms/quota-ledger';
import type { Clock } from '../../../shared/platforms/retry';
import { StaticSecretProvider } from '../../../shared/platforms/secret-providers';
import {
  type CommentWatermark,
  CredentialError,
  type PlatformConnector,
  QuotaExhaustedError,
} from '../../../shared/ports/platform-connector';

/** A fake clock shared by the simulator and the connectors: sleeping advances it instantly. */
export class TestClock implements Clock {
  slept = 0;
  readonly random: () => number;
  constructor(
    public t: number,
    seed = 7,
  ) {
    this.random = mulberry32(seed);
  }
  now = () => this.t;
  sleep = async (ms: number) => {
    this.slept += ms;
    this.t += ms;
  };
}

export const HOUR = 3_600_000;
export const START = Date.parse('2026-11-20T12:00:00.000Z');

export function authorKeyer(id: string): string {
  return createHash('sha256').update(`test-key|${id}`).digest('hex');
}

export interface Rig {
  sim: Simulator;
  clock: TestClock;
  connectors: Record<'youtube' | 'instagram' | 'tiktok', PlatformConnector>;
  ledger: StoreBackedQuotaLedger;
  secrets: StaticSecretProvider;
}

export async function startRig(
  options: Omit<SimulatorOptions, 'now' | 'startAt'> & { at?: number; requestTimeoutMs?: number },
): Promise<Rig> {
  const clock = new TestClock(options.at ?? START + 2 * HOUR);
  const sim = await startSimulator({ ...options, now: clock.now, startAt: START });
  const limits = sim.quotaLimits();
  const ledger = new StoreBackedQuotaLedger(new InMemoryQuotaStateStore(), {
    youtubeDailyUnits: limits.youtubeDailyUnits,
    instagramMaxUsagePercent: 100,
    instagramDefaultBlockMs: HOUR,
    tiktokPerMinute: limits.tiktokPerMinute,
  });
  const secrets = new StaticSecretProvider(sim.secrets());
  const connectors = createPlatformConnectors(
    { secrets, ledger, authorKeyer, clock, requestTimeoutMs: options.requestTimeoutMs ?? 2_000 },
    simulatorConnectorsConfig(sim.url),
  );
  return { sim, clock, connectors, ledger, secrets };
}

export interface Collected {
  posts: Map<string, Post>;
  comments: Comment[];
  watermarks: Map<string, CommentWatermark>;
  credentialErrors: Map<string, CredentialError>;
  quotaDeferrals: QuotaExhaustedError[];
}

export function emptyCollected(): Collected {
  return {
    posts: new Map(),
    comments: [],
    watermarks: new Map(),
    credentialErrors: new Map(),
    quotaDeferrals: [],
  };
}

/** Runs `step`, deferring to the reset (advancing the clock) whenever the quota is spent. */
async function withDeferral<T>(rig: Rig, into: Collected, step: () => Promise<T>): Promise<T> {
  for (let i = 0; i < 50; i++) {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof QuotaExhaustedError)) throw error;
      into.quotaDeferrals.push(error);
      const resetAt = Date.parse(error.resetAt);
      if (resetAt > rig.clock.t) rig.clock.t = resetAt;
    }
  }
  throw new Error('quota never recovered');
}

/** One collection pass over every simulated creator: posts, metrics, new comments per post. */
export async function collectPass(rig: Rig, into: Collected, since: string): Promise<void> {
  for (const simulated of rig.sim.creators()) {
    const { platform, accountId } = simulated.creator;
    const key = `${platform}#${accountId}`;
    if (into.credentialErrors.has(key)) continue;
    const connector = rig.connectors[platform];
    const ref = { platform, accountId };
    try {
      const listed = await withDeferral(rig, into, () => connector.listRecentPosts(ref, { since }));
      for (const post of listed.posts) into.posts.set(post.postId, post);
      for (const post of listed.posts) {
        if (post.type === 'story') continue;
        const result = await withDeferral(rig, into, () =>
          connector.readNewComments(ref, post, into.watermarks.get(post.postId) ?? null),
        );
        into.watermarks.set(post.postId, result.nextWatermark);
        into.comments.push(...result.comments);
      }
    } catch (error) {
      if (error instanceof CredentialError) into.credentialErrors.set(key, error);
      else throw error;
    }
  }
}

/** Passes until one completes without the clock moving, so the comparison instant is well defined. */
export async function collectUntilStable(
  rig: Rig,
  into: Collected,
  since: string,
  maxPasses = 8,
): Promise<number> {
  for (let pass = 1; pass <= maxPasses; pass++) {
    const before = rig.clock.t;
    await collectPass(rig, into, since);
    if (rig.clock.t === before) return pass;
  }
  throw new Error('collection never reached a pass without clock movement');
}

/** Passes until one adds nothing (for a world whose content no longer changes while quota waits move the clock). */
export async function collectUntilNothingNew(
  rig: Rig,
  into: Collected,
  since: string,
  maxPasses = 6,
): Promise<number> {
  for (let pass = 1; pass <= maxPasses; pass++) {
    const before = into.comments.length + into.posts.size;
    await collectPass(rig, into, since);
    if (into.comments.length + into.posts.size === before) return pass;
  }
  throw new Error('collection kept finding new content');
}
