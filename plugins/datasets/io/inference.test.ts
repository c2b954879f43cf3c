import { describe, expect, it } from 'vitest';
import { inferColumns, proposeMapping } from './inference';

describe('schema inference', () => {
  it('infers value and content types from the first rows', () => {
    const rows = [
      {
        id: '1',
        score: '0.5',
        ok: 'true',
        meta: '{"a":1}',
        chat: [{ role: 'user', content: 'hi' }],
        pic: 'https://x.test/a.png',
        q: 'hello',
      },
      {
        id: '2',
        score: '3',
        ok: 'FALSE',
        meta: { b: 2 },
        chat: '[{"role":"assistant","content":"yo"}]',
        pic: 'https://x.test/b.jpg?s=1',
        q: '42',
      },
    ];
    const columns = inferColumns(['id', 'score', 'ok', 'meta', 'chat', 'pic', 'q', 'empty'], rows);
    expect(columns.map((c) => [c.name, c.valueType, c.contentType])).toEqual([
      ['id', 'integer', 'text'],
      ['score', 'float', 'text'],
      ['ok', 'boolean', 'text'],
      ['meta', 'object', 'text'],
      ['chat', 'chat_messages', 'text'],
      ['pic', 'string', 'image'],
      ['q', 'string', 'text'],
      ['empty', 'string', 'text'],
    ]);
    expect(columns[3]?.samples).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('proposes a mapping by name, ignoring case and blanks', () => {
    expect(
      proposeMapping(['Question', ' answer ', 'extra'], [{ name: 'question' }, { name: 'Answer' }]),
    ).toEqual([
      { source: 'Question', target: 'question' },
      { source: ' answer ', target: 'Answer' },
    ]);
  });
});
