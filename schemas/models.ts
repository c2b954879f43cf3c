import { z } from 'zod';
import { ChatMessage, ChatTool, ChatUsage, ModelParams, ToolChoice } from './chat';

/** The wire protocol a provider speaks: OpenAI's chat completions (any compatible server) or Anthropic's messages. */
export const ProviderKind = z.enum(['openai', 'anthropic']);
export type ProviderKind = z.infer<typeof ProviderKind>;

/** A readable name, unique per workspace; YAML seeds upsert by it. */
const RegistryName = z
  .string()
  .trim()
  .regex(/^[^\s\p{Cc}][^\p{Cc}]{0,99}$/u, '1 to 100 characters, no control characters');

/** The `gen_ai.provider.name` of the calls, e.g. openai, azure.ai.openai, deepseek, anthropic. */
const Vendor = z.string().regex(/^[a-z][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, ".", "_" or "-"');

const BaseUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(2048)
  .describe('the API root, e.g. https://api.deepseek.com/v1; the SDK default when absent');

const HeaderName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'an HTTP header name');
const Headers = z
  .record(HeaderName, z.string().max(8192))
  .refine((h) => Object.keys(h).length <= 20, 'at most 20 headers')
  .describe('extra headers of every request; stored encrypted like the key, listed by name only');

const TimeoutMs = z.number().int().min(100).max(3_600_000);
const MaxRetries = z.number().int().min(0).max(10);
const RateLimitRpm = z.number().int().min(1).max(1_000_000);
const ApiKey = z.string().min(1).max(8192).describe('write-only: never returned, stored encrypted');

export const CreateProviderBody = z.strictObject({
  name: RegistryName,
  kind: ProviderKind,
  vendor: Vendor.optional(),
  baseUrl: BaseUrl.optional(),
  /** Azure OpenAI: setting it calls `{baseUrl}/openai/deployments/{model}/chat/completions?api-version=…`. */
  apiVersion: z.string().trim().min(1).max(64).optional(),
  apiKey: ApiKey.optional(),
  headers: Headers.optional(),
  timeoutMs: TimeoutMs.default(60_000).describe('per attempt; for streams, to the first and between chunks'),
  maxRetries: MaxRetries.default(2).describe('retries after 429, 5xx, timeouts and connection errors'),
  rateLimitRpm: RateLimitRpm.optional().describe('requests per minute this process sends; more get 429'),
});
export type CreateProviderBody = z.output<typeof CreateProviderBody>;

/** Absent fields keep their value; null clears an optional one (`apiKey: null` removes the key). */
export const UpdateProviderBody = z.strictObject({
  name: RegistryName.optional(),
  kind: ProviderKind.optional(),
  vendor: Vendor.nullable().optional(),
  baseUrl: BaseUrl.nullable().optional(),
  apiVersion: z.string().trim().min(1).max(64).nullable().optional(),
  apiKey: ApiKey.nullable().optional(),
  headers: Headers.nullable().optional(),
  timeoutMs: TimeoutMs.optional(),
  maxRetries: MaxRetries.optional(),
  rateLimitRpm: RateLimitRpm.nullable().optional(),
});
export type UpdateProviderBody = z.output<typeof UpdateProviderBody>;

const ParamValue = z.union([z.number(), z.boolean(), z.string()]);
export type ParamValue = z.infer<typeof ParamValue>;

/**
 * One adjustable parameter of a model, as Cozeloop's `param_schemas`: the console draws its control from it and
 * the gateway refuses values outside it. Names are ModelParams keys, snake_case or camelCase (`max_tokens`).
 */
export const ParamSpec = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'letters, digits and "_"'),
    label: z.string().max(100).optional(),
    description: z.string().max(2000).optional(),
    type: z.enum(['float', 'int', 'bool', 'string']),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    default: ParamValue.optional(),
  })
  .superRefine((p, ctx) => {
    const numeric = p.type === 'float' || p.type === 'int';
    if (!numeric && (p.min !== undefined || p.max !== undefined))
      ctx.addIssue({ code: 'custom', message: `min and max apply to numbers, not to ${p.type}` });
    if (p.min !== undefined && p.max !== undefined && p.min > p.max)
      ctx.addIssue({ code: 'custom', message: `min ${p.min} is above max ${p.max}` });
    if (p.default === undefined) return;
    const problem = paramValueProblem(p, p.default);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['default'], message: problem });
  });
export type ParamSpec = z.infer<typeof ParamSpec>;

/** Why a value does not fit a parameter's type and range, or undefined when it does. */
export function paramValueProblem(spec: ParamSpec, value: unknown): string | undefined {
  switch (spec.type) {
    case 'bool':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'string':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'int':
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      if (spec.type === 'int' && !Number.isInteger(value)) return 'must be an integer';
      if (spec.min !== undefined && value < spec.min) return `${value} is below the minimum ${spec.min}`;
      if (spec.max !== undefined && value > spec.max) return `${value} is above the maximum ${spec.max}`;
      return undefined;
    }
  }
}

