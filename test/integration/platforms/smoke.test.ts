import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectUntilStable, emptyCollected, HOUR, type Rig, START, startRig } from './harness';

describe('smoke', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig({ seed: 11, creators: 3 });
  });
  afterAll(async () => rig.sim.close());

  it('collects', async () => {
    const into = emptyCollected();
    const passes = await collectUntilStable(rig, into, new Date(START - 30 * 24 * HOUR).toISOString());
    const truth = rig.sim.groundTruth();
    console.log(passes, into.posts.size, truth.totals, into.comments.length, rig.sim.stats());
    expect(into.posts.size).toBeGreaterThan(0);
  });
});
