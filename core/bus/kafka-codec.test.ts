import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { SpanRow } from '../../schemas/span-row';
import { hexId, makeRow } from '../span-store/make-row';
import { buildRecords, decodeRecord } from './kafka-codec';
import { murmur2, partitionOfKey } from './kafka-partition';

// kafkajs's own murmur2 (the one its default partitioner uses) is the reference.
const kafkajsMurmur2 = createRequire(import.meta.url)(
  'kafkajs/src/producer/partitioners/default/murmur2',
) as (key: Buffer) => number;

describe('Kafka key partitioning', () => {
  it('computes the same murmur2 as kafkajs for keys of every length', () => {
    for (let len = 0; len < 40; len++) {
      const key = Buffer.from('abcdefghijklmnopqrstuvwxyz0123456789ÄÖÜé'.slice(0, len));
      expect(murmur2(key)).toBe(kafkajsMurmur2(key));
    }
    for (let i = 0; i < 200; i++) {
      const key = Buffer.from(hexId(16));
      expect(murmur2(key)).toBe(kafkajsMurmur2(key));
    }
  });

  it('maps a key to a partition in range', () => {
    for (let i = 0; i < 100; i++) {
      const p = partitionOfKey(hexId(16), 6);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThan(6);
    }
  });
});

describe('bus records', () => {
  it('keeps every row of a trace in the partition of its trace id', () => {
    const traces = Array.from({ length: 20 }, () => hexId(16));
    const rows = traces.flatMap((t) => [makeRow({ TraceId: t }), makeRow({ TraceId: t })]);
    const records = buildRecords('b1', rows, 6, 1024 * 1024);
    expect(records.length).toBeLessThanOrEqual(6);
    let seen = 0;
    for (const r of records) {
      expect(partitionOfKey(r.key, 6)).toBe(r.partition);
      const decoded = decodeRecord(r.value);
      if (!decoded.ok) throw new Error(decoded.error);
      expect(decoded.value.batch).toBe('b1');
      for (const row of decoded.value.rows) expect(partitionOfKey(row.TraceId, 6)).toBe(r.partition);
      seen += decoded.value.rows.length;
    }
    expect(seen).toBe(rows.length);
  });

  it('splits a group over the size limit into several records instead of dropping rows', () => {
    const traceId = hexId(16);
    const rows = Array.from({ length: 50 }, () => makeRow({ TraceId: traceId, LlmInput: 'x'.repeat(2000) }));
    const records = buildRecords('big', rows, 3, 16 * 1024);
    expect(records.length).toBeGreaterThan(5);
    for (const r of records) expect(r.value.length).toBeLessThanOrEqual(16 * 1024);
    const back = records.flatMap((r) => {
      const d = decodeRecord(r.value);
      return d.ok ? d.value.rows : [];
    });
    expect(back.map((r) => r.SpanId)).toEqual(rows.map((r) => r.SpanId));
  });

  it('sends a single row larger than the limit alone rather than losing it', () => {
    const rows = [makeRow({ LlmInput: 'y'.repeat(5000) }), makeRow()];
    rows[1] = { ...rows[1]!, TraceId: rows[0]!.TraceId };
    const records = buildRecords('one', rows, 1, 1024);
    expect(records.map((r) => r.spans)).toEqual([1, 1]);
  });

  it('reads a record published before rows carried a time to first token as not reported', () => {
    const older: Partial<SpanRow> = makeRow();
    delete older.TimeToFirstTokenNs;
    const decoded = decodeRecord(Buffer.from(JSON.stringify({ v: 1, batch: 'b', rows: [older] })));
    expect(decoded.ok && decoded.value.rows[0]?.TimeToFirstTokenNs).toBe(0);
    const unsafe = { ...makeRow(), TimeToFirstTokenNs: 2 ** 60 };
    const refused = decodeRecord(Buffer.from(JSON.stringify({ v: 1, batch: 'b', rows: [unsafe] })));
    expect(refused.ok ? 'ok' : refused.error).toMatch(/rows\.0\.TimeToFirstTokenNs/);
  });

  it('reports why a record cannot be decoded', () => {
    const reason = (value: Buffer | null) => {
      const d = decodeRecord(value);
      return d.ok ? 'ok' : d.error;
    };
    expect(reason(null)).toBe('empty record value');
    expect(reason(Buffer.from('{nope'))).toMatch(/^not JSON/);
    expect(reason(Buffer.from('{"rows":[]}'))).toBe('no format version field "v"');
    expect(reason(Buffer.from('{"v":2,"batch":"b","rows":[]}'))).toBe('unsupported format version 2');
    const bad = { ...makeRow(), TraceId: 'not-hex' };
    expect(reason(Buffer.from(JSON.stringify({ v: 1, batch: 'b', rows: [bad] })))).toMatch(
      /^invalid span batch: rows\.0\.TraceId/,
    );
  });
});
