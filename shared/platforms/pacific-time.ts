/**
 * YouTube's daily quota resets at midnight America/Los_Angeles. Computed with Intl only (no tz library):
 * the zone offset at an instant is read from `formatToParts`, and the next midnight is found by correcting a
 * UTC guess with the offset in force at that guess (twice, so DST change days come out right).
 */
const PACIFIC = 'America/Los_Angeles';

const formatter = new Intl.DateTimeFormat('en-US', {
  timeZone: PACIFIC,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function pacificWallClock(epochMs: number): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Offset of Pacific time from UTC at `epochMs`, in ms (e.g. −8 h in winter, −7 h in summer). */
export function pacificOffsetMs(epochMs: number): number {
  const w = pacificWallClock(epochMs);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The Pacific calendar day of an instant, `YYYY-MM-DD`. */
export function pacificDay(epochMs: number): string {
  const w = pacificWallClock(epochMs);
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** The first Pacific midnight strictly after `epochMs`, as epoch ms. */
export function nextPacificMidnight(epochMs: number): number {
  const w = pacificWallClock(epochMs);
  const midnightWallAsUtc = Date.UTC(w.year, w.month - 1, w.day + 1, 0, 0, 0);
  let guess = midnightWallAsUtc - pacificOffsetMs(epochMs);
  guess = midnightWallAsUtc - pacificOffsetMs(guess);
  guess = midnightWallAsUtc - pacificOffsetMs(guess);
  return guess;
}
