import type { Campaign } from '../../../shared/domain/creator';
import type { Platform } from '../../../shared/domain/platform';
import type { PostType } from '../../../shared/domain/post';
import type { FaultRates } from './sim-types';
import { DAY, followersAt, type SimWorld, type SponsorshipSignalKind } from './world';

/** What the simulator generated, as of its current `now`; JSON with stable ordering. */
export interface GroundTruth {
  readonly seed: number;
  readonly startAt: string;
  readonly now: string;
  readonly faults: FaultRates;
  readonly creators: {
    platform: Platform;
    accountId: string;
    handle: string;
    niche: string;
    tier: string;
    followers: number;
    campaignIds: string[];
    tokenExpiresAt: string | null;
  }[];
  readonly campaigns: Campaign[];
  readonly posts: {
    platform: Platform;
    accountId: string;
    postId: string;
    type: PostType;
    publishedAt: string;
    /** `deleted`/`private` once the deleted-posts fault removed it; stories `expired` after 24 h. */
    status: 'active' | 'deleted' | 'private' | 'expired';
    statusChangedAt: string | null;
    sponsored: boolean;
    /** Which signal discloses it: caption tag, campaign registry (tag/code, no #ad), or platform flag. */
    sponsorship: { signal: SponsorshipSignalKind; campaignId: string } | null;
    commentsDisabled: boolean;
    likesHidden: boolean;
    commentCount: number;
    commentIds: string[];
  }[];
  readonly sentimentDrops: {
    platform: Platform;
    accountId: string;
    postId: string;
    startsAt: string;
    started: boolean;
  }[];
  readonly totals: { posts: number; comments: number; sponsoredPosts: number };
}

const iso = (ms: number) => new Date(ms).toISOString();

export function groundTruthOf(world: SimWorld, now: number, faults: FaultRates): GroundTruth {
  const posts = world.posts
    .filter((p) => p.publishedAt <= now)
    .map((p) => {
      const removed = p.deletedAt !== undefined && p.deletedAt <= now;
      const expired = p.type === 'story' && now - p.publishedAt > DAY;
      const status = removed
        ? p.privateInsteadOfDeleted
          ? 'private'
          : 'deleted'
        : expired
          ? 'expired'
          : 'active';
      const commentIds = p.comments
        .filter((c) => c.publishedAt <= now)
        .map((c) => c.commentId)
        .sort();
      return {
        platform: p.platform,
        accountId: p.accountId,
        postId: p.postId,
        type: p.type,
        publishedAt: iso(p.publishedAt),
        status: status as 'active' | 'deleted' | 'private' | 'expired',
        statusChangedAt:
          removed && p.deletedAt !== undefined ? iso(p.deletedAt) : expired ? iso(p.publishedAt + DAY) : null,
        sponsored: p.sponsorship !== null,
        sponsorship: p.sponsorship === null ? null : { ...p.sponsorship },
        commentsDisabled: p.commentsDisabled,
        likesHidden: p.likesHidden,
        commentCount: commentIds.length,
        commentIds,
      };
    })
    .sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.postId.localeCompare(b.postId));
  const sentimentDrops = world.posts
    .filter((p) => p.dropAt !== undefined && p.publishedAt <= now)
    .map((p) => ({
      platform: p.platform,
      accountId: p.accountId,
      postId: p.postId,
      startsAt: iso(p.dropAt ?? 0),
      started: (p.dropAt ?? 0) <= now,
    }))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.postId.localeCompare(b.postId));
  return {
    seed: world.seed,
    startAt: iso(world.startAt),
    now: iso(now),
    faults,
    creators: world.creators
      .map((c) => ({
        platform: c.platform,
        accountId: c.accountId,
        handle: c.handle,
        niche: c.niche,
        tier: c.tier,
        followers: followersAt(c, now, world.startAt),
        campaignIds: [...c.campaignIds].sort(),
        tokenExpiresAt: c.tokenExpiresAt === undefined ? null : iso(c.tokenExpiresAt),
      }))
      .sort((a, b) => a.platform.localeCompare(b.platform) || a.accountId.localeCompare(b.accountId)),
    campaigns: [...world.campaigns].sort((a, b) => a.campaignId.localeCompare(b.campaignId)),
    posts,
    sentimentDrops,
    totals: {
      posts: posts.length,
      comments: posts.reduce((sum, p) => sum + p.commentCount, 0),
      sponsoredPosts: posts.filter((p) => p.sponsored).length,
    },
  };
}
