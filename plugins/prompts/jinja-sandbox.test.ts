import { afterAll, describe, expect, it } from 'vitest';
import { openTestSandbox } from '../../core/sandbox/sandbox-test-kit';
import { createJinjaRenderer } from './jinja-sandbox';

const sandbox = openTestSandbox({ memoryMb: 32 });
const jinja = createJinjaRenderer({ sandbox, timeoutMs: 500, maxOutputChars: 100_000 });
afterAll(() => sandbox.close());

const one = async (source: string, context: Record<string, unknown> = {}) =>
  (await jinja.render('ws-test', [{ label: 'message 1', source }], context))[0];

describe('Jinja2 sandbox', () => {
  it('renders loops, filters and conditionals over typed values, without HTML escaping', async () => {
    const out = await one(
      '{% for c in cities %}{{ loop.index }}. {{ c | upper }}{% if not loop.last %}, {% endif %}{% endfor %} <{{ note }}>',
      { cities: ['lisbon', 'porto'], note: 'a & b' },
    );
    expect(out).toBe('1. LISBON, 2. PORTO <a & b>');
  });

  it('names an undefined variable, with its line and column', async () => {
    await expect(one('Hello\n{{ user.name }} from {{ city }}', { user: { name: 'Ana' } })).rejects.toThrow(
      'jinja2 message 1: variable "city" is undefined (line 2, column 22)',
    );
    await expect(one('{{ user.email }}', { user: { name: 'Ana' } })).rejects.toThrow(
      /variable "email" is undefined/,
    );
  });

  it('reports syntax errors as a 400 with the parser message', async () => {
    await expect(one('{% for x in %}')).rejects.toMatchObject({ kind: 'invalid_argument' });
  });

  it('keeps templates away from Function and the process', async () => {
    await expect(
      one('{{ cities.constructor.constructor("return process")() }}', { cities: [] }),
    ).rejects.toThrow(/undefined|Unable to call/);
    await expect(one('{{ constructor }}')).rejects.toThrow(/variable "constructor" is undefined/);
    await expect(one('{{ range.constructor("return 1")() }}')).rejects.toMatchObject({
      kind: 'invalid_argument',
    });
  });

  it('kills a render that runs too long and keeps serving afterwards', async () => {
    const started = Date.now();
    await expect(
      one('{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}'),
    ).rejects.toThrow('the jinja2 template took longer than 500 ms to render');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await one('{{ a }}', { a: 1 })).toBe('1');
  });

  it('kills a render that needs too much memory and keeps serving afterwards', async () => {
    // A roomy wall time, so the render meets its heap limit first on a loaded machine.
    const roomy = createJinjaRenderer({ sandbox, timeoutMs: 10_000, maxOutputChars: 100_000 });
    const huge = [{ label: 'message 1', source: '{% set xs = range(0, 50000000) %}{{ xs | length }}' }];
    await expect(roomy.render('ws-test', huge, {})).rejects.toThrow(
      /ran out of memory: it needed more than 32 MiB/,
    );
    expect(await one('{{ a }}', { a: 'still here' })).toBe('still here');
  });

  it('refuses output beyond the bound', async () => {
    await expect(one('{% for i in range(20000) %}0123456789{% endfor %}')).rejects.toThrow(
      /larger than 100000/,
    );
  });

  it('serves renders queued behind each other in order', async () => {
    const outs = await Promise.all([1, 2, 3, 4, 5].map((n) => one('{{ n * 2 }}', { n })));
    expect(outs).toEqual(['2', '4', '6', '8', '10']);
  });
});
