import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';

export class UnprocessedItemsError extends Error {
  override readonly name = 'UnprocessedItemsError';
}

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface BatchWriteOptions {
  sleep?: Sleep;
  /** Attempts per chunk including the first (default 8). */
  maxAttempts?: number;
  /** First backoff delay in ms; doubles per attempt, with full jitter (default 50). */
  baseDelayMs?: number;
  random?: () => number;
}

const MAX_BATCH_WRITE = 25;

/**
 * Puts every item with BatchWriteItem in chunks of 25, retrying `UnprocessedItems` with exponential backoff and
 * full jitter (sleep injected for tests). Puts overwrite, so retrying a chunk is idempotent.
 */
export async function batchPutAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
  options: BatchWriteOptions = {},
): Promise<void> {
  const sleep = options.sleep ?? realSleep;
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 50;
  const random = options.random ?? Math.random;
  for (let start = 0; start < items.length; start += MAX_BATCH_WRITE) {
    let requests = items.slice(start, start + MAX_BATCH_WRITE).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; requests.length > 0; attempt += 1) {
      const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      const unprocessed = result.UnprocessedItems?.[tableName] ?? [];
      if (unprocessed.length === 0) break;
      if (attempt >= maxAttempts) {
        throw new UnprocessedItemsError(
          `${unprocessed.length} items still unprocessed after ${attempt} attempts`,
        );
      }
      requests = unprocessed as typeof requests;
      await sleep(Math.floor(random() * baseDelayMs * 2 ** (attempt - 1)));
    }
  }
}

/** Runs a Query to the end, following LastEvaluatedKey. */
export async function queryAll(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: exclusiveStartKey }));
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    exclusiveStartKey = page.LastEvaluatedKey as Record<string, unknown> | undefined;
  } while (exclusiveStartKey);
  return items;
}

export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
