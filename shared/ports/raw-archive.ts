/** The raw zone: every collected page as gzip NDJSON (keys from shared/config/bucket-layout.ts). */
export interface RawArchive {
  /** Writes one page; records are serialised one JSON per line and gzipped. Overwriting is idempotent. */
  putPage(key: string, records: readonly unknown[]): Promise<void>;
  getPage(key: string): Promise<unknown[]>;
  /** Keys under a prefix (e.g. one day), sorted. */
  listKeys(prefix: string): Promise<string[]>;
}

/** Where invalid messages go with their reason (raw bucket `quarantine/` prefix). */
export interface QuarantineSink {
  quarantine(entry: QuarantineEntry): Promise<string>;
}

export interface QuarantineEntry {
  queueId: string;
  messageId: string;
  body: string;
  reason: string;
  receivedAt: string;
}
