import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Platform } from '../../domain/platform';
import { type Watermark, WatermarkConflictError, type WatermarkStore } from '../../ports/watermark-store';
import { dynamoDocumentClient } from './clients';
import { isConditionalCheckFailed } from './dynamo-batch';
import { Keys } from './dynamo-keys';

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
    if (!result.Item) return undefined;
    const { platform: p, accountId: a, stream: s, value, updatedAt, version } = result.Item;
    return { platform: p, accountId: a, stream: s, value, updatedAt, version } as Watermark;
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
