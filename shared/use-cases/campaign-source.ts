import type { Campaign } from '../domain/creator';
import type { CreatorRegistry } from '../ports/creator-registry';

export type CampaignSource = () => Promise<readonly Campaign[]>;

/**
 * The registry's campaigns read at most once per Lambda invocation (one SQS batch, up to 10 messages, processed
 * concurrently) instead of once per message. A failed shared read is not remembered: each message waiting on it
 * falls back to its own read, so one throttled request fails no more records than before.
 */
export function campaignsOncePerInvocation(registry: Pick<CreatorRegistry, 'listCampaigns'>): CampaignSource {
  let shared: Promise<readonly Campaign[]> | undefined;
  return async () => {
    const read = shared ?? registry.listCampaigns();
    shared = read;
    try {
      return await read;
    } catch {
      if (shared === read) shared = undefined;
      return registry.listCampaigns();
    }
  };
}
