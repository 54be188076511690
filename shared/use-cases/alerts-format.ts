import type { WindowFigures } from '../domain/alert';
import type { AlertNotification } from '../ports/notifier';

/**
 * Human-readable renderings of an alert, shared by every channel so email, Slack and the event bus say the same
 * thing. Texts of comments are never included: only their ids.
 */

const SUBJECT_MAX = 100;

function percent(value: number | null): string {
  return value === null ? 'n/a' : `${(value * 100).toFixed(1)} %`;
}

function signed(value: number | null, digits = 3): string {
  if (value === null) return 'n/a';
  return `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;
}

function figures(label: string, f: WindowFigures): string {
  return `${label}: mean sentiment ${signed(f.mean)}, negative ${percent(f.negativeShare)} of ${f.scoredCount} scored comments`;
}

function who(n: AlertNotification): string {
  return n.handle === null ? `${n.platform} ${n.accountId}` : `${n.platform} @${n.handle}`;
}

/** SNS subjects must be ASCII-ish, single-line and ≤ 100 characters. */
export function alertSubject(n: AlertNotification): string {
  const head =
    n.kind === 'raised' ? `[${n.severity.toUpperCase()}] Sentiment drop` : '[RESOLVED] Sentiment recovered';
  const campaigns = n.campaignIds.length > 0 ? ` (${n.campaignIds.join(', ')})` : '';
  const subject = `${head}: ${who(n)} post ${n.postId}${campaigns}`
    .replace(/[\r\n]+/g, ' ')
    .replace(/[^\x20-\x7E]/g, '?');
  return subject.length <= SUBJECT_MAX ? subject : `${subject.slice(0, SUBJECT_MAX - 3)}...`;
}

/** Plain-text body for email and chat. */
export function alertText(n: AlertNotification): string {
  const e = n.evidence;
  const lines = [
    n.kind === 'raised'
      ? `Comment sentiment dropped on a sponsored post by ${who(n)}.`
      : `Comment sentiment recovered on a sponsored post by ${who(n)}; the alert is resolved.`,
    '',
    `Post: ${n.permalink ?? `${n.platform} post ${n.postId}`}`,
    `Campaigns: ${n.campaignIds.length > 0 ? n.campaignIds.join(', ') : 'none recorded'}`,
    `Severity: ${n.severity}`,
    `Alert id: ${n.alertId} (rule ${n.ruleId}), opened ${n.openedAt}${n.kind === 'resolved' ? `, resolved ${n.occurredAt}` : ''}`,
    '',
    figures(`Recent window ${e.window.startsAt} → ${e.window.endsAt}`, e.window),
    figures(
      `Baseline (creator's organic posts, 30 days: ${e.baseline.organicCount}; this post's early comments: ${e.baseline.earlyCount})`,
      e.baseline,
    ),
    `Negative share: ${percent(e.negativeShareBefore)} before → ${percent(e.negativeShareAfter)} now`,
    `Drop: ${signed(e.drop)} (z = ${e.z === null ? 'n/a' : e.z.toFixed(2)})`,
    `Most negative comment ids: ${e.mostNegativeCommentIds.length > 0 ? e.mostNegativeCommentIds.join(', ') : 'none'}`,
  ];
  return lines.join('\n');
}

/** Machine-readable form (also embedded in the email body and sent as the EventBridge detail). */
export function alertJson(n: AlertNotification): Record<string, unknown> {
  return {
    type: n.kind === 'raised' ? 'sentiment-alert-raised' : 'sentiment-alert-resolved',
    alertId: n.alertId,
    ruleId: n.ruleId,
    severity: n.severity,
    platform: n.platform,
    accountId: n.accountId,
    handle: n.handle,
    postId: n.postId,
    permalink: n.permalink,
    campaignIds: n.campaignIds,
    occurredAt: n.occurredAt,
    openedAt: n.openedAt,
    evidence: n.evidence,
  };
}
