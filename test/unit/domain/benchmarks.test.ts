import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BENCHMARKS,
  BenchmarkSchema,
  benchmarksFor,
  median,
  quantile,
  StatisticsInputError,
  summarize,
} from '../../../shared/domain/benchmarks';
import { parseDefinitionId } from '../../../shared/domain/engagement';
import { DEFAULT_TIER_NAMES } from '../../../shared/domain/tiers';

describe('benchmark table', () => {
  it('every entry is valid, carries a source and a parseable definition id, and uses a known tier', () => {
    expect(BENCHMARKS.length).toBeGreaterThan(10);
    for (const entry of BENCHMARKS) {
      expect(BenchmarkSchema.parse(entry)).toEqual(entry);
      expect(parseDefinitionId(entry.definitionId).denominator).toBe(entry.denominator);
      expect(['all', ...DEFAULT_TIER_NAMES]).toContain(entry.tier);
      expect(entry.high).toBeLessThan(0.2); // fractions, not percent
    }
  });

  it('the schema rejects an entry whose id does not match its definition', () => {
    const [first] = BENCHMARKS;
    expect(BenchmarkSchema.safeParse({ ...first, definitionId: 'er_views:likes+comments' }).success).toBe(
      false,
    );
    expect(BenchmarkSchema.safeParse({ ...first, low: 0.5, high: 0.1 }).success).toBe(false);
  });

  it('filters by platform, tier (with all-size entries) and definition, never mixing denominators', () => {
    const nano = benchmarksFor('instagram', 'nano', 'er_followers:likes+comments');
    expect(nano.length).toBeGreaterThan(3);
    expect(nano.every((entry) => entry.denominator === 'followers')).toBe(true);
    expect(nano.some((entry) => entry.tier === 'all')).toBe(true);
    const tiktok = benchmarksFor('tiktok', 'mega');
    expect(tiktok.every((entry) => entry.denominator === 'views' && entry.platform === 'tiktok')).toBe(true);
    expect(benchmarksFor('instagram', 'nano', 'er_impressions:likes+comments')).toHaveLength(1);
    expect(benchmarksFor('youtube', 'micro')).toEqual([]);
  });
});

describe('statistics', () => {
  it('computes type-7 quantiles like R / NumPy', () => {
    const values = [10, 1, 4, 2, 3];
    expect(quantile(values, 0.25)).toBe(2);
    expect(quantile(values, 0.1)).toBeCloseTo(1.4, 12);
    expect(quantile(values, 0.9)).toBeCloseTo(7.6, 12);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([], 0.5)).toBeUndefined();
    expect(summarize([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual({
      count: 10,
      min: 1,
      p10: 1.9,
      p25: 3.25,
      p50: 5.5,
      median: 5.5,
      p75: 7.75,
      p90: 9.1,
      max: 10,
      iqr: 4.5,
      mean: 5.5,
    });
    expect(summarize([])).toBeUndefined();
  });

  it('rejects non-finite values and probabilities outside [0, 1]', () => {
    expect(() => summarize([1, Number.NaN])).toThrow(StatisticsInputError);
    expect(() => quantile([1], 1.5)).toThrow(StatisticsInputError);
    expect(() => quantile([1], Number.NaN)).toThrow(StatisticsInputError);
  });

  const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 });

  it('property: min ≤ p10 ≤ p25 ≤ median ≤ p75 ≤ p90 ≤ max, IQR ≥ 0, count preserved', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 200 }), (values) => {
        const summary = summarize(values);
        if (summary === undefined) throw new Error('expected a summary');
        expect(summary.count).toBe(values.length);
        const chain = [
          summary.min,
          summary.p10,
          summary.p25,
          summary.median,
          summary.p75,
          summary.p90,
          summary.max,
        ];
        for (let i = 1; i < chain.length; i += 1)
          expect(chain[i]).toBeGreaterThanOrEqual(chain[i - 1] as number);
        expect(summary.iqr).toBeGreaterThanOrEqual(0);
        // `+ 0` folds -0 into 0, as the statistics do.
        expect(summary.min).toBe(Math.min(...values) + 0);
        expect(summary.max).toBe(Math.max(...values) + 0);
      }),
    );
  });

  it('treats -0 like 0, whatever the input order', () => {
    expect(Object.is(quantile([0, -0], 0), 0)).toBe(true);
    expect(Object.is(quantile([-0, 0], 1), 0)).toBe(true);
  });

  it('property: quantiles are monotone in p and invariant to input order', () => {
    fc.assert(
      fc.property(
        fc.array(finite, { minLength: 1, maxLength: 100 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, a, b) => {
          const [p, q] = a <= b ? [a, b] : [b, a];
          expect(quantile(values, p) as number).toBeLessThanOrEqual(quantile(values, q) as number);
          expect(quantile([...values].reverse(), p)).toBe(quantile(values, p));
        },
      ),
    );
  });
});
