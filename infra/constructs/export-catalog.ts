import { Aws } from 'aws-cdk-lib';
import { CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { ParquetColumnType } from '../../shared/adapters/parquet/parquet-encoder';
import { exportDatasetPrefix } from '../../shared/config/bucket-layout';
import { AppName } from '../../shared/config/resource-names';
import { DATASET_COLUMNS, ExportDataset } from '../../shared/use-cases/export-datasets';
import { ATHENA_RESULTS_PREFIX } from './storage-buckets';

const hiveType: Record<ParquetColumnType, string> = {
  STRING: 'string',
  DOUBLE: 'double',
  INT64: 'bigint',
  BOOLEAN: 'boolean',
  TIMESTAMP: 'timestamp',
};

/**
 * Glue columns straight from the exporter's contract (shared/use-cases/export-datasets.ts), so the catalog can
 * never drift from the Parquet files: one row per post / creator / benchmark cell × ER definition.
 */
export function glueColumns(dataset: ExportDataset): { name: string; type: string }[] {
  return DATASET_COLUMNS[dataset].map((column) => ({ name: column.name, type: hiveType[column.type] }));
}

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
    const entries = Object.values(ExportDataset).map((dataset) => {
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
            columns: glueColumns(dataset),
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
