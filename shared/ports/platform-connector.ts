import type { Comment } from '../domain/comment';
import type { MetricValue, UnavailableMetric } from '../domain/metric-value';
import type { Platform } from '../domain/platform';
import type { MetricSnapshot, Post } from '../domain/post';

/**
 * The one interface every platform connector implements. The use cases (collect-creator) talk only to this;
 * HTTP, paging, quota and credentials stay inside the adapter in `shared/platforms/`.
 */

/** Who to collect for: the platform and the platform's own account id (channel id, IG user id, TikTok open id). */
export interface CreatorRef {
  readonly platform: Platform;
  readonly accountId: string;
  /** Secret name holding this creator's token; defaults to `platformSecretName(platform, accountId)`. */
  readonly credentialName?: string;
}

/** Default secret name of a creator's platform credential (the secret prefix is added by the SecretProvider). */
export function platformSecretName(platform: Platform, accountId: string): string {
  return `${platform}/${accountId}`;
}

/**
 * Default secret name of the platform's OAuth app (`{clientKey|clientId, clientSecret}`) used to refresh creator
 * tokens; a credential may name another one in `clientSecretName`. Never collides with a creator secret, whose
 * first segment is a platform.
 */
export function platformAppSecretName(platform: Platform): string {
  return `app/${platform}`;
}

/** One platform response body exactly as received, so a day can be replayed from the raw zone. */
export interface RawPage {
  readonly platform: Platform;
  /** Logical operation, e.g. `youtube.playlistItems.list`. */
  readonly operation: string;
  /** Request URL with every credential removed. */
  readonly url: string;
  readonly status: number;
  readonly fetchedAt: string;
  readonly body: string;
}

/** An item the platform returned that failed validation; kept with the reason, never silently dropped. */
export interface QuarantinedRecord {
  readonly platform: Platform;
  readonly kind: 'post' | 'metrics' | 'comment' | 'follower' | 'insight' | 'page';
  readonly reason: string;
  readonly raw: unknown;
}

interface Collected {
  readonly quarantined: QuarantinedRecord[];
  readonly rawPages: RawPage[];
}

export interface ListRecentPostsResult extends Collected {
  /** Posts published at or after `since`, deduplicated by id. */
  readonly posts: Post[];
}

export interface PostStatusChange {
  readonly postId: string;
  readonly status: 'deleted' | 'private';
}

export interface ReadPostMetricsResult extends Collected {
  /** One snapshot per post still visible; every metric present as a value or unavailable-with-reason. */
  readonly snapshots: MetricSnapshot[];
  /** Posts that disappeared (deleted) or became private; mark them, stop polling them. Not errors. */
  readonly statusChanges: PostStatusChange[];
  readonly followers: MetricValue;
}

export interface ReadFollowerCountResult extends Collected {
  readonly followers: MetricValue;
  readonly capturedAt: string;
}

/** A top-level comment thread younger than the reply window, with the reply ids already delivered. */
export interface OpenThread {
  readonly threadId: string;
  readonly publishedAt: string;
  readonly replyIds: readonly string[];
}

/**
 * Where incremental comment collection stopped, exact at the boundary: every top-level comment published before
 * `latestAt` was delivered, and at `latestAt` exactly the ids in `idsAtLatest`. Young threads are remembered with
 * their delivered reply ids so late replies are delivered exactly once.
 */
export interface CommentWatermark {
  readonly latestAt: string | null;
  readonly idsAtLatest: readonly string[];
  readonly openThreads: readonly OpenThread[];
}

export const EMPTY_COMMENT_WATERMARK: CommentWatermark = { latestAt: null, idsAtLatest: [], openThreads: [] };

export interface ReadNewCommentsResult extends Collected {
  /** Comments not delivered before, deduplicated by id; `authorKey` already keyed by the injected keyer. */
  readonly comments: Comment[];
  readonly nextWatermark: CommentWatermark;
  /** `available`, or why comments cannot be read (disabled on the post, post gone, no permission). */
  readonly availability: { readonly status: 'available' } | UnavailableMetric;
}

/** Turns a raw platform author id into the stored key (keyed HMAC); raw ids never leave the connector. */
export type AuthorKeyer = (platformAuthorId: string) => string;

export interface PlatformConnector {
  readonly platform: Platform;
  listRecentPosts(creator: CreatorRef, options: { readonly since: string }): Promise<ListRecentPostsResult>;
  readPostMetrics(creator: CreatorRef, posts: readonly Post[]): Promise<ReadPostMetricsResult>;
  readFollowerCount(creator: CreatorRef): Promise<ReadFollowerCountResult>;
  readNewComments(
    creator: CreatorRef,
    post: Post,
    watermark: CommentWatermark | null,
  ): Promise<ReadNewCommentsResult>;
}

/**
 * The credential's budget is spent until `resetAt` (YouTube daily units → next midnight Pacific; Instagram usage
 * → estimated regain time). Do not retry before `resetAt`: park the work (e.g. SQS delay / reschedule).
 */
export class QuotaExhaustedError extends Error {
  override readonly name = 'QuotaExhaustedError';
  constructor(
    readonly platform: Platform,
    readonly credentialKey: string,
    readonly resetAt: string,
    message?: string,
    options?: { cause?: unknown },
  ) {
    super(message ?? `${platform} quota for ${credentialKey} is spent until ${resetAt}`, options);
  }
}

/** The creator's token is missing, expired, revoked or lacks scope: mark the creator `auth_error`, alert, move on. */
export class CredentialError extends Error {
  override readonly name = 'CredentialError';
  constructor(
    readonly platform: Platform,
    readonly accountId: string,
    readonly reason: 'missing' | 'expired' | 'revoked' | 'insufficient_scope',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A request that failed for good (retries exhausted or not retryable). The message never contains tokens. */
export class PlatformRequestError extends Error {
  override readonly name = 'PlatformRequestError';
  constructor(
    readonly platform: Platform,
    readonly operation: string,
    readonly status: number | undefined,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
