import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AlertState,
  alertIdFor,
  emptyStats,
  type SentimentWindowStats,
} from '../../../shared/domain/alert';
import {
  type AlertRuleInput,
  AlertRuleOptionsError,
  DEFAULT_ALERT_RULE_OPTIONS,
  evaluateAlertRule,
  parseAlertRuleOptions,
} from '../../../shared/domain/alert-rule';
import { NEGATIVE_MIX, POSITIVE_MIX, sampleCompounds, seededRandom, statsOf } from './sentiment-fixtures';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-04-10T00:00:00Z');
const at = (hours: number) => new Date(T0 + hours * HOUR).toISOString();

/** Positive baseline: 160 organic comments (mean ≈ +0.45, 15 % negative) and a 40-comment early window. */
const organic = statsOf([...Array(112).fill(0.7), ...Array(24).fill(0), ...Array(24).fill(-0.5)]);
const early = statsOf([...Array(28).fill(0.7), ...Array(6).fill(0), ...Array(6).fill(-0.5)]);
/** A clearly negative window: 20 comments, mean −0.3..−0.4, 65 % negative. */
const negativeCompounds = [...Array(13).fill(-0.7), ...Array(2).fill(0), ...Array(5).fill(0.4)];
const negativeWindow = statsOf(negativeCompounds);

function inputFor(
  stats: SentimentWindowStats,
  previous: AlertState = { state: 'none' },
  hour = 1,
  extra: Partial<AlertRuleInput> = {},
): AlertRuleInput {
  return {
    post: { platform: 'instagram', postId: 'p1', sponsored: true },
    window: { startsAt: at(hour - 1), endsAt: at(hour), stats },
    baseline: { organic, early },
    previous,
    now: at(hour),
    ...extra,
  };
}

