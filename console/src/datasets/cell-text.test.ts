import { describe, expect, it } from 'vitest';
import { chatMessagesOf, editTextOf, parseEditText } from './cell-text';

const field = (valueType: string, contentType = 'text', required = false) =>
  ({ name: 'f', valueType, contentType, required }) as Parameters<typeof parseEditText>[1];

describe('cell text', () => {
  it('reads numbers, booleans and JSON strictly and keeps strings as typed', () => {
    expect(parseEditText('42', field('integer'))).toEqual({
      ok: true,
      value: { content_type: 'text', text: '42' },
    });
    expect(parseEditText('4.2', field('integer')).ok).toBe(false);
    expect(parseEditText('1e3', field('float')).ok).toBe(true);
    expect(parseEditText('yes', field('boolean')).ok).toBe(false);
    expect(parseEditText('{"a":', field('object')).ok).toBe(false);
    expect(parseEditText(' hi ', field('string'))).toEqual({
      ok: true,
      value: { content_type: 'text', text: ' hi ' },
    });
  });

  it('refuses an empty required value and leaves an optional one out', () => {
    expect(parseEditText('  ', field('string', 'text', true))).toEqual({
      ok: false,
      message: 'f is required',
    });
    expect(parseEditText('', field('string'))).toEqual({ ok: true, value: undefined });
  });

  it('takes a URL for an image field and gives it back for editing', () => {
    const parsed = parseEditText('https://x.example/a.png', field('string', 'image'));
    expect(parsed).toEqual({
      ok: true,
      value: { content_type: 'image', image: { url: 'https://x.example/a.png' } },
    });
    expect(parsed.ok && editTextOf(parsed.value)).toBe('https://x.example/a.png');
  });

  it('reads chat messages in the OpenAI and the OTel parts shapes', () => {
    expect(
      chatMessagesOf(
        JSON.stringify([
          { role: 'user', content: 'hi' },
          { role: 'assistant', parts: [{ type: 'text', content: 'hello' }] },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'see' },
              { type: 'image_url', image_url: { url: 'https://x/y.png' } },
            ],
          },
        ]),
      ),
    ).toEqual([
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello', parts: [] },
      { role: 'user', content: 'see', parts: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] },
    ]);
    expect(chatMessagesOf('{"role":"user"}')).toBeUndefined();
    expect(chatMessagesOf('not json')).toBeUndefined();
  });
});
