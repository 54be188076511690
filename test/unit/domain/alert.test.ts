import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AlertDecision,
  AlertSchema,
  AlertTransitionError,
  addScore,
  alertIdFor,
  alertStateOf,
  describeStats,
  emptyStats,
  mergeStats,
  openAlert,
  resolveAlert,
  SentimentWindowStatsSchema,
} from '../../../shared/domain/alert';
import { scored, statsOf } from './sentiment-fixtures';

const compound = fc.integer({ min: -1000, max: 1000 }).map((value) => value / 1000);
const windowStats = fc.array(compound, { maxLength: 40 }).map(statsOf);

describe('SentimentWindowStats', () => {
  it('counts scored comments by label and never counts unscored ones', () => {
    let stats = emptyStats();
    stats = addScore(stats, scored(0.6));
    stats = addScore(stats, scored(-0.4));
    stats = addScore(stats, scored(0));
    stats = addScore(stats, { scored: false, reason: 'unsupported_language', language: 'fi' });
    stats = addScore(stats, { scored: false, reason: 'empty', language: null });
    expect(stats).toEqual({
      scoredCount: 3,
      sumCompound: 0.6 - 0.4,
      sumSquaredCompound: 0.36 + 0.16000000000000003,
      negativeCount: 1,
      positiveCount: 1,
      neutralCount: 1,
    });
    expect(SentimentWindowStatsSchema.parse(stats)).toEqual(stats);
  });

  it('describes mean, sample sd and shares, with nulls instead of invented zeros', () => {
    expect(describeStats(emptyStats())).toEqual({
      scoredCount: 0,
      mean: null,
      stdDev: null,
      negativeShare: null,
      positiveShare: null,
    });
    expect(describeStats(statsOf([0.5]))).toEqual({
      scoredCount: 1,
      mean: 0.5,
      stdDev: null,
      negativeShare: 0,
      positiveShare: 1,
    });
    const two = describeStats(statsOf([1, -1]));
    expect(two.mean).toBe(0);
    expect(two.stdDev).toBeCloseTo(Math.SQRT2, 12);
    expect(two.negativeShare).toBe(0.5);
    expect(describeStats(statsOf([0.3, 0.3, 0.3])).stdDev).toBeCloseTo(0, 6);
  });

  it('property: merge is commutative and associative (counts exactly, sums up to rounding), empty is neutral', () => {
    fc.assert(
      fc.property(windowStats, windowStats, windowStats, (a, b, c) => {
        const left = mergeStats(mergeStats(a, b), c);
        const right = mergeStats(a, mergeStats(b, c));
        const swapped = mergeStats(b, a);
        for (const key of ['scoredCount', 'negativeCount', 'positiveCount', 'neutralCount'] as const) {
          expect(left[key]).toBe(right[key]);
          expect(mergeStats(a, b)[key]).toBe(swapped[key]);
        }
        expect(left.sumCompound).toBeCloseTo(right.sumCompound, 9);
        expect(left.sumSquaredCompound).toBeCloseTo(right.sumSquaredCompound, 9);
        expect(mergeStats(a, b).sumCompound).toBeCloseTo(swapped.sumCompound, 9);
        expect(mergeStats(a, emptyStats())).toEqual(a);
        expect(left.scoredCount).toBe(left.negativeCount + left.positiveCount + left.neutralCount);
      }),
    );
  });

  it('property: merging two windows equals accumulating their comments in one window', () => {
    fc.assert(
      fc.property(fc.array(compound, { maxLength: 30 }), fc.array(compound, { maxLength: 30 }), (xs, ys) => {
        const merged = mergeStats(statsOf(xs), statsOf(ys));
        const whole = statsOf([...xs, ...ys]);
        expect(merged.scoredCount).toBe(whole.scoredCount);
        expect(merged.negativeCount).toBe(whole.negativeCount);
        expect(merged.sumCompound).toBeCloseTo(whole.sumCompound, 9);
      }),
    );
  });
});

describe('alert records', () => {
  const evidence: AlertDecision['evidence'] = {
    window: {
      scoredCount: 20,
      mean: -0.3,
      stdDev: 0.4,
      negativeShare: 0.6,
      positiveShare: 0.3,
      startsAt: '2026-04-10T10:00:00Z',
      endsAt: '2026-04-10T11:00:00Z',
    },
    baseline: {
      scoredCount: 200,
      mean: 0.45,
      stdDev: 0.4,
      negativeShare: 0.15,
      positiveShare: 0.7,
      organicCount: 160,
      earlyCount: 40,
    },
    drop: 0.75,
    z: 7.9,
    negativeShareBefore: 0.15,
    negativeShareAfter: 0.6,
    mostNegativeCommentIds: ['c1'],
  };
  const raise: AlertDecision = {
    action: 'raise',
    reasons: [],
    severity: 'high',
    alertId: 'alert:instagram:p1:2026-04-10T10:00:00.000Z',
    evidence,
  };
  const post = { platform: 'instagram' as const, accountId: 'acc1', postId: 'p1', campaignIds: ['acme'] };

  it('derives a deterministic id from the post and the opening window start', () => {
    expect(alertIdFor('instagram', 'p1', '2026-04-10T10:00:00Z')).toBe(
      'alert:instagram:p1:2026-04-10T10:00:00.000Z',
    );
    expect(alertIdFor('instagram', 'p1', '2026-04-10T12:00:00+02:00')).toBe(
      alertIdFor('instagram', 'p1', '2026-04-10T10:00:00Z'),
    );
  });

  it('opens and resolves alerts, and maps them to rule state', () => {
    const open = openAlert(raise, post, '2026-04-10T11:00:00Z');
    expect(AlertSchema.parse(open)).toEqual(open);
    expect(open).toMatchObject({
      state: 'open',
      severity: 'high',
      campaignIds: ['acme'],
      openedAt: '2026-04-10T11:00:00Z',
    });
    expect(alertStateOf(open)).toEqual({
      state: 'open',
      alertId: raise.alertId,
      openedAt: '2026-04-10T11:00:00Z',
    });
    const resolveDecision: AlertDecision = {
      action: 'resolve',
      reasons: [],
      alertId: raise.alertId,
      evidence,
    };
    const resolved = resolveAlert(open, resolveDecision, '2026-04-11T09:00:00Z');
    expect(AlertSchema.parse(resolved)).toEqual(resolved);
    expect(alertStateOf(resolved)).toEqual({
      state: 'resolved',
      alertId: raise.alertId,
      openedAt: '2026-04-10T11:00:00Z',
      resolvedAt: '2026-04-11T09:00:00Z',
    });
    expect(alertStateOf(undefined)).toEqual({ state: 'none' });
    const { resolvedAt: _dropped, ...withoutTime } = resolved;
    expect(alertStateOf(withoutTime)).toMatchObject({ resolvedAt: '2026-04-10T11:00:00Z' });
  });

  it('refuses impossible transitions', () => {
    expect(() => openAlert({ ...raise, action: 'none' }, post, '2026-04-10T11:00:00Z')).toThrow(
      AlertTransitionError,
    );
    const open = openAlert(raise, post, '2026-04-10T11:00:00Z');
    expect(() => resolveAlert(open, raise, '2026-04-11T00:00:00Z')).toThrow(/cannot resolve/);
    expect(() =>
      resolveAlert(open, { ...raise, action: 'resolve', alertId: 'other' }, '2026-04-11T00:00:00Z'),
    ).toThrow(AlertTransitionError);
  });
});
