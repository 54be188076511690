import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import {
  encodeParquet,
  type ParquetColumn,
  ParquetEncodingError,
} from '../../../../shared/adapters/parquet/parquet-encoder';

const columns: ParquetColumn[] = [
  { name: 'post_id', type: 'STRING', nullable: false },
  { name: 'er_value', type: 'DOUBLE', nullable: true },
  { name: 'likes', type: 'INT64', nullable: true },
  { name: 'sponsored', type: 'BOOLEAN', nullable: false },
  { name: 'published_at', type: 'TIMESTAMP', nullable: false },
];

const asArrayBuffer = (bytes: Uint8Array) =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

describe('encodeParquet', () => {
  it('round-trips typed rows with nulls through an independent reader', async () => {
    const bytes = encodeParquet(columns, [
      {
        post_id: 'a',
        er_value: 0.039,
        likes: 700,
        sponsored: false,
        published_at: '2026-11-20T10:00:00.000Z',
      },
      { post_id: 'b', er_value: null, likes: null, sponsored: true, published_at: '2026-11-20T11:00:00Z' },
    ]);
    const file = asArrayBuffer(bytes);
    expect(await parquetReadObjects({ file })).toEqual([
      {
        post_id: 'a',
        er_value: 0.039,
        likes: 700n,
        sponsored: false,
        published_at: new Date('2026-11-20T10:00:00Z'),
      },
      {
        post_id: 'b',
        er_value: null,
        likes: null,
        sponsored: true,
        published_at: new Date('2026-11-20T11:00:00Z'),
      },
    ]);
    const schema = parquetMetadata(file).schema;
    expect(schema.map((element) => [element.name, element.repetition_type])).toEqual([
      ['root', undefined],
      ['post_id', 'REQUIRED'],
      ['er_value', 'OPTIONAL'],
      ['likes', 'OPTIONAL'],
      ['sponsored', 'REQUIRED'],
      ['published_at', 'REQUIRED'],
    ]);
  });

  it('rejects a null in a required column and a wrong type, naming the column', () => {
    expect(() => encodeParquet(columns, [{ post_id: null }])).toThrow(ParquetEncodingError);
    expect(() =>
      encodeParquet(columns, [
        { post_id: 'a', er_value: 'high', sponsored: true, published_at: '2026-11-20T10:00:00Z' },
      ]),
    ).toThrow('column er_value (DOUBLE) got string');
    expect(() =>
      encodeParquet(columns, [
        { post_id: 'a', er_value: Number.NaN, sponsored: true, published_at: '2026-11-20T10:00:00Z' },
      ]),
    ).toThrow(ParquetEncodingError);
  });
});
