import { z } from 'zod';
import { AppError } from '../../core/app-error';
import { PlaceholderValue, ValuePart, type VariableDef, type VariableType } from './template-schema';

const bad = (message: string) => new AppError('invalid_argument', message);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const scalarChecks: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  boolean: (v) => typeof v === 'boolean',
  integer: (v) => typeof v === 'number' && Number.isSafeInteger(v),
  float: (v) => typeof v === 'number' && Number.isFinite(v),
  object: isPlainObject,
};

const firstIssue = (e: z.ZodError): string => {
  const issue = e.issues[0];
  return issue === undefined ? 'invalid' : `${issue.path.join('.') || 'value'}: ${issue.message}`;
};

/** Checks one value against its declared type; the message names the variable and what was expected. */
export function checkValue(key: string, type: VariableType, value: unknown): unknown {
  if (value === null || value === undefined) throw bad(`variable "${key}" has no value (null)`);
  if (type === 'placeholder') {
    const parsed = PlaceholderValue.safeParse(value);
    if (!parsed.success)
      throw bad(
        `variable "${key}" (placeholder) must be a list of chat messages: ${firstIssue(parsed.error)}`,
      );
    return parsed.data;
  }
  if (type === 'multi_part') {
    const parsed = z.array(ValuePart).max(100).safeParse(value);
    if (!parsed.success)
      throw bad(`variable "${key}" (multi_part) must be a list of parts: ${firstIssue(parsed.error)}`);
    return parsed.data;
  }
  const array = /^array<(.+)>$/.exec(type)?.[1];
  const check = scalarChecks[array ?? type];
  if (check === undefined) throw bad(`variable "${key}" has an unknown type ${type}`);
  const ok = array === undefined ? check(value) : Array.isArray(value) && value.every(check);
  if (!ok) throw bad(`variable "${key}" must be ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`);
  return value;
}

/**
 * The values a render uses, checked against the declared variables. A value for a name neither declared nor used
 * by the template is refused, naming it and the known ones.
 */
export function checkValues(
  defs: readonly VariableDef[],
  used: ReadonlySet<string>,
  values: Readonly<Record<string, unknown>>,
): Map<string, unknown> {
  const types = new Map(defs.map((d) => [d.key, d.type]));
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(values)) {
    const type = types.get(key);
    if (type === undefined && !used.has(key)) {
      const known = [...new Set([...types.keys(), ...used])].sort();
      throw bad(
        `unknown variable "${key}"; this prompt's variables are: ${known.length === 0 ? '(none)' : known.join(', ')}`,
      );
    }
    if (type !== undefined) out.set(key, checkValue(key, type, value));
    else if (value === null || value === undefined) throw bad(`variable "${key}" has no value (null)`);
    else out.set(key, value);
  }
  return out;
}

/**
 * Cozeloop sends every non-string value serialized as text (`"3"`, `"true"`, `"{\"a\":1}"`); this reads it back
 * as its declared type. Undeclared names stay text.
 */
export function fromCozeloopText(key: string, type: VariableType | undefined, text: string): unknown {
  switch (type) {
    case undefined:
    case 'string':
      return text;
    case 'boolean':
      if (text === 'true' || text === 'false') return text === 'true';
      throw bad(`variable "${key}" must be true or false, got ${JSON.stringify(text.slice(0, 40))}`);
    case 'integer':
    case 'float': {
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n)) throw bad(`variable "${key}" must be a number`);
      return checkValue(key, type, n);
    }
    default:
      try {
        return checkValue(key, type, JSON.parse(text));
      } catch (e) {
        if (e instanceof AppError) throw e;
        throw bad(`variable "${key}" (${type}) must be JSON text`);
      }
  }
}
