import type { AlertEvidence } from '../domain/alert';
import type { Platform } from '../domain/platform';

/**
 * An alert notification carries the rule's evidence (shared/domain/alert.ts `AlertEvidence`: window and baseline
 * figures, drop, z, negative shares, the ids — never texts — of the most negative comments) and a link to the
 * post, so a reader can judge the alert without opening a dashboard.
 */
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
