import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateEngagementRate,
  definitionIdOf,
  EngagementDefinitionError,
  type EngagementMetric,
  type ErInput,
  type ErSpec,
  engagementRate,
  erDefinition,
  maturityEngagementRate,
  metricVelocity,
  paidPostPerformance,
  parseDefinitionId,
  type TimedErInput,
  velocities,
} from '../../../shared/domain/engagement';
import { available, type MetricValue, unavailable } from '../../../shared/domain/metric-value';
import type { MetricName } from '../../../shared/domain/post';

const LIKES_COMMENTS_BY_FOLLOWERS: ErSpec = { numerator: ['likes', 'comments'], denominator: 'followers' };

function input(values: Partial<Record<MetricName | 'followers', number>>): ErInput {
  const metrics: Partial<Record<MetricName, MetricValue>> = {};
  for (const [name, value] of Object.entries(values)) {
    if (name !== 'followers') metrics[name as MetricName] = available(value);
  }
  return values.followers === undefined ? { metrics } : { metrics, followers: available(values.followers) };
}

function snapshot(
  capturedAt: string,
  values: Partial<Record<MetricName | 'followers', number>>,
): TimedErInput {
  return { ...input(values), capturedAt };
}

const metricValue = fc.oneof(
  fc.integer({ min: 0, max: 10_000_000 }).map((value) => available(value)),
  fc.constantFrom(unavailable('hidden_by_owner'), unavailable('not_returned'), unavailable('retired_metric')),
);
const erInput = fc.record({
  followers: metricValue,
  metrics: fc.record({
    views: metricValue,
    likes: metricValue,
    comments: metricValue,
    shares: metricValue,
    saves: metricValue,
    reach: metricValue,
    impressions: metricValue,
  }),
});
const spec = fc.record({
  numerator: fc.subarray<EngagementMetric>(['likes', 'comments', 'shares', 'saves'], { minLength: 1 }),
  denominator: fc.constantFrom('followers', 'views', 'reach', 'impressions' as const),
});

