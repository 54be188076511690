import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { IndexName } from '../../config/resource-names';
import { Retention } from '../../config/table-definitions';
import { type AlertRecord, type AlertStore, AlertVersionConflictError } from '../../ports/alert-store';
import { dynamoDocumentClient } from './clients';
import { isConditionalCheckFailed, queryAll } from './dynamo-batch';
import { DAY_SECONDS, epochSeconds, Keys, withoutKeys } from './dynamo-keys';

function toAlert(item: Record<string, unknown>): AlertRecord {
  const { entity: _entity, expiresAt: _expiresAt, ...rest } = withoutKeys(item);
  return rest as unknown as AlertRecord;
}

/**
 * Alerts at `ALERT#<id>`. Open and cooldown alerts carry `gsi2pk = ALERTS#OPEN` (sparse index: resolved alerts
 * drop out of it); resolved alerts get a TTL. Versioned conditional puts, no transactions.
 */
export class DynamoAlertStore implements AlertStore {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = dynamoDocumentClient(),
  ) {}

  async get(alertId: string): Promise<AlertRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: Keys.alert(alertId), ConsistentRead: true }),
    );
    return result.Item ? toAlert(result.Item) : undefined;
  }

  async put(alert: Omit<AlertRecord, 'version'>, expectedVersion: number): Promise<number> {
    const version = expectedVersion + 1;
    const item: Record<string, unknown> = {
      ...Keys.alert(alert.alertId),
      entity: 'alert',
      ...alert,
      version,
    };
    if (alert.state === 'resolved') {
      item.expiresAt =
        epochSeconds(alert.resolvedAt ?? alert.updatedAt) + Retention.resolvedAlertDays * DAY_SECONDS;
    } else {
      item.gsi2pk = Keys.openAlertsIndexKey;
      item.gsi2sk = `${alert.openedAt}#${alert.alertId}`;
    }
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
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
        throw new AlertVersionConflictError(`Alert ${alert.alertId} changed concurrently`, { cause: error });
      }
      throw error;
    }
    return version;
  }

  async listOpen(): Promise<AlertRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: IndexName.gsi2,
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': Keys.openAlertsIndexKey },
    });
    return items.map(toAlert).filter((alert) => alert.state !== 'resolved');
  }
}
