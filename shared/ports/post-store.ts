import type { Platform } from '../domain/platform';
import type { Post } from '../domain/post';

/** Posts (table `data`). A put overwrites: writing the same post twice is harmless. */
export interface PostStore {
  putPosts(posts: readonly Post[]): Promise<void>;
  getPost(platform: Platform, accountId: string, postId: string): Promise<Post | undefined>;
  /** All posts of a creator, newest `publishedAt` first. */
  listPostsByCreator(platform: Platform, accountId: string): Promise<Post[]>;
  /** Sponsored posts attributed to a campaign, newest first. */
  listSponsoredPostsByCampaign(campaignId: string): Promise<Post[]>;
}
