import { describe, expect, it } from 'vitest';
import { followersAt } from '../../../shared/domain/creator';
import {
  available,
  isAvailable,
  MetricValueSchema,
  metricNumber,
  unavailable,
} from '../../../shared/domain/metric-value';

describe('metric values', () => {
  it('keeps unavailable distinct from zero', () => {
    expect(metricNumber(available(0))).toBe(0);
    expect(metricNumber(unavailable('hidden_by_owner'))).toBeUndefined();
    expect(metricNumber(undefined)).toBeUndefined();
    expect(isAvailable(unavailable('retired_metric', 'impressions retired in v22'))).toBe(false);
    expect(unavailable('retired_metric', 'x')).toEqual({
      status: 'unavailable',
      reason: 'retired_metric',
      detail: 'x',
    });
  });

  it('rejects negative or non-finite values at the boundary', () => {
    expect(MetricValueSchema.safeParse({ status: 'available', value: -1 }).success).toBe(false);
    expect(MetricValueSchema.safeParse({ status: 'available', value: Number.NaN }).success).toBe(false);
    expect(MetricValueSchema.safeParse({ status: 'unavailable', reason: 'nope' }).success).toBe(false);
  });
});

describe('followersAt', () => {
  const history = [
    { capturedAt: '2026-01-01T00:00:00Z', followers: 100 },
    { capturedAt: '2026-01-03T00:00:00Z', followers: 300 },
    { capturedAt: '2026-01-02T00:00:00Z', followers: 200 },
  ];
  it('returns the newest observation at or before the instant', () => {
    expect(followersAt(history, '2026-01-02T12:00:00Z')).toBe(200);
    expect(followersAt(history, '2026-01-03T00:00:00Z')).toBe(300);
    expect(followersAt(history, '2025-12-31T00:00:00Z')).toBeUndefined();
  });
});
