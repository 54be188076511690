import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { type AlertNotification, type Notifier, NotifyError } from '../../ports/notifier';
import { alertJson, alertSubject, alertText } from '../../use-cases/alerts-format';

/**
 * Publishes alerts to an SNS topic (email subscribers read the subject and text; machine subscribers parse the
 * JSON block at the end). `kind` and `severity` are message attributes so subscriptions can filter.
 * The endpoint comes from `AWS_ENDPOINT_URL_SNS` when set (local stack), never from code.
 */
export class SnsNotifier implements Notifier {
  readonly channel = 'sns';

  constructor(
    private readonly topicArn: string,
    private readonly client: SNSClient = new SNSClient({}),
  ) {}

  async notify(notification: AlertNotification): Promise<void> {
    const body = `${alertText(notification)}\n\n--- machine-readable ---\n${JSON.stringify(alertJson(notification))}`;
    try {
      await this.client.send(
        new PublishCommand({
          TopicArn: this.topicArn,
          Subject: alertSubject(notification),
          Message: body,
          MessageAttributes: {
            kind: { DataType: 'String', StringValue: notification.kind },
            severity: { DataType: 'String', StringValue: notification.severity },
            platform: { DataType: 'String', StringValue: notification.platform },
          },
        }),
      );
    } catch (error) {
      throw new NotifyError(this.channel, `SNS publish failed for alert ${notification.alertId}`, {
        cause: error,
      });
    }
  }
}
