import { quarantineKey } from '../../config/bucket-layout';
import type { QueueId } from '../../config/resource-names';
import { encodeSqsBody } from '../../messages/sqs-body';
import type { ExportWriter } from '../../ports/export-writer';
import type { MessagePublisher, OutgoingMessage } from '../../ports/message-publisher';
import type { QuarantineEntry, QuarantineSink, RawArchive } from '../../ports/raw-archive';

/** In-memory raw archive + quarantine sink; pages are kept as records (no gzip). */
export class MemoryRawArchive implements RawArchive, QuarantineSink {
  readonly pages = new Map<string, unknown[]>();
  readonly quarantined = new Map<string, QuarantineEntry>();
  async putPage(key: string, records: readonly unknown[]): Promise<void> {
    this.pages.set(key, structuredClone([...records]));
  }
  async getPage(key: string): Promise<unknown[]> {
    return structuredClone(this.pages.get(key) ?? []);
  }
  async listKeys(prefix: string): Promise<string[]> {
    return [...this.pages.keys(), ...this.quarantined.keys()].filter((key) => key.startsWith(prefix)).sort();
  }
  async quarantine(entry: QuarantineEntry): Promise<string> {
    const key = quarantineKey(entry.queueId, entry.messageId, entry.receivedAt);
    this.quarantined.set(key, { ...entry });
    return key;
  }
}

export class MemoryExportWriter implements ExportWriter {
  readonly objects = new Map<string, { body: Uint8Array; contentType: string }>();
  async putObject(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body);
    this.objects.set(key, { body: bytes, contentType });
  }
  async getObject(key: string): Promise<Uint8Array> {
    const found = this.objects.get(key);
    if (!found) throw new Error(`NoSuchKey: ${key}`);
    return new Uint8Array(found.body);
  }
  async listKeys(prefix: string): Promise<string[]> {
    return [...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort();
  }
}

/** Records what was published, per queue; the body is what the SQS adapter would send. */
export class MemoryMessagePublisher implements MessagePublisher {
  readonly sent = new Map<string, { body: string; attributes: Record<string, string> }[]>();
  async publish(queue: QueueId | `${QueueId}-dlq`, messages: readonly OutgoingMessage[]): Promise<void> {
    const list = this.sent.get(queue) ?? [];
    for (const message of messages) {
      list.push({
        body: message.rawBody ?? encodeSqsBody(message.body),
        attributes: { ...message.attributes },
      });
    }
    this.sent.set(queue, list);
  }
}
