import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SNSClient } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { EventBridgeNotifier } from '../../../../shared/adapters/aws/eventbridge-notifier';
import { SnsNotifier } from '../../../../shared/adapters/aws/sns-notifier';
import { WebhookNotifier } from '../../../../shared/adapters/notify/webhook-notifier';
import { type AlertNotification, NotifyError } from '../../../../shared/ports/notifier';
import { SecretNotFoundError } from '../../../../shared/ports/secret-provider';
import { deliverPending } from '../../../../shared/use-cases/alerts-delivery';
import { alertJson, alertSubject, alertText } from '../../../../shared/use-cases/alerts-format';

const figures = { scoredCount: 25, mean: -0.41, stdDev: 0.5, negativeShare: 0.8, positiveShare: 0.2 };
const notification: AlertNotification = {
  kind: 'raised',
  alertId: 'alert:instagram:p2:2026-11-21T07:00:00.000Z',
  ruleId: 'sentiment-drop',
  severity: 'high',
  platform: 'instagram',
  accountId: 'acc-1',
  handle: 'glowgirl',
  postId: 'p2',
  permalink: 'https://www.instagram.com/p/p2/',
  campaignIds: ['acme-spring'],
  occurredAt: '2026-11-21T12:00:00.000Z',
  openedAt: '2026-11-21T12:00:00.000Z',
  evidence: {
    window: { ...figures, startsAt: '2026-11-21T07:00:00.000Z', endsAt: '2026-11-21T12:00:00.000Z' },
    baseline: {
      ...figures,
      mean: 0.38,
      negativeShare: 0.17,
      scoredCount: 54,
      organicCount: 30,
      earlyCount: 24,
    },
    drop: 0.79,
    z: 6.1,
    negativeShareBefore: 0.17,
    negativeShareAfter: 0.8,
    mostNegativeCommentIds: ['c9', 'c4'],
  },
};

function fakeClient<T>(respond: (command: { input: Record<string, unknown> }) => unknown) {
  const calls: Record<string, unknown>[] = [];
  const client = {
    send: async (command: { input: Record<string, unknown> }) => {
      calls.push(command.input);
      return respond(command);
    },
  } as unknown as T;
  return { client, calls };
}

describe('alert formatting', () => {
  it('gives a short single-line subject and a text with the evidence and no comment texts', () => {
    const subject = alertSubject(notification);
    expect(subject).toBe('[HIGH] Sentiment drop: instagram @glowgirl post p2 (acme-spring)');
    expect(alertSubject({ ...notification, postId: 'x'.repeat(200) })).toHaveLength(100);
    const text = alertText(notification);
    expect(text).toContain('https://www.instagram.com/p/p2/');
    expect(text).toContain('Drop: +0.790 (z = 6.10)');
    expect(text).toContain('Most negative comment ids: c9, c4');
    expect(text).toContain('negative 80.0 % of 25 scored comments');
    expect(alertJson({ ...notification, kind: 'resolved' }).type).toBe('sentiment-alert-resolved');
  });
});

describe('SnsNotifier', () => {
  it('publishes subject, text + JSON body and filterable attributes', async () => {
    const { client, calls } = fakeClient<SNSClient>(() => ({ MessageId: '1' }));
    await new SnsNotifier('arn:aws:sns:us-east-1:1:alerts', client).notify(notification);
    expect(calls[0]).toMatchObject({
      TopicArn: 'arn:aws:sns:us-east-1:1:alerts',
      Subject: alertSubject(notification),
      MessageAttributes: { kind: { StringValue: 'raised' }, severity: { StringValue: 'high' } },
    });
    const body = calls[0]?.Message as string;
    const json = JSON.parse(body.slice(body.indexOf('{')));
    expect(json).toMatchObject({ alertId: notification.alertId, evidence: { drop: 0.79 } });
  });

  it('wraps a failure in NotifyError', async () => {
    const { client } = fakeClient<SNSClient>(() => {
      throw new Error('throttled');
    });
    await expect(new SnsNotifier('arn', client).notify(notification)).rejects.toBeInstanceOf(NotifyError);
  });
});

describe('EventBridgeNotifier', () => {
  it('puts one event with the JSON detail and treats a failed entry as a failure', async () => {
    const ok = fakeClient<EventBridgeClient>(() => ({ FailedEntryCount: 0 }));
    await new EventBridgeNotifier('pulse-bus', ok.client).notify(notification);
    const entries = (ok.calls[0]?.Entries ?? []) as Record<string, unknown>[];
    const entry = entries[0];
    expect(entry).toMatchObject({ EventBusName: 'pulse-bus', DetailType: 'Sentiment Alert Raised' });
    expect(JSON.parse(entry?.Detail as string).postId).toBe('p2');
    const rejected = fakeClient<EventBridgeClient>(() => ({ FailedEntryCount: 1 }));
    await expect(new EventBridgeNotifier('pulse-bus', rejected.client).notify(notification)).rejects.toThrow(
      'rejected',
    );
  });
});

describe('WebhookNotifier', () => {
  const secrets = {
    getSecret: async (name: string) => {
      if (name !== 'pulse/webhook') throw new SecretNotFoundError(name);
      return 'https://hooks.example.com/services/T/B/secret-token';
    },
  };

  it('POSTs Slack-compatible JSON to the URL from the secret', async () => {
    const requests: { url: string; body: string }[] = [];
    const fetchImpl = (async (url: string, init: RequestInit) => {
      requests.push({ url, body: init.body as string });
      return new Response('ok', { status: 200 });
    }) as unknown as typeof fetch;
    await new WebhookNotifier({ secretName: 'pulse/webhook', secrets, fetchImpl }).notify(notification);
    expect(requests[0]?.url).toBe('https://hooks.example.com/services/T/B/secret-token');
    const payload = JSON.parse(requests[0]?.body ?? '{}');
    expect(payload.text).toContain('Sentiment drop');
    expect(payload.blocks[0].type).toBe('header');
  });

  it('fails on non-2xx without leaking the URL', async () => {
    const fetchImpl = (async () => new Response('nope', { status: 500 })) as unknown as typeof fetch;
    const error = await new WebhookNotifier({ secretName: 'pulse/webhook', secrets, fetchImpl })
      .notify(notification)
      .catch((e: unknown) => e as NotifyError);
    expect(error).toBeInstanceOf(NotifyError);
    expect((error as NotifyError).message).toBe('webhook answered HTTP 500');
    expect(String((error as NotifyError).message)).not.toContain('secret-token');
    await expect(
      new WebhookNotifier({ secretName: 'missing', secrets, fetchImpl }).notify(notification),
    ).rejects.toThrow('webhook URL secret unavailable');
  });
});

describe('deliverPending', () => {
  it('skips delivered channels and reports failures without throwing', async () => {
    const sent: string[] = [];
    const ok = (channel: string) => ({ channel, notify: async () => void sent.push(channel) });
    const broken = { channel: 'webhook', notify: async () => Promise.reject(new Error('down')) };
    const outcome = await deliverPending(
      [ok('sns'), broken, ok('eventbridge')],
      { kind: 'raised', alertId: 'a', delivered: { sns: '2026-11-21T00:00:00.000Z' } },
      notification,
      () => new Date('2026-11-21T12:00:00.000Z'),
    );
    expect(sent).toEqual(['eventbridge']);
    expect(outcome.complete).toBe(false);
    expect(outcome.failures.map((failure) => failure.channel)).toEqual(['webhook']);
    expect(Object.keys(outcome.delivered).sort()).toEqual(['eventbridge', 'sns']);
  });
});
