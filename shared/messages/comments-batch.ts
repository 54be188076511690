import { z } from 'zod';
import { CommentSchema } from '../domain/comment';
import { InstantSchema, PlatformSchema } from '../domain/platform';
import { PostTypeSchema } from '../domain/post';

/** What the comments consumer needs about the post: sponsored detection and aggregate keys. */
export const CommentsPostContextSchema = z.object({
  platform: PlatformSchema,
  postId: z.string().min(1).max(128),
  accountId: z.string().min(1).max(128),
  type: PostTypeSchema,
  publishedAt: InstantSchema,
  caption: z.string().max(10_000).default(''),
  platformPaidPartnership: z.boolean().optional(),
  /** Campaign ids already attributed by the collector, if any. */
  campaignIds: z.array(z.string()).default([]),
});
export type CommentsPostContext = z.infer<typeof CommentsPostContextSchema>;

/** Many comments of one post packed into one message, on the `comments` queue. */
export const CommentsBatchV1Schema = z.object({
  v: z.literal(1),
  type: z.literal('comments-batch'),
  creatorKey: z.string().min(3).max(300),
  collectionId: z.string().min(1).max(128),
  collectedAt: InstantSchema,
  part: z.number().int().nonnegative(),
  partCount: z.number().int().positive(),
  post: CommentsPostContextSchema,
  /** Author ids are already keyed hashes (`authorKey`); texts are needed for scoring and never logged. */
  comments: z.array(CommentSchema).min(1),
  rawArchiveKeys: z.array(z.string().min(1)),
});
export const CommentsBatchSchema = z.discriminatedUnion('v', [CommentsBatchV1Schema]);
export type CommentsBatch = z.infer<typeof CommentsBatchSchema>;
