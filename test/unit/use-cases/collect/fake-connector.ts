import type { Comment } from '../../../../shared/domain/comment';
import { available } from '../../../../shared/domain/metric-value';
import type { Platform } from '../../../../shared/domain/platform';
import type { Post } from '../../../../shared/domain/post';
import type {
  AuthorKeyer,
  CommentWatermark,
  CreatorRef,
  ListRecentPostsResult,
  PlatformConnector,
  QuarantinedRecord,
  RawPage,
  ReadFollowerCountResult,
  ReadNewCommentsResult,
  ReadPostMetricsResult,
} from '../../../../shared/ports/platform-connector';

/** A raw comment as the "platform" holds it (raw author id: the connector keys it). */
export interface FakeComment {
  commentId: string;
  authorId: string;
  text: string;
  publishedAt: string;
}

type Method = 'listRecentPosts' | 'readPostMetrics' | 'readFollowerCount' | 'readNewComments';

/**
 * A scriptable in-memory platform: content exists once its publish time ≤ now; comments are delivered by the
 * (latestAt, idsAtLatest) watermark rule; failures can be injected per method, once or always.
 */
export class FakeConnector implements PlatformConnector {
  readonly posts: Post[] = [];
  readonly comments = new Map<string, FakeComment[]>();
  readonly quarantine: QuarantinedRecord[] = [];
  readonly calls: Method[] = [];
  private failures: { method: Method; error: () => Error; times: number }[] = [];

  constructor(
    readonly platform: Platform,
    private readonly now: () => Date,
    private readonly keyer: AuthorKeyer,
  ) {}

  failNext(method: Method, error: () => Error, times = 1): void {
    this.failures.push({ method, error, times });
  }

  private enter(method: Method): void {
    this.calls.push(method);
    const failure = this.failures.find((f) => f.method === method && f.times > 0);
    if (failure) {
      failure.times -= 1;
      throw failure.error();
    }
  }

  private page(operation: string, body: unknown): RawPage {
    return {
      platform: this.platform,
      operation,
      url: `https://fake.example/${operation}`,
      status: 200,
      fetchedAt: this.now().toISOString(),
      body: JSON.stringify(body),
    };
  }

  private visiblePosts(): Post[] {
    return this.posts.filter((post) => post.publishedAt <= this.now().toISOString());
  }

  async listRecentPosts(_creator: CreatorRef, options: { since: string }): Promise<ListRecentPostsResult> {
    this.enter('listRecentPosts');
    const posts = this.visiblePosts().filter((post) => post.publishedAt >= options.since);
    const quarantined = this.quarantine.splice(0);
    return { posts: structuredClone(posts), quarantined, rawPages: [this.page('fake.posts', posts)] };
  }

  async readPostMetrics(creator: CreatorRef, posts: readonly Post[]): Promise<ReadPostMetricsResult> {
    this.enter('readPostMetrics');
    const capturedAt = this.now().toISOString();
    const snapshots = posts.map((post) => ({
      platform: this.platform,
      postId: post.postId,
      accountId: creator.accountId,
      capturedAt,
      followers: available(1000),
      metrics: {
        views: available(100),
        likes: available(10),
        comments: available(this.comments.get(post.postId)?.length ?? 0),
        shares: available(1),
        saves: available(1),
        reach: available(90),
        impressions: available(120),
      },
    }));
    return {
      snapshots,
      statusChanges: [],
      followers: available(1000),
      quarantined: [],
      rawPages: [this.page('fake.metrics', snapshots)],
    };
  }

  async readFollowerCount(): Promise<ReadFollowerCountResult> {
    this.enter('readFollowerCount');
    return {
      followers: available(1000),
      capturedAt: this.now().toISOString(),
      quarantined: [],
      rawPages: [this.page('fake.profile', { followers: 1000 })],
    };
  }

  async readNewComments(
    _creator: CreatorRef,
    post: Post,
    watermark: CommentWatermark | null,
  ): Promise<ReadNewCommentsResult> {
    this.enter('readNewComments');
    const now = this.now().toISOString();
    const visible = (this.comments.get(post.postId) ?? []).filter((c) => c.publishedAt <= now);
    const latest = watermark?.latestAt ?? null;
    const atLatest = new Set(watermark?.idsAtLatest ?? []);
    const fresh = visible.filter(
      (c) =>
        latest === null || c.publishedAt > latest || (c.publishedAt === latest && !atLatest.has(c.commentId)),
    );
    let nextLatest = latest;
    for (const c of visible)
      if (nextLatest === null || c.publishedAt > nextLatest) nextLatest = c.publishedAt;
    const idsAtLatest = visible
      .filter((c) => c.publishedAt === nextLatest)
      .map((c) => c.commentId)
      .sort();
    const comments: Comment[] = fresh.map((c) => ({
      platform: this.platform,
      commentId: c.commentId,
      postId: post.postId,
      authorKey: this.keyer(c.authorId),
      text: c.text,
      publishedAt: c.publishedAt,
      likes: 0,
      parentId: null,
    }));
    return {
      comments,
      nextWatermark: { latestAt: nextLatest, idsAtLatest, openThreads: [] },
      availability: { status: 'available' },
      quarantined: [],
      rawPages: [this.page('fake.comments', fresh)],
    };
  }
}
