import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Platform } from '../../domain/platform';
import { PlatformSchema } from '../../domain/platform';
import { SentimentLabelSchema } from '../../domain/sentiment-score';
import type { CommentScoreRecord, CommentScoreStore } from '../../ports/comment-score-store';
import { dynamoDocumentClient } from './clients';
import { type BatchWriteOptions, batchPutAll, queryAll } from './dynamo-batch';
import { Keys, withoutKeys } from './dynamo-keys';

const CommentScoreItemSchema = z.object({
  platform: PlatformSchema,
  postId: z.string(),
  accountId: z.string(),
  commentId: z.string(),
  authorKey: z.string(),
  bucket: z.string(),
  publishedAt: z.string(),
  scored: z.boolean(),
  compound: z.number().nullable(),
  label: SentimentLabelSchema.nullable(),
  language: z.string().nullable(),
  unscoredReason: z.string().nullable(),
  likes: z.number().nullable(),
  expiresAt: z.number(),
});

/**
 * One item per comment in the post-hour partition `PC#platform#post#bucket` (sk = comment id). Re-putting is
 * idempotent; a bucket's totals are recomputed from one strongly consistent Query of that partition.
 */
export class DynamoCommentScoreStore implements CommentScoreStore {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = dynamoDocumentClient(),
    private readonly batchOptions: BatchWriteOptions = {},
  ) {}

  async putCommentScores(records: readonly CommentScoreRecord[]): Promise<void> {
    const items = records.map((record) => ({
      pk: Keys.commentBucketPartition(record.platform, record.postId, record.bucket),
      sk: record.commentId,
      entity: 'comment-score',
      ...record,
    }));
    await batchPutAll(this.client, this.tableName, items, this.batchOptions);
  }

  async listBucket(platform: Platform, postId: string, bucket: string): Promise<CommentScoreRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': Keys.commentBucketPartition(platform, postId, bucket) },
      ConsistentRead: true,
    });
    return items
      .map((item) => {
        const { entity: _entity, ...rest } = withoutKeys(item);
        return CommentScoreItemSchema.parse(rest);
      })
      .sort((a, b) => (a.commentId < b.commentId ? -1 : a.commentId > b.commentId ? 1 : 0));
  }
}
