import type { Campaign, Creator } from '../domain/creator';
import type { Platform } from '../domain/platform';

/** Creators and campaigns (table `creators`). */
export interface CreatorRegistry {
  putCreator(creator: Creator): Promise<void>;
  getCreator(platform: Platform, accountId: string): Promise<Creator | undefined>;
  /** Creators with status `active` (what the scheduler polls). */
  listActiveCreators(): Promise<Creator[]>;
  putCampaign(campaign: Campaign): Promise<void>;
  getCampaign(campaignId: string): Promise<Campaign | undefined>;
  listCampaigns(): Promise<Campaign[]>;
}