describe('raising', () => {
  it('raises on a drop from a positive to a clearly negative mix, with severity and evidence', () => {
    const decision = evaluateAlertRule(
      inputFor(negativeWindow, { state: 'none' }, 1, {
        windowComments: negativeCompounds.map((compound, index) => ({
          commentId: `c${index}`,
          compound: compound - index / 1000,
        })),
      }),
    );
    expect(decision.action).toBe('raise');
    expect(decision.severity).toBe('high');
    expect(decision.alertId).toBe(alertIdFor('instagram', 'p1', at(0)));
    expect(decision.reasons.map((reason) => reason.name)).toEqual([
      'sponsored',
      'window_volume',
      'baseline_volume',
      'drop',
      'z_score',
      'negative_share_increase',
    ]);
    expect(decision.reasons.every((reason) => reason.passed)).toBe(true);
    const { evidence } = decision;
    expect(evidence.baseline).toMatchObject({ scoredCount: 200, organicCount: 160, earlyCount: 40 });
    expect(evidence.baseline.mean).toBeCloseTo(0.415, 12);
    expect(evidence.window.mean).toBeCloseTo(-0.355, 12);
    expect(evidence.drop).toBeCloseTo(0.77, 12);
    expect(evidence.z as number).toBeGreaterThan(5);
    expect(evidence.negativeShareBefore).toBeCloseTo(0.15, 12);
    expect(evidence.negativeShareAfter).toBeCloseTo(0.65, 12);
    expect(evidence.mostNegativeCommentIds).toEqual(['c12', 'c11', 'c10', 'c9', 'c8']);
  });

  it('fires on simulated drops of the scripted size and almost never on stable-mix noise (measured)', () => {
    let raisedOnDrop = 0;
    let raisedOnNoise = 0;
    const trials = 1000;
    for (let seed = 1; seed <= trials; seed += 1) {
      const random = seededRandom(seed);
      const baseline = {
        organic: statsOf(sampleCompounds(random, POSITIVE_MIX, 200)),
        early: statsOf(sampleCompounds(random, POSITIVE_MIX, 40)),
      };
      const dropped = statsOf(sampleCompounds(random, NEGATIVE_MIX, 20));
      if (evaluateAlertRule({ ...inputFor(dropped), baseline }).action === 'raise') raisedOnDrop += 1;
      const stable = statsOf(sampleCompounds(random, POSITIVE_MIX, 20 + Math.floor(random() * 11)));
      if (evaluateAlertRule({ ...inputFor(stable), baseline }).action === 'raise') raisedOnNoise += 1;
    }
    // Measured with these seeds: 998/1000 drops raise, 2/1000 noise windows raise.
    expect(raisedOnDrop / trials).toBeGreaterThan(0.99);
    expect(raisedOnNoise / trials).toBeLessThan(0.01);
  });

  it('explains why it does not raise: volume, baseline, drop, z, negative share, sponsorship', () => {
    const failed = (input: AlertRuleInput) =>
      evaluateAlertRule(input)
        .reasons.filter((reason) => !reason.passed)
        .map((reason) => reason.name);
    expect(failed(inputFor(statsOf(negativeCompounds.slice(0, 19))))).toEqual(['window_volume']);
    expect(
      failed({
        ...inputFor(negativeWindow),
        post: { platform: 'instagram', postId: 'p1', sponsored: false },
      }),
    ).toEqual(['sponsored']);
    expect(
      failed({
        ...inputFor(negativeWindow),
        baseline: { organic: emptyStats(), early: statsOf(Array(10).fill(0.5)) },
      }),
    ).toEqual(['baseline_volume']);
    const noBaseline = evaluateAlertRule({
      ...inputFor(negativeWindow),
      baseline: { organic: emptyStats(), early: emptyStats() },
    });
    expect(noBaseline.evidence).toMatchObject({ drop: null, z: null, negativeShareBefore: null });
    expect(noBaseline.reasons.find((reason) => reason.name === 'drop')).toMatchObject({
      observed: null,
      passed: false,
    });
    // A mild dip: every comment slightly less positive.
    expect(failed(inputFor(statsOf(Array(25).fill(0.3))))).toEqual([
      'drop',
      'z_score',
      'negative_share_increase',
    ]);
    // Big drop in mean, but all neutral: no rise of negatives.
    expect(failed(inputFor(statsOf(Array(25).fill(0))))).toEqual(['negative_share_increase']);
    // Drop large but noisy against a wide baseline with a small window → not significant.
    const wide = { organic: statsOf([...Array(10).fill(1), ...Array(10).fill(-1)]), early: emptyStats() };
    expect(
      failed({ ...inputFor(statsOf([...Array(12).fill(-1), ...Array(8).fill(1)])), baseline: wide }),
    ).toEqual(['drop', 'z_score', 'negative_share_increase']);
  });

  it('keeps the most negative comment ids as evidence, ties by id, positives never', () => {
    const decision = evaluateAlertRule(
      inputFor(negativeWindow, { state: 'none' }, 1, {
        windowComments: [
          { commentId: 'b', compound: -0.9 },
          { commentId: 'a', compound: -0.9 },
          { commentId: 'c', compound: 0.8 },
          { commentId: 'd', compound: -0.2 },
        ],
        options: { evidenceCommentCount: 2 },
      }),
    );
    expect(decision.evidence.mostNegativeCommentIds).toEqual(['a', 'b']);
    expect(evaluateAlertRule(inputFor(negativeWindow)).evidence.mostNegativeCommentIds).toEqual([]);
  });

  it('floors the baseline spread so a constant baseline does not make every wobble significant', () => {
    const constant = { organic: statsOf(Array(100).fill(0.5)), early: emptyStats() };
    const decision = evaluateAlertRule({ ...inputFor(negativeWindow), baseline: constant });
    expect(decision.evidence.baseline.stdDev).toBeCloseTo(0, 6);
    expect(decision.evidence.z as number).toBeCloseTo(0.855 / (0.05 * Math.sqrt(1 / 20 + 1 / 100)), 6);
  });

  it('grades severity by the size of the drop', () => {
    const severityOf = (compounds: number[]) => evaluateAlertRule(inputFor(statsOf(compounds))).severity;
    expect(severityOf([...Array(10).fill(-0.2), ...Array(10).fill(0.3)])).toBe('low');
    expect(severityOf([...Array(12).fill(-0.4), ...Array(8).fill(0.5)])).toBe('medium');
    expect(severityOf(negativeCompounds)).toBe('high');
    expect(severityOf(Array(20).fill(-0.6))).toBe('critical');
  });

  it('property: never raises below the minimum number of scored comments', () => {
    // Mostly negative compounds so that windows above the minimum do raise sometimes.
    const compounds = fc.array(
      fc.integer({ min: -1000, max: 200 }).map((v) => v / 1000),
      { maxLength: 45 },
    );
    let raised = 0;
    fc.assert(
      fc.property(compounds, fc.integer({ min: 1, max: 40 }), (window, minWindowCount) => {
        const stats = statsOf(window);
        const decision = evaluateAlertRule({ ...inputFor(stats), options: { minWindowCount } });
        if (decision.action === 'raise') raised += 1;
        if (stats.scoredCount < minWindowCount) expect(decision.action).toBe('none');
        expect(decision.reasons.find((reason) => reason.name === 'window_volume')).toMatchObject({
          observed: stats.scoredCount,
          threshold: minWindowCount,
        });
      }),
      { numRuns: 300 },
    );
    expect(raised).toBeGreaterThan(0);
  });
});

