import type { Platform } from '../domain/platform';

/**
 * Metric maturation: a post's numbers grow fast at first and then settle, so new posts are re-polled often and
 * old ones rarely, then not at all. Pure: `now` is passed in.
 */
export interface MaturationStage {
  /** The stage applies while the post is younger than this. */
  readonly untilAgeMs: number;
  /** Minimum time between two polls in this stage. */
  readonly everyMs: number;
}

export type MaturationSchedule = readonly MaturationStage[];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Hourly for 48 h, then daily to day 30, then stop. */
export const DEFAULT_MATURATION_SCHEDULE: MaturationSchedule = [
  { untilAgeMs: 48 * HOUR, everyMs: HOUR },
  { untilAgeMs: 30 * DAY, everyMs: DAY },
];

/** Per platform; stories vanish after 24 h on Instagram, so its first stage is denser. */
export const DEFAULT_MATURATION_BY_PLATFORM: Readonly<Record<Platform, MaturationSchedule>> = {
  youtube: DEFAULT_MATURATION_SCHEDULE,
  instagram: DEFAULT_MATURATION_SCHEDULE,
  tiktok: DEFAULT_MATURATION_SCHEDULE,
};

export interface PollCandidate {
  readonly postId: string;
  readonly publishedAt: string;
  readonly lastPolledAt?: string;
  readonly status?: 'active' | 'deleted' | 'private';
}

/** The stage for a post of this age, or undefined once it is past the last stage (no more polling). */
export function stageFor(ageMs: number, schedule: MaturationSchedule): MaturationStage | undefined {
  if (ageMs < 0) return undefined;
  return schedule.find((stage) => ageMs < stage.untilAgeMs);
}

/**
 * Whether a post is due at `now`. A small tolerance (1 % of the interval) keeps a poll that ran a few seconds
 * early from skipping a whole interval.
 */
export function isDueForPoll(post: PollCandidate, now: number, schedule: MaturationSchedule): boolean {
  if (post.status !== undefined && post.status !== 'active') return false;
  const published = Date.parse(post.publishedAt);
  const stage = stageFor(now - published, schedule);
  if (stage === undefined) return false;
  if (post.lastPolledAt === undefined) return true;
  return now - Date.parse(post.lastPolledAt) >= stage.everyMs * 0.99;
}

/** Ids of the posts due for a metrics re-poll at `now`, oldest publish first. */
export function postsDueForPoll(
  posts: readonly PollCandidate[],
  now: number,
  schedule: MaturationSchedule = DEFAULT_MATURATION_SCHEDULE,
): string[] {
  return posts
    .filter((post) => isDueForPoll(post, now, schedule))
    .sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt) || a.postId.localeCompare(b.postId))
    .map((post) => post.postId);
}
