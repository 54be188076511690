import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * AWS clients, created once per container (module scope survives between Lambda invocations) and injectable
 * for tests. No endpoint is ever set here: the SDK reads `AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_SQS`,
 * `AWS_ENDPOINT_URL_S3` (or none → the real AWS endpoints), so the same code runs against AWS or a local stack.
 *
 * - SQS: `useQueueUrlAsEndpoint: false` makes the client send to the configured endpoint instead of the host
 *   inside the QueueUrl. On AWS both are the same; emulators (fauxqs) return queue URLs with hosts such as
 *   `sqs.us-east-1.localhost` that do not resolve.
 * - S3: no `forcePathStyle`. Against an IP endpoint (`http://127.0.0.1:PORT`) the SDK already uses path-style
 *   addressing; on AWS virtual-hosted style is the recommended default.
 */

export function createDynamoDocumentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

export function createSqsClient(): SQSClient {
  return new SQSClient({ useQueueUrlAsEndpoint: false });
}

export function createS3Client(): S3Client {
  return new S3Client({});
}

let dynamo: DynamoDBDocumentClient | undefined;
let sqs: SQSClient | undefined;
let s3: S3Client | undefined;

export function dynamoDocumentClient(): DynamoDBDocumentClient {
  dynamo ??= createDynamoDocumentClient();
  return dynamo;
}

export function sqsClient(): SQSClient {
  sqs ??= createSqsClient();
  return sqs;
}

export function s3Client(): S3Client {
  s3 ??= createS3Client();
  return s3;
}

/** Drops the cached clients (tests that change endpoint env variables between runs). */
export function resetClients(): void {
  dynamo?.destroy();
  sqs?.destroy();
  s3?.destroy();
  dynamo = undefined;
  sqs = undefined;
  s3 = undefined;
}
