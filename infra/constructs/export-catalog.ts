import { Aws } from 'aws-cdk-lib';
import { CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { exportDatasetPrefix } from '../../shared/config/bucket-layout';
import { AppName } from '../../shared/config/resource-names';
import { ATHENA_RESULTS_PREFIX } from './storage-buckets';

/** Column of a Glue table over Parquet (Hive type names). */
export interface ExportColumn {
  readonly name: string;
  readonly type: 'string' | 'bigint' | 'double' | 'boolean' | 'timestamp' | 'date';
  readonly comment?: string;
}

/**
 * Export datasets and their columns. The exporter (export-benchmarks) writes Parquet with these columns under
 * `exports/dataset=<name>/dt=YYYY-MM-DD/`; keep this list and the exporter's schema in step.
 * Engagement rates are one column per definition (by reach, by views, by followers): they are not comparable.
 */
export const EXPORT_DATASETS: Readonly<Record<string, readonly ExportColumn[]>> = {
  post_metrics: [
    { name: 'snapshot_id', type: 'string' },
    { name: 'platform', type: 'string' },
    { name: 'creator_id', type: 'string', comment: 'platform#accountId' },
    { name: 'post_id', type: 'string' },
    { name: 'post_type', type: 'string' },
    { name: 'published_at', type: 'timestamp' },
    { name: 'observed_at', type: 'timestamp' },
    { name: 'tier', type: 'string', comment: 'follower tier at publication' },
    { name: 'sponsored', type: 'boolean' },
    { name: 'campaign_id', type: 'string' },
    { name: 'followers', type: 'bigint' },
    { name: 'views', type: 'bigint' },
    { name: 'reach', type: 'bigint' },
    { name: 'likes', type: 'bigint' },
    { name: 'comments', type: 'bigint' },
    { name: 'shares', type: 'bigint' },
    { name: 'saves', type: 'bigint' },
    { name: 'er_by_followers', type: 'double' },
    { name: 'er_by_reach', type: 'double' },
    { name: 'er_by_views', type: 'double' },
    { name: 'comments_scored', type: 'bigint' },
    { name: 'sentiment_mean', type: 'double' },
    { name: 'sentiment_positive_share', type: 'double' },
    { name: 'sentiment_negative_share', type: 'double' },
  ],
  creator_metrics: [
    { name: 'snapshot_id', type: 'string' },
    { name: 'platform', type: 'string' },
    { name: 'creator_id', type: 'string' },
    { name: 'tier', type: 'string' },
    { name: 'followers', type: 'bigint' },
    { name: 'window_start', type: 'date' },
    { name: 'window_end', type: 'date' },
    { name: 'sponsored', type: 'boolean', comment: 'figures over sponsored (true) or organic (false) posts' },
    { name: 'posts', type: 'bigint' },
    { name: 'er_definition', type: 'string', comment: 'by_followers | by_reach | by_views' },
    { name: 'er_median', type: 'double' },
    { name: 'er_mean', type: 'double' },
    { name: 'comments_scored', type: 'bigint' },
    { name: 'sentiment_mean', type: 'double' },
    { name: 'sentiment_negative_share', type: 'double' },
  ],
  benchmarks: [
    { name: 'snapshot_id', type: 'string' },
    { name: 'platform', type: 'string' },
    { name: 'tier', type: 'string' },
    { name: 'content_type', type: 'string' },
    { name: 'sponsored', type: 'boolean' },
    { name: 'er_definition', type: 'string' },
    { name: 'count', type: 'bigint', comment: 'posts in the cell' },
    { name: 'median', type: 'double' },
    { name: 'p10', type: 'double' },
    { name: 'p25', type: 'double' },
    { name: 'p75', type: 'double' },
    { name: 'p90', type: 'double' },
    { name: 'reference_value', type: 'double', comment: 'published industry figure, when one exists' },
    { name: 'reference_source', type: 'string' },
  ],
};

/** First day partition projection accepts; `NOW` ends the range so no window needs maintaining. */
export const EXPORTS_FIRST_DAY = '2024-01-01';

export interface ExportCatalogProps {
  readonly stage: string;
  readonly exportsBucket: IBucket;
}

/**
 * Glue database + one table per export dataset with partition projection on `dt` (date, `…,NOW`), so Athena
 * sees a new day's snapshot the moment the Parquet lands — no crawler, no MSCK REPAIR, no ALTER TABLE.
 * Plus an Athena workgroup with encrypted results in the exports bucket.
 */
export class ExportCatalog extends Construct {
  readonly databaseName: string;
  readonly workGroupName: string;
  readonly tables: Record<string, CfnTable>;

  constructor(scope: Construct, id: string, props: ExportCatalogProps) {
    super(scope, id);
    this.databaseName = `${AppName}_${props.stage}`.replaceAll('-', '_');
    const catalogId = Aws.ACCOUNT_ID;
    const database = new CfnDatabase(this, 'database', {
      catalogId,
      databaseInput: { name: this.databaseName, description: 'Creator Pulse benchmark exports (Parquet)' },
    });

    const bucketName = props.exportsBucket.bucketName;
    const entries = Object.entries(EXPORT_DATASETS).map(([dataset, columns]) => {
      const location = `s3://${bucketName}/${exportDatasetPrefix(dataset)}`;
      const table = new CfnTable(this, `${dataset}-table`, {
        catalogId,
        databaseName: this.databaseName,
        tableInput: {
          name: dataset,
          description: `Creator Pulse export dataset ${dataset}`,
          tableType: 'EXTERNAL_TABLE',
          partitionKeys: [{ name: 'dt', type: 'string', comment: 'snapshot day, YYYY-MM-DD (UTC)' }],
          parameters: {
            classification: 'parquet',
            EXTERNAL: 'TRUE',
            'parquet.compression': 'SNAPPY',
            'projection.enabled': 'true',
            'projection.dt.type': 'date',
            'projection.dt.format': 'yyyy-MM-dd',
            'projection.dt.range': `${EXPORTS_FIRST_DAY},NOW`,
            'projection.dt.interval': '1',
            'projection.dt.interval.unit': 'DAYS',
            'storage.location.template': `${location}dt=\${dt}/`,
          },
          storageDescriptor: {
            location,
            columns: columns.map((column) => ({
              name: column.name,
              type: column.type,
              comment: column.comment,
            })),
            inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
            outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
            serdeInfo: {
              serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
              parameters: { 'serialization.format': '1' },
            },
          },
        },
      });
      table.addResourceDependency(database);
      return [dataset, table] as const;
    });
    this.tables = Object.fromEntries(entries);

    this.workGroupName = `${AppName}-${props.stage}`;
    new CfnWorkGroup(this, 'workgroup', {
      name: this.workGroupName,
      description: 'Queries over Creator Pulse exports; results encrypted and expired after 30 days',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        // Guard against a runaway scan: 10 GB per query is far above any export snapshot.
        bytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        resultConfiguration: {
          outputLocation: `s3://${bucketName}/${ATHENA_RESULTS_PREFIX}`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
  }
}
