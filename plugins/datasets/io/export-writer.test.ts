import { describe, expect, it } from 'vitest';
import type { DatasetItem, FieldSchema } from '../types';
import { bytesSource } from './byte-source';
import { exportBytes } from './export-writer';
import type { ExportFormat } from './formats';
import { allRows } from './read-test-kit';

const fields: FieldSchema[] = [
  {
    key: 'k1',
    name: 'question',
    description: '',
    contentType: 'text',
    valueType: 'string',
    displayFormat: 'plain_text',
    required: true,
  },
  {
    key: 'k2',
    name: 'n',
    description: '',
    contentType: 'text',
    valueType: 'integer',
    displayFormat: 'plain_text',
    required: false,
  },
  {
    key: 'k3',
    name: 'pic',
    description: '',
    contentType: 'image',
    valueType: 'string',
    displayFormat: 'plain_text',
    required: false,
  },
];

const item = (i: number): DatasetItem => ({
  id: String(i),
  datasetId: '1',
  turns: [
    {
      id: `t${i}`,
      fields: {
        k1: { content_type: 'text', text: `line one\n"q${i}", 中文` },
        k2: { content_type: 'text', text: String(i) },
        ...(i % 2 === 0
          ? { k3: { content_type: 'image' as const, image: { url: `https://x.test/${i}.png` } } }
          : {}),
      },
    },
  ],
  addedIn: 1,
  createdBy: 'u',
  updatedBy: 'u',
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

async function* pages(n: number, size: number) {
  for (let at = 0; at < n; at += size)
    yield await Promise.resolve(Array.from({ length: Math.min(size, n - at) }, (_, i) => item(at + i)));
}

async function exported(format: ExportFormat, n: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of exportBytes(format, fields, pages(n, 7))) parts.push(part);
  return new Uint8Array(Buffer.concat(parts));
}

describe('export writers', () => {
  it.each(['csv', 'parquet'] as const)('%s reads back through the import reader', async (format) => {
    const rows = await allRows(format, bytesSource(await exported(format, 12001)));
    expect(rows).toHaveLength(12001);
    expect(rows[2]).toEqual({
      index: 2,
      cells: {
        question: 'line one\n"q2", 中文',
        n: '2',
        pic: JSON.stringify({ content_type: 'image', image: { url: 'https://x.test/2.png' } }),
      },
    });
    expect(rows[3]).toMatchObject({ cells: { n: '3', pic: format === 'csv' ? '' : null } });
  });

  it('jsonl writes typed values and media as Content', async () => {
    const text = new TextDecoder().decode(await exported('jsonl', 3));
    expect(
      text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual([
      {
        question: 'line one\n"q0", 中文',
        n: 0,
        pic: { content_type: 'image', image: { url: 'https://x.test/0.png' } },
      },
      { question: 'line one\n"q1", 中文', n: 1 },
      {
        question: 'line one\n"q2", 中文',
        n: 2,
        pic: { content_type: 'image', image: { url: 'https://x.test/2.png' } },
      },
    ]);
  });
});
