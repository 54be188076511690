import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type QuotaState,
  QuotaStateSchema,
  type QuotaStateStore,
  type VersionedQuotaState,
} from '../../ports/quota-ledger';
import { dynamoDocumentClient } from './clients';
import { isConditionalCheckFailed } from './dynamo-batch';
import { Keys } from './dynamo-keys';

/** Quota ledger state: one small versioned item per `platform#credentialKey` (`QUOTA#<key>`, sk `STATE`). */
export class DynamoQuotaStateStore implements QuotaStateStore {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = dynamoDocumentClient(),
  ) {}

  async load(key: string): Promise<VersionedQuotaState | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: Keys.quotaState(key), ConsistentRead: true }),
    );
    if (!result.Item) return undefined;
    return { state: QuotaStateSchema.parse(result.Item.state), version: Number(result.Item.version) };
  }

  async save(key: string, state: QuotaState, expectedVersion: number | undefined): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...Keys.quotaState(key),
            entity: 'quota-state',
            state,
            version: (expectedVersion ?? 0) + 1,
          },
          ...(expectedVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}
