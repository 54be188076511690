import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MATURATION_SCHEDULE,
  isDueForPoll,
  postsDueForPoll,
  stageFor,
} from '../../../shared/platforms/maturation';

const H = 3_600_000;
const NOW = Date.parse('2026-11-20T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe('metric maturation schedule', () => {
  it('polls hourly for 48 h, daily to day 30, then stops', () => {
    expect(stageFor(3 * H, DEFAULT_MATURATION_SCHEDULE)?.everyMs).toBe(H);
    expect(stageFor(50 * H, DEFAULT_MATURATION_SCHEDULE)?.everyMs).toBe(24 * H);
    expect(stageFor(31 * 24 * H, DEFAULT_MATURATION_SCHEDULE)).toBeUndefined();
    expect(stageFor(-1, DEFAULT_MATURATION_SCHEDULE)).toBeUndefined();
  });

  it('selects the posts due at now', () => {
    const posts = [
      { postId: 'new-never', publishedAt: ago(2 * H) },
      { postId: 'new-recent', publishedAt: ago(5 * H), lastPolledAt: ago(20 * 60_000) },
      { postId: 'new-due', publishedAt: ago(5 * H), lastPolledAt: ago(H) },
      { postId: 'week-due', publishedAt: ago(7 * 24 * H), lastPolledAt: ago(25 * H) },
      { postId: 'week-recent', publishedAt: ago(7 * 24 * H), lastPolledAt: ago(3 * H) },
      { postId: 'old', publishedAt: ago(40 * 24 * H), lastPolledAt: ago(30 * 24 * H) },
      { postId: 'deleted', publishedAt: ago(H), status: 'deleted' as const },
    ];
    expect(postsDueForPoll(posts, NOW)).toEqual(['week-due', 'new-due', 'new-never']);
  });

  it('is configurable per platform', () => {
    const dense = [{ untilAgeMs: 24 * H, everyMs: 15 * 60_000 }];
    expect(
      isDueForPoll({ postId: 'x', publishedAt: ago(H), lastPolledAt: ago(16 * 60_000) }, NOW, dense),
    ).toBe(true);
    expect(
      isDueForPoll(
        { postId: 'x', publishedAt: ago(H), lastPolledAt: ago(16 * 60_000) },
        NOW,
        DEFAULT_MATURATION_SCHEDULE,
      ),
    ).toBe(false);
  });
});
