import { afterAll, describe, expect, it } from 'vitest';
import { openTestSandbox } from '../../core/sandbox/sandbox-test-kit';
import { createJinjaRenderer } from './jinja-sandbox';
import { normalVariables } from './normal-template';
import { MAX_RENDER_CHARS, renderTemplate, toChatMessages } from './render';
import { PromptTemplate } from './template-schema';

const sandbox = openTestSandbox();
const jinja = createJinjaRenderer({ sandbox, timeoutMs: 1000, maxOutputChars: MAX_RENDER_CHARS });
afterAll(() => sandbox.close());

const template = (t: Record<string, unknown>) => PromptTemplate.parse(t);
const render = (t: Record<string, unknown>, values: Record<string, unknown>) =>
  renderTemplate(template(t), values, jinja, 'ws-test');

describe('rendering normal (mustache-style) templates', () => {
  it('substitutes {{name}} without HTML escaping and leaves other braces alone', async () => {
    const out = await render(
      {
        messages: [
          {
            role: 'user',
            content: 'Hi {{ name }} <b>&</b> {{name}}! JSON: {"a": {{n}}} {{not a var}} {{{{x}}}}',
          },
        ],
        variables: [{ key: 'n', type: 'integer' }],
      },
      { name: 'Ana & <Bob>', n: 3, x: 'X' },
    );
    expect(out.messages[0]?.content).toBe(
      'Hi Ana & <Bob> <b>&</b> Ana & <Bob>! JSON: {"a": 3} {{not a var}} {{X}}',
    );
    expect(normalVariables('{{a}} {{ b }} {{a}} {{1x}}')).toEqual(['a', 'b']);
  });

  it('answers 400 naming a variable the template uses without a value, and an unknown one', async () => {
    await expect(
      render({ messages: [{ role: 'user', content: 'Hi {{name}} from {{city}}' }] }, { name: 'A' }),
    ).rejects.toThrow('variable "city" is used by the template but has no value');
    await expect(
      render(
        { messages: [{ role: 'user', content: '{{a}}' }], variables: [{ key: 'b' }] },
        { a: '1', zzz: 'x' },
      ),
    ).rejects.toThrow('unknown variable "zzz"; this prompt\'s variables are: a, b');
  });

  it('checks values against their declared types, naming the variable', async () => {
    const t = {
      messages: [{ role: 'user', content: '{{n}} {{f}} {{ok}} {{tags}} {{o}}' }],
      variables: [
        { key: 'n', type: 'integer' },
        { key: 'f', type: 'float' },
        { key: 'ok', type: 'boolean' },
        { key: 'tags', type: 'array<string>' },
        { key: 'o', type: 'object' },
      ],
    };
    const good = { n: 2, f: 0.5, ok: true, tags: ['a', 'b'], o: { k: 1 } };
    expect((await render(t, good)).messages[0]?.content).toBe('2 0.5 true ["a","b"] {"k":1}');
    await expect(render(t, { ...good, n: 2.5 })).rejects.toThrow('variable "n" must be an integer');
    await expect(render(t, { ...good, tags: ['a', 1] })).rejects.toThrow(
      'variable "tags" must be an array<string>',
    );
    await expect(render(t, { ...good, o: [1] })).rejects.toThrow('variable "o" must be an object');
    await expect(render(t, { ...good, ok: null })).rejects.toThrow('variable "ok" has no value (null)');
  });

  it('expands placeholders into message lists and multi-part variables into parts', async () => {
    const out = await render(
      {
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'placeholder', content: 'history' },
          {
            role: 'user',
            content: '',
            parts: [
              { type: 'text', text: 'Look at {{what}}:' },
              { type: 'multi_part_variable', key: 'media' },
            ],
          },
        ],
        variables: [
          { key: 'history', type: 'placeholder' },
          { key: 'media', type: 'multi_part' },
          { key: 'what', type: 'string' },
        ],
      },
      {
        history: [
          { role: 'user', content: 'Hi {{not rendered}}' },
          { role: 'assistant', content: 'Hello' },
        ],
        media: [{ type: 'text', text: 'a photo caption' }],
        what: 'this',
      },
    );
    expect(out.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi {{not rendered}}' },
      { role: 'assistant', content: 'Hello' },
      {
        role: 'user',
        content: '',
        parts: [
          { type: 'text', text: 'Look at this:' },
          { type: 'text', text: 'a photo caption' },
        ],
      },
    ]);
    expect(toChatMessages(out.messages)[3]).toEqual({
      role: 'user',
      content: 'Look at this:\na photo caption',
    });
    expect(() =>
      toChatMessages([{ role: 'user', content: '', parts: [{ type: 'image_url', url: 'https://x/y.png' }] }]),
    ).toThrow(/image part/);
  });

  it('refuses a template whose placeholder message names no placeholder variable', () => {
    const parsed = PromptTemplate.safeParse({ messages: [{ role: 'placeholder', content: 'history' }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain('"history" is not one');
  });

  it('bounds the rendered size', async () => {
    const t = { messages: [{ role: 'user', content: '{{v}}{{v}}{{v}}{{v}}{{v}}{{v}}{{v}}{{v}}{{v}}' }] };
    await expect(render(t, { v: 'x'.repeat(1024 * 1024) })).rejects.toThrow(
      'the rendered prompt is larger than 8 MiB',
    );
  });

  it('renders a 1 MB template with thousands of variables quickly', async () => {
    const content = 'lorem ipsum {{a}} dolor '.repeat(40_000);
    const started = performance.now();
    const out = await render({ messages: [{ role: 'system', content }] }, { a: 'X' });
    expect(out.messages[0]?.content.length).toBe(content.length - 40_000 * 4);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('rendering Jinja2 templates', () => {
  it('renders typed values with loops and names an undefined variable in its message', async () => {
    const t = {
      templateType: 'jinja2',
      messages: [
        {
          role: 'system',
          content: 'Cities: {% for c in cities %}{{ c }}{% if not loop.last %}, {% endif %}{% endfor %}',
        },
        { role: 'user', content: '{% if vip %}VIP {% endif %}{{ user.name }} wants {{ days }} days' },
      ],
      variables: [
        { key: 'cities', type: 'array<string>' },
        { key: 'vip', type: 'boolean' },
        { key: 'user', type: 'object' },
        { key: 'days', type: 'integer' },
      ],
    };
    const out = await render(t, { cities: ['Lisbon', 'Porto'], vip: true, user: { name: 'Ana' }, days: 3 });
    expect(out.messages.map((m) => m.content)).toEqual(['Cities: Lisbon, Porto', 'VIP Ana wants 3 days']);
    await expect(render(t, { cities: [], vip: false, user: { name: 'Ana' } })).rejects.toThrow(
      'jinja2 message 2: variable "days" is undefined (line 1, column',
    );
    await expect(render({ ...t, messages: [{ role: 'user', content: '{% if %}' }] }, {})).rejects.toThrow(
      /^jinja2 message 1 failed to render: /,
    );
  });
});
