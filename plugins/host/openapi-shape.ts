import { z } from 'zod';

// Zod 4 schemas (classic and mini) carry `_zod`; the document converts nothing else.
const zodSchema = z.custom<z.ZodType>(
  (v) => typeof v === 'object' && v !== null && '_zod' in v,
  'must be a zod 4 schema',
);

/** OpenAPI form: `/`, or segments each literal or one `{name}`. */
const OperationPath = z
  .string()
  .regex(/^\/$|^(\/(\{[A-Za-z_]\w*\}|[\w.~:@!$&'()*+,;=-]+))+$/, 'a path like /items/{id}');
const ComponentName = z.string().regex(/^[A-Za-z][\w.-]{0,99}$/, 'letters, digits, ".", "_" or "-"');

const Response = z.object({
  description: z.string().min(1),
  body: z.string().optional(),
  mediaTypes: z.array(z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'a media type')).optional(),
});

const Operation = z
  .object({
    method: z.enum(['get', 'post', 'put', 'patch', 'delete']).optional(),
    path: OperationPath,
    operationId: z.string().regex(/^[A-Za-z][\w.-]{0,99}$/, 'letters, digits, ".", "_" or "-"'),
    summary: z.string().min(1),
    description: z.string().optional(),
    pathParams: z.record(z.string(), zodSchema).optional(),
    query: zodSchema.optional(),
    omit: z.array(z.string()).optional(),
    repeated: z.record(z.string(), z.object({ name: z.string().min(1), items: zodSchema })).optional(),
    params: z
      .record(z.string(), z.object({ description: z.string(), example: z.string().optional() }))
      .optional(),
    body: zodSchema.optional(),
    status: z.enum(['200', '201', '204']).optional(),
    response: Response,
    otherResponses: z.record(z.string().regex(/^[1-5]\d\d$/, 'an HTTP status'), Response).optional(),
    errors: z.array(z.enum(['400', '401', '403', '404', '409', '413', '429', '503'])).optional(),
  })
  .superRefine((op, ctx) => {
    for (const [, name] of op.path.matchAll(/\{(\w+)\}/g))
      if (op.pathParams?.[name ?? ''] === undefined && op.query === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['pathParams'],
          message: `no schema for path parameter ${name}`,
        });
  });

const OpenApi = z.object({
  description: z.string().optional(),
  components: z.record(ComponentName, zodSchema).optional(),
  operations: z.array(Operation).optional(),
  rootOperations: z.array(Operation).optional(),
});

/** Each body names a component; operation ids are unique; a method and path are documented once per list. */
function consistent(doc: z.output<typeof OpenApi>, ctx: z.RefinementCtx) {
  const ids = new Set<string>();
  for (const list of ['operations', 'rootOperations'] as const) {
    const ops = doc[list] ?? [];
    const routes = new Set<string>();
    ops.forEach((op, i) => {
      const route = `${op.method ?? 'get'} ${op.path}`;
      const bodies = [op.response, ...Object.values(op.otherResponses ?? {})].flatMap((r) => r.body ?? []);
      for (const body of bodies)
        if (doc.components?.[body] === undefined)
          ctx.addIssue({ code: 'custom', path: [list, i], message: `no component named ${body}` });
      if (ids.has(op.operationId))
        ctx.addIssue({ code: 'custom', path: [list, i], message: `operation id ${op.operationId} repeats` });
      if (routes.has(route))
        ctx.addIssue({ code: 'custom', path: [list, i], message: `${route} is documented twice` });
      ids.add(op.operationId);
      routes.add(route);
    });
  }
}

/** The structure of a plugin's `openapi`, checked before anything of the plugin runs. */
export const PluginOpenApiShape = OpenApi.superRefine(consistent);
