import {
  parquetMetadataAsync,
  parquetReadObjects,
  parquetSchema,
  type AsyncBuffer,
  type FileMetaData,
  type SchemaTree,
} from 'hyparquet';
import type { ByteSource } from './byte-source';
import type { ReadLimits } from './formats';
import { fileError, type SourceRow } from './source-row';

const MIB = 1024 * 1024;
const TEXT_TYPES = new Set(['UTF8', 'STRING', 'JSON', 'ENUM', 'UUID', 'BSON', 'DECIMAL', 'FLOAT16']);
const REFUSED_LOGICAL = new Set(['INTERVAL', 'GEOMETRY', 'GEOGRAPHY', 'VARIANT']);

/** Why a column cannot become a dataset value, or undefined when it can (nested columns become JSON). */
function unsupported(node: SchemaTree): string | undefined {
  const { element } = node;
  const logical = element.logical_type?.type;
  if (logical !== undefined && REFUSED_LOGICAL.has(logical)) return logical.toLowerCase();
  if (element.converted_type === 'INTERVAL') return 'interval';
  if (node.children.length > 0) {
    for (const child of node.children) {
      const why = unsupported(child);
      if (why !== undefined) return why;
    }
    return undefined;
  }
  if (element.type === 'BYTE_ARRAY' || element.type === 'FIXED_LEN_BYTE_ARRAY') {
    const annotated = [logical, element.converted_type].some((t) => t !== undefined && TEXT_TYPES.has(t));
    return annotated ? undefined : 'binary (a byte array without a string, JSON or decimal annotation)';
  }
  return undefined;
}

/** Parquet values as JSON-able values: int64 as a number when exact (else its digits), dates as ISO text. */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint')
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

async function metadataOf(file: AsyncBuffer): Promise<FileMetaData> {
  if (file.byteLength < 12) throw fileError('not a Parquet file: it is too short (truncated?)');
  try {
    return await parquetMetadataAsync(file);
  } catch (e) {
    throw fileError(`not a readable Parquet file (truncated?): ${(e as Error).message}`);
  }
}

/**
 * Streams the rows of a Parquet file one row group at a time (the footer is read by range first). A column of a
 * type a dataset cannot hold (raw binary, interval, geometry, variant) fails the file, naming the column.
 */
export async function* readParquet(
  source: ByteSource,
  options: { limits: Pick<ReadLimits, 'maxParquetRowGroupBytes'> },
): AsyncIterable<SourceRow> {
  const file: AsyncBuffer = {
    byteLength: source.size,
    slice: async (start, end) => {
      const bytes = await source.read(start, end ?? source.size);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
  };
  const metadata = await metadataOf(file);
  for (const column of parquetSchema(metadata).children) {
    const why = unsupported(column);
    if (why !== undefined)
      throw fileError(`the Parquet column "${column.element.name}" has a type datasets cannot hold: ${why}`);
  }
  let rowStart = 0;
  let index = 0;
  for (const [g, group] of metadata.row_groups.entries()) {
    const rows = Number(group.num_rows);
    if (Number(group.total_byte_size) > options.limits.maxParquetRowGroupBytes)
      throw fileError(
        `Parquet row group ${g + 1} holds ${Math.round(Number(group.total_byte_size) / MIB)} MiB; ` +
          `at most ${Math.round(options.limits.maxParquetRowGroupBytes / MIB)} MiB per row group are read`,
      );
    let objects: Record<string, unknown>[];
    try {
      objects = await parquetReadObjects({ file, metadata, rowStart, rowEnd: rowStart + rows });
    } catch (e) {
      throw fileError(`Parquet row group ${g + 1} cannot be read (truncated?): ${(e as Error).message}`);
    }
    for (const object of objects) yield { index: index++, cells: plain(object) as Record<string, unknown> };
    rowStart += rows;
  }
}
