import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { ExportWriter } from '../../ports/export-writer';
import { s3Client } from './clients';
import { listAllKeys } from './s3-raw-archive';

/** Bodies above this go through lib-storage multipart upload (5 MiB parts, 4 in parallel). */
const MULTIPART_THRESHOLD_BYTES = 8 * 1024 * 1024;

export class S3ExportWriter implements ExportWriter {
  constructor(
    private readonly bucket: string,
    private readonly client: S3Client = s3Client(),
  ) {}

  async putObject(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    const size = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    if (size < MULTIPART_THRESHOLD_BYTES) {
      await this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
      );
      return;
    }
    await new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
      partSize: 5 * 1024 * 1024,
      queueSize: 4,
    }).done();
  }

  async getObject(key: string): Promise<Uint8Array> {
    const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return (await result.Body?.transformToByteArray()) ?? new Uint8Array();
  }

  listKeys(prefix: string): Promise<string[]> {
    return listAllKeys(this.client, this.bucket, prefix);
  }
}
