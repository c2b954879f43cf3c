import { describe, expect, it } from 'vitest';
import { ApiError, type ApiClient } from '../api/client';
import type { RunResult } from '../api/prompt-types';
import { streamRun, toolCallsOf, unansweredTools, type StreamedToolCall } from './run-stream';

/** An API client whose stream answers the given SSE text in small chunks (events split across reads). */
function sseClient(text: string): ApiClient & { bodies: unknown[] } {
  const bodies: unknown[] = [];
  const bytes = new TextEncoder().encode(text);
  const unused = () => Promise.reject(new Error('not used'));
  return {
    bodies,
    get: unused,
    post: unused,
    put: unused,
    patch: unused,
    del: unused,
    blob: unused,
    upload: unused,
    stream: (_path, body) => {
      bodies.push(body);
      let at = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (at >= bytes.length) return controller.close();
          controller.enqueue(bytes.slice(at, at + 7));
          at += 7;
        },
      });
      return Promise.resolve(new Response(stream));
    },
  };
}

const event = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

const RESULT: RunResult = {
  traceId: 't',
  spanId: 's',
  messages: [
    {
      role: 'assistant',
      content: '',
      toolCalls: [{ id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
    },
    { role: 'tool', content: '{"temp":21}', toolCallId: 'c1', name: 'get_weather' },
    { role: 'assistant', content: '', toolCalls: [{ id: 'c2', name: 'get_time', arguments: '{}' }] },
  ],
  finishReason: 'tool_calls',
  usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0 },
  cost: 0,
  model: 'm',
  steps: 2,
  latencyMs: 1,
};

async function collect(text: string) {
  let output = '';
  let calls: StreamedToolCall[] = [];
  const result = await streamRun(sseClient(text), '/prompts/p', {}, new AbortController().signal, {
    onText: (t) => (output += t),
    onToolCalls: (update) => (calls = update(calls)),
  });
  return { output, calls, result };
}

describe('streamRun', () => {
  it('joins argument deltas, keeps calls of different steps apart and matches mock answers by call id', async () => {
    const got = await collect(
      event('tool_call', { step: 1, index: 0, id: 'c1', name: 'get_weather', argumentsDelta: '' }) +
        event('tool_call', { step: 1, index: 0, argumentsDelta: '{"city":' }) +
        event('tool_call', { step: 1, index: 0, argumentsDelta: '"Paris"}' }) +
        event('tool_result', { step: 1, toolCallId: 'c1', name: 'get_weather', content: '{"temp":21}' }) +
        event('tool_call', { step: 2, index: 0, id: 'c2', name: 'get_time', argumentsDelta: '{}' }) +
        event('text', { step: 2, text: 'Sunny ' }) +
        event('text', { step: 2, text: 'today.' }) +
        event('done', RESULT),
    );
    expect(got.output).toBe('Sunny today.');
    expect(got.calls).toEqual([
      { key: '1:0', id: 'c1', name: 'get_weather', args: '{"city":"Paris"}', result: '{"temp":21}' },
      { key: '2:0', id: 'c2', name: 'get_time', args: '{}' },
    ]);
    expect(got.result).toEqual(RESULT);
  });

  it('throws the error event as an ApiError with its code', async () => {
    const failed = collect(
      event('text', { step: 1, text: 'a' }) + event('error', { code: 'unavailable', message: 'down' }),
    );
    await expect(failed).rejects.toBeInstanceOf(ApiError);
    await expect(failed).rejects.toMatchObject({ code: 'unavailable', message: 'down' });
  });

  it('refuses a stream that ends without a result', async () => {
    await expect(collect(event('text', { step: 1, text: 'a' }))).rejects.toThrow('without a result');
  });
});

describe('a finished run', () => {
  it('lists its tool calls with the mocked answers, and the tools left unanswered at the end', () => {
    expect(toolCallsOf(RESULT).map((c) => [c.name, c.result])).toEqual([
      ['get_weather', '{"temp":21}'],
      ['get_time', undefined],
    ]);
    expect(unansweredTools(RESULT)).toEqual(['get_time']);
    expect(unansweredTools({ ...RESULT, messages: RESULT.messages.slice(0, 2) })).toEqual([]);
  });
});
