import type { Campaign, Creator } from '../../domain/creator';
import type { Platform } from '../../domain/platform';
import type { MetricSnapshot, Post } from '../../domain/post';
import {
  type AggregateStore,
  type EngagementAggregate,
  RevisionConflictError,
  type SentimentBucket,
} from '../../ports/aggregate-store';
import { type AlertRecord, type AlertStore, AlertVersionConflictError } from '../../ports/alert-store';
import type { CommentScoreRecord, CommentScoreStore } from '../../ports/comment-score-store';
import type { CreatorRegistry } from '../../ports/creator-registry';
import type { PostStore } from '../../ports/post-store';
import type { SnapshotStore } from '../../ports/snapshot-store';
import {
  isWatermarkExpired,
  type Watermark,
  WatermarkConflictError,
  type WatermarkStore,
} from '../../ports/watermark-store';

/** In-memory fakes of the storage ports for unit tests. Values are deep-copied in and out, like a real store. */

const copy = <T>(value: T): T => structuredClone(value);
const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class MemoryCreatorRegistry implements CreatorRegistry {
  readonly creators = new Map<string, Creator>();
  readonly campaigns = new Map<string, Campaign>();
  async putCreator(creator: Creator): Promise<void> {
    this.creators.set(`${creator.platform}#${creator.accountId}`, copy(creator));
  }
  async getCreator(platform: Platform, accountId: string): Promise<Creator | undefined> {
    const found = this.creators.get(`${platform}#${accountId}`);
    return found && copy(found);
  }
  async listActiveCreators(): Promise<Creator[]> {
    return this.listCreatorsByStatus('active');
  }
  async listCreatorsByStatus(status: Creator['status']): Promise<Creator[]> {
    return (await this.listCreators()).filter((creator) => creator.status === status);
  }
  async listCreators(): Promise<Creator[]> {
    return [...this.creators.entries()].sort(([a], [b]) => byKey(a, b)).map(([, creator]) => copy(creator));
  }
  async removeCreator(platform: Platform, accountId: string): Promise<boolean> {
    return this.creators.delete(`${platform}#${accountId}`);
  }
  async removeCampaign(campaignId: string): Promise<boolean> {
    return this.campaigns.delete(campaignId);
  }
  async putCampaign(campaign: Campaign): Promise<void> {
    this.campaigns.set(campaign.campaignId, copy(campaign));
  }
  async getCampaign(campaignId: string): Promise<Campaign | undefined> {
    const found = this.campaigns.get(campaignId);
    return found && copy(found);
  }
  async listCampaigns(): Promise<Campaign[]> {
    return [...this.campaigns.values()].sort((a, b) => byKey(a.campaignId, b.campaignId)).map(copy);
  }
}

export class MemoryPostStore implements PostStore {
  readonly posts = new Map<string, Post>();
  async putPosts(posts: readonly Post[]): Promise<void> {
    for (const post of posts) this.posts.set(`${post.platform}#${post.accountId}#${post.postId}`, copy(post));
  }
  async getPost(platform: Platform, accountId: string, postId: string): Promise<Post | undefined> {
    const found = this.posts.get(`${platform}#${accountId}#${postId}`);
    return found && copy(found);
  }
  async listPostsByCreator(platform: Platform, accountId: string): Promise<Post[]> {
    return [...this.posts.values()]
      .filter((post) => post.platform === platform && post.accountId === accountId)
      .sort((a, b) => byKey(b.publishedAt, a.publishedAt) || byKey(a.postId, b.postId))
      .map(copy);
  }
  async listSponsoredPostsByCampaign(campaignId: string): Promise<Post[]> {
    return [...this.posts.values()]
      .filter((post) => post.sponsorship?.sponsored && post.sponsorship.campaignIds.includes(campaignId))
      .sort((a, b) => byKey(b.publishedAt, a.publishedAt))
      .map(copy);
  }
}

export class MemorySnapshotStore implements SnapshotStore {
  readonly snapshots = new Map<string, MetricSnapshot>();
  async putSnapshots(snapshots: readonly MetricSnapshot[]): Promise<void> {
    for (const snapshot of snapshots) {
      this.snapshots.set(`${snapshot.platform}#${snapshot.postId}#${snapshot.capturedAt}`, copy(snapshot));
    }
  }
  async listSnapshots(
    platform: Platform,
    postId: string,
    range: { from: string; to: string },
  ): Promise<MetricSnapshot[]> {
    return [...this.snapshots.values()]
      .filter(
        (s) =>
          s.platform === platform &&
          s.postId === postId &&
          s.capturedAt >= range.from &&
          s.capturedAt <= range.to,
      )
      .sort((a, b) => byKey(a.capturedAt, b.capturedAt))
      .map(copy);
  }
  async latestSnapshot(
    platform: Platform,
    postId: string,
    atOrBefore: string,
  ): Promise<MetricSnapshot | undefined> {
    const series = [...this.snapshots.values()]
      .filter((s) => s.platform === platform && s.postId === postId && s.capturedAt <= atOrBefore)
      .sort((a, b) => byKey(a.capturedAt, b.capturedAt));
    const latest = series[series.length - 1];
    return latest && copy(latest);
  }
}

export class MemoryCommentScoreStore implements CommentScoreStore {
  readonly records = new Map<string, CommentScoreRecord>();
  /** Counts put calls (tests assert on retries). */
  putCalls = 0;
  async putCommentScores(records: readonly CommentScoreRecord[]): Promise<void> {
    this.putCalls += 1;
    for (const record of records) {
      this.records.set(
        `${record.platform}#${record.postId}#${record.bucket}#${record.commentId}`,
        copy(record),
      );
    }
  }
  async listBucket(platform: Platform, postId: string, bucket: string): Promise<CommentScoreRecord[]> {
    return [...this.records.values()]
      .filter((r) => r.platform === platform && r.postId === postId && r.bucket === bucket)
      .sort((a, b) => byKey(a.commentId, b.commentId))
      .map(copy);
  }
}

