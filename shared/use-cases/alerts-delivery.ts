import type { AlertNotification, Notifier } from '../ports/notifier';
import { NotifyError } from '../ports/notifier';

/**
 * Outbox delivery of one notification to several channels. The caller records the channels already delivered
 * in the alert item; a retry delivers only the rest, so a channel that has been recorded is never sent the same
 * notification twice (a crash between a send and its record can still repeat that one send: at-least-once).
 */

export interface PendingDelivery {
  readonly kind: AlertNotification['kind'];
  /** The domain alert id the notification is about. */
  readonly alertId: string;
  /** Channel → when it was delivered. */
  readonly delivered: Record<string, string>;
}

export interface DeliveryOutcome {
  readonly delivered: Record<string, string>;
  readonly failures: readonly NotifyError[];
  readonly complete: boolean;
}

/** Sends to every channel not yet delivered, in parallel; never throws (failures are returned). */
export async function deliverPending(
  notifiers: readonly Notifier[],
  pending: PendingDelivery,
  notification: AlertNotification,
  now: () => Date,
): Promise<DeliveryOutcome> {
  const delivered = { ...pending.delivered };
  const todo = notifiers.filter((notifier) => delivered[notifier.channel] === undefined);
  const results = await Promise.allSettled(todo.map((notifier) => notifier.notify(notification)));
  const failures: NotifyError[] = [];
  results.forEach((result, index) => {
    const notifier = todo[index] as Notifier;
    if (result.status === 'fulfilled') delivered[notifier.channel] = now().toISOString();
    else {
      const error = result.reason;
      failures.push(
        error instanceof NotifyError
          ? error
          : new NotifyError(notifier.channel, `${notifier.channel} delivery failed`, { cause: error }),
      );
    }
  });
  return { delivered, failures, complete: failures.length === 0 };
}
