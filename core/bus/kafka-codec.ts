import { BUS_MESSAGE_VERSION, BusMessageV1, BusMessageVersion } from '../../schemas/bus-message';
import type { BusMessage } from '../../schemas/bus-message';
import type { SpanRow } from '../../schemas/span-row';
import { err, ok } from '../result';
import type { Result } from '../result';
import { partitionOfKey } from './kafka-partition';

/** One record to produce: every row in it belongs to a trace that maps to `partition`. */
export interface OutgoingRecord {
  partition: number;
  /** The first row's trace id, so Kafka's own key partitioner agrees with `partition`. */
  key: string;
  value: Buffer;
  spans: number;
}

/** Room kept for the record and record-batch headers within the broker's size limit. */
const HEADER_ROOM = 512;

/**
 * Groups rows by the partition of their trace id and packs each group into records whose JSON stays under
 * `maxBytes`. A single row larger than that travels alone: compression usually brings it under the broker limit.
 */
export function buildRecords(
  batchId: string,
  rows: readonly SpanRow[],
  partitions: number,
  maxBytes: number,
): OutgoingRecord[] {
  const groups = new Map<number, SpanRow[]>();
  for (const row of rows) {
    const partition = partitionOfKey(row.TraceId, partitions);
    const group = groups.get(partition);
    if (group) group.push(row);
    else groups.set(partition, [row]);
  }
  const head = `{"v":${BUS_MESSAGE_VERSION},"batch":${JSON.stringify(batchId)},"rows":[`;
  const frame = Buffer.byteLength(head) + 2;
  const limit = Math.max(maxBytes - HEADER_ROOM, 1);
  const records: OutgoingRecord[] = [];
  for (const [partition, group] of groups) {
    let parts: string[] = [];
    let key = '';
    let size = frame;
    const flush = () => {
      if (parts.length === 0) return;
      records.push({
        partition,
        key,
        value: Buffer.from(`${head}${parts.join(',')}]}`),
        spans: parts.length,
      });
      parts = [];
      size = frame;
    };
    for (const row of group) {
      const json = JSON.stringify(row);
      const bytes = Buffer.byteLength(json) + 1;
      if (parts.length > 0 && size + bytes > limit) flush();
      if (parts.length === 0) key = row.TraceId;
      parts.push(json);
      size += bytes;
    }
    flush();
  }
  return records;
}

const describeIssues = (issues: readonly { path: readonly PropertyKey[]; message: string }[]): string =>
  issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ') + (issues.length > 3 ? ` (+${issues.length - 3} more)` : '');

/** Parses and validates one record value; the error is the reason written to the dead-letter topic. */
export function decodeRecord(value: Buffer | null): Result<BusMessage, string> {
  if (value === null || value.length === 0) return err('empty record value');
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (e) {
    return err(`not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const version = BusMessageVersion.safeParse(json);
  if (!version.success) return err('no format version field "v"');
  if (version.data.v !== BUS_MESSAGE_VERSION) return err(`unsupported format version ${version.data.v}`);
  const parsed = BusMessageV1.safeParse(json);
  if (!parsed.success) return err(`invalid span batch: ${describeIssues(parsed.error.issues)}`);
  return ok(parsed.data);
}
