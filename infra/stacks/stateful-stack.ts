import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AlertTopic } from '../constructs/alert-topic';
import { DataTables } from '../constructs/data-tables';
import { ExportCatalog } from '../constructs/export-catalog';
import { PipelineSecrets } from '../constructs/pipeline-secrets';
import { StorageBuckets } from '../constructs/storage-buckets';
import { WorkQueues } from '../constructs/work-queues';
import type { StageConfig } from '../stage-config';

export interface StatefulStackProps extends StackProps {
  readonly config: StageConfig;
}

/**
 * Everything that holds data or identity: tables, buckets, queues (+DLQs), the alert topic and its key,
 * secrets, the Glue catalog. Deployed separately from the functions so a code deploy can never replace
 * (and lose) state, and so it can be protected with termination protection in production.
 */
export class StatefulStack extends Stack {
  readonly tables: DataTables;
  readonly buckets: StorageBuckets;
  readonly queues: WorkQueues;
  readonly alerts: AlertTopic;
  readonly secrets: PipelineSecrets;
  readonly catalog: ExportCatalog;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, { ...props, terminationProtection: props.config.retainData });
    const { config } = props;
    this.tables = new DataTables(this, 'tables', { retainData: config.retainData });
    this.buckets = new StorageBuckets(this, 'buckets', {
      retainData: config.retainData,
      rawCommentRetentionDays: config.rawCommentRetentionDays,
    });
    this.queues = new WorkQueues(this, 'queues');
    this.alerts = new AlertTopic(this, 'alerts', {
      alertEmails: config.alertEmails,
      retainData: config.retainData,
    });
    this.secrets = new PipelineSecrets(this, 'secrets', {
      stage: config.stage,
      alertWebhook: config.alertWebhook,
      retainData: config.retainData,
    });
    this.catalog = new ExportCatalog(this, 'catalog', {
      stage: config.stage,
      exportsBucket: this.buckets.exports,
    });
    // What operators need after a deploy: `pulse creators --table …`, Athena, subscriptions, secrets.
    const outputs: Record<string, [string, string]> = {
      CreatorsTableName: [
        this.tables.tables.creators.tableName,
        'creators registry (pulse creators --table)',
      ],
      ExportsBucketName: [this.buckets.exports.bucketName, 'Parquet exports (Athena / DuckDB)'],
      AlertTopicArn: [this.alerts.topic.topicArn, 'SNS topic of sentiment-drop alerts'],
      AthenaWorkGroup: [this.catalog.workGroupName, 'Athena workgroup'],
      GlueDatabase: [this.catalog.databaseName, 'Glue database of the export tables'],
    };
    for (const [id, [value, description]] of Object.entries(outputs)) {
      new CfnOutput(this, id, { value, description });
    }
  }
}
