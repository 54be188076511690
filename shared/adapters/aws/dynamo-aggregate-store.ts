import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { IndexName } from '../../config/resource-names';
import type { Platform } from '../../domain/platform';
import { PlatformSchema } from '../../domain/platform';
import {
  type AggregateStore,
  type EngagementAggregate,
  RevisionConflictError,
  type SentimentBucket,
} from '../../ports/aggregate-store';
import { dynamoDocumentClient } from './clients';
import { isConditionalCheckFailed, queryAll } from './dynamo-batch';
import { Keys } from './dynamo-keys';

const SentimentBucketSchema = z.object({
  platform: PlatformSchema,
  postId: z.string(),
  accountId: z.string(),
  bucket: z.string(),
  sponsored: z.boolean(),
  campaignIds: z.array(z.string()),
  stats: z.object({
    scoredCount: z.number(),
    sumCompound: z.number(),
    sumSquaredCompound: z.number(),
    positiveCount: z.number(),
    neutralCount: z.number(),
    negativeCount: z.number(),
    unscoredCount: z.number(),
  }),
  revision: z.string(),
  expiresAt: z.number(),
});

const EngagementSchema = z.object({
  platform: PlatformSchema,
  accountId: z.string(),
  postId: z.string().optional(),
  bucket: z.string(),
  capturedAt: z.string(),
  values: z.record(z.string(), z.number().nullable()),
  expiresAt: z.number(),
});

function toSentimentBucket(item: Record<string, unknown>): SentimentBucket {
  return SentimentBucketSchema.parse(item);
}

/**
 * Hourly aggregates. Sentiment buckets sit in the post partition (sk `SENT#hour`); organic ones also carry
 * gsi2 keys (`ORG#platform#account`, `hour#post`) so a creator's organic baseline is one Query on a sparse
 * index. Writes are whole-item puts guarded by the previous content revision — never ADD.
 */
export class DynamoAggregateStore implements AggregateStore {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = dynamoDocumentClient(),
  ) {}

  async getSentimentBucket(
    platform: Platform,
    postId: string,
    bucket: string,
  ): Promise<SentimentBucket | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: Keys.postPartition(platform, postId), sk: Keys.sentimentSortKey(bucket) },
        ConsistentRead: true,
      }),
    );
    return result.Item ? toSentimentBucket(result.Item) : undefined;
  }

  async putSentimentBucket(bucket: SentimentBucket, expectedRevision: string | null): Promise<void> {
    const item: Record<string, unknown> = {
      pk: Keys.postPartition(bucket.platform, bucket.postId),
      sk: Keys.sentimentSortKey(bucket.bucket),
      entity: 'sentiment-bucket',
      ...bucket,
    };
    if (!bucket.sponsored) {
      item.gsi2pk = Keys.organicIndexKey(bucket.platform, bucket.accountId);
      item.gsi2sk = `${bucket.bucket}#${bucket.postId}`;
    }
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ...(expectedRevision === null
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#revision = :expected',
                ExpressionAttributeNames: { '#revision': 'revision' },
                ExpressionAttributeValues: { ':expected': expectedRevision },
              }),
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) {
        throw new RevisionConflictError(
          `Sentiment bucket ${bucket.postId}/${bucket.bucket} changed concurrently`,
          {
            cause: error,
          },
        );
      }
      throw error;
    }
  }

  async listPostSentimentBuckets(
    platform: Platform,
    postId: string,
    range: { from: string; to: string },
  ): Promise<SentimentBucket[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': Keys.postPartition(platform, postId),
        ':from': Keys.sentimentSortKey(range.from),
        ':to': Keys.sentimentSortKey(range.to),
      },
      ConsistentRead: true,
    });
    return items.map(toSentimentBucket);
  }

  async listCreatorOrganicBuckets(
    platform: Platform,
    accountId: string,
    range: { from: string; to: string },
  ): Promise<SentimentBucket[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: IndexName.gsi2,
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
      // `~` sorts after every post id, so the whole `to` hour is included.
      ExpressionAttributeValues: {
        ':pk': Keys.organicIndexKey(platform, accountId),
        ':from': `${range.from}#`,
        ':to': `${range.to}#~`,
      },
    });
    // The GSI is eventually consistent on AWS; a bucket turned sponsored may linger briefly, so filter again.
    return items.map(toSentimentBucket).filter((bucket) => !bucket.sponsored);
  }

  async putEngagement(aggregate: EngagementAggregate): Promise<void> {
    const valid = EngagementSchema.parse(aggregate);
    const pk =
      valid.postId === undefined
        ? Keys.creatorPartition(valid.platform, valid.accountId)
        : Keys.postPartition(valid.platform, valid.postId);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk, sk: Keys.engagementSortKey(valid.bucket), entity: 'engagement', ...valid },
          // Out-of-order or replayed older captures must not overwrite a newer one.
          ConditionExpression: 'attribute_not_exists(pk) OR capturedAt <= :capturedAt',
          ExpressionAttributeValues: { ':capturedAt': valid.capturedAt },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async listEngagement(
    platform: Platform,
    accountId: string,
    postId: string | undefined,
    range: { from: string; to: string },
  ): Promise<EngagementAggregate[]> {
    const pk =
      postId === undefined
        ? Keys.creatorPartition(platform, accountId)
        : Keys.postPartition(platform, postId);
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': pk,
        ':from': Keys.engagementSortKey(range.from),
        ':to': Keys.engagementSortKey(range.to),
      },
      ConsistentRead: true,
    });
    return items.map((item) => EngagementSchema.parse(item));
  }
}
