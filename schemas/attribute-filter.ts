import { z } from 'zod';

/** Operators of an attribute filter; `exists` and `!exists` take no value. */
export const FilterOp = z.enum(['=', '!=', '<', '>', '<=', '>=', '=~', 'exists', '!exists']);
export type FilterOp = z.output<typeof FilterOp>;

/** Which attribute map a filter reads: the span's, the resource's, or either. */
export const FilterScope = z.enum(['span', 'resource', 'any']);
export type FilterScope = z.output<typeof FilterScope>;

/** One attribute condition, normalized; `value` is '' for `exists` and `!exists`. */
export interface AttributeFilter {
  scope: FilterScope;
  key: string;
  op: FilterOp;
  value: string;
}

const MAX_KEY = 256;
const MAX_VALUE = 4096;
/** re2 runs in linear time; the bound keeps the compiled program (and the statement) small. */
export const MAX_REGEX = 1024;

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** The value as a finite number when it reads as one, for the ordering operators' numeric comparison. */
export const numericValue = (value: string): number | undefined => {
  if (!NUMBER.test(value)) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
};

/** Checks a normalized filter; undefined when it is acceptable, else why not. */
const problem = (f: AttributeFilter): string | undefined => {
  if (f.key === '') return 'the attribute key is empty';
  if (f.key.length > MAX_KEY) return `the attribute key is longer than ${MAX_KEY} characters`;
  if (f.op === 'exists' || f.op === '!exists') return f.value === '' ? undefined : `${f.op} takes no value`;
  if (f.op === '=~') return f.value.length > MAX_REGEX ? `the regex is longer than ${MAX_REGEX}` : undefined;
  if (f.value.length > MAX_VALUE) return `the value is longer than ${MAX_VALUE} characters`;
  if (['<', '>', '<=', '>='].includes(f.op) && f.value === '') return `${f.op} needs a value`;
  return undefined;
};

// Longest operators first, so `>=` is not read as `>` followed by a value starting with `=`.
const OPERATORS = ['>=', '<=', '!=', '=~', '=', '<', '>'] as const;
const KEY_END = /[\s=!<>~]/;

/** Reads a JSON string literal at the start of `text`; undefined when there is none. */
const jsonStringAt = (text: string): { value: string; rest: string } | undefined => {
  if (!text.startsWith('"')) return undefined;
  for (let i = 1; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '"') {
      try {
        return { value: JSON.parse(text.slice(0, i + 1)) as string, rest: text.slice(i + 1) };
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
};

/**
 * Parses the text form of a filter, e.g. `span.http.status_code>=500`, `resource.deployment.environment=prod`,
 * `span.llm.cached exists`, `"key with spaces"!=x`, `span.user.email=~"@example\\.com$"`.
 * A `span.` or `resource.` prefix picks the map, none means either. A key or value may be a JSON string.
 */
export const parseFilterText = (text: string): AttributeFilter | string => {
  let rest = text.trim();
  let scope: FilterScope = 'any';
  for (const s of ['span', 'resource'] as const)
    if (rest.startsWith(`${s}.`) && rest.length > s.length + 1) {
      scope = s;
      rest = rest.slice(s.length + 1);
      break;
    }
  let key: string;
  const quoted = jsonStringAt(rest);
  if (quoted !== undefined) {
    key = quoted.value;
    rest = quoted.rest;
  } else {
    const end = rest.search(KEY_END);
    key = end < 0 ? rest : rest.slice(0, end);
    rest = end < 0 ? '' : rest.slice(end);
  }
  if (key === '') return 'expected an attribute key first';
  const spaced = /^\s/.test(rest);
  rest = rest.trimStart();
  if (rest === '!exists' || (spaced && rest === 'exists'))
    return { scope, key, op: rest === 'exists' ? 'exists' : '!exists', value: '' };
  const op = OPERATORS.find((o) => rest.startsWith(o));
  if (op === undefined)
    return `expected an operator (${OPERATORS.join(' ')}) or exists / !exists after the key`;
  const raw = rest.slice(op.length).trim();
  // `a>>=5`, `a==b`: a doubled or mistyped operator, not a value that happens to start with one.
  if (/^[=<>!~]/.test(raw))
    return `the value after ${op} starts with ${raw[0]}: a mistyped operator? Quote a value that starts with it (${op}"${raw}")`;
  const value = jsonStringAt(raw);
  if (value !== undefined && value.rest.trim() !== '') return 'unexpected text after the quoted value';
  return { scope, key, op, value: value?.value ?? raw };
};

/** The JSON form of a filter; a number or boolean value is compared as the text the span stores. */
const FilterObject = z.strictObject({
  scope: FilterScope.default('any'),
  key: z.string(),
  op: FilterOp,
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
});

/** The failing form's own messages rather than a bare "Invalid input". */
const unionMessage = (issue: z.core.$ZodRawIssue): string => {
  const branches = (issue as { errors?: z.core.$ZodIssue[][] }).errors ?? [];
  const input: unknown = issue.input;
  const form =
    typeof input === 'string'
      ? branches[0]
      : typeof input === 'object' && input !== null
        ? branches[1]
        : undefined;
  const text = (form ?? []).map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message));
  return text.length > 0
    ? text.join('; ')
    : 'expected a filter text or an object { scope?, key, op, value? }';
};

/**
 * One attribute filter: the JSON form `{ scope?, key, op, value? }`, or the text form `parseFilterText` reads.
 * Every key, value and regex is bound as a query parameter, never written into SQL.
 */
export const AttributeFilterInput = z
  .union([z.string().max(MAX_KEY + MAX_VALUE + 32), FilterObject], { error: unionMessage })
  .transform((input, ctx): AttributeFilter => {
    const parsed =
      typeof input === 'string'
        ? parseFilterText(input)
        : { scope: input.scope, key: input.key, op: input.op, value: String(input.value ?? '') };
    const why =
      typeof parsed === 'string'
        ? parsed
        : typeof input !== 'string' &&
            input.value === undefined &&
            parsed.op !== 'exists' &&
            parsed.op !== '!exists'
          ? `${parsed.op} needs a value`
          : problem(parsed);
    if (why !== undefined || typeof parsed === 'string') {
      ctx.addIssue({ code: 'custom', message: why ?? 'invalid filter' });
      return z.NEVER;
    }
    return parsed;
  });
