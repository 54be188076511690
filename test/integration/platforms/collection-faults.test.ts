import { afterEach, describe, expect, it } from 'vitest';
import type { FaultRates } from '../../../infra/local/simulator';
import {
  type Collected,
  collectUntilNothingNew,
  collectUntilStable,
  emptyCollected,
  HOUR,
  type Rig,
  START,
  startRig,
} from './harness';

const SINCE = new Date(START - 30 * 24 * HOUR).toISOString();

/** What the simulator says a complete collection must contain, as of its current clock. */
function expectedFrom(rig: Rig) {
  const truth = rig.sim.groundTruth();
  const posts = truth.posts.filter((p) => p.status === 'active');
  const commentIds = posts.filter((p) => !p.commentsDisabled).flatMap((p) => p.commentIds);
  return { posts: posts.map((p) => p.postId).sort(), commentIds: commentIds.sort() };
}

function assertExact(rig: Rig, into: Collected) {
  const expected = expectedFrom(rig);
  const collectedPostIds = [...into.posts.values()]
    .filter((p) => p.status === 'active')
    .map((p) => p.postId)
    .sort();
  expect(collectedPostIds).toEqual(expected.posts);
  const ids = into.comments.map((c) => c.commentId);
  expect(new Set(ids).size).toBe(ids.length); // none duplicated
  expect([...ids].sort()).toEqual(expected.commentIds); // none lost
  expect(rig.sim.stats().quotaViolations).toBe(0);
}

