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

/**
 * Quota ledger state: one small versioned item per `platform#credentialKey` (`QUOTA#<key>`, sk `STATE`).
 *
 * Own writes are remembered: after a successful save, `load` of that key returns what was saved without a
 * GetItem. The ledger reserves before and records after every platform call (load → conditional save each), so
 * this halves its DynamoDB requests. It stays exact because every ledger decision is committed by a save
 * conditioned on the loaded version: if another container wrote meanwhile, that save fails, the remembered
 * state is dropped, and the ledger's retry loads the item from DynamoDB. A store that only reads (the
 * scheduler's probe) never saves, so it never serves a remembered state.
 */
export class DynamoQuotaStateStore implements QuotaStateStore {
  private readonly ownWrites = new Map<string, VersionedQuotaState>();

  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = dynamoDocumentClient(),
  ) {}

  async load(key: string): Promise<VersionedQuotaState | undefined> {
    const remembered = this.ownWrites.get(key);
    if (remembered !== undefined) return structuredClone(remembered);
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
      this.ownWrites.set(key, { state: structuredClone(state), version: (expectedVersion ?? 0) + 1 });
      return true;
    } catch (error) {
      // Another writer won (or the outcome is unknown): the next load must read the item itself.
      this.ownWrites.delete(key);
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}
