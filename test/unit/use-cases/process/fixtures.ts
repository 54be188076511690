import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { available, type MetricValue, unavailable } from '../../../../shared/domain/metric-value';
import type { Platform } from '../../../../shared/domain/platform';
import type { MetricSnapshot, Post } from '../../../../shared/domain/post';
import type { MetricsBatch } from '../../../../shared/messages/metrics-batch';

export const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
export const context = { getRemainingTimeInMillis: () => 30_000 } as unknown as Context;

export function sqsRecord(id: string, body: unknown): SQSRecord {
  return {
    messageId: id,
    receiptHandle: `rh-${id}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: 'x',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:q',
    awsRegion: 'us-east-1',
  };
}

export function sqsEvent(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

export function post(overrides: Partial<Post> & { postId: string }): Post {
  return {
    platform: 'instagram',
    accountId: 'acc-1',
    type: 'reel',
    caption: 'just a day at the beach',
    publishedAt: '2026-11-20T10:00:00.000Z',
    permalink: `https://www.instagram.com/p/${overrides.postId}/`,
    status: 'active',
    ...overrides,
  };
}

export interface SnapshotFigures {
  followers?: number;
  views?: number;
  likes?: number | 'hidden';
  comments?: number;
  shares?: number;
  saves?: number;
  reach?: number;
}

export function snapshot(
  postId: string,
  capturedAt: string,
  figures: SnapshotFigures,
  platform: Platform = 'instagram',
  accountId = 'acc-1',
): MetricSnapshot {
  const metric = (value: number | undefined): MetricValue =>
    value === undefined ? unavailable('not_returned') : available(value);
  return {
    platform,
    postId,
    accountId,
    capturedAt,
    followers: metric(figures.followers),
    metrics: {
      views: metric(figures.views),
      likes: figures.likes === 'hidden' ? unavailable('hidden_by_owner') : metric(figures.likes),
      comments: metric(figures.comments),
      shares: metric(figures.shares),
      saves: metric(figures.saves),
      reach: metric(figures.reach),
      impressions: unavailable('retired_metric'),
    },
  };
}

export function metricsBatch(
  posts: Post[],
  snapshots: MetricSnapshot[],
  overrides: Partial<MetricsBatch> = {},
): MetricsBatch {
  return {
    v: 1,
    type: 'metrics-batch',
    creatorKey: 'instagram#acc-1',
    platform: 'instagram',
    accountId: 'acc-1',
    collectionId: 'col-1',
    collectedAt: '2026-11-21T12:00:00.000Z',
    part: 0,
    partCount: 1,
    followers: available(20_000),
    posts,
    snapshots,
    rawArchiveKeys: ['raw/kind=metrics/x.ndjson.gz'],
    ...overrides,
  };
}

import type { Comment } from '../../../../shared/domain/comment';
import { labelFor, type SentimentScore } from '../../../../shared/domain/sentiment-score';
import type { CommentsBatch } from '../../../../shared/messages/comments-batch';

/**
 * Deterministic scorer for unit tests: a text `score:<compound>` scores that compound; `lang:<code>` is unscored
 * (unsupported language); anything else is neutral 0.
 */
export const fakeScorer = {
  calls: 0,
  score(text: string): SentimentScore {
    this.calls += 1;
    if (text.startsWith('lang:'))
      return { scored: false, reason: 'unsupported_language', language: text.slice(5) };
    const compound = text.startsWith('score:') ? Number(text.slice(6)) : 0;
    const neg = Math.max(0, -compound);
    const pos = Math.max(0, compound);
    return {
      scored: true,
      compound,
      pos,
      neg,
      neu: 1 - pos - neg,
      label: labelFor(compound),
      language: 'en',
    };
  },
};

export function comment(postId: string, commentId: string, publishedAt: string, text: string): Comment {
  return {
    platform: 'instagram',
    commentId,
    postId,
    authorKey: `author-${commentId.padStart(16, '0')}`,
    text,
    publishedAt,
    likes: 0,
    parentId: null,
  };
}

export function commentsBatch(
  comments: Comment[],
  overrides: Partial<CommentsBatch> & { caption?: string; postId?: string } = {},
): CommentsBatch {
  const { caption, postId, ...rest } = overrides;
  return {
    v: 1,
    type: 'comments-batch',
    creatorKey: 'instagram#acc-1',
    collectionId: 'col-1',
    collectedAt: '2026-11-21T12:00:00.000Z',
    part: 0,
    partCount: 1,
    post: {
      platform: 'instagram',
      postId: postId ?? 'p2',
      accountId: 'acc-1',
      type: 'reel',
      publishedAt: '2026-11-20T11:00:00.000Z',
      caption: caption ?? 'Loving my new serum #ad',
      campaignIds: [],
    },
    comments,
    rawArchiveKeys: ['raw/kind=comments/x.ndjson.gz'],
    ...rest,
  };
}
