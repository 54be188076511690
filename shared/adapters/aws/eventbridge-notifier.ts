import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { type AlertNotification, type Notifier, NotifyError } from '../../ports/notifier';
import { alertJson } from '../../use-cases/alerts-format';

export const ALERT_EVENT_SOURCE = 'creator-pulse.alerts';

/** Puts one event per alert change on an event bus (rules route them to ticketing, dashboards, …). */
export class EventBridgeNotifier implements Notifier {
  readonly channel = 'eventbridge';

  constructor(
    private readonly eventBusName: string,
    private readonly client: EventBridgeClient = new EventBridgeClient({}),
  ) {}

  async notify(notification: AlertNotification): Promise<void> {
    let failed: number;
    try {
      const result = await this.client.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: this.eventBusName,
              Source: ALERT_EVENT_SOURCE,
              DetailType:
                notification.kind === 'raised' ? 'Sentiment Alert Raised' : 'Sentiment Alert Resolved',
              Detail: JSON.stringify(alertJson(notification)),
              Time: new Date(notification.occurredAt),
            },
          ],
        }),
      );
      failed = result.FailedEntryCount ?? 0;
    } catch (error) {
      throw new NotifyError(this.channel, `PutEvents failed for alert ${notification.alertId}`, {
        cause: error,
      });
    }
    // PutEvents reports per-entry failures in a 200 response; they must not be mistaken for a delivery.
    if (failed > 0)
      throw new NotifyError(this.channel, `PutEvents rejected the event for alert ${notification.alertId}`);
  }
}
