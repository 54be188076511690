import { BucketPrefix, type RawPageKind, rawPageKey, utcDateParts } from '../config/bucket-layout';
import type { Platform } from '../domain/platform';
import type { QuarantinedRecord, RawPage } from '../ports/platform-connector';
import type { RawArchive } from '../ports/raw-archive';

/**
 * Key of a batch of invalid platform records (quarantined by a connector) in the raw bucket's quarantine prefix:
 *   quarantine/source=platform/platform=<p>/dt=YYYY-MM-DD/creator=<accountId>/<collectionId>-<nnnn>.ndjson.gz
 * Same bucket prefix as quarantined SQS bodies (`quarantine/queue=…`), so one lifecycle rule expires both (they
 * may hold comment texts and author ids).
 */
export function platformQuarantineKey(input: {
  platform: Platform;
  accountId: string;
  collectedAt: string;
  collectionId: string;
  part: number;
}): string {
  const { dt } = utcDateParts(input.collectedAt);
  return (
    `${BucketPrefix.quarantine}source=platform/platform=${encodeURIComponent(input.platform)}/dt=${dt}/` +
    `creator=${encodeURIComponent(input.accountId)}/${encodeURIComponent(input.collectionId)}-${String(input.part).padStart(4, '0')}.ndjson.gz`
  );
}

/** One archived line: the page exactly as received, plus where it belongs. */
export interface ArchivedPage extends RawPage {
  readonly collectionId: string;
  readonly creatorKey: string;
  readonly kind: RawPageKind;
}

/**
 * Archives the raw pages and quarantined records of one collection run as they arrive, so everything fetched is
 * in S3 before any message is sent (and stays there even if the run fails later). Object numbers count per kind.
 */
export class CollectionArchive {
  private readonly nextPage = new Map<RawPageKind, number>();
  private quarantineParts = 0;
  readonly keys: string[] = [];
  pagesArchived = 0;
  objectsWritten = 0;
  recordsQuarantined = 0;

  constructor(
    private readonly archive: RawArchive,
    private readonly run: {
      readonly platform: Platform;
      readonly accountId: string;
      readonly creatorKey: string;
      readonly collectionId: string;
      readonly collectedAt: string;
    },
  ) {}

  /**
   * Writes the pages of one connector call as one object, one NDJSON line per page (a call that pages through
   * 150 comment pages is one PUT, not 150: S3 bills per request). Returns its key (the replay source named in
   * the messages), or nothing when the call made no request.
   */
  async pages(kind: RawPageKind, pages: readonly RawPage[]): Promise<string[]> {
    if (pages.length === 0) return [];
    const number = this.nextPage.get(kind) ?? 0;
    this.nextPage.set(kind, number + 1);
    const key = rawPageKey({
      kind,
      platform: this.run.platform,
      accountId: this.run.accountId,
      collectedAt: this.run.collectedAt,
      collectionId: this.run.collectionId,
      page: number,
    });
    const lines: ArchivedPage[] = pages.map((page) => ({
      ...page,
      collectionId: this.run.collectionId,
      creatorKey: this.run.creatorKey,
      kind,
    }));
    await this.archive.putPage(key, lines);
    this.keys.push(key);
    this.pagesArchived += pages.length;
    this.objectsWritten += 1;
    return [key];
  }

  /** Invalid items a connector set aside, with their reason; one object per connector call. */
  async quarantine(records: readonly QuarantinedRecord[]): Promise<string | undefined> {
    if (records.length === 0) return undefined;
    const key = platformQuarantineKey({ ...this.run, part: this.quarantineParts++ });
    await this.archive.putPage(
      key,
      records.map((record) => ({
        ...record,
        collectionId: this.run.collectionId,
        creatorKey: this.run.creatorKey,
        quarantinedAt: this.run.collectedAt,
      })),
    );
    this.recordsQuarantined += records.length;
    return key;
  }
}
