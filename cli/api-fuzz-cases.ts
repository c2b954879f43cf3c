// Test support: schema-derived bad requests for every operation of the OpenAPI document (cli/api-fuzz.test.ts).
import { gzipSync } from 'node:zlib';

export type JsonSchema = Record<string, unknown>;

export interface FuzzOperation {
  method: string;
  /** The path template, `{name}` for parameters. */
  path: string;
  parameters: {
    name: string;
    in: 'path' | 'query';
    required: boolean;
    example?: string;
    schema?: JsonSchema;
  }[];
  body?: JsonSchema;
}

export interface FuzzCase {
  name: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** The answer must be a 4xx (bad input the route reads); otherwise any status below 500 passes. */
  mustRefuse: boolean;
}

const resolve = (schema: JsonSchema, components: Record<string, JsonSchema>, seen = 0): JsonSchema => {
  const ref = schema.$ref;
  if (typeof ref === 'string' && seen < 16) {
    const target = components[ref.replace('#/components/schemas/', '')];
    return target === undefined ? {} : resolve(target, components, seen + 1);
  }
  return schema;
};

const typeOf = (s: JsonSchema): string | undefined => {
  if (typeof s.type === 'string') return s.type;
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null') as string | undefined;
  if (Array.isArray(s.enum)) return typeof s.enum[0];
  if (s.properties !== undefined) return 'object';
  return undefined;
};

/** A value the schema probably accepts: examples, enums, minimal strings and numbers, required properties only. */
export function sample(schema: JsonSchema, components: Record<string, JsonSchema>, depth = 0): unknown {
  const s = resolve(schema, components);
  if (depth > 8) return null;
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    const list = s[key];
    if (Array.isArray(list) && list.length > 0) return sample(list[0] as JsonSchema, components, depth + 1);
  }
  switch (typeOf(s)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = (s.properties ?? {}) as Record<string, JsonSchema>;
      for (const name of (s.required ?? []) as string[])
        out[name] = sample(props[name] ?? {}, components, depth + 1);
      return out;
    }
    case 'array': {
      const min = typeof s.minItems === 'number' ? s.minItems : 0;
      return Array.from({ length: min }, () => sample((s.items ?? {}) as JsonSchema, components, depth + 1));
    }
    case 'string':
      return s.format === 'date-time'
        ? new Date().toISOString()
        : 'fuzz'.padEnd(Number(s.minLength ?? 0), 'z');
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return true;
    default:
      return 'fuzz';
  }
}

/** The body's top-level properties with their resolved schemas. */
const propertiesOf = (schema: JsonSchema, components: Record<string, JsonSchema>) =>
  Object.entries((resolve(schema, components).properties ?? {}) as Record<string, JsonSchema>).map(
    ([name, s]) => ({ name, schema: resolve(s, components) }),
  );

const wrongTypeFor = (s: JsonSchema): unknown => {
  switch (typeOf(s)) {
    case 'string':
      return { not: 'a string' };
    case 'number':
    case 'integer':
      return 'not a number';
    case 'boolean':
      return 'yes';
    case 'array':
      return 'not an array';
    case 'object':
      return [1, 2];
    default:
      return [[[]]];
  }
};

const NOT_NUMBERS = new Set(['string', 'boolean', 'array', 'object']);
const DEEP = 100_000;
const deepArray = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const MEGABYTE_STRING = 'x'.repeat(1024 * 1024);
const BAD_PATH_VALUES = ['%00', '%ff%fe', 'a'.repeat(4096), '..%2F..%2Fetc', '%F0%9F', '-1', '1e309'];
const BAD_QUERY_VALUES = ['1e309', '-0', '18446744073709551616', '%00', 'x'.repeat(8192), '%ff', '[]', '-1'];

