import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Retention } from '../../config/table-definitions';
import type { Platform } from '../../domain/platform';
import { type MetricSnapshot, MetricSnapshotSchema } from '../../domain/post';
import type { SnapshotStore } from '../../ports/snapshot-store';
import { dynamoDocumentClient } from './clients';
import { type BatchWriteOptions, batchPutAll, queryAll } from './dynamo-batch';
import { DAY_SECONDS, epochSeconds, Keys } from './dynamo-keys';

/** Snapshots in the post partition, sk `SNAP#<capturedAt>`, TTL = capturedAt + retention. */
export class DynamoSnapshotStore implements SnapshotStore {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = dynamoDocumentClient(),
    private readonly options: BatchWriteOptions & { retentionDays?: number } = {},
  ) {}

  async putSnapshots(snapshots: readonly MetricSnapshot[]): Promise<void> {
    const retentionSeconds = (this.options.retentionDays ?? Retention.metricSnapshotDays) * DAY_SECONDS;
    const items = snapshots.map((raw) => {
      const snapshot = MetricSnapshotSchema.parse(raw);
      return {
        pk: Keys.postPartition(snapshot.platform, snapshot.postId),
        sk: Keys.snapshotSortKey(snapshot.capturedAt),
        entity: 'snapshot',
        expiresAt: epochSeconds(snapshot.capturedAt) + retentionSeconds,
        data: snapshot,
      };
    });
    await batchPutAll(this.client, this.tableName, items, this.options);
  }

  async listSnapshots(
    platform: Platform,
    postId: string,
    range: { from: string; to: string },
  ): Promise<MetricSnapshot[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': Keys.postPartition(platform, postId),
        ':from': Keys.snapshotSortKey(range.from),
        ':to': Keys.snapshotSortKey(range.to),
      },
    });
    return items.map((item) => MetricSnapshotSchema.parse(item.data));
  }

  async latestSnapshot(
    platform: Platform,
    postId: string,
    atOrBefore: string,
  ): Promise<MetricSnapshot | undefined> {
    // Newest first, one item: the read costs that item, not the post's whole series.
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': Keys.postPartition(platform, postId),
          ':from': Keys.snapshotSortKey(''),
          ':to': Keys.snapshotSortKey(atOrBefore),
        },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const item = page.Items?.[0];
    return item === undefined ? undefined : MetricSnapshotSchema.parse(item.data);
  }
}