describe('collection against the simulator over HTTP', () => {
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.sim.close();
    rig = undefined;
  });

  it('collects exactly the simulated posts and comments with no faults', async () => {
    rig = await startRig({ seed: 21, creators: 3 });
    const into = emptyCollected();
    await collectUntilStable(rig, into, SINCE);
    assertExact(rig, into);
    expect(into.comments.length).toBeGreaterThan(100);
    // Real shapes came through: YouTube counts are strings on the wire, authors are keyed, never raw.
    const comment = into.comments[0];
    expect(comment?.authorKey).toMatch(/^[0-9a-f]{64}$/);
  });

  const transientKnobs: (keyof FaultRates)[] = [
    'rateLimit',
    'serverError',
    'malformedJson',
    'duplicatePages',
    'shiftedPages',
    'slow',
  ];
  for (const knob of transientKnobs) {
    it(`ends exact with the ${knob} fault on`, async () => {
      rig = await startRig({
        seed: 22,
        creators: 3,
        faults: { [knob]: knob === 'slow' ? 0.12 : 0.35 },
        slowResponseMs: 250,
        requestTimeoutMs: knob === 'slow' ? 100 : 2_000,
      });
      const into = emptyCollected();
      await collectUntilStable(rig, into, SINCE);
      assertExact(rig, into);
      expect(rig.sim.stats().faultsInjected[knob] ?? 0).toBeGreaterThan(0);
    });
  }

  it('ends exact with every fault knob on at once (persistent ones excepted)', async () => {
    rig = await startRig({
      seed: 23,
      creators: 3,
      faults: {
        rateLimit: 0.2,
        serverError: 0.2,
        malformedJson: 0.2,
        duplicatePages: 0.3,
        shiftedPages: 0.3,
      },
    });
    const into = emptyCollected();
    await collectUntilStable(rig, into, SINCE);
    assertExact(rig, into);
  });

  it('defers to the reset when budgets are shrunk, never exceeding them', async () => {
    // Late enough that every comment has arrived: quota waits move the clock, the content stays put.
    rig = await startRig({
      seed: 24,
      creators: 3,
      faults: { quotaExhaustion: 1 },
      at: START + 13 * 24 * HOUR,
    });
    const limits = rig.sim.quotaLimits();
    expect(limits).toEqual({ youtubeDailyUnits: 40, instagramCallsPerHour: 20, tiktokPerMinute: 6 });
    const into = emptyCollected();
    await collectUntilNothingNew(rig, into, SINCE);
    assertExact(rig, into);
    expect(into.quotaDeferrals.length).toBeGreaterThan(0);
    expect(rig.clock.slept).toBeGreaterThan(0); // TikTok's per-minute window was waited out in-process
  });

  it('stops a creator with an expired token with a CredentialError, and resumes after re-authorisation', async () => {
    rig = await startRig({ seed: 25, creators: 3, faults: { tokenExpiry: 1 }, at: START + 25 * HOUR });
    const into = emptyCollected();
    await collectUntilStable(rig, into, SINCE);
    expect(into.credentialErrors.size).toBe(3);
    for (const [key, error] of into.credentialErrors) {
      expect(error.reason).toBe('expired');
      const token =
        rig.sim.creators().find((c) => `${c.creator.platform}#${c.creator.accountId}` === key)?.accessToken ??
        'x';
      expect(`${error.message} ${JSON.stringify(error)} ${String(error.cause ?? '')}`).not.toContain(token);
    }
    // The creators re-authorise; the new tokens reach the secret store and collection completes exactly.
    const secrets = rig.secrets as unknown as { secrets: Record<string, string> };
    const fresh: Record<string, string> = {};
    for (const c of rig.sim.creators())
      fresh[c.credentialName] = rig.sim.reauthorize(c.creator.platform, c.creator.accountId);
    secrets.secrets = fresh;
    const again = emptyCollected();
    await collectUntilStable(rig, again, SINCE);
    expect(again.credentialErrors.size).toBe(0);
    assertExact(rig, again);
  });

  it('marks deleted and private posts instead of failing', async () => {
    rig = await startRig({ seed: 26, creators: 3, faults: { deletedPosts: 0.5 }, at: START - 12 * HOUR });
    const into = emptyCollected();
    await collectUntilStable(rig, into, SINCE);
    assertExact(rig, into);
    rig.clock.t = START + 30 * HOUR;
    const truth = new Map(rig.sim.groundTruth().posts.map((p) => [p.postId, p]));
    let changed = 0;
    for (const platform of ['youtube', 'instagram', 'tiktok'] as const) {
      const creator = rig.sim.creators().find((c) => c.creator.platform === platform)?.creator;
      if (creator === undefined) continue;
      const posts = [...into.posts.values()].filter(
        (p) => p.accountId === creator.accountId && p.type !== 'story',
      );
      const result = await rig.connectors[platform].readPostMetrics(creator, posts);
      for (const change of result.statusChanges) {
        expect(truth.get(change.postId)?.status).toBe(change.status);
        changed++;
      }
      const expectedChanges = posts.filter((p) =>
        ['deleted', 'private'].includes(truth.get(p.postId)?.status ?? ''),
      );
      expect(result.statusChanges.map((c) => c.postId).sort()).toEqual(
        expectedChanges.map((p) => p.postId).sort(),
      );
      expect(result.snapshots.length + result.statusChanges.length).toBe(posts.length);
    }
    expect(changed).toBeGreaterThan(0);
  });

  it('delivers comments incrementally by watermark, none lost or repeated, as they arrive hour by hour', async () => {
    rig = await startRig({
      seed: 27,
      creators: 3,
      at: START - 2 * HOUR,
      faults: { shiftedPages: 0.2, duplicatePages: 0.2 },
    });
    const into = emptyCollected();
    for (let hour = 0; hour < 14; hour++) {
      await collectUntilStable(rig, into, SINCE);
      rig.clock.t += HOUR;
    }
    await collectUntilStable(rig, into, SINCE);
    assertExact(rig, into);
    // The world shares timestamps between comments, so the boundary rule was exercised.
    const stamps = into.comments.map((c) => `${c.postId}|${c.publishedAt}`);
    expect(new Set(stamps).size).toBeLessThan(stamps.length);
    expect(into.comments.some((c) => c.parentId !== null)).toBe(true);
  });
});
