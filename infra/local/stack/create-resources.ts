import {
  CreateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { BUCKET_DEFINITIONS } from '../../../shared/config/bucket-layout';
import { QUEUE_DEFINITIONS } from '../../../shared/config/queue-definitions';
import { localResourceName, type QueueId, type TableId } from '../../../shared/config/resource-names';
import { TABLE_DEFINITIONS, type TableDefinition } from '../../../shared/config/table-definitions';

/** Creates the emulator resources from the same definitions the CDK stack uses. Idempotent (persisted data). */

export interface LocalQueue {
  readonly url: string;
  readonly arn: string;
  readonly deadLetterUrl: string;
  readonly deadLetterArn: string;
}

export interface LocalResources {
  readonly stage: string;
  readonly tables: Readonly<Record<TableId, string>>;
  readonly queues: Readonly<Record<QueueId, LocalQueue>>;
  readonly buckets: Readonly<Record<'raw' | 'exports', string>>;
}

function createTableInput(table: TableDefinition, name: string): CreateTableCommandInput {
  const attributes = new Map<string, 'S' | 'N'>();
  const add = (key?: { name: string; type: 'S' | 'N' }) => {
    if (key) attributes.set(key.name, key.type);
  };
  add(table.partitionKey);
  add(table.sortKey);
  for (const index of table.globalSecondaryIndexes) {
    add(index.partitionKey);
    add(index.sortKey);
  }
  const keySchema = (pk: { name: string }, sk?: { name: string }) => [
    { AttributeName: pk.name, KeyType: 'HASH' as const },
    ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' as const }] : []),
  ];
  return {
    TableName: name,
    BillingMode: table.billingMode,
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType,
    })),
    KeySchema: keySchema(table.partitionKey, table.sortKey),
    ...(table.globalSecondaryIndexes.length > 0
      ? {
          GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: keySchema(index.partitionKey, index.sortKey),
            Projection: { ProjectionType: index.projection },
          })),
        }
      : {}),
  };
}

async function createTable(client: DynamoDBClient, table: TableDefinition, name: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(createTableInput(table, name)));
  } catch (error) {
    if ((error as Error).name !== 'ResourceInUseException') throw error;
  }
  if (!table.timeToLiveAttribute) return;
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    // dynalite has no UpdateTimeToLive; DynamoDB Local answers ValidationException when TTL is already on.
    const name = (error as Error).name;
    if (name !== 'UnknownOperationException' && name !== 'ValidationException') throw error;
  }
}

async function createQueue(
  client: SQSClient,
  name: string,
  attributes: Record<string, string>,
): Promise<{ url: string; arn: string }> {
  const created = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const url = created.QueueUrl;
  if (!url) throw new Error(`CreateQueue returned no URL for ${name}`);
  const described = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  const arn = described.Attributes?.QueueArn;
  if (!arn) throw new Error(`No QueueArn for ${name}`);
  return { url, arn };
}

export async function createLocalResources(
  clients: { dynamodb: DynamoDBClient; sqs: SQSClient; s3: S3Client },
  stage: string,
): Promise<LocalResources> {
  const tables = {} as Record<TableId, string>;
  for (const table of TABLE_DEFINITIONS) {
    const name = localResourceName(stage, table.id);
    await createTable(clients.dynamodb, table, name);
    tables[table.id] = name;
  }

  const queues = {} as Record<QueueId, LocalQueue>;
  for (const queue of QUEUE_DEFINITIONS) {
    const dlq = await createQueue(clients.sqs, localResourceName(stage, queue.deadLetterQueueId), {
      MessageRetentionPeriod: String(queue.deadLetterRetentionSeconds),
    });
    const source = await createQueue(clients.sqs, localResourceName(stage, queue.id), {
      VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
      MessageRetentionPeriod: String(queue.retentionSeconds),
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: queue.maxReceiveCount }),
    });
    queues[queue.id] = { url: source.url, arn: source.arn, deadLetterUrl: dlq.url, deadLetterArn: dlq.arn };
  }

  const buckets = {} as Record<'raw' | 'exports', string>;
  for (const bucket of BUCKET_DEFINITIONS) {
    const name = localResourceName(stage, bucket.id);
    try {
      await clients.s3.send(new CreateBucketCommand({ Bucket: name }));
    } catch (error) {
      const errorName = (error as Error).name;
      if (errorName !== 'BucketAlreadyOwnedByYou' && errorName !== 'BucketAlreadyExists') throw error;
    }
    buckets[bucket.id] = name;
  }
  return { stage, tables, queues, buckets };
}
