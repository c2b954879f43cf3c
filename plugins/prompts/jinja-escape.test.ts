import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../core/app-error';
import { openTestSandbox } from '../../core/sandbox/sandbox-test-kit';
import { createJinjaRenderer } from './jinja-sandbox';

const sandbox = openTestSandbox();
const jinja = createJinjaRenderer({ sandbox, maxOutputChars: 100_000 });
afterAll(() => sandbox.close());

const render = (source: string, context: Record<string, unknown>) =>
  jinja.render('ws-escape', [{ label: 'message 1', source }], context);

const context = { user: { name: 'Ana', tags: ['a', 'b'] }, items: [{ n: 1 }, { n: 2 }], text: 'hello' };
const PWN = `("return 'PWNED'")()`;

// Ways a template could reach Function or a host object, each of which must end in a 400 or in plain text that
// shows no native code and ran nothing.
const attempts = [
  '{{ [range] | sum("constructor") }}',
  '{{ [range] | sum("constructor.constructor") }}',
  '{{ [range] | join(",", "constructor") }}',
  '{{ ([range] | sort(attribute="constructor"))[0].constructor }}',
  '{{ [range] | sort(attribute="prototype.constructor") | first }}',
  '{% for key, group in [range] | groupby("constructor") %}{{ key }}{% endfor %}',
  '{{ [range] | selectattr("constructor") | length }}{{ [range] | rejectattr("constructor") | length }}',
  '{{ {"f": range} | dictsort(false, "value") }}',
  '{{ range | attr("constructor") }}',
  '{{ "x" | constructor }}',
  '{{ 1 is constructor }}',
  `{{ range.constructor${PWN} }}`,
  `{{ range["constructor"]${PWN} }}`,
  '{% set k = "constructor" %}{{ range[k] }}',
  '{{ range.call }}{{ range.apply }}{{ range.bind }}{{ range.name }}',
  `{{ cycler.constructor${PWN} }}`,
  `{% set c = cycler(1, 2) %}{{ c.next.constructor${PWN} }}`,
  `{{ joiner().constructor${PWN} }}`,
  `{% macro m() %}{{ caller.constructor${PWN} }}{% endmacro %}{% call m() %}x{% endcall %}`,
  `{% macro m() %}x{% endmacro %}{{ m.constructor${PWN} }}`,
  '{{ __proto__ }}',
  '{{ user.__proto__ }}',
  '{{ user.__proto__.constructor }}',
  '{{ "".__proto__ }}',
  '{{ constructor }}',
  '{{ toString }}',
  '{{ hasOwnProperty }}',
  '{{ valueOf }}',
  '{{ globals }}',
  `{{ text.constructor.constructor${PWN} }}`,
  `{{ text.upper.constructor${PWN} }}`,
  `{{ text.toString.constructor${PWN} }}`,
  '{{ text.valueOf() }}',
  '{{ text.sub() }}',
  '{{ text.__lookupGetter__("length") }}',
  `{{ user.tags.constructor${PWN} }}`,
  `{{ user.tags.map.constructor${PWN} }}`,
  `{{ items[0].constructor${PWN} }}`,
  `{{ {"a": 1}.constructor${PWN} }}`,
  `{{ [].constructor${PWN} }}`,
  `{% for x in items %}{{ loop.constructor${PWN} }}{% endfor %}`,
  `{{ (user | dictsort)[0].constructor${PWN} }}`,
  `{{ (text | safe).constructor${PWN} }}`,
  '{{ range | dump }}',
  '{% include "/etc/passwd" %}',
  '{% import "/etc/hostname" as h %}',
  '{% extends "/etc/hostname" %}',
];

describe('the Jinja2 allow-list', () => {
  it.each(attempts)('gives %s no way to Function or the host', async (source) => {
    let out: string;
    try {
      out = (await render(source, context)).join('');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).kind).toBe('invalid_argument');
      out = (e as AppError).message;
    }
    expect(out).not.toMatch(/PWNED|native code|function Function|\[object process\]|root:/);
  });

  it('still reads the JSON context and offers the allowed methods and filters', async () => {
    const out = await render(
      [
        '{{ user.name | upper }} {{ user["name"].lower() }} {{ user.tags | join("+") }} {{ user.tags.length }}',
        '{{ items | sum("n") }} {{ items | sort(attribute="n", reverse=true) | join(",", "n") }}',
        '{% for k, v in user.items() %}{{ k }};{% endfor %} {{ user.get("age", 30) }}',
        '{{ " pad ".strip() }}|{{ text.startswith("he") }}|{{ text.split("l") | length }}|{{ text[1] }}',
        '{% for g, xs in items | groupby("n") %}{{ g }}:{{ xs | length }} {% endfor %}',
        '{% set c = cycler("x", "y") %}{{ c.next() }}{{ c.next() }}',
      ].join('\n'),
      context,
    );
    expect(out).toEqual([
      ['ANA ana a+b 2', '3 2,1', 'name;tags; 30', 'pad|true|3|e', '1:1 2:1 ', 'xy'].join('\n'),
    ]);
  });

  it('reads a context key named __proto__ or constructor as data', async () => {
    const data = JSON.parse('{"__proto__": {"x": 1}, "constructor": "c"}') as Record<string, unknown>;
    expect(await render('{{ __proto__.x }} {{ constructor }}', data)).toEqual(['1 c']);
  });
});