export class MemoryAggregateStore implements AggregateStore {
  readonly sentiment = new Map<string, SentimentBucket>();
  readonly engagement = new Map<string, EngagementAggregate>();
  async getSentimentBucket(
    platform: Platform,
    postId: string,
    bucket: string,
  ): Promise<SentimentBucket | undefined> {
    const found = this.sentiment.get(`${platform}#${postId}#${bucket}`);
    return found && copy(found);
  }
  async putSentimentBucket(bucket: SentimentBucket, expectedRevision: string | null): Promise<void> {
    const key = `${bucket.platform}#${bucket.postId}#${bucket.bucket}`;
    const current = this.sentiment.get(key);
    if ((current?.revision ?? null) !== expectedRevision) {
      throw new RevisionConflictError(`Sentiment bucket ${key} changed concurrently`);
    }
    this.sentiment.set(key, copy(bucket));
  }
  async listPostSentimentBuckets(platform: Platform, postId: string, range: { from: string; to: string }) {
    return [...this.sentiment.values()]
      .filter(
        (b) =>
          b.platform === platform && b.postId === postId && b.bucket >= range.from && b.bucket <= range.to,
      )
      .sort((a, b) => byKey(a.bucket, b.bucket))
      .map(copy);
  }
  async listCreatorOrganicBuckets(
    platform: Platform,
    accountId: string,
    range: { from: string; to: string },
  ) {
    return [...this.sentiment.values()]
      .filter(
        (b) =>
          b.platform === platform &&
          b.accountId === accountId &&
          !b.sponsored &&
          b.bucket >= range.from &&
          b.bucket <= range.to,
      )
      .sort((a, b) => byKey(a.bucket, b.bucket) || byKey(a.postId, b.postId))
      .map(copy);
  }
  async putEngagement(aggregate: EngagementAggregate): Promise<void> {
    const key = `${aggregate.platform}#${aggregate.accountId}#${aggregate.postId ?? ''}#${aggregate.bucket}`;
    const current = this.engagement.get(key);
    if (current && current.capturedAt > aggregate.capturedAt) return;
    this.engagement.set(key, copy(aggregate));
  }
  async listEngagement(
    platform: Platform,
    accountId: string,
    postId: string | undefined,
    range: { from: string; to: string },
  ) {
    return [...this.engagement.values()]
      .filter(
        (e) =>
          e.platform === platform &&
          e.accountId === accountId &&
          e.postId === postId &&
          e.bucket >= range.from &&
          e.bucket <= range.to,
      )
      .sort((a, b) => byKey(a.bucket, b.bucket))
      .map(copy);
  }
}

/** Like the DynamoDB store: expired watermarks are kept (TTL deletion is lazy) but hidden from every read. */
export class MemoryWatermarkStore implements WatermarkStore {
  readonly watermarks = new Map<string, Watermark>();
  async get(
    platform: Platform,
    accountId: string,
    stream: string,
    now: Date = new Date(),
  ): Promise<Watermark | undefined> {
    const found = this.watermarks.get(`${platform}#${accountId}#${stream}`);
    return found && !isWatermarkExpired(found, now) ? copy(found) : undefined;
  }
  async listForCreator(platform: Platform, accountId: string, now: Date = new Date()): Promise<Watermark[]> {
    return [...this.watermarks.values()]
      .filter((watermark) => watermark.platform === platform && watermark.accountId === accountId)
      .filter((watermark) => !isWatermarkExpired(watermark, now))
      .sort((a, b) => byKey(a.stream, b.stream))
      .map(copy);
  }
  async put(watermark: Omit<Watermark, 'version'>, expectedVersion: number): Promise<number> {
    const key = `${watermark.platform}#${watermark.accountId}#${watermark.stream}`;
    const stored = this.watermarks.get(key);
    // The DynamoDB store's conditions: "absent" also accepts an item expired by the time of this write.
    const matches =
      expectedVersion === 0
        ? stored === undefined || isWatermarkExpired(stored, new Date(watermark.updatedAt))
        : stored?.version === expectedVersion;
    if (!matches) {
      throw new WatermarkConflictError(`Watermark ${watermark.stream} moved concurrently`);
    }
    const version = expectedVersion + 1;
    this.watermarks.set(key, { ...copy(watermark), version });
    return version;
  }
}

export class MemoryAlertStore implements AlertStore {
  readonly alerts = new Map<string, AlertRecord>();
  async get(alertId: string): Promise<AlertRecord | undefined> {
    const found = this.alerts.get(alertId);
    return found && copy(found);
  }
  async put(alert: Omit<AlertRecord, 'version'>, expectedVersion: number): Promise<number> {
    if ((this.alerts.get(alert.alertId)?.version ?? 0) !== expectedVersion) {
      throw new AlertVersionConflictError(`Alert ${alert.alertId} changed concurrently`);
    }
    const version = expectedVersion + 1;
    this.alerts.set(alert.alertId, { ...copy(alert), version });
    return version;
  }
  async listOpen(): Promise<AlertRecord[]> {
    return [...this.alerts.values()]
      .filter((alert) => alert.state !== 'resolved')
      .sort((a, b) => byKey(a.openedAt, b.openedAt) || byKey(a.alertId, b.alertId))
      .map(copy);
  }
}
