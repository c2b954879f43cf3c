import { ACCESS_OPERATIONS } from './access-operations';
import { API_OPERATIONS } from './api-operations';
import { JAEGER_OPERATIONS, SERVICE_OPERATIONS, TEMPO_OPERATIONS } from './compat-operations';
import { COMPONENTS } from './components';
import { FILE_OPERATIONS } from './file-operations';
import { PLUGIN_OPERATIONS } from './plugin-operations';
import { componentSchemas, inputSchema, type JsonSchema } from './json-schema';
import { MODEL_OPERATIONS } from './model-operations';
import type { ApiOperation } from './operation';
import type {
  ErrorStatus,
  OpenApiContribution,
  OperationDoc,
  ResponseDoc,
} from '../../schemas/openapi-operation';

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description?: string;
  example?: string;
  schema: JsonSchema;
  style?: 'form';
  explode?: boolean;
}

export interface OpenApiResponse {
  description: string;
  content?: Record<string, { schema?: JsonSchema }>;
}

export interface OpenApiOperation {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required: true; content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<string, OpenApiResponse>;
  /** Empty for routes that need no credentials. */
  security?: Record<string, string[]>[];
}

export type HttpMethod = NonNullable<ApiOperation['method']>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  tags: { name: string; description: string; externalDocs?: { url: string } }[];
  paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>>>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, Record<string, string>>;
  };
  security: Record<string, string[]>[];
}

const TAGS: OpenApiDocument['tags'] = [
  { name: 'traces', description: 'Traces and spans with their LLM fields' },
  {
    name: 'sessions',
    description: 'Sessions (threads) and users with their trace counts, tokens, cost and errors',
  },
  {
    name: 'metrics',
    description: 'Time series of requests, errors, latency, time to first token, tokens and cost',
  },
  { name: 'meta', description: 'This document' },
  { name: 'access', description: 'Login, workspaces and API keys' },
  {
    name: 'models',
    description: 'Model providers and models of the workspace, called through the model gateway',
  },
  {
    name: 'files',
    description:
      'Files the Cozeloop SDKs upload to POST /v1/loop/files/upload (multimodal inputs, large texts), named by key ' +
      "in a span's `cozeloop.object_storage` attribute",
  },
  {
    name: 'plugins',
    description:
      'Loaded plugins and their evaluators; each plugin serves its own routes under /api/v1/<name>',
  },
  {
    name: 'tempo',
    description:
      "Grafana Tempo's HTTP API under /tempo: point Grafana's Tempo data source at http://<host>:<api port>/tempo. " +
      'Request and response formats are Tempo’s.',
    externalDocs: { url: 'https://grafana.com/docs/tempo/latest/api_docs/' },
  },
  {
    name: 'jaeger',
    description:
      "The Jaeger query service's v1 JSON API under /jaeger: point Grafana's Jaeger data source at " +
      'http://<host>:<api port>/jaeger. Request and response formats are Jaeger’s.',
    externalDocs: { url: 'https://www.jaegertracing.io/docs/latest/apis/' },
  },
  { name: 'service', description: 'Probes and the Prometheus exposition' },
];

/** Every documented route, in document order. */
export const DOCUMENTED_OPERATIONS: readonly ApiOperation[] = [
  ...API_OPERATIONS,
  ...ACCESS_OPERATIONS,
  ...MODEL_OPERATIONS,
  ...FILE_OPERATIONS,
  ...PLUGIN_OPERATIONS,
  ...TEMPO_OPERATIONS,
  ...JAEGER_OPERATIONS,
  ...SERVICE_OPERATIONS,
];

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/** Any one of these authenticates; keyless reads of the default workspace are allowed on loopback only. */
const SECURITY_SCHEMES = {
  bearer: { type: 'http', scheme: 'bearer', description: 'an API key secret (sl-sk-…)' },
  apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'an API key secret (sl-sk-…)' },
  basic: { type: 'http', scheme: 'basic', description: 'public key (sl-pk-…) : secret key (sl-sk-…)' },
  session: { type: 'apiKey', in: 'cookie', name: 'spanloop_session', description: 'a console session' },
};

const OPEN_PATHS: ReadonlySet<string> = new Set([
  '/api/v1/openapi.json',
  '/api/v1/auth/login',
  '/api/v1/auth/logout',
  '/healthz',
  '/readyz',
]);

const response = (doc: ResponseDoc): OpenApiResponse => {
  const content: Record<string, { schema?: JsonSchema }> = {};
  if (doc.body !== undefined) content['application/json'] = { schema: ref(doc.body) };
  for (const mediaType of doc.mediaTypes ?? []) content[mediaType] = {};
  return Object.keys(content).length > 0
    ? { description: doc.description, content }
    : { description: doc.description };
};

const ERRORS: Readonly<Record<ErrorStatus, string>> = {
  '400': 'invalid_argument: a parameter is missing or invalid',
  '401': 'unauthenticated: credentials missing, wrong, expired or revoked',
  '403': 'permission_denied: the credential lacks the scope or the workspace',
  '404': 'not_found',
  '409': 'conflict: a name is taken, or the change conflicts with what exists',
  '413': 'too_large: the body is larger than the route accepts',
  '429':
    'rate_limited: too many failed authentications, or a model provider’s limit; retry after `Retry-After` seconds',
  '503':
    'unavailable: overloaded, the store not ready, or a plugin or model provider down; retry after `Retry-After` seconds',
};

const pathNames = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');

