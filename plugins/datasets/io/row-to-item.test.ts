import { describe, expect, it } from 'vitest';
import type { FieldSchema } from '../types';
import { rowToItem } from './row-to-item';

const field = (over: Partial<FieldSchema> & Pick<FieldSchema, 'key' | 'name'>): FieldSchema => ({
  description: '',
  contentType: 'text',
  valueType: 'string',
  displayFormat: 'plain_text',
  required: false,
  ...over,
});

const fields = [
  field({ key: 'k1', name: 'question', required: true }),
  field({ key: 'k2', name: 'n', valueType: 'integer' }),
  field({ key: 'k3', name: 'pic', contentType: 'image' }),
  field({ key: 'k4', name: 'meta', valueType: 'object' }),
];
const mapping = [
  { source: 'Q', target: 'question' },
  { source: 'N', target: 'n' },
  { source: 'P', target: 'pic' },
  { source: 'M', target: 'meta' },
];

describe('row to item', () => {
  it('keys values by field key, typed as text, media as URLs', () => {
    expect(
      rowToItem({ Q: 'hi', N: ' 42 ', P: 'https://x.test/a.png', M: { a: 1 } }, mapping, fields),
    ).toEqual({
      ok: true,
      item: {
        turns: [
          {
            fields: {
              k1: { content_type: 'text', text: 'hi' },
              k2: { content_type: 'text', text: '42' },
              k3: { content_type: 'image', image: { url: 'https://x.test/a.png' } },
              k4: { content_type: 'text', text: '{"a":1}' },
            },
          },
        ],
      },
    });
  });

  it('names every problem of a row', () => {
    const result = rowToItem({ N: '4.5', P: 'not a url', M: '[1]' }, mapping, fields);
    expect(result).toEqual({
      ok: false,
      problems: [
        { code: 'mismatch_schema', message: 'n: "4.5" is not an integer' },
        { code: 'mismatch_schema', message: 'pic: "not a url" is not an http(s) URL' },
        { code: 'mismatch_schema', message: 'meta: is not a JSON object' },
        { code: 'missing_required_field', message: 'question is required' },
      ],
    });
  });

  it('reads back media written as Content JSON by an export', () => {
    const content = { content_type: 'image', image: { url: 'https://x.test/b.png', name: 'b' } };
    const result = rowToItem({ Q: 'q', P: JSON.stringify(content) }, mapping, fields);
    expect(result.ok && result.item.turns[0]?.fields.k3).toEqual(content);
  });
});
