import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { DATA_TABLE } from '../../config/table-definitions';
import { type Platform, PlatformSchema } from '../../domain/platform';
import {
  isWatermarkExpired,
  type Watermark,
  WatermarkConflictError,
  type WatermarkStore,
} from '../../ports/watermark-store';
import { dynamoDocumentClient } from './clients';
import { isConditionalCheckFailed, queryAll } from './dynamo-batch';
import { Keys } from './dynamo-keys';

/**
 * The `data` table's TTL attribute (defined once in shared/config/table-definitions.ts): epoch seconds. The port's
 * `expiresAt` is an ISO instant; it is stored here as a number, because DynamoDB's TTL ignores anything else.
 */
const TTL_ATTRIBUTE: string =
  DATA_TABLE.timeToLiveAttribute ??
  (() => {
    throw new Error('the data table defines no TTL attribute');
  })();

/** The attributes `put` writes; keys, `entity` and anything else are not part of the Watermark. */
const WatermarkItemSchema = z.object({
  platform: PlatformSchema,
  accountId: z.string(),
  stream: z.string(),
  value: z.string(),
  updatedAt: z.string(),
  version: z.number().int().positive(),
});
const TtlSchema = z.number().int().nonnegative().optional();

export class InvalidWatermarkItemError extends Error {
  override readonly name = 'InvalidWatermarkItemError';
}

function toWatermark(item: Record<string, unknown>): Watermark {
  const parsed = WatermarkItemSchema.safeParse(item);
  const ttl = TtlSchema.safeParse(item[TTL_ATTRIBUTE]);
  if (!parsed.success || !ttl.success) {
    // Never "no watermark": collect-creator would start the stream from scratch and resend everything.
    throw new InvalidWatermarkItemError(`watermark item ${String(item.sk)} is not valid`, {
      cause: parsed.error ?? ttl.error,
    });
  }
  return ttl.data === undefined
    ? parsed.data
    : { ...parsed.data, expiresAt: new Date(ttl.data * 1000).toISOString() };
}

/** Epoch seconds for the TTL attribute, rounded up so the item never becomes deletable before `expiresAt`. */
function ttlSeconds(expiresAt: string): number {
  const ms = Date.parse(expiresAt);
  if (Number.isNaN(ms)) throw new InvalidWatermarkItemError(`expiresAt ${expiresAt} is not an instant`);
  return Math.ceil(ms / 1000);
}

/** Every watermark sort key starts with this (`WM#<stream>`). */
const WATERMARK_SORT_PREFIX = Keys.watermarkSortKey('');

/**
 * Watermarks in the creator partition, sk `WM#<stream>`, with an optimistic `version` and, for streams that end
 * (`comments#<postId>`), the table's TTL attribute.
 */
export class DynamoWatermarkStore implements WatermarkStore {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = dynamoDocumentClient(),
  ) {}

  async get(
    platform: Platform,
    accountId: string,
    stream: string,
    now: Date = new Date(),
  ): Promise<Watermark | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: Keys.creatorPartition(platform, accountId), sk: Keys.watermarkSortKey(stream) },
        ConsistentRead: true,
      }),
    );
    const watermark = result.Item ? toWatermark(result.Item) : undefined;
    return watermark && !isWatermarkExpired(watermark, now) ? watermark : undefined;
  }

  /**
   * One strongly consistent Query over the creator partition's `WM#` range (the partition's posts and campaign
   * links are outside the key condition, so they are neither read nor billed). Billed by the summed item size,
   * ~0.2–1 KB per watermark, instead of one read unit per GetItem; paged by queryAll past 1 MB.
   *
   * Expired items that DynamoDB has not deleted yet (TTL deletion lags by up to days) are dropped here, in code
   * rather than by a FilterExpression: a filter bills the same read units, and it would silently drop an item
   * whose TTL attribute is malformed instead of refusing it like every other invalid watermark item.
   */
  async listForCreator(platform: Platform, accountId: string, now: Date = new Date()): Promise<Watermark[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': Keys.creatorPartition(platform, accountId),
        ':prefix': WATERMARK_SORT_PREFIX,
      },
      ConsistentRead: true,
    });
    return items.map(toWatermark).filter((watermark) => !isWatermarkExpired(watermark, now));
  }

  async put(watermark: Omit<Watermark, 'version'>, expectedVersion: number): Promise<number> {
    const version = expectedVersion + 1;
    const { expiresAt, ...attributes } = watermark;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: Keys.creatorPartition(watermark.platform, watermark.accountId),
            sk: Keys.watermarkSortKey(watermark.stream),
            entity: 'watermark',
            ...attributes,
            version,
            ...(expiresAt === undefined ? {} : { [TTL_ATTRIBUTE]: ttlSeconds(expiresAt) }),
          },
          ...(expectedVersion === 0
            ? {
                // Absent, or expired by the time of this write (hidden by the reads, not yet deleted by TTL).
                ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :writtenAt',
                ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
                ExpressionAttributeValues: {
                  ':writtenAt': Math.floor(Date.parse(watermark.updatedAt) / 1000),
                },
              }
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
