import { z } from 'zod';

/** Cozeloop writes numbers in param schemas as strings ("0.7"); both forms are accepted. */
const Numeric = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/)
    .transform(Number),
]);
const Scalar = z.union([z.number(), z.boolean(), z.string()]);

/** One `param_schemas` entry, Cozeloop's shape (`default_val`, `desc`, type `boolean`) or Spanloop's. */
export const ParamSchemaEntry = z.looseObject({
  name: z.string(),
  label: z.string().optional(),
  desc: z.string().optional(),
  description: z.string().optional(),
  type: z.enum(['float', 'int', 'bool', 'boolean', 'string']),
  min: Numeric.optional(),
  max: Numeric.optional(),
  default_val: Scalar.optional(),
  default: Scalar.optional(),
});
export type ParamSchemaEntry = z.infer<typeof ParamSchemaEntry>;

const ParamConfig = z.looseObject({ param_schemas: z.array(ParamSchemaEntry).default([]) });

const Pricing = z.strictObject({
  input_price: z.number().nonnegative(),
  output_price: z.number().nonnegative(),
  cache_read_price: z.number().nonnegative().optional(),
  cache_write_price: z.number().nonnegative().optional(),
});

const Connection = {
  base_url: z.string().optional(),
  api_key: z.string().optional(),
  api_version: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  timeout_ms: z.number().int().optional(),
  max_retries: z.number().int().optional(),
  rate_limit_rpm: z.number().int().optional(),
  vendor: z.string().optional(),
};

/** A provider: `kind` (openai | anthropic) or a Cozeloop `protocol` name (deepseek, ark, ollama, claude, …). */
export const ProviderEntry = z.looseObject({
  name: z.string(),
  kind: z.string().optional(),
  protocol: z.string().optional(),
  ...Connection,
});
export type ProviderEntry = z.infer<typeof ProviderEntry>;

/** Cozeloop's per-model connection: `protocol_config` with its Azure switch. */
const ProtocolConfig = z.looseObject({
  ...Connection,
  model: z.string().optional(),
  protocol_config_openai: z
    .looseObject({ by_azure: z.boolean().optional(), api_version: z.string().optional() })
    .optional(),
});

/**
 * A model: `provider` names a provider of the file (or one already registered); a Cozeloop entry instead carries
 * `protocol` and `protocol_config`, which becomes a provider of the model's own name.
 */
export const ModelEntry = z.looseObject({
  name: z.string(),
  provider: z.string().optional(),
  model: z.string().optional(),
  protocol: z.string().optional(),
  protocol_config: ProtocolConfig.optional(),
  param_config: ParamConfig.optional(),
  param_schemas: z.array(ParamSchemaEntry).optional(),
  default_params: z.record(z.string(), z.unknown()).optional(),
  context_window: z.number().int().optional(),
  ability: z.looseObject({ max_context_tokens: Numeric.optional() }).optional(),
  pricing: Pricing.optional(),
});
export type ModelEntry = z.infer<typeof ModelEntry>;

/** The optional model config file (SPANLOOP_MODEL_CONFIG), seeded into the default workspace at start. */
export const ModelConfigFile = z.looseObject({
  providers: z.array(ProviderEntry).default([]),
  models: z.array(ModelEntry).default([]),
});
export type ModelConfigFile = z.infer<typeof ModelConfigFile>;
