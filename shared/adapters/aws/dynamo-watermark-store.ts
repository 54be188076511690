import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { type Platform, PlatformSchema } from '../../domain/platform';
import { type Watermark, WatermarkConflictError, type WatermarkStore } from '../../ports/watermark-store';
import { dynamoDocumentClient } from './clients';
import { isConditionalCheckFailed, queryAll } from './dynamo-batch';
import { Keys } from './dynamo-keys';

/** The attributes `put` writes; keys, `entity` and anything else are not part of the Watermark. */
const WatermarkItemSchema = z.object({
  platform: PlatformSchema,
  accountId: z.string(),
  stream: z.string(),
  value: z.string(),
  updatedAt: z.string(),
  version: z.number().int().positive(),
});

export class InvalidWatermarkItemError extends Error {
  override readonly name = 'InvalidWatermarkItemError';
}

function toWatermark(item: Record<string, unknown>): Watermark {
  const parsed = WatermarkItemSchema.safeParse(item);
  if (!parsed.success) {
    // Never "no watermark": collect-creator would start the stream from scratch and resend everything.
    throw new InvalidWatermarkItemError(`watermark item ${String(item.sk)} is not valid`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** Every watermark sort key starts with this (`WM#<stream>`). */
const WATERMARK_SORT_PREFIX = Keys.watermarkSortKey('');

/** Watermarks in the creator partition, sk `WM#<stream>`, with an optimistic `version`. */
export class DynamoWatermarkStore implements WatermarkStore {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = dynamoDocumentClient(),
  ) {}

  async get(platform: Platform, accountId: string, stream: string): Promise<Watermark | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: Keys.creatorPartition(platform, accountId), sk: Keys.watermarkSortKey(stream) },
        ConsistentRead: true,
      }),
    );
    return result.Item ? toWatermark(result.Item) : undefined;
  }

  /**
   * One strongly consistent Query over the creator partition's `WM#` range (the partition's posts and campaign
   * links are outside the key condition, so they are neither read nor billed). Billed by the summed item size,
   * ~0.2–1 KB per watermark, instead of one read unit per GetItem; paged by queryAll past 1 MB.
   */
  async listForCreator(platform: Platform, accountId: string): Promise<Watermark[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': Keys.creatorPartition(platform, accountId),
        ':prefix': WATERMARK_SORT_PREFIX,
      },
      ConsistentRead: true,
    });
    return items.map(toWatermark);
  }

  async put(watermark: Omit<Watermark, 'version'>, expectedVersion: number): Promise<number> {
    const version = expectedVersion + 1;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: Keys.creatorPartition(watermark.platform, watermark.accountId),
            sk: Keys.watermarkSortKey(watermark.stream),
            entity: 'watermark',
            ...watermark,
            version,
          },
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) {
        throw new WatermarkConflictError(`Watermark ${watermark.stream} moved concurrently`, {
          cause: error,
        });
      }
      throw error;
    }
    return version;
  }
}
