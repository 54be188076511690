import { type AlertNotification, type Notifier, NotifyError } from '../../ports/notifier';
import type { SecretProvider } from '../../ports/secret-provider';
import { alertSubject, alertText } from '../../use-cases/alerts-format';

const FENCE = '```';

export interface WebhookNotifierOptions {
  /** Secret holding the webhook URL (the URL itself is a credential for Slack-style incoming webhooks). */
  readonly secretName: string;
  readonly secrets: SecretProvider;
  readonly timeoutMs?: number;
  readonly fetchImpl?: typeof fetch;
}

/**
 * Slack-compatible incoming webhook: POST `{ text, blocks }` as JSON. Works with Slack, Mattermost, Rocket.Chat
 * and anything that accepts the same shape. Non-2xx answers and timeouts are delivery failures (retried later).
 * The URL is never logged or put into an error message.
 */
export class WebhookNotifier implements Notifier {
  readonly channel = 'webhook';
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: WebhookNotifierOptions) {
    this.fetchImpl = options.fetchImpl ?? fetch;
  }

  async notify(notification: AlertNotification): Promise<void> {
    let url: string;
    try {
      url = (await this.options.secrets.getSecret(this.options.secretName)).trim();
    } catch (error) {
      throw new NotifyError(this.channel, 'webhook URL secret unavailable', { cause: error });
    }
    const subject = alertSubject(notification);
    const text = alertText(notification);
    const payload = {
      text: `${subject}\n${text}`,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: subject.slice(0, 150) } },
        { type: 'section', text: { type: 'mrkdwn', text: `${FENCE}${text.slice(0, 2_900)}${FENCE}` } },
      ],
    };
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
    } catch (error) {
      throw new NotifyError(this.channel, `webhook request failed (${(error as Error).name})`, {
        cause: error,
      });
    }
    if (!response.ok) {
      throw new NotifyError(this.channel, `webhook answered HTTP ${response.status}`);
    }
  }
}
