import type { Campaign, Creator } from '../domain/creator';
import type { Platform } from '../domain/platform';

/** Creators and campaigns (table `creators`). */
export interface CreatorRegistry {
  putCreator(creator: Creator): Promise<void>;
  getCreator(platform: Platform, accountId: string): Promise<Creator | undefined>;
  /** Creators with status `active` (what the scheduler polls). */
  listActiveCreators(): Promise<Creator[]>;
  /** Creators with one status (e.g. `auth_error`, to report creators that need a new token). */
  listCreatorsByStatus(status: Creator['status']): Promise<Creator[]>;
  /** Every creator, whatever its status (exports and `pulse creators list`). */
  listCreators(): Promise<Creator[]>;
  /** Stops tracking a creator: removes it from the registry; collected data stays until its retention ends. */
  removeCreator(platform: Platform, accountId: string): Promise<boolean>;
  removeCampaign(campaignId: string): Promise<boolean>;
  putCampaign(campaign: Campaign): Promise<void>;
  getCampaign(campaignId: string): Promise<Campaign | undefined>;
  listCampaigns(): Promise<Campaign[]>;
}
