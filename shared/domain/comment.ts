import { z } from 'zod';
import { InstantSchema, PlatformSchema } from './platform';

export const CommentSchema = z.object({
  platform: PlatformSchema,
  commentId: z.string().min(1).max(256),
  postId: z.string().min(1).max(128),
  /** Keyed hash (HMAC-SHA256, hex) of the platform author id; raw handles are never stored. */
  authorKey: z.string().min(16).max(128),
  text: z.string().max(20_000),
  publishedAt: InstantSchema,
  /** Likes on the comment; `null` when the platform did not return it. */
  likes: z.number().int().nonnegative().nullable(),
  /** Id of the top-level comment this replies to, or null for a top-level comment. */
  parentId: z.string().nullable(),
});
export type Comment = z.infer<typeof CommentSchema>;