export const ParamSchema = z
  .array(ParamSpec)
  .max(32)
  .refine((specs) => new Set(specs.map((s) => s.name)).size === specs.length, 'parameter names repeat');
export type ParamSchema = z.infer<typeof ParamSchema>;

const UsdPerToken = z.number().nonnegative().finite();

/** USD per token, in front of the shipped price table for this model; cache prices default to the input price. */
export const ModelPricing = z.strictObject({
  inputPrice: UsdPerToken,
  outputPrice: UsdPerToken,
  cacheReadPrice: UsdPerToken.optional(),
  cacheWritePrice: UsdPerToken.optional(),
});
export type ModelPricing = z.infer<typeof ModelPricing>;

const ProviderModelId = z
  .string()
  .trim()
  .min(1)
  .max(256)
  .describe("the provider's model id (or Azure deployment), e.g. gpt-4o-mini");

export const CreateModelBody = z.strictObject({
  providerId: z.string().min(1).max(100),
  name: RegistryName,
  model: ProviderModelId,
  paramSchema: ParamSchema.default([]),
  /** Sent unless a call overrides them; they must fit the parameter schema. */
  defaultParams: z.strictObject(ModelParams.shape).default({}),
  contextWindow: z.number().int().positive().max(100_000_000).optional(),
  pricing: ModelPricing.optional(),
});
export type CreateModelBody = z.output<typeof CreateModelBody>;

export const UpdateModelBody = z.strictObject({
  providerId: z.string().min(1).max(100).optional(),
  name: RegistryName.optional(),
  model: ProviderModelId.optional(),
  paramSchema: ParamSchema.optional(),
  defaultParams: z.strictObject(ModelParams.shape).optional(),
  contextWindow: z.number().int().positive().max(100_000_000).nullable().optional(),
  pricing: ModelPricing.nullable().optional(),
});
export type UpdateModelBody = z.output<typeof UpdateModelBody>;

/** Rows as the metadata store returns them (parsed once when read back). */
export const ModelProviderRow = z.object({
  id: z.string(),
  workspace_id: z.string(),
  name: z.string(),
  kind: ProviderKind,
  vendor: z.string().nullable(),
  base_url: z.string().nullable(),
  api_version: z.string().nullable(),
  api_key_sealed: z.string().nullable(),
  api_key_hint: z.string().nullable(),
  headers_sealed: z.string().nullable(),
  header_names: z.array(z.string()),
  timeout_ms: z.number().int(),
  max_retries: z.number().int(),
  rate_limit_rpm: z.number().int().nullable(),
  created_at: z.date(),
  updated_at: z.date(),
});

export const ModelRow = z.object({
  id: z.string(),
  workspace_id: z.string(),
  provider_id: z.string(),
  name: z.string(),
  model: z.string(),
  param_schema: ParamSchema,
  default_params: ModelParams,
  context_window: z.number().int().nullable(),
  pricing: ModelPricing.nullable(),
  created_at: z.date(),
  updated_at: z.date(),
});

/** API views: a provider's key and header values never leave the server. */
export const ProviderView = z.object({
  id: z.string(),
  name: z.string(),
  kind: ProviderKind,
  vendor: z.string().describe('gen_ai.provider.name of its calls'),
  baseUrl: z.string().nullable(),
  apiVersion: z.string().nullable(),
  hasApiKey: z.boolean(),
  apiKeyHint: z.string().nullable().describe('the last 4 characters of a long key, to recognise it'),
  headerNames: z.array(z.string()),
  timeoutMs: z.number().int(),
  maxRetries: z.number().int(),
  rateLimitRpm: z.number().int().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  secretsDropped: z
    .array(z.enum(['apiKey', 'headers']))
    .optional()
    .describe(
      'in an update answer: the stored key and/or headers it removed because it changed baseUrl, kind, apiVersion or headers without sending them again; enter them again',
    ),
});
export type ProviderView = z.infer<typeof ProviderView>;

export const ProviderList = z.object({ providers: z.array(ProviderView) });

export const ModelView = z.object({
  id: z.string(),
  providerId: z.string(),
  name: z.string(),
  model: z.string(),
  paramSchema: ParamSchema,
  defaultParams: ModelParams,
  contextWindow: z.number().int().nullable(),
  pricing: ModelPricing.nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ModelView = z.infer<typeof ModelView>;

export const ModelList = z.object({ models: z.array(ModelView) });

/** `POST /models/{modelId}/chat`: one call through the gateway, e.g. to try a model. */
export const ChatBody = z.strictObject({
  messages: z.array(ChatMessage).min(1).max(1000),
  tools: z.array(ChatTool).max(128).optional(),
  toolChoice: ToolChoice.optional(),
  params: z.strictObject(ModelParams.shape).optional(),
});
export type ChatBody = z.output<typeof ChatBody>;

export const ChatResultView = z.object({
  message: ChatMessage,
  finishReason: z.string(),
  usage: ChatUsage,
  model: z.string(),
  cost: z.number(),
  timeToFirstTokenMs: z.number().optional(),
  traceId: z.string(),
  spanId: z.string(),
});
export type ChatResultView = z.infer<typeof ChatResultView>;
