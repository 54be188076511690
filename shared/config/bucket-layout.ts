import { BucketId, type QueueId } from './resource-names';

/**
 * S3 layout, defined once for the CDK stack (bucket + lifecycle rules), the local stack and the adapters.
 * See docs/data-model.md §S3 for the rationale.
 *
 * Raw zone (bucket `raw`): every platform page exactly as collected, gzip NDJSON, Hive-style partitions so one
 * day (or hour, platform, creator) can be listed by prefix and replayed:
 *   raw/kind=<kind>/platform=<platform>/dt=YYYY-MM-DD/hour=HH/creator=<accountId>/<collectionId>-<page>.ndjson.gz
 * `kind` comes first so a lifecycle rule can expire pages holding comment texts and author handles (PII) after
 * the configured retention while posts and metrics pages are kept.
 *
 * Quarantine (bucket `raw`): SQS bodies that failed validation, with the reason:
 *   quarantine/queue=<queueId>/dt=YYYY-MM-DD/<messageId>.json
 *
 * Exports zone (bucket `exports`): Parquet, Hive-style, plus one manifest per snapshot outside the data prefix
 * (so an Athena/DuckDB table over `exports/dataset=<name>/` sees only Parquet):
 *   exports/dataset=<name>/dt=YYYY-MM-DD/<snapshotId>-part-<nnnn>.parquet
 *   exports/manifests/dataset=<name>/dt=YYYY-MM-DD/<snapshotId>.json
 */

export const RawPageKind = {
  /** Post listings / media pages (captions, ids, flags). */
  posts: 'posts',
  /** Per-post metric / insights pages. */
  metrics: 'metrics',
  /** Comment pages: contain comment texts and author handles (PII) → expire after the retention. */
  comments: 'comments',
  /** Account / profile pages (follower counts). */
  profile: 'profile',
} as const;
export type RawPageKind = (typeof RawPageKind)[keyof typeof RawPageKind];

export const BucketPrefix = {
  raw: 'raw/',
  rawComments: `raw/kind=${RawPageKind.comments}/`,
  quarantine: 'quarantine/',
  exports: 'exports/',
  exportManifests: 'exports/manifests/',
} as const;

export interface LifecycleRuleDefinition {
  readonly id: string;
  readonly prefix: string;
  /** Expire objects this many days after creation; `'rawCommentRetention'` = the configurable retention. */
  readonly expireAfterDays: number | 'rawCommentRetention';
  /** Move to a cheaper class after this many days (Glacier Instant Retrieval); omitted = stay in Standard. */
  readonly transitionToInfrequentAfterDays?: number;
}

export interface BucketDefinition {
  readonly id: BucketId;
  readonly description: string;
  readonly lifecycleRules: readonly LifecycleRuleDefinition[];
}

export const RAW_BUCKET: BucketDefinition = {
  id: BucketId.raw,
  description: 'Raw zone (every collected page, gzip NDJSON) and quarantined messages.',
  lifecycleRules: [
    { id: 'expire-raw-comments', prefix: BucketPrefix.rawComments, expireAfterDays: 'rawCommentRetention' },
    // Quarantined bodies may contain comment texts: same retention as raw comments.
    { id: 'expire-quarantine', prefix: BucketPrefix.quarantine, expireAfterDays: 'rawCommentRetention' },
    {
      id: 'archive-raw',
      prefix: BucketPrefix.raw,
      expireAfterDays: 730,
      transitionToInfrequentAfterDays: 30,
    },
  ],
};

export const EXPORTS_BUCKET: BucketDefinition = {
  id: BucketId.exports,
  description: 'Exports zone: Parquet benchmark datasets (Hive partitions) and snapshot manifests.',
  lifecycleRules: [],
};

export const BUCKET_DEFINITIONS: readonly BucketDefinition[] = [RAW_BUCKET, EXPORTS_BUCKET];

/** `YYYY-MM-DD` and `HH` of an ISO instant, in UTC. */
export function utcDateParts(instant: string): { dt: string; hour: string } {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not an instant: ${instant}`);
  const iso = date.toISOString();
  return { dt: iso.slice(0, 10), hour: iso.slice(11, 13) };
}

/** Key segments must not contain `/` or `=`; platform ids are URL-encoded to keep keys unambiguous. */
function segment(value: string): string {
  return encodeURIComponent(value);
}

export interface RawPageKeyInput {
  readonly kind: RawPageKind;
  readonly platform: string;
  readonly accountId: string;
  /** When the page was collected (decides `dt`/`hour`). */
  readonly collectedAt: string;
  /** Unique id of one collection run of one creator (e.g. a ULID or `<slot>-<uuid>`). */
  readonly collectionId: string;
  /** 0-based page number within the collection and kind. */
  readonly page: number;
}

export function rawPageKey(input: RawPageKeyInput): string {
  const { dt, hour } = utcDateParts(input.collectedAt);
  const page = String(input.page).padStart(4, '0');
  return (
    `${BucketPrefix.raw}kind=${input.kind}/platform=${segment(input.platform)}/dt=${dt}/hour=${hour}/` +
    `creator=${segment(input.accountId)}/${segment(input.collectionId)}-${page}.ndjson.gz`
  );
}

/** Prefix listing every raw page of one kind for one UTC day (the replay unit). */
export function rawDayPrefix(kind: RawPageKind, platform: string, day: string): string {
  return `${BucketPrefix.raw}kind=${kind}/platform=${segment(platform)}/dt=${day}/`;
}

export function quarantineKey(queueId: QueueId | string, messageId: string, at: string): string {
  const { dt } = utcDateParts(at);
  return `${BucketPrefix.quarantine}queue=${segment(queueId)}/dt=${dt}/${segment(messageId)}.json`;
}

export function exportPartKey(dataset: string, day: string, snapshotId: string, part: number): string {
  return `${BucketPrefix.exports}dataset=${segment(dataset)}/dt=${day}/${segment(snapshotId)}-part-${String(part).padStart(4, '0')}.parquet`;
}

export function exportDatasetPrefix(dataset: string): string {
  return `${BucketPrefix.exports}dataset=${segment(dataset)}/`;
}

export function exportManifestKey(dataset: string, day: string, snapshotId: string): string {
  return `${BucketPrefix.exportManifests}dataset=${segment(dataset)}/dt=${day}/${segment(snapshotId)}.json`;
}