function parameters(op: OperationDoc): OpenApiParameter[] {
  const query = op.query === undefined ? { properties: {}, required: [] } : inputSchema(op.query);
  const properties = query.properties ?? {};
  const required = new Set(query.required ?? []);
  const described = (name: string) => {
    const doc = op.params?.[name];
    if (doc === undefined) return {};
    return doc.example === undefined
      ? { description: doc.description }
      : { description: doc.description, example: doc.example };
  };
  const inPath = pathNames(op.path);
  const params: OpenApiParameter[] = inPath.map((name) => {
    const own = op.pathParams?.[name];
    const schema = own === undefined ? properties[name] : inputSchema(own);
    if (schema === undefined || typeof schema === 'boolean')
      throw new Error(`${op.path}: no schema for path parameter ${name}`);
    return { name, in: 'path', required: true, ...described(name), schema };
  });
  for (const [key, schema] of Object.entries(properties)) {
    if (inPath.includes(key) || op.omit?.includes(key) || typeof schema === 'boolean') continue;
    // A list arrives as repeated parameters, none at all being an empty list.
    const isRequired = required.has(key) && (schema.type !== 'array' || (schema.minItems ?? 0) > 0);
    const repeated = op.repeated?.[key];
    if (repeated === undefined) {
      params.push({ name: key, in: 'query', required: isRequired, ...described(key), schema });
      continue;
    }
    const list: JsonSchema = { type: 'array', items: inputSchema(repeated.items) };
    // The bound of the schema's array survives its URL form.
    if (schema.maxItems !== undefined) list.maxItems = schema.maxItems;
    params.push({
      name: repeated.name,
      in: 'query',
      required: isRequired,
      ...described(repeated.name),
      schema: list,
      style: 'form',
      explode: true,
    });
  }
  return params;
}

function operation(op: OperationDoc & { tag: string }): OpenApiOperation {
  const responses: Record<string, OpenApiResponse> = { [op.status ?? '200']: response(op.response) };
  for (const [status, doc] of Object.entries(op.otherResponses ?? {})) responses[status] = response(doc);
  for (const status of op.errors ?? [])
    responses[status] = response({ description: ERRORS[status], body: 'ErrorBody' });
  const params = parameters(op);
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description === undefined ? {} : { description: op.description }),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(op.body === undefined
      ? {}
      : {
          requestBody: { required: true, content: { 'application/json': { schema: inputSchema(op.body) } } },
        }),
    responses,
    ...(OPEN_PATHS.has(op.path) ? { security: [] } : {}),
  };
}

type Paths = OpenApiDocument['paths'];
type Schemas = OpenApiDocument['components']['schemas'];

/**
 * Adds a contribution's operations and components to `paths` and `schemas` when none collides with what is
 * there and every schema converts; otherwise adds nothing and answers why.
 */
function contribute(c: OpenApiContribution, paths: Paths, schemas: Schemas): string | undefined {
  const ids = new Set(Object.values(paths).flatMap((item) => Object.values(item).map((o) => o.operationId)));
  let built: { ops: [OperationDoc & { tag: string }, OpenApiOperation][]; own: Schemas };
  try {
    built = { ops: c.operations.map((op) => [op, operation(op)]), own: componentSchemas(c.components) };
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  const taken = Object.keys(built.own).find((name) => name in schemas);
  if (taken !== undefined) return `component ${taken} is already in the document`;
  for (const [op] of built.ops) {
    if (ids.has(op.operationId)) return `operation id ${op.operationId} is already in the document`;
    if (paths[op.path]?.[op.method ?? 'get'] !== undefined)
      return `${(op.method ?? 'get').toUpperCase()} ${op.path} is already in the document`;
    ids.add(op.operationId);
  }
  for (const [op, doc] of built.ops) paths[op.path] = { ...paths[op.path], [op.method ?? 'get']: doc };
  Object.assign(schemas, built.own);
  return undefined;
}

/**
 * The OpenAPI 3.1 document of the API port, built from the zod schemas the routes parse with and the
 * response types derive from, with the operations plugins contribute. A contribution that collides with the
 * document or fails to convert is left out; its tag says why.
 *
 * @example
 * const doc = buildOpenApiDocument();
 * doc.paths['/api/v1/traces']?.get.parameters; // from, to, service, …, attr, limit, cursor
 */
export function buildOpenApiDocument(contributions: readonly OpenApiContribution[] = []): OpenApiDocument {
  const paths: Paths = {};
  for (const op of DOCUMENTED_OPERATIONS)
    paths[op.path] = { ...paths[op.path], [op.method ?? 'get']: operation(op) };
  const schemas = componentSchemas(COMPONENTS);
  const tags = [...TAGS];
  for (const c of contributions) {
    const { name, description } = c.tag;
    // Operations name their tag: one that is already Spanloop's (or another's) would mislabel them.
    if (tags.some((t) => t.name === name)) continue;
    const problem = contribute(c, paths, schemas);
    tags.push({
      name,
      description: problem === undefined ? description : `${description} (not documented here: ${problem})`,
    });
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Spanloop API',
      version: '1.0.0',
      description:
        'Traces, sessions and metrics of LLM applications (/api/v1), with Tempo- and Jaeger-compatible APIs for Grafana. ' +
        'Errors of /api/v1 are `{ error: { code, message } }`.',
    },
    tags,
    paths,
    components: { schemas, securitySchemes: SECURITY_SCHEMES },
    security: Object.keys(SECURITY_SCHEMES).map((name) => ({ [name]: [] })),
  };
}