describe('one alert per drop, resolve with hysteresis, cooldown', () => {
  const open: AlertState = { state: 'open', alertId: alertIdFor('instagram', 'p1', at(0)), openedAt: at(1) };

  it('does not raise again while open, even when sentiment gets worse', () => {
    const decision = evaluateAlertRule(inputFor(statsOf(Array(40).fill(-0.9)), open, 2));
    expect(decision).toMatchObject({ action: 'none', alertId: open.state === 'open' ? open.alertId : '' });
    expect(decision.reasons.map((reason) => [reason.name, reason.passed])).toEqual([
      ['resolve_volume', true],
      ['recovered', false],
    ]);
  });

  it('resolves only after recovering to within 0.1 of the baseline with enough comments', () => {
    const recovered = statsOf([...Array(14).fill(0.7), ...Array(3).fill(0), ...Array(3).fill(-0.5)]);
    expect(evaluateAlertRule(inputFor(recovered, open, 5)).action).toBe('resolve');
    const partly = statsOf([...Array(10).fill(0.5), ...Array(10).fill(0)]);
    expect(evaluateAlertRule(inputFor(partly, open, 5)).action).toBe('none');
    const quiet = statsOf(Array(5).fill(0.6));
    expect(evaluateAlertRule(inputFor(quiet, open, 5)).reasons.find((reason) => !reason.passed)?.name).toBe(
      'resolve_volume',
    );
  });

  it('waits out the cooldown after a resolve, then raises a new alert with a new id', () => {
    const resolved: AlertState = { ...open, state: 'resolved', resolvedAt: at(5) } as AlertState;
    const during = evaluateAlertRule(inputFor(negativeWindow, resolved, 20));
    expect(during.action).toBe('none');
    expect(during.reasons.at(-1)).toEqual({
      name: 'cooldown',
      observed: 15,
      threshold: 24,
      comparison: '>=',
      passed: false,
    });
    const after = evaluateAlertRule(inputFor(negativeWindow, resolved, 30));
    expect(after.action).toBe('raise');
    expect(after.alertId).toBe(alertIdFor('instagram', 'p1', at(29)));
    expect(after.alertId).not.toBe(open.state === 'open' && open.alertId);
  });

  it('property: a drop that persists over any number of windows raises exactly once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 20, max: 60 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 1000 }),
        (windowSizes, seed) => {
          const random = seededRandom(seed);
          let state: AlertState = { state: 'none' };
          let raises = 0;
          windowSizes.forEach((size, index) => {
            // Deeply negative windows: every one of them would raise on its own.
            const stats = statsOf(sampleCompounds(random, { negative: 0.9, neutral: 0.1 }, size));
            const decision = evaluateAlertRule(inputFor(stats, state, index + 1));
            if (decision.action === 'raise') {
              raises += 1;
              state = { state: 'open', alertId: decision.alertId as string, openedAt: at(index + 1) };
            }
            expect(decision.action).not.toBe('resolve');
          });
          expect(raises).toBe(1);
        },
      ),
    );
  });

  it('property: over any sequence of good and bad windows, raises are separated by a resolve and the cooldown', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 60 }), (badWindows) => {
        let state: AlertState = { state: 'none' };
        let lastResolveHour: number | undefined;
        badWindows.forEach((bad, index) => {
          const hour = (index + 1) * 4;
          const stats = bad
            ? negativeWindow
            : statsOf([...Array(14).fill(0.7), ...Array(3).fill(0), ...Array(3).fill(-0.5)]);
          const decision = evaluateAlertRule(inputFor(stats, state, hour));
          if (decision.action === 'raise') {
            expect(state.state).not.toBe('open');
            if (lastResolveHour !== undefined) expect(hour - lastResolveHour).toBeGreaterThanOrEqual(24);
            state = { state: 'open', alertId: decision.alertId as string, openedAt: at(hour) };
          } else if (decision.action === 'resolve') {
            expect(state.state).toBe('open');
            lastResolveHour = hour;
            state = {
              state: 'resolved',
              alertId: decision.alertId as string,
              openedAt: at(hour),
              resolvedAt: at(hour),
            };
          }
        });
      }),
    );
  });
});

describe('options', () => {
  it('fills defaults and validates overrides', () => {
    expect(parseAlertRuleOptions(undefined)).toEqual(DEFAULT_ALERT_RULE_OPTIONS);
    expect(DEFAULT_ALERT_RULE_OPTIONS).toMatchObject({
      minDrop: 0.3,
      minZ: 2.5,
      minWindowCount: 20,
      cooldownHours: 24,
      resolveWithin: 0.1,
    });
    expect(parseAlertRuleOptions({ minDrop: 0.4 }).minDrop).toBe(0.4);
    expect(() => parseAlertRuleOptions({ minWindowCount: 0 })).toThrow(AlertRuleOptionsError);
    expect(() => parseAlertRuleOptions({ minDrop: 'big' })).toThrow(/minDrop/);
  });
});
