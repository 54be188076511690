import { z } from 'zod';
import { type Comment, CommentSchema } from '../domain/comment';
import {
  type MetricValue,
  type UnavailableMetric,
  type UnavailableReason,
  unavailable,
} from '../domain/metric-value';
import type { Platform } from '../domain/platform';
import type { MetricName, MetricSnapshot } from '../domain/post';
import type {
  AuthorKeyer,
  CommentWatermark,
  QuarantinedRecord,
  RawPage,
  ReadNewCommentsResult,
} from '../ports/platform-connector';
import type { CollectThreadsOutput, NormalizedComment } from './comment-watermark';

/** Counts arrive as strings on YouTube (uint64) and as numbers elsewhere; both are accepted. */
export const CountSchema = z
  .union([z.string().regex(/^\d+$/), z.number().int().nonnegative()])
  .transform((value) => Number(value));

/** ISO-8601 as the platforms send it (`Z`, `+00:00`, or Instagram's `+0000`) → UTC `Z` form. */
export const PlatformInstantSchema = z.string().transform((value, ctx) => {
  const normalised = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalised);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    ctx.addIssue({ code: 'custom', message: `not an ISO-8601 instant: ${value.slice(0, 40)}` });
    return z.NEVER;
  }
  return new Date(ms).toISOString();
});

export function allMetrics(value: (name: MetricName) => MetricValue): MetricSnapshot['metrics'] {
  return {
    views: value('views'),
    likes: value('likes'),
    comments: value('comments'),
    shares: value('shares'),
    saves: value('saves'),
    reach: value('reach'),
    impressions: value('impressions'),
  };
}

export function unavailableAll(reason: UnavailableReason, detail?: string): MetricSnapshot['metrics'] {
  return allMetrics(() => unavailable(reason, detail));
}

/** Keys the author, validates against the domain schema, quarantines what fails. */
export function toDomainComments(
  platform: Platform,
  postId: string,
  normalized: readonly NormalizedComment[],
  authorKeyer: AuthorKeyer,
  quarantined: QuarantinedRecord[],
): Comment[] {
  const out: Comment[] = [];
  for (const c of normalized) {
    const comment: Comment = {
      platform,
      commentId: c.commentId,
      postId,
      authorKey: authorKeyer(c.authorId),
      text: c.text,
      publishedAt: new Date(c.publishedAtMs).toISOString(),
      likes: c.likes,
      parentId: c.parentId,
    };
    if (CommentSchema.safeParse(comment).success) out.push(comment);
    else
      quarantined.push({
        platform,
        kind: 'comment',
        reason: 'comment failed domain validation',
        raw: { commentId: c.commentId },
      });
  }
  return out;
}

export const AVAILABLE = { status: 'available' } as const;

/** A comments read that yields nothing (story, comments off, post gone): the watermark stays where it was. */
export function noNewComments(
  watermark: CommentWatermark | null,
  availability: UnavailableMetric,
  quarantined: QuarantinedRecord[],
  rawPages: RawPage[],
): ReadNewCommentsResult {
  const unchanged = watermark ?? { latestAt: null, idsAtLatest: [], openThreads: [] };
  return { comments: [], nextWatermark: unchanged, availability, quarantined, rawPages };
}

/** A comments read that got through: comments keyed and validated (toDomainComments), the new watermark to store. */
export function newComments(
  platform: Platform,
  postId: string,
  threads: CollectThreadsOutput,
  authorKeyer: AuthorKeyer,
  quarantined: QuarantinedRecord[],
  rawPages: RawPage[],
): ReadNewCommentsResult {
  return {
    comments: toDomainComments(platform, postId, threads.comments, authorKeyer, quarantined),
    nextWatermark: threads.nextWatermark,
    availability: AVAILABLE,
    quarantined,
    rawPages,
  };
}

export type CommentAvailability = { readonly status: 'available' } | UnavailableMetric;

/** Collects a paged listing with id dedupe (pages may repeat or shift while we page). */
export function dedupeById<T>(items: readonly T[], id: (item: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const key = id(item);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Adds query parameters, skipping undefined ones. */
export function withQuery(base: string, params: Record<string, string | number | undefined>): string {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
