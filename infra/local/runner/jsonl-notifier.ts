import { appendFileSync } from 'node:fs';
import type { AlertNotification, Notifier } from '../../../shared/ports/notifier';

/**
 * Local delivery channel: one JSON line per notification in `alerts.jsonl`, plus an in-memory list the runner
 * prints in its summary. On AWS the same notifications go to SNS (email), a webhook and EventBridge.
 */
export class JsonlFileNotifier implements Notifier {
  readonly channel = 'local-file';
  readonly delivered: AlertNotification[] = [];

  constructor(private readonly path: string) {}

  async notify(notification: AlertNotification): Promise<void> {
    appendFileSync(this.path, `${JSON.stringify(notification)}\n`);
    this.delivered.push(notification);
  }
}
