import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { quarantineKey } from '../../config/bucket-layout';
import type { QuarantineEntry, QuarantineSink, RawArchive } from '../../ports/raw-archive';
import { s3Client } from './clients';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export async function listAllKeys(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys.sort();
}

/** Raw zone on S3: gzip NDJSON pages; also the quarantine sink for invalid messages (same bucket, own prefix). */
export class S3RawArchive implements RawArchive, QuarantineSink {
  constructor(
    private readonly bucket: string,
    private readonly client: S3Client = s3Client(),
  ) {}

  async putPage(key: string, records: readonly unknown[]): Promise<void> {
    const ndjson = records.map((record) => `${JSON.stringify(record)}\n`).join('');
    const body = await gzipAsync(Buffer.from(ndjson, 'utf8'));
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: 'application/x-ndjson',
        ContentEncoding: 'gzip',
      }),
    );
  }

  async getPage(key: string): Promise<unknown[]> {
    const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const bytes = await result.Body?.transformToByteArray();
    if (!bytes) return [];
    // Some HTTP stacks transparently decode `Content-Encoding: gzip`; accept either form.
    const isGzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
    const text = (isGzip ? await gunzipAsync(bytes) : Buffer.from(bytes)).toString('utf8');
    return text
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as unknown);
  }

  listKeys(prefix: string): Promise<string[]> {
    return listAllKeys(this.client, this.bucket, prefix);
  }

  async quarantine(entry: QuarantineEntry): Promise<string> {
    const key = quarantineKey(entry.queueId, entry.messageId, entry.receivedAt);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: JSON.stringify(entry),
        ContentType: 'application/json',
      }),
    );
    return key;
  }
}
