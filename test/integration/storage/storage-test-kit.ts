import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createLocalResources, type LocalResources } from '../../../infra/local/stack';
import { resetClients } from '../../../shared/adapters/aws/clients';
import type { SentimentScore } from '../../../shared/domain/sentiment-score';
import { labelFor } from '../../../shared/domain/sentiment-score';

/** Points the SDK's standard env configuration at a local stack (what a Lambda's environment would do). */
export function useEnvironment(env: Readonly<Record<string, string>>): () => void {
  const previous = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(env)) {
    previous.set(name, process.env[name]);
    process.env[name] = value;
  }
  resetClients();
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetClients();
  };
}

/** A fresh set of tables/queues/buckets on the same emulators, isolated from other test files. */
export async function createIsolatedResources(
  env: Readonly<Record<string, string>>,
  label: string,
): Promise<LocalResources> {
  const config = {
    region: env.AWS_REGION ?? 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  const clients = {
    dynamodb: new DynamoDBClient({ ...config, endpoint: env.AWS_ENDPOINT_URL_DYNAMODB }),
    sqs: new SQSClient({ ...config, endpoint: env.AWS_ENDPOINT_URL_SQS }),
    s3: new S3Client({ ...config, endpoint: env.AWS_ENDPOINT_URL_S3, forcePathStyle: true }),
  };
  try {
    return await createLocalResources(clients, `${label}-${randomUUID().slice(0, 8)}`);
  } finally {
    clients.dynamodb.destroy();
    clients.sqs.destroy();
    clients.s3.destroy();
  }
}

/** A deterministic stand-in for the sentiment engine: the score is encoded in the comment text. */
export function stubScore(text: string): SentimentScore {
  const match = /score:(-?\d+(?:\.\d+)?)/.exec(text);
  if (!match?.[1]) return { scored: false, reason: 'unsupported_language', language: null };
  const compound = Number(match[1]);
  return {
    scored: true,
    compound,
    pos: Math.max(compound, 0),
    neg: Math.max(-compound, 0),
    neu: 1 - Math.abs(compound),
    label: labelFor(compound),
    language: 'en',
  };
}
