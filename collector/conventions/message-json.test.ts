import { describe, expect, it } from 'vitest';
import { messagesFromJson, toolCallsFrom } from './message-json';

describe('messagesFromJson', () => {
  it('reads OpenAI chat messages with tool calls and tool replies', () => {
    expect(
      messagesFromJson([
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: 'done' },
      ]),
    ).toEqual([
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'f', arguments: '{"a":1}' }] },
      { role: 'tool', content: 'done', toolCallId: 'c1' },
    ]);
  });

  it('reads a response body with choices', () => {
    expect(messagesFromJson({ choices: [{ message: { role: 'assistant', content: 'ok' } }] })).toEqual([
      { role: 'assistant', content: 'ok' },
    ]);
  });

  it('keeps non-text parts and joins text parts', () => {
    expect(
      messagesFromJson([
        {
          role: 'user',
          parts: [
            { type: 'text', content: 'a' },
            { type: 'blob', modality: 'image', mime_type: 'image/png', content: 'iVBO' },
            { type: 'text', content: 'b' },
          ],
        },
      ]),
    ).toEqual([
      {
        role: 'user',
        content: 'a\nb',
        parts: [{ type: 'blob', modality: 'image', mime_type: 'image/png', content: 'iVBO' }],
      },
    ]);
  });

  it('unpacks a content string that holds a JSON parts array', () => {
    expect(messagesFromJson([{ role: 'user', content: '[{"type":"text","text":"hi"}]' }])).toEqual([
      { role: 'user', content: 'hi' },
    ]);
  });

  it('returns undefined for values that are not messages', () => {
    expect(messagesFromJson({ question: 'x' })).toBeUndefined();
    expect(messagesFromJson([{ content: 'no role' }])).toBeUndefined();
    expect(messagesFromJson('text')).toBeUndefined();
  });
});

describe('toolCallsFrom', () => {
  it('reads every shape and skips nameless entries', () => {
    expect(
      toolCallsFrom([
        { id: 'a', function: { name: 'f', arguments: '{}' } },
        { toolCallId: 'b', toolName: 'g', args: { x: 1 } },
        { id: 'c', name: 'h', input: { y: 2 } },
        { id: 'd' },
      ]),
    ).toEqual([
      { id: 'a', name: 'f', arguments: '{}' },
      { id: 'b', name: 'g', arguments: '{"x":1}' },
      { id: 'c', name: 'h', arguments: '{"y":2}' },
    ]);
  });
});
