import { z } from 'zod';
import { InstantSchema, PlatformSchema } from '../domain/platform';

/** Work item on the `collect` queue: collect one creator for one scheduled slot. */
export const CollectJobV1Schema = z.object({
  v: z.literal(1),
  type: z.literal('collect-job'),
  /** `platform#accountId` (shared/domain/platform.ts `creatorKey`). */
  creatorKey: z.string().min(3).max(300),
  platform: PlatformSchema,
  accountId: z.string().min(1).max(128),
  /** Start of the slot the scheduler assigned (UTC instant); with creatorKey it is the job's natural key. */
  scheduledSlot: InstantSchema,
  reason: z.enum(['scheduled', 'backfill', 'retry', 'manual']),
});
export const CollectJobSchema = z.discriminatedUnion('v', [CollectJobV1Schema]);
export type CollectJob = z.infer<typeof CollectJobSchema>;

/** Natural idempotency key: the same creator and slot must not be collected twice. */
export function collectJobKey(job: CollectJob): string {
  return `collect#${job.creatorKey}#${job.scheduledSlot}`;
}
