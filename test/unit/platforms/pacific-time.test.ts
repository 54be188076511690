import { describe, expect, it } from 'vitest';
import { nextPacificMidnight, pacificDay, pacificOffsetMs } from '../../../shared/platforms/pacific-time';

const at = (iso: string) => Date.parse(iso);
const isoOf = (ms: number) => new Date(ms).toISOString();

describe('Pacific midnight (YouTube quota reset)', () => {
  it('uses UTC−8 in winter and UTC−7 in summer', () => {
    expect(pacificOffsetMs(at('2026-01-15T12:00:00Z'))).toBe(-8 * 3_600_000);
    expect(pacificOffsetMs(at('2026-07-15T12:00:00Z'))).toBe(-7 * 3_600_000);
  });

  it('finds the next midnight in winter and summer', () => {
    expect(isoOf(nextPacificMidnight(at('2026-11-20T14:00:00Z')))).toBe('2026-11-21T08:00:00.000Z');
    expect(isoOf(nextPacificMidnight(at('2026-07-01T12:00:00Z')))).toBe('2026-07-02T07:00:00.000Z');
    // 23:30 PST on Nov 20 is 07:30Z on Nov 21: the reset is half an hour later.
    expect(isoOf(nextPacificMidnight(at('2026-11-21T07:30:00Z')))).toBe('2026-11-21T08:00:00.000Z');
    // Exactly at midnight: the next one, a day later.
    expect(isoOf(nextPacificMidnight(at('2026-11-21T08:00:00Z')))).toBe('2026-11-22T08:00:00.000Z');
  });

  it('handles the DST change days (23 h and 25 h days)', () => {
    // Spring forward on Sun 2026-03-08: midnight before is PST, midnight after is PDT.
    expect(isoOf(nextPacificMidnight(at('2026-03-08T12:00:00Z')))).toBe('2026-03-09T07:00:00.000Z');
    expect(isoOf(nextPacificMidnight(at('2026-03-07T12:00:00Z')))).toBe('2026-03-08T08:00:00.000Z');
    // Fall back on Sun 2026-11-01.
    expect(isoOf(nextPacificMidnight(at('2026-11-01T12:00:00Z')))).toBe('2026-11-02T08:00:00.000Z');
    expect(isoOf(nextPacificMidnight(at('2026-10-31T12:00:00Z')))).toBe('2026-11-01T07:00:00.000Z');
  });

  it('names the Pacific calendar day', () => {
    expect(pacificDay(at('2026-11-21T07:59:59Z'))).toBe('2026-11-20');
    expect(pacificDay(at('2026-11-21T08:00:00Z'))).toBe('2026-11-21');
  });
});
