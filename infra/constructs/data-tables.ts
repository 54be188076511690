import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  type GlobalSecondaryIndexPropsV2,
  ProjectionType,
  TableEncryptionV2,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { TableId } from '../../shared/config/resource-names';
import {
  type KeyAttributeDefinition,
  TABLE_DEFINITIONS,
  type TableDefinition,
} from '../../shared/config/table-definitions';

export interface DataTablesProps {
  readonly retainData: boolean;
}

function attribute(key: KeyAttributeDefinition) {
  return { name: key.name, type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER };
}

/**
 * The DynamoDB tables, built from `shared/config/table-definitions.ts`: on-demand, point-in-time recovery on
 * every table (the idempotency table's definition says PITR is optional; backups cost little there and one
 * guardrail for all tables is easier to check), TTL, encryption with the AWS managed key.
 */
export class DataTables extends Construct {
  readonly tables: Record<TableId, TableV2>;

  constructor(scope: Construct, id: string, props: DataTablesProps) {
    super(scope, id);
    const entries = TABLE_DEFINITIONS.map((definition) => [definition.id, this.table(definition, props)]);
    this.tables = Object.fromEntries(entries) as Record<TableId, TableV2>;
  }

  private table(definition: TableDefinition, props: DataTablesProps): TableV2 {
    const globalSecondaryIndexes: GlobalSecondaryIndexPropsV2[] = definition.globalSecondaryIndexes.map(
      (index) => ({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: index.sortKey ? attribute(index.sortKey) : undefined,
        projectionType: index.projection === 'ALL' ? ProjectionType.ALL : ProjectionType.KEYS_ONLY,
      }),
    );
    return new TableV2(this, `${definition.id}-table`, {
      partitionKey: attribute(definition.partitionKey),
      sortKey: definition.sortKey ? attribute(definition.sortKey) : undefined,
      globalSecondaryIndexes,
      timeToLiveAttribute: definition.timeToLiveAttribute,
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryptionV2.awsManagedKey(),
      deletionProtection: props.retainData,
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }
}
