import { parquetWriteBuffer } from 'hyparquet-writer';

/**
 * Row-oriented façade over hyparquet-writer with a fixed, explicit schema: the column list and types are part of
 * the export contract (Glue tables / Athena / DuckDB read them), so nothing is guessed from the data — a dataset
 * with zero rows or all-null columns still gets the same schema.
 */
export type ParquetColumnType = 'STRING' | 'DOUBLE' | 'INT64' | 'BOOLEAN' | 'TIMESTAMP';

export interface ParquetColumn {
  /** snake_case column name. */
  readonly name: string;
  readonly type: ParquetColumnType;
  /** Nullable columns hold `null` for unavailable values (never 0). */
  readonly nullable: boolean;
}

export type ParquetRow = Readonly<Record<string, unknown>>;

export class ParquetEncodingError extends Error {
  override readonly name = 'ParquetEncodingError';
}

/** Glue/Athena type names of the columns (for documentation and the CDK Glue tables). */
export const GLUE_TYPE: Readonly<Record<ParquetColumnType, string>> = {
  STRING: 'string',
  DOUBLE: 'double',
  INT64: 'bigint',
  BOOLEAN: 'boolean',
  TIMESTAMP: 'timestamp',
};

function convert(column: ParquetColumn, value: unknown, rowIndex: number): unknown {
  if (value === null || value === undefined) {
    if (!column.nullable)
      throw new ParquetEncodingError(`row ${rowIndex}: column ${column.name} must not be null`);
    return null;
  }
  const fail = (): never => {
    throw new ParquetEncodingError(
      `row ${rowIndex}: column ${column.name} (${column.type}) got ${typeof value}`,
    );
  };
  switch (column.type) {
    case 'STRING':
      return typeof value === 'string' ? value : fail();
    case 'DOUBLE':
      return typeof value === 'number' && Number.isFinite(value) ? value : fail();
    case 'INT64':
      if (typeof value === 'bigint') return value;
      return typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : fail();
    case 'BOOLEAN':
      return typeof value === 'boolean' ? value : fail();
    case 'TIMESTAMP': {
      const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
      return date !== undefined && !Number.isNaN(date.getTime()) ? date : fail();
    }
  }
}

/** Encodes rows as one Parquet file (snappy, statistics on). Extra row keys are ignored; missing ones are null. */
export function encodeParquet(
  columns: readonly ParquetColumn[],
  rows: readonly ParquetRow[],
  options: { createdBy?: string; kvMetadata?: Record<string, string> } = {},
): Uint8Array {
  const columnData = columns.map((column) => ({
    name: column.name,
    type: column.type,
    nullable: column.nullable,
    data: rows.map((row, index) => convert(column, row[column.name], index)),
  }));
  const buffer = parquetWriteBuffer({
    // biome-ignore lint/suspicious/noExplicitAny: hyparquet-writer's DecodedArray typing does not model nullable columns
    columnData: columnData as any,
    createdBy: options.createdBy ?? 'creator-pulse',
    kvMetadata: Object.entries(options.kvMetadata ?? {}).map(([key, value]) => ({ key, value })),
  });
  return new Uint8Array(buffer);
}