/** One request per kind of bad input, for one operation; `pick` keeps the count bounded and seeded. */
export function casesFor(
  op: FuzzOperation,
  components: Record<string, JsonSchema>,
  headers: Record<string, string>,
  random: () => number,
): FuzzCase[] {
  const pathValues: Record<string, string> = {};
  for (const p of op.parameters.filter((q) => q.in === 'path'))
    pathValues[p.name] = encodeURIComponent(p.example ?? 'fuzz');
  const urlOf = (path: Record<string, string>, query = '') =>
    op.path.replace(/\{([^}]+)\}/g, (_, name: string) => path[name] ?? 'fuzz') + query;
  const base = op.body === undefined ? undefined : sample(op.body, components);
  const json: Record<string, string> = { ...headers, 'content-type': 'application/json' };
  const out: FuzzCase[] = [];
  const add = (
    name: string,
    body: string | Buffer | undefined,
    mustRefuse: boolean,
    h = json,
    url = urlOf(pathValues),
  ) =>
    out.push({
      name,
      method: op.method,
      url,
      headers: h,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? Buffer.from(body) : body }),
      mustRefuse,
    });
  const pick = <T>(list: readonly T[], n: number): T[] => [...list].sort(() => random() - 0.5).slice(0, n);

  for (const p of op.parameters.filter((q) => q.in === 'path'))
    for (const bad of pick(BAD_PATH_VALUES, 2)) {
      const path = { ...pathValues, [p.name]: bad };
      add(
        `path ${p.name}=${bad.slice(0, 20)}`,
        base === undefined ? undefined : JSON.stringify(base),
        false,
        json,
        urlOf(path),
      );
    }
  for (const p of op.parameters.filter((q) => q.in === 'query'))
    for (const bad of pick(BAD_QUERY_VALUES, 1))
      add(
        `query ${p.name}=${bad.slice(0, 20)}`,
        base === undefined ? undefined : JSON.stringify(base),
        false,
        json,
        urlOf(
          pathValues,
          `?${encodeURIComponent(p.name)}=${bad.startsWith('%') ? bad : encodeURIComponent(bad)}`,
        ),
      );
  if (op.body === undefined) return out;

  const text = JSON.stringify(base);
  const object =
    typeof base === 'object' && base !== null && !Array.isArray(base)
      ? (base as Record<string, unknown>)
      : {};
  const with_ = (name: string, value: unknown) => JSON.stringify({ ...object, [name]: value });
  const withRaw = (name: string, raw: string) => {
    const rest = JSON.stringify({ ...object, [name]: 0 });
    return rest.replace(`${JSON.stringify(name)}:0`, `${JSON.stringify(name)}:${raw}`);
  };
  for (const [name, body] of pick(
    [
      ['empty body', ''],
      ['not JSON', '{"unterminated'],
      ['JSON null', 'null'],
      ['JSON array', '[]'],
      ['deep array', deepArray(DEEP)],
      ['deep object', `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`],
    ] as const,
    3,
  ))
    add(name, body, true);
  const multipart = '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n';
  for (const [name, body, type] of pick(
    [
      ['text/plain', text, 'text/plain'],
      ['form', 'a=1&b=2', 'application/x-www-form-urlencoded'],
      ['multipart', multipart, 'multipart/form-data; boundary=x'],
      ['no content type', text, undefined],
    ] as const,
    2,
  ))
    add(name, body, true, type === undefined ? headers : { ...headers, 'content-type': type });
  add(
    'invalid UTF-8',
    Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]),
    false,
  );
  add('gzip-encoded JSON', gzipSync(Buffer.from(text)), false, { ...json, 'content-encoding': 'gzip' });
  add('extra field', with_('__fuzz_extra', { deep: [1, 2, 3] }), false);

  const props = propertiesOf(op.body, components);
  const required = new Set((resolve(op.body, components).required ?? []) as string[]);
  for (const name of required) {
    const rest = Object.fromEntries(Object.entries(object).filter(([k]) => k !== name));
    add(`missing ${name}`, JSON.stringify(rest), true);
  }
  for (const p of pick(props, 2)) {
    add(`${p.name}: wrong type`, with_(p.name, wrongTypeFor(p.schema)), true);
    add(`${p.name}: deep value`, withRaw(p.name, deepArray(DEEP)), true);
    for (const raw of pick(['1e309', '-0', '18446744073709551616', '-1e308'], 1))
      add(`${p.name}: number ${raw}`, withRaw(p.name, raw), NOT_NUMBERS.has(typeOf(p.schema) ?? ''));
    if (typeOf(p.schema) === 'string' || typeOf(p.schema) === undefined) {
      add(`${p.name}: 1 MiB string`, with_(p.name, MEGABYTE_STRING), false);
      add(`${p.name}: NUL`, with_(p.name, 'a\u0000b'), false);
      add(`${p.name}: lone surrogate`, with_(p.name, 'a\ud800b'), false);
    }
  }
  return out;
}