describe('definitions and ids', () => {
  it('builds stable canonical ids whatever the numerator order', () => {
    expect(
      engagementRate(input({ likes: 1, comments: 1, followers: 10 }), LIKES_COMMENTS_BY_FOLLOWERS)
        .definitionId,
    ).toBe('er_followers:likes+comments');
    const reversed = erDefinition({ numerator: ['saves', 'likes'], denominator: 'reach' }, 'median', {
      maturity: '24h',
    });
    expect(reversed.numerator).toEqual(['likes', 'saves']);
    expect(definitionIdOf(reversed)).toBe('er_reach:likes+saves:median@24h');
    const window = { startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-02-01T00:00:00Z' };
    expect(erDefinition(LIKES_COMMENTS_BY_FOLLOWERS, 'mean', { window }).window).toEqual(window);
  });

  it('parses ids back into definitions and rejects malformed or non-canonical ones', () => {
    fc.assert(
      fc.property(spec, fc.constantFrom('single', 'mean', 'median' as const), (s, aggregation) => {
        const definition = erDefinition(s, aggregation);
        expect(parseDefinitionId(definitionIdOf(definition))).toEqual(definition);
      }),
    );
    expect(parseDefinitionId('er_views:likes@7d')).toEqual({
      numerator: ['likes'],
      denominator: 'views',
      aggregation: 'single',
      maturity: '7d',
    });
    expect(() => parseDefinitionId('likes/followers')).toThrow(EngagementDefinitionError);
    expect(() => parseDefinitionId('er_followers:views')).toThrow(/invalid/);
    expect(() => parseDefinitionId('er_followers:comments+likes')).toThrow(/non-canonical/);
  });

  it('rejects empty, duplicate or foreign numerators and unknown denominators', () => {
    expect(() => erDefinition({ numerator: [], denominator: 'followers' })).toThrow(
      EngagementDefinitionError,
    );
    expect(() => erDefinition({ numerator: ['likes', 'likes'], denominator: 'followers' })).toThrow(
      /non-empty set/,
    );
    expect(() =>
      erDefinition({ numerator: ['views' as EngagementMetric], denominator: 'followers' }),
    ).toThrow(/cannot be an engagement numerator/);
    expect(() => erDefinition({ numerator: ['likes'], denominator: 'fans' as 'followers' })).toThrow(
      /denominator/,
    );
  });
});

describe('engagementRate', () => {
  it('divides the numerator sum by the denominator', () => {
    const result = engagementRate(
      input({ likes: 150, comments: 50, shares: 10, followers: 10_000 }),
      LIKES_COMMENTS_BY_FOLLOWERS,
    );
    expect(result).toMatchObject({ status: 'available', value: 0.02, postCount: 1, excludedCount: 0 });
    expect(
      engagementRate(input({ likes: 30, views: 1_000 }), { numerator: ['likes'], denominator: 'views' }),
    ).toMatchObject({
      value: 0.03,
      definitionId: 'er_views:likes',
    });
  });

  it('is unavailable, never 0 or NaN, when an input is missing or the denominator is 0', () => {
    const hidden: ErInput = {
      followers: available(1000),
      metrics: { likes: unavailable('hidden_by_owner'), comments: available(3) },
    };
    expect(engagementRate(hidden, LIKES_COMMENTS_BY_FOLLOWERS)).toMatchObject({
      status: 'unavailable',
      reason: 'numerator_unavailable',
      detail: 'likes: hidden_by_owner',
    });
    expect(engagementRate(input({ likes: 1, comments: 1 }), LIKES_COMMENTS_BY_FOLLOWERS)).toMatchObject({
      reason: 'denominator_unavailable',
      detail: 'followers: not_returned',
    });
    expect(
      engagementRate(input({ likes: 0, comments: 0, followers: 0 }), LIKES_COMMENTS_BY_FOLLOWERS),
    ).toMatchObject({
      reason: 'denominator_zero',
    });
    const negative: ErInput = {
      followers: available(100),
      metrics: { likes: { status: 'available', value: -5 }, comments: available(1) },
    };
    expect(engagementRate(negative, LIKES_COMMENTS_BY_FOLLOWERS)).toMatchObject({ reason: 'invalid_value' });
    const nanDenominator: ErInput = {
      followers: { status: 'available', value: Number.NaN },
      metrics: { likes: available(1), comments: available(1) },
    };
    expect(engagementRate(nanDenominator, LIKES_COMMENTS_BY_FOLLOWERS)).toMatchObject({
      reason: 'invalid_value',
    });
  });

  it('property: never negative or NaN, and unavailable exactly when an input is', () => {
    fc.assert(
      fc.property(erInput, spec, (value, s) => {
        const result = engagementRate(value, s);
        const denominator = s.denominator === 'followers' ? value.followers : value.metrics[s.denominator];
        const inputMissing =
          s.numerator.some((metric) => value.metrics[metric].status === 'unavailable') ||
          denominator.status === 'unavailable' ||
          denominator.value === 0;
        expect(result.status === 'unavailable').toBe(inputMissing);
        if (result.status === 'available') {
          expect(Number.isFinite(result.value)).toBe(true);
          expect(result.value).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it('property: scaling numerator and denominator by the same factor keeps the ER; scaling the numerator scales it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1, max: 1000 }),
        (likes, comments, followers, factor) => {
          const base = engagementRate(input({ likes, comments, followers }), LIKES_COMMENTS_BY_FOLLOWERS);
          const scaled = engagementRate(
            input({ likes: likes * factor, comments: comments * factor, followers: followers * factor }),
            LIKES_COMMENTS_BY_FOLLOWERS,
          );
          const numeratorScaled = engagementRate(
            input({ likes: likes * factor, comments: comments * factor, followers }),
            LIKES_COMMENTS_BY_FOLLOWERS,
          );
          if (
            base.status !== 'available' ||
            scaled.status !== 'available' ||
            numeratorScaled.status !== 'available'
          ) {
            throw new Error('expected available');
          }
          expect(scaled.value).toBeCloseTo(base.value, 12);
          expect(numeratorScaled.value).toBeCloseTo(base.value * factor, 6);
        },
      ),
    );
  });
});

describe('aggregateEngagementRate', () => {
  const posts = [
    input({ likes: 10, comments: 0, followers: 1000 }),
    input({ likes: 20, comments: 0, followers: 1000 }),
    input({ likes: 90, comments: 0, followers: 1000 }),
    {
      followers: available(1000),
      metrics: { likes: unavailable('hidden_by_owner'), comments: available(1) },
    },
  ];

  it('takes the mean or median of the per-post ERs and counts skipped posts', () => {
    const mean = aggregateEngagementRate(posts, LIKES_COMMENTS_BY_FOLLOWERS, 'mean');
    expect(mean).toMatchObject({
      status: 'available',
      postCount: 3,
      excludedCount: 1,
      definitionId: 'er_followers:likes+comments:mean',
    });
    expect(mean.status === 'available' && mean.value).toBeCloseTo(0.04, 12);
    const median = aggregateEngagementRate(posts, LIKES_COMMENTS_BY_FOLLOWERS, 'median');
    expect(median).toMatchObject({ value: 0.02, definitionId: 'er_followers:likes+comments:median' });
    const even = aggregateEngagementRate(posts.slice(0, 2), LIKES_COMMENTS_BY_FOLLOWERS, 'median');
    expect(even.status === 'available' && even.value).toBeCloseTo(0.015, 12);
  });

  it('is unavailable without posts or without any available post', () => {
    expect(aggregateEngagementRate([], LIKES_COMMENTS_BY_FOLLOWERS, 'mean')).toMatchObject({
      reason: 'no_posts',
    });
    expect(
      aggregateEngagementRate(
        [posts[3] as ErInput, posts[3] as ErInput],
        LIKES_COMMENTS_BY_FOLLOWERS,
        'median',
      ),
    ).toMatchObject({
      reason: 'no_available_posts',
      detail: '2× numerator_unavailable',
    });
  });

  it('property: min ≤ median ≤ max and min ≤ mean ≤ max of the per-post ERs', () => {
    fc.assert(
      fc.property(fc.array(erInput, { minLength: 1, maxLength: 30 }), spec, (inputs, s) => {
        const values = inputs.flatMap((value) => {
          const result = engagementRate(value, s);
          return result.status === 'available' ? [result.value] : [];
        });
        for (const aggregation of ['mean', 'median'] as const) {
          const result = aggregateEngagementRate(inputs, s, aggregation);
          expect(result.status === 'available').toBe(values.length > 0);
          if (result.status === 'available') {
            expect(result.value).toBeGreaterThanOrEqual(Math.min(...values) - 1e-12);
            expect(result.value).toBeLessThanOrEqual(Math.max(...values) + 1e-12);
            expect(result.postCount + result.excludedCount).toBe(inputs.length);
          }
        }
      }),
    );
  });
});

describe('velocity', () => {
  const early = snapshot('2026-03-01T00:00:00Z', { likes: 100, views: 1000, followers: 500 });
  const later = snapshot('2026-03-01T04:00:00Z', { likes: 180, views: 3000, followers: 490 });

  it('gives change per hour per metric, negative when a count fell', () => {
    expect(metricVelocity(early, later, 'likes')).toMatchObject({
      status: 'available',
      perHour: 20,
      delta: 80,
      hours: 4,
    });
    expect(metricVelocity(early, later, 'followers')).toMatchObject({ perHour: -2.5 });
    const all = velocities(early, later);
    expect(all).toHaveLength(8);
    expect(all.find((v) => v.metric === 'views')).toMatchObject({ perHour: 500 });
  });

  it('is unavailable when either side is, or time does not advance', () => {
    expect(metricVelocity(early, later, 'shares')).toMatchObject({
      status: 'unavailable',
      reason: 'metric_unavailable',
      detail: 'earlier: not_returned; later: not_returned',
    });
    const hiddenLater: TimedErInput = {
      ...later,
      metrics: { ...later.metrics, likes: unavailable('hidden_by_owner') },
    };
    expect(metricVelocity(early, hiddenLater, 'likes')).toMatchObject({ detail: 'later: hidden_by_owner' });
    expect(metricVelocity(later, early, 'likes')).toMatchObject({ reason: 'non_increasing_time' });
    expect(metricVelocity(early, early, 'likes')).toMatchObject({ reason: 'non_increasing_time' });
  });
});

describe('maturityEngagementRate', () => {
  const published = '2026-03-01T00:00:00Z';
  const byViews: ErSpec = { numerator: ['likes'], denominator: 'views' };

  it('uses a snapshot taken exactly at the target age', () => {
    const result = maturityEngagementRate(
      published,
      [snapshot('2026-03-02T00:00:00Z', { likes: 50, views: 1000 })],
      byViews,
      '24h',
    );
    expect(result).toMatchObject({ status: 'available', value: 0.05, definitionId: 'er_views:likes@24h' });
  });

  it('interpolates numerator and denominator linearly inside the bracket', () => {
    const snapshots = [
      snapshot('2026-02-28T23:00:00Z', { likes: 999, views: 999 }), // before publishing: ignored
      snapshot('2026-03-01T20:00:00Z', { likes: 40, views: 1000, followers: 1000 }),
      snapshot('2026-03-02T04:00:00Z', { likes: 80, views: 3000, followers: 1100 }),
      snapshot('2026-03-01T10:00:00Z', { likes: 10, views: 200 }),
      snapshot('2026-03-03T00:00:00Z', { likes: 200, views: 9000 }),
    ];
    // Target 24 h is halfway between 20 h and 28 h: likes 60, views 2000, followers 1050.
    expect(maturityEngagementRate(published, snapshots, byViews, '24h')).toMatchObject({ value: 0.03 });
    const byFollowers = maturityEngagementRate(
      published,
      snapshots,
      { numerator: ['likes'], denominator: 'followers' },
      '24h',
    );
    expect(byFollowers.status === 'available' && byFollowers.value).toBeCloseTo(60 / 1050, 12);
  });

  it('is unavailable for young posts, missing brackets, wide brackets and missing metrics', () => {
    const one = [snapshot('2026-03-01T20:00:00Z', { likes: 40, views: 1000 })];
    expect(
      maturityEngagementRate(published, one, byViews, '24h', { now: '2026-03-01T21:00:00Z' }),
    ).toMatchObject({
      reason: 'post_too_young',
    });
    expect(maturityEngagementRate(published, one, byViews, '24h')).toMatchObject({
      reason: 'no_snapshot_bracket',
    });
    expect(
      maturityEngagementRate(
        published,
        [snapshot('2026-03-02T05:00:00Z', { likes: 1, views: 2 })],
        byViews,
        '24h',
      ),
    ).toMatchObject({ reason: 'no_snapshot_bracket' });
    const wide = [
      snapshot('2026-03-01T01:00:00Z', { likes: 1, views: 10 }),
      snapshot('2026-03-05T00:00:00Z', { likes: 9, views: 90 }),
    ];
    expect(maturityEngagementRate(published, wide, byViews, '24h')).toMatchObject({
      reason: 'bracket_too_wide',
    });
    expect(maturityEngagementRate(published, wide, byViews, '24h', { maxBracketHours: 200 })).toMatchObject({
      status: 'available',
    });
    const hidden: TimedErInput[] = [
      {
        capturedAt: '2026-03-01T20:00:00Z',
        metrics: { likes: unavailable('hidden_by_owner'), views: available(10) },
      },
      snapshot('2026-03-02T02:00:00Z', { likes: 5, views: 20 }),
    ];
    expect(maturityEngagementRate(published, hidden, byViews, '24h')).toMatchObject({
      reason: 'numerator_unavailable',
      detail: 'likes: hidden_by_owner',
    });
    const hiddenAfter: TimedErInput[] = [
      snapshot('2026-03-01T20:00:00Z', { likes: 5, views: 20 }),
      {
        capturedAt: '2026-03-02T02:00:00Z',
        metrics: { likes: unavailable('retired_metric'), views: available(30) },
      },
    ];
    expect(maturityEngagementRate(published, hiddenAfter, byViews, '24h')).toMatchObject({
      detail: 'likes: retired_metric',
    });
  });

  it('property: the interpolated ER lies between the ERs of equal-denominator bracket snapshots', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        (likesBefore, extraLikes, hoursBefore, hoursAfter) => {
          const snapshots = [
            snapshot(new Date(Date.parse(published) + (24 - hoursBefore) * 3_600_000).toISOString(), {
              likes: likesBefore,
              followers: 5000,
            }),
            snapshot(new Date(Date.parse(published) + (24 + hoursAfter) * 3_600_000).toISOString(), {
              likes: likesBefore + extraLikes,
              followers: 5000,
            }),
          ];
          const result = maturityEngagementRate(
            published,
            snapshots,
            { numerator: ['likes'], denominator: 'followers' },
            '24h',
          );
          if (result.status !== 'available') throw new Error(result.reason);
          expect(result.value).toBeGreaterThanOrEqual(likesBefore / 5000 - 1e-12);
          expect(result.value).toBeLessThanOrEqual((likesBefore + extraLikes) / 5000 + 1e-12);
        },
      ),
    );
  });
});

describe('paidPostPerformance', () => {
  const organic = [
    input({ likes: 40, followers: 1000 }),
    input({ likes: 50, followers: 1000 }),
    input({ likes: 60, followers: 1000 }),
  ];
  const sponsored = [input({ likes: 30, followers: 1000 }), input({ likes: 50, followers: 1000 })];
  const likesByFollowers: ErSpec = { numerator: ['likes'], denominator: 'followers' };

  it('divides sponsored ER by organic ER with the same definition', () => {
    const result = paidPostPerformance(
      [
        ...organic.map((value) => ({ sponsored: false, input: value })),
        ...sponsored.map((value) => ({ sponsored: true, input: value })),
      ],
      likesByFollowers,
    );
    expect(result).toMatchObject({ status: 'available', definitionId: 'er_followers:likes:median' });
    expect(result.status === 'available' && result.ratio).toBeCloseTo(0.8, 12);
    const mean = paidPostPerformance(
      [
        { sponsored: true, input: input({ likes: 60, followers: 1000 }) },
        ...organic.map((value) => ({ sponsored: false, input: value })),
      ],
      likesByFollowers,
      'mean',
    );
    expect(mean.status === 'available' && mean.ratio).toBeCloseTo(1.2, 12);
  });

  it('is unavailable without sponsored or organic posts, or with a zero organic ER', () => {
    expect(
      paidPostPerformance(
        organic.map((value) => ({ sponsored: false, input: value })),
        likesByFollowers,
      ),
    ).toMatchObject({
      reason: 'sponsored_unavailable',
    });
    expect(
      paidPostPerformance(
        sponsored.map((value) => ({ sponsored: true, input: value })),
        likesByFollowers,
      ),
    ).toMatchObject({
      reason: 'organic_unavailable',
    });
    expect(
      paidPostPerformance(
        [
          { sponsored: true, input: input({ likes: 5, followers: 100 }) },
          { sponsored: false, input: input({ likes: 0, followers: 100 }) },
        ],
        likesByFollowers,
      ),
    ).toMatchObject({ reason: 'organic_zero' });
  });
});
