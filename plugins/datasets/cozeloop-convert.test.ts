import { describe, expect, it } from 'vitest';
import {
  fieldSchemaIn,
  fieldSchemaOut,
  itemIn,
  writeResultOut,
  UNKNOWN_FIELD_PREFIX,
} from './cozeloop-convert';
import { FieldSchemaOut } from './cozeloop-schemas';
import type { FieldSchema } from './types';

const column = (over: Partial<FieldSchema>): FieldSchema => ({
  key: 'k1',
  name: 'input',
  description: '',
  contentType: 'text',
  valueType: 'string',
  displayFormat: 'plain_text',
  required: false,
  ...over,
});

describe('Cozeloop field schemas', () => {
  it('maps schema_key both ways with Cozeloop’s lower-case names', () => {
    const pairs = [
      ['string', 'string'],
      ['integer', 'integer'],
      ['float', 'float'],
      ['bool', 'boolean'],
      ['trajectory', 'trajectory'],
      ['message_list', 'chat_messages'],
    ] as const;
    for (const [schemaKey, valueType] of pairs) {
      expect(fieldSchemaIn({ name: 'x', schema_key: schemaKey }).valueType).toBe(valueType);
      expect(fieldSchemaOut(column({ valueType })).schema_key).toBe(schemaKey);
    }
  });

  it('carries object and array columns in text_schema, and reads them back from it', () => {
    const out = fieldSchemaOut(column({ valueType: 'object' }));
    expect(out).not.toHaveProperty('schema_key');
    expect(out.text_schema).toBe('{"type":"object"}');
    expect(fieldSchemaIn({ name: 'x', text_schema: out.text_schema }).valueType).toBe('object');
    expect(fieldSchemaIn({ name: 'x', text_schema: '{"type":"array","items":{}}' }).valueType).toBe('array');
    expect(() => fieldSchemaIn({ name: 'x', text_schema: '{' })).toThrow(/text_schema is not JSON/);
  });

  it('answers every field Cozeloop’s FieldSchema has, a new column without key', () => {
    const out = fieldSchemaOut(
      column({
        displayFormat: 'markdown',
        required: true,
        contentType: 'image',
        jsonSchema: '{"type":"string"}',
      }),
    );
    expect(FieldSchemaOut.strict().parse(out)).toEqual({
      key: 'k1',
      name: 'input',
      description: '',
      content_type: 'image',
      default_display_format: 'markdown',
      is_required: true,
      text_schema: '{"type":"string"}',
      schema_key: 'string',
      locked: false,
    });
    expect(fieldSchemaIn({ key: '', name: 'new' })).not.toHaveProperty('key');
    expect(fieldSchemaIn({ key: 'k9', name: 'old' })).toMatchObject({
      key: 'k9',
      displayFormat: 'plain_text',
    });
  });
});

describe('Cozeloop items', () => {
  const fields = [column({ key: 'k1', name: 'input' }), column({ key: 'k2', name: 'output' })];

  it('keys values by field key and marks a name the schema lacks so the store refuses it', () => {
    const item = itemIn(
      {
        item_key: 'q1',
        turns: [
          {
            field_datas: [
              { name: 'input', content: { content_type: 'text', text: 'hi' } },
              { name: 'typo', content: { content_type: 'text', text: 'x' } },
            ],
          },
        ],
      },
      fields,
    );
    expect(item).toEqual({
      itemKey: 'q1',
      turns: [
        {
          fields: {
            k1: { content_type: 'text', text: 'hi' },
            [`${UNKNOWN_FIELD_PREFIX}typo`]: { content_type: 'text', text: 'x' },
          },
        },
      ],
    });
  });

  it('answers outputs and error groups in Cozeloop’s names and ItemErrorType numbers', () => {
    const out = writeResultOut({
      written: true,
      outputs: [{ index: 1, itemKey: 'q1', itemId: '42', isNew: true }],
      errors: [
        {
          code: 'missing_required_field',
          message: 'input is required',
          count: 1,
          details: [{ index: 0, message: 'm' }],
        },
        { code: 'exceed_dataset_capacity', message: 'full', count: 2, details: [] },
      ],
    });
    expect(out).toEqual({
      itemOutputs: [{ item_index: 1, item_key: 'q1', item_id: '42', is_new_item: true }],
      errors: [
        {
          error_code: 7,
          error_message: 'input is required',
          error_count: 1,
          details: [{ message: 'm', index: 0 }],
        },
        { error_code: 4, error_message: 'full', error_count: 2, details: [] },
      ],
    });
  });
});
