import type { SimCreator, SimWorld } from './world';

/** Fault knobs, each a rate in 0..1. Transient ones hit only the first two attempts of a request. */
export interface FaultRates {
  /** 429 (or TikTok Business 200 + code 40100) with Retry-After. */
  readonly rateLimit: number;
  /** 500/503 with the platform's error envelope. */
  readonly serverError: number;
  /** Response delayed by `slowResponseMs` (real time). */
  readonly slow: number;
  /** 200 with a truncated JSON body. */
  readonly malformedJson: number;
  /** Shrinks the budgets: YouTube units/day, Instagram calls/hour, TikTok calls/minute (persistent). */
  readonly quotaExhaustion: number;
  /** Share of creators whose token expires during the first simulated day (persistent until re-authorised). */
  readonly tokenExpiry: number;
  /** Share of posts deleted (YouTube: half made private) 1–36 h after publishing. */
  readonly deletedPosts: number;
  /** A later page repeats the previous page. */
  readonly duplicatePages: number;
  /** A later page starts 1–3 items early (as if new items were inserted at the head). */
  readonly shiftedPages: number;
}

export const NO_FAULTS: FaultRates = {
  rateLimit: 0,
  serverError: 0,
  slow: 0,
  malformedJson: 0,
  quotaExhaustion: 0,
  tokenExpiry: 0,
  deletedPosts: 0,
  duplicatePages: 0,
  shiftedPages: 0,
};

export type FaultKind = keyof FaultRates;

export interface SimQuotaLimits {
  readonly youtubeDailyUnits: number;
  readonly instagramCallsPerHour: number;
  readonly tiktokPerMinute: number;
}

export interface SimResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

export interface SimRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
  readonly now: number;
  readonly creator: SimCreator;
  /** Deterministic per-request fault decision for list paging faults. */
  readonly pageFault: (kind: 'duplicatePages' | 'shiftedPages') => boolean;
  readonly world: SimWorld;
  /** Base URL of this platform's API on the simulator (for Instagram `paging.next`). */
  readonly apiBase: string;
}

/** Offset-based page tokens (opaque to clients). */
export function encodeOffset(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

export function decodeOffset(token: string | null | undefined): number {
  if (!token) return 0;
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const match = /^o:(\d+)$/.exec(text);
  return match ? Number(match[1]) : 0;
}

/**
 * Serves one page starting at `offset`, applying the paging faults: a duplicated page starts one page early,
 * a shifted page 1–3 items early. Either way the next offset continues after what was served, so nothing is
 * skipped; the client sees repeats, as with items inserted at the head during paging.
 */
export function pageOf<T>(
  items: readonly T[],
  offset: number,
  size: number,
  request: SimRequest,
): { page: T[]; nextOffset?: number } {
  let start = Math.min(offset, items.length);
  if (start > 0 && request.pageFault('duplicatePages')) start = Math.max(0, start - size);
  else if (start > 0 && request.pageFault('shiftedPages')) start = Math.max(0, start - 1 - (start % 3));
  const page = items.slice(start, start + size);
  const next = start + page.length;
  return next < items.length ? { page, nextOffset: next } : { page };
}

export function pickFields<T extends Record<string, unknown>>(object: T, fields: string | null): Partial<T> {
  if (!fields) return object;
  const wanted = new Set(topLevelFields(fields));
  const out: Partial<T> = {};
  for (const [key, value] of Object.entries(object))
    if (wanted.has(key)) (out as Record<string, unknown>)[key] = value;
  return out;
}

/** `id,text,replies{id,text}` → `id`, `text`, `replies` (commas inside braces belong to the nested field). */
export function topLevelFields(fields: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of fields) {
    if (char === '{') depth++;
    if (char === '}') depth--;
    if (char === ',' && depth === 0) {
      out.push(current.replace(/\{.*$/s, '').trim());
      current = '';
    } else current += char;
  }
  if (current.trim() !== '') out.push(current.replace(/\{.*$/s, '').trim());
  return out;
}
