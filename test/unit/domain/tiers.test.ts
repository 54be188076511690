import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TIER_BOUNDARIES,
  DEFAULT_TIER_NAMES,
  FollowerCountError,
  parseTierBoundaries,
  TierBoundariesError,
  tierFor,
  tierRank,
} from '../../../shared/domain/tiers';

describe('tierFor with the default boundaries', () => {
  it('places counts at and around every boundary', () => {
    expect(tierFor(0)).toBe('sub_nano');
    expect(tierFor(999)).toBe('sub_nano');
    expect(tierFor(1_000)).toBe('nano');
    expect(tierFor(9_999)).toBe('nano');
    expect(tierFor(10_000)).toBe('micro');
    expect(tierFor(100_000)).toBe('mid');
    expect(tierFor(499_999)).toBe('mid');
    expect(tierFor(500_000)).toBe('macro');
    expect(tierFor(1_000_000)).toBe('mega');
    expect(tierFor(2_000_000_000)).toBe('mega');
    expect(DEFAULT_TIER_BOUNDARIES.map((boundary) => boundary.tier)).toEqual([...DEFAULT_TIER_NAMES]);
    expect(parseTierBoundaries(DEFAULT_TIER_BOUNDARIES)).toEqual(DEFAULT_TIER_BOUNDARIES);
  });

  it('rejects impossible follower counts', () => {
    expect(() => tierFor(-1)).toThrow(FollowerCountError);
    expect(() => tierFor(Number.NaN)).toThrow(FollowerCountError);
    expect(() => tierFor(Number.POSITIVE_INFINITY)).toThrow(FollowerCountError);
  });

  it('property: monotone — more followers never means a smaller tier', () => {
    fc.assert(
      fc.property(fc.nat({ max: 5_000_000_000 }), fc.nat({ max: 5_000_000_000 }), (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(tierRank(tierFor(low))).toBeLessThanOrEqual(tierRank(tierFor(high)));
      }),
    );
  });
});

describe('custom boundaries', () => {
  const hypeAuditor = [
    { tier: 't0', minFollowers: 0, maxFollowers: 1_000 },
    { tier: 't1', minFollowers: 1_000, maxFollowers: 5_000 },
    { tier: 't2', minFollowers: 5_000, maxFollowers: 20_000 },
    { tier: 't3', minFollowers: 20_000, maxFollowers: 100_000 },
    { tier: 't4', minFollowers: 100_000, maxFollowers: 1_000_000 },
    { tier: 't5', minFollowers: 1_000_000, maxFollowers: null },
  ];

  it('accepts a valid scheme and classifies with it', () => {
    const boundaries = parseTierBoundaries(hypeAuditor);
    expect(tierFor(4_999, boundaries)).toBe('t1');
    expect(tierFor(20_000, boundaries)).toBe('t3');
    expect(tierRank('t5', boundaries)).toBe(5);
    expect(tierRank('nope', boundaries)).toBe(-1);
  });

  it.each([
    ['unsorted / overlapping', [hypeAuditor[1], hypeAuditor[0], ...hypeAuditor.slice(2)], /contiguous/],
    ['gap', [{ ...hypeAuditor[0], maxFollowers: 900 }, ...hypeAuditor.slice(1)], /contiguous/],
    ['not starting at 0', hypeAuditor.slice(1), /start at 0/],
    [
      'closed top tier',
      [...hypeAuditor.slice(0, 5), { ...hypeAuditor[5], maxFollowers: 10_000_000 }],
      /open-ended/,
    ],
    [
      'empty range',
      [
        { tier: 'a', minFollowers: 0, maxFollowers: 0 },
        { tier: 'b', minFollowers: 0, maxFollowers: null },
      ],
      /exceed|positive|>0/i,
    ],
    [
      'inverted range',
      [
        { tier: 'a', minFollowers: 10, maxFollowers: 5 },
        { tier: 'b', minFollowers: 5, maxFollowers: null },
      ],
      /exceed/,
    ],
    [
      'duplicate names',
      [
        { tier: 'a', minFollowers: 0, maxFollowers: 5 },
        { tier: 'a', minFollowers: 5, maxFollowers: null },
      ],
      /duplicate/,
    ],
    ['bad name', [{ tier: 'Mega Stars', minFollowers: 0, maxFollowers: null }], /snake_case/],
    ['empty list', [], /too_small|>=1|at least/i],
  ])('rejects %s', (_label, boundaries, message) => {
    expect(() => parseTierBoundaries(boundaries)).toThrow(TierBoundariesError);
    expect(() => parseTierBoundaries(boundaries)).toThrow(message);
  });

  it('reports a count no tier covers when boundaries were not validated', () => {
    expect(() => tierFor(50, [{ tier: 'big', minFollowers: 100, maxFollowers: null }])).toThrow(
      TierBoundariesError,
    );
  });

  it('property: any valid generated scheme is accepted and tierFor is monotone under it', () => {
    const scheme = fc.uniqueArray(fc.integer({ min: 1, max: 10_000_000 }), { maxLength: 8 }).map((cuts) => {
      const sorted = [...cuts].sort((a, b) => a - b);
      const mins = [0, ...sorted];
      return mins.map((min, index) => ({
        tier: `t${index}`,
        minFollowers: min,
        maxFollowers: mins[index + 1] ?? null,
      }));
    });
    fc.assert(
      fc.property(scheme, fc.nat({ max: 20_000_000 }), fc.nat({ max: 20_000_000 }), (raw, a, b) => {
        const boundaries = parseTierBoundaries(raw);
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(tierRank(tierFor(low, boundaries), boundaries)).toBeLessThanOrEqual(
          tierRank(tierFor(high, boundaries), boundaries),
        );
      }),
    );
  });
});
