import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { AppError } from './app-error';
import { statusOf } from './app-error-status';
import { jsonNestingExceeds } from './json-depth';
import { isJsonMediaType, readJsonBody } from './json-request';

describe('jsonNestingExceeds', () => {
  it('counts arrays and objects, not brackets inside strings, on text and on UTF-8 bytes', () => {
    expect(jsonNestingExceeds('[[1]]', 2)).toBe(false);
    expect(jsonNestingExceeds('[[1]]', 1)).toBe(true);
    expect(jsonNestingExceeds('{"a":"[[[[\\"[[["}', 1)).toBe(false);
    expect(jsonNestingExceeds(Buffer.from('{"é":[{"x":[]}]}'), 3)).toBe(true);
  });

  it('scans a million levels without recursion', () => {
    const deep = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    expect(jsonNestingExceeds(deep, 128)).toBe(true);
  });
});

describe('readJsonBody', () => {
  const app = new Hono()
    .onError((e, c) => {
      const kind = e instanceof AppError ? e.kind : 'internal';
      return c.json({ kind }, statusOf[kind].http as 400);
    })
    .post('/', async (c) => c.json({ body: await readJsonBody(c) }));
  const post = (body: string, type?: string) =>
    app.request('/', { method: 'POST', body, headers: type === undefined ? {} : { 'content-type': type } });

  it('takes application/json with parameters and +json types', async () => {
    expect(isJsonMediaType('application/json; charset=utf-8')).toBe(true);
    expect(isJsonMediaType('application/merge-patch+json')).toBe(true);
    expect((await post('{"a":1}', 'Application/JSON;charset=UTF-8')).status).toBe(200);
  });

  it.each([
    ['text/plain', 'text/plain;charset=UTF-8'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['no content type', undefined],
  ])('answers 415 to %s', async (_, type) => {
    const res = await post('{"a":1}', type);
    expect(res.status).toBe(415);
  });

  it('answers 400 to 100,000-deep JSON and to text that is not JSON', async () => {
    const deep = await post(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`, 'application/json');
    expect(deep.status).toBe(400);
    expect((await post('{"a":', 'application/json')).status).toBe(400);
  });
});
