import { z } from 'zod';
import { InstantSchema, PlatformSchema } from '../domain/platform';

/** Ask the alert evaluator to look at one (sponsored) post over one window, on the `alerts` queue. */
export const AlertEvaluationV1Schema = z.object({
  v: z.literal(1),
  type: z.literal('alert-evaluation'),
  creatorKey: z.string().min(3).max(300),
  platform: PlatformSchema,
  accountId: z.string().min(1).max(128),
  postId: z.string().min(1).max(128),
  campaignIds: z.array(z.string()).default([]),
  window: z.object({ start: InstantSchema, end: InstantSchema }),
  requestedAt: InstantSchema,
});
export const AlertEvaluationSchema = z.discriminatedUnion('v', [AlertEvaluationV1Schema]);
export type AlertEvaluation = z.infer<typeof AlertEvaluationSchema>;

/** Natural key: evaluating the same post and window twice gives the same outcome. */
export function alertEvaluationKey(message: AlertEvaluation): string {
  return `alert#${message.platform}#${message.postId}#${message.window.start}#${message.window.end}`;
}
