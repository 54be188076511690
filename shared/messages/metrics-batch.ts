import { z } from 'zod';
import { MetricValueSchema } from '../domain/metric-value';
import { InstantSchema, PlatformSchema } from '../domain/platform';
import { MetricSnapshotSchema, PostSchema } from '../domain/post';

/** Posts and metric snapshots of one creator collection, on the `metrics` queue. */
export const MetricsBatchV1Schema = z.object({
  v: z.literal(1),
  type: z.literal('metrics-batch'),
  creatorKey: z.string().min(3).max(300),
  platform: PlatformSchema,
  accountId: z.string().min(1).max(128),
  /** Id of the collection run that produced it (shared with the raw archive keys). */
  collectionId: z.string().min(1).max(128),
  collectedAt: InstantSchema,
  /** Part index when one collection was split over several messages (see packBySize). */
  part: z.number().int().nonnegative(),
  partCount: z.number().int().positive(),
  followers: MetricValueSchema,
  posts: z.array(PostSchema),
  snapshots: z.array(MetricSnapshotSchema),
  /** S3 keys of the raw pages this batch was derived from (replay source). */
  rawArchiveKeys: z.array(z.string().min(1)),
});
export const MetricsBatchSchema = z.discriminatedUnion('v', [MetricsBatchV1Schema]);
export type MetricsBatch = z.infer<typeof MetricsBatchSchema>;
