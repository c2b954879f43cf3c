import { z } from 'zod';

export type JsonSchema = z.core.JSONSchema.BaseSchema;

// Zod writes its date-time regex beside `format: date-time`; the format alone says it, readably.
const tidy = ({ jsonSchema }: { jsonSchema: JsonSchema }): void => {
  if (jsonSchema.format === 'date-time') delete jsonSchema.pattern;
};

/** A schema as an OpenAPI document embeds it: its dialect and id are the document's. */
const embedded = (json: JsonSchema): JsonSchema => {
  const copy = { ...json };
  delete copy.$schema;
  delete copy.$id;
  return copy;
};

const DIGITS = /^\^\\d\{1,\d+\}\$$/;

/** Digits that a pipe parses into a bounded number are documented as that number, as URL parameters are. */
const urlForm = (ctx: { zodSchema: z.core.$ZodType; jsonSchema: JsonSchema }): void => {
  tidy(ctx);
  const { zodSchema, jsonSchema } = ctx;
  if (zodSchema instanceof z.ZodPipe && DIGITS.test(jsonSchema.pattern ?? '')) {
    const out = embedded(z.toJSONSchema(zodSchema.out, { io: 'output', unrepresentable: 'any' }));
    if (out.type !== 'integer' && out.type !== 'number') return;
    delete jsonSchema.pattern;
    Object.assign(jsonSchema, out);
  }
  // Zod leaves out a default given on the output side; for these numbers both sides agree.
  if (zodSchema instanceof z.ZodDefault && jsonSchema.default === undefined && jsonSchema.type === 'integer')
    jsonSchema.default = zodSchema.def.defaultValue;
};

/**
 * A request schema has no component to name its recursive parts (a multimodal Content's `multi_part`), and a
 * `#/$defs/…` reference would resolve against the whole document: each part is inlined once, its recursion left
 * open (`{}`).
 */
function inlineDefs(json: JsonSchema): JsonSchema {
  const defs = json.$defs;
  if (defs === undefined) return json;
  const walk = (node: unknown, seen: readonly string[]): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, seen));
    if (typeof node !== 'object' || node === null) return node;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/$defs/')) {
      const name = ref.slice('#/$defs/'.length);
      return seen.includes(name) ? {} : walk(defs[name], [...seen, name]);
    }
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key]) => key !== '$defs')
        .map(([key, value]) => [key, walk(value, seen)]),
    );
  };
  return walk(json, []) as JsonSchema;
}

/** The JSON Schema of what a client sends: the input side of a schema a route parses with, in URL form. */
export const inputSchema = (schema: z.ZodType): JsonSchema =>
  inlineDefs(embedded(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', override: urlForm })));

/** Named response schemas as OpenAPI components; a named schema used inside another becomes a `$ref`. */
export const componentSchemas = (named: Readonly<Record<string, z.ZodType>>): Record<string, JsonSchema> => {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    uri: (id) => `#/components/schemas/${id}`,
    io: 'output',
    unrepresentable: 'any',
    override: tidy,
  });
  // Zod puts unnamed recursive schemas there, which an OpenAPI document has no place for: name them.
  if ('__shared' in schemas) throw new Error('a recursive response schema needs a component name');
  return Object.fromEntries(Object.entries(schemas).map(([id, json]) => [id, embedded(json)]));
};
