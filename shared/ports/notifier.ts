import type { Platform } from '../domain/platform';

/**
 * What an alert notification carries: the figures that made the rule fire, the ids (never texts) of the most
 * negative comments, and a link to the post, so a reader can judge the alert without opening a dashboard.
 */
export interface SentimentFigures {
  /** Scored comments in the window (unscored ones are never counted as neutral). */
  readonly scoredCount: number;
  readonly meanCompound: number | null;
  /** Share of scored comments labelled negative, in [0, 1]. */
  readonly negativeShare: number | null;
}

export interface AlertEvidence {
  /** The recent window the rule looked at. */
  readonly window: SentimentFigures & { readonly start: string; readonly end: string };
  /** What the window was compared with (`post_early` = the post's own earlier buckets, `creator_organic` = the creator's organic posts over 30 days). */
  readonly baseline: SentimentFigures & {
    readonly source: string;
    readonly start: string;
    readonly end: string;
  };
  /** Baseline mean − window mean (positive = sentiment fell). */
  readonly drop: number | null;
  /** Standardised drop (drop ÷ standard error), when computable. */
  readonly z: number | null;
  readonly mostNegativeCommentIds: readonly string[];
  /** Any further rule figures (thresholds used, counts), numbers only. */
  readonly extra: Readonly<Record<string, number | string | boolean | null>>;
}

export interface AlertNotification {
  readonly kind: 'raised' | 'resolved';
  readonly alertId: string;
  readonly ruleId: string;
  readonly severity: string;
  readonly platform: Platform;
  readonly accountId: string;
  /** Creator handle when known (public, not personal data of a commenter). */
  readonly handle: string | null;
  readonly postId: string;
  readonly permalink: string | null;
  readonly campaignIds: readonly string[];
  /** When the alert was raised or resolved. */
  readonly occurredAt: string;
  readonly openedAt: string;
  readonly evidence: AlertEvidence;
}

/** The delivery failed; the alert stays "not notified" and the next evaluation retries it (outbox). */
export class NotifyError extends Error {
  override readonly name = 'NotifyError';
  constructor(
    readonly channel: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** One delivery channel (SNS topic, webhook, event bus). Delivering the same notification twice must be avoided by the caller. */
export interface Notifier {
  /** Stable channel name, recorded per alert once delivered (e.g. `sns`, `webhook`, `eventbridge`). */
  readonly channel: string;
  notify(notification: AlertNotification): Promise<void>;
}
