import { Ajv, type ValidateFunction } from 'ajv';
import { z } from 'zod';
import { EvaluatorFailure } from '../failure';
import { check, defineBuiltin, FieldParams, fieldText } from './definition';

const parses = (text: string): { ok: true; value: unknown } | { ok: false; message: string } => {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
};

export const jsonValid = defineBuiltin({
  name: 'json_valid',
  description: 'The output is valid JSON (with `objectOnly`, a JSON object).',
  params: FieldParams.extend({ objectOnly: z.boolean().default(false) }),
  evaluate(p, input) {
    const parsed = parses(fieldText(input, p.field));
    if (!parsed.ok) return check(false, `not JSON: ${parsed.message}`);
    const isObject =
      typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value);
    if (p.objectOnly && !isObject) return check(false, 'valid JSON but not an object');
    return check(true, 'valid JSON');
  },
});

// One Ajv per process; compiled schemas are kept by their text, a bounded number of them.
const ajv = new Ajv({ allErrors: false, strict: false, validateSchema: true });
const compiled = new Map<string, ValidateFunction>();
const MAX_COMPILED = 256;

function validatorOf(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  const known = compiled.get(key);
  if (known !== undefined) return known;
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (e) {
    throw new EvaluatorFailure(
      'invalid_params',
      `bad JSON Schema: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value ?? '');
  compiled.set(key, validate);
  return validate;
}

const SchemaParam = z
  .record(z.string(), z.unknown())
  .refine((s) => JSON.stringify(s).length <= 100_000, 'the schema is larger than 100 kB')
  .refine((s) => {
    try {
      return ajv.validateSchema(s) === true;
    } catch {
      return false;
    }
  }, 'not a valid JSON Schema (draft-07)');

export const jsonSchema = defineBuiltin({
  name: 'json_schema',
  description: 'The output is JSON valid against `schema` (JSON Schema draft-07, no remote $ref).',
  params: FieldParams.extend({ schema: SchemaParam }),
  evaluate(p, input) {
    const parsed = parses(fieldText(input, p.field));
    if (!parsed.ok) return check(false, `not JSON: ${parsed.message}`);
    const validate = validatorOf(p.schema);
    if (validate(parsed.value)) return check(true, 'valid against the schema');
    const first = validate.errors?.[0];
    return check(false, `invalid: ${first?.instancePath || '/'} ${first?.message ?? ''}`.trim());
  },
});
