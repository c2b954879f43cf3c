import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import {
  ModelConfigFile,
  type ModelEntry,
  type ParamSchemaEntry,
  type ProviderEntry,
} from '../../schemas/model-config';
import { CreateModelBody, CreateProviderBody, type ParamSpec } from '../../schemas/models';
import { AppError } from '../app-error';
import { err, ok, type Result } from '../result';

/** Providers and models to upsert by name; a model names its provider. */
export interface ModelSeed {
  providers: CreateProviderBody[];
  models: (Omit<CreateModelBody, 'providerId'> & { provider: string })[];
}

/** Reads an environment variable for `${NAME}` references; cli hands its environment in. */
export type EnvLookup = (name: string) => string | undefined;

interface Protocol {
  kind: 'openai' | 'anthropic';
  vendor: string;
  baseUrl?: string;
}

/** Cozeloop's protocol names, as OpenAI-compatible endpoints where the vendor has one. */
const PROTOCOLS: Record<string, Protocol> = {
  openai: { kind: 'openai', vendor: 'openai' },
  anthropic: { kind: 'anthropic', vendor: 'anthropic' },
  claude: { kind: 'anthropic', vendor: 'anthropic' },
  deepseek: { kind: 'openai', vendor: 'deepseek', baseUrl: 'https://api.deepseek.com' },
  ark: { kind: 'openai', vendor: 'volcengine.ark', baseUrl: 'https://ark.cn-beijing.volces.com/api/v3' },
  arkbot: {
    kind: 'openai',
    vendor: 'volcengine.ark',
    baseUrl: 'https://ark.cn-beijing.volces.com/api/v3/bots',
  },
  ollama: { kind: 'openai', vendor: 'ollama', baseUrl: 'http://localhost:11434/v1' },
  vllm: { kind: 'openai', vendor: 'vllm' },
  qwen: {
    kind: 'openai',
    vendor: 'alibaba.qwen',
    baseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
  },
  qianfan: { kind: 'openai', vendor: 'baidu.qianfan', baseUrl: 'https://qianfan.baidubce.com/v2' },
  gemini: {
    kind: 'openai',
    vendor: 'gcp.gemini',
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
  },
};

class ConfigProblem extends Error {}

/** `${NAME}` and `${NAME:-fallback}` in every string; an unset name without fallback is an error naming it. */
function substitute(value: unknown, env: EnvLookup, path: string): unknown {
  if (typeof value === 'string')
    return value.replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g,
      (_, name: string, fallback?: string) => {
        const found = env(name);
        if (found !== undefined && found !== '') return found;
        if (fallback !== undefined) return fallback;
        throw new ConfigProblem(`${path} references \${${name}}, which is not set`);
      },
    );
  if (Array.isArray(value)) return value.map((v, i) => substitute(v, env, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, env, `${path}.${k}`)]));
  return value;
}

const protocolOf = (name: string, where: string): Protocol => {
  const p = PROTOCOLS[name.toLowerCase()];
  if (p === undefined)
    throw new ConfigProblem(
      `${where}: unknown protocol "${name}" (one of ${Object.keys(PROTOCOLS).join(', ')})`,
    );
  return p;
};

const parsed = <S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> => {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => `${[where, ...i.path.map(String)].join('.')}: ${i.message}`);
  throw new ConfigProblem(issues.join('; '));
};

const scalarOf = (type: ParamSpec['type'], value: unknown): unknown => {
  if (type === 'bool' && typeof value === 'string') return value === 'true';
  if ((type === 'int' || type === 'float') && typeof value === 'string' && value.trim() !== '')
    return Number(value);
  return value;
};

function paramSpec(e: ParamSchemaEntry): unknown {
  const type = e.type === 'boolean' ? 'bool' : e.type;
  const value = e.default ?? e.default_val;
  return {
    name: e.name,
    type,
    ...(e.label === undefined ? {} : { label: e.label }),
    ...((e.description ?? e.desc) === undefined ? {} : { description: e.description ?? e.desc }),
    ...(e.min === undefined ? {} : { min: e.min }),
    ...(e.max === undefined ? {} : { max: e.max }),
    ...(value === undefined ? {} : { default: scalarOf(type, value) }),
  };
}

function providerBody(p: ProviderEntry, protocol: Protocol | undefined, where: string): CreateProviderBody {
  const kind = p.kind ?? protocol?.kind;
  if (kind === undefined) throw new ConfigProblem(`${where}: set kind (openai | anthropic) or protocol`);
  let baseUrl = p.base_url ?? protocol?.baseUrl;
  // Cozeloop's Ollama URLs are the native API root; its OpenAI-compatible API is under /v1.
  if (protocol?.vendor === 'ollama' && baseUrl !== undefined && !/\/v1\/?$/.test(baseUrl))
    baseUrl = `${baseUrl.replace(/\/$/, '')}/v1`;
  const body: Record<string, unknown> = { name: p.name, kind };
  const vendor =
    p.vendor ?? (protocol !== undefined && protocol.vendor !== kind ? protocol.vendor : undefined);
  if (vendor !== undefined) body.vendor = vendor;
  if (baseUrl !== undefined) body.baseUrl = baseUrl;
  if (p.api_version !== undefined) body.apiVersion = p.api_version;
  if (p.api_key !== undefined && p.api_key !== '') body.apiKey = p.api_key;
  if (p.headers !== undefined) body.headers = p.headers;
  if (p.timeout_ms !== undefined) body.timeoutMs = p.timeout_ms;
  if (p.max_retries !== undefined) body.maxRetries = p.max_retries;
  if (p.rate_limit_rpm !== undefined) body.rateLimitRpm = p.rate_limit_rpm;
  return parsed(CreateProviderBody, body, where);
}

/** A Cozeloop model's inline connection as a provider named after the model. */
function inlineProvider(m: ModelEntry, where: string): CreateProviderBody {
  const c = m.protocol_config ?? {};
  const protocol = protocolOf(m.protocol ?? 'openai', where);
  const azure = c.protocol_config_openai?.by_azure === true;
  const apiVersion = c.api_version ?? (azure ? c.protocol_config_openai?.api_version : undefined);
  return providerBody(
    { ...c, name: m.name, ...(apiVersion === undefined ? {} : { api_version: apiVersion }) },
    protocol,
    `${where}.protocol_config`,
  );
}

function modelBody(m: ModelEntry, where: string): ModelSeed['models'][number] {
  const specs = m.param_schemas ?? m.param_config?.param_schemas ?? [];
  const model = m.model ?? m.protocol_config?.model;
  if (model === undefined) throw new ConfigProblem(`${where}: set model (or protocol_config.model)`);
  const contextWindow = m.context_window ?? m.ability?.max_context_tokens;
  const body = parsed(
    CreateModelBody.omit({ providerId: true }),
    {
      name: m.name,
      model,
      paramSchema: specs.map(paramSpec),
      defaultParams: m.default_params ?? {},
      ...(contextWindow === undefined ? {} : { contextWindow }),
      ...(m.pricing === undefined
        ? {}
        : {
            pricing: {
              inputPrice: m.pricing.input_price,
              outputPrice: m.pricing.output_price,
              ...(m.pricing.cache_read_price === undefined
                ? {}
                : { cacheReadPrice: m.pricing.cache_read_price }),
              ...(m.pricing.cache_write_price === undefined
                ? {}
                : { cacheWritePrice: m.pricing.cache_write_price }),
            },
          }),
    },
    where,
  );
  return { ...body, provider: m.provider ?? m.name };
}

/**
 * Reads a model config file: Spanloop's `providers` + `models`, or Cozeloop's `model_config.yaml` whose models
 * carry `protocol` and `protocol_config`. `${NAME}` references are resolved through `env`.
 *
 * @example
 * loadModelConfig('providers: [{name: openai, kind: openai, api_key: "${OPENAI_API_KEY}"}]\nmodels: [{name: gpt-4o-mini, provider: openai, model: gpt-4o-mini}]', (n) => env[n]);
 */
export function loadModelConfig(text: string, env: EnvLookup): Result<ModelSeed> {
  try {
    const raw = parseYaml(text) as unknown;
    const file = parsed(ModelConfigFile, substitute(raw ?? {}, env, 'model config'), 'model config');
    const providers = file.providers.map((p, i) =>
      providerBody(
        p,
        p.protocol === undefined ? undefined : protocolOf(p.protocol, `providers[${i}]`),
        `providers[${i}]`,
      ),
    );
    const models: ModelSeed['models'] = [];
    for (const [i, m] of file.models.entries()) {
      const where = `models[${i}]`;
      if (m.provider === undefined) providers.push(inlineProvider(m, where));
      models.push(modelBody(m, where));
    }
    const repeated = (names: string[]) => names.find((n, i) => names.indexOf(n) !== i);
    const twice = repeated(providers.map((p) => p.name)) ?? repeated(models.map((m) => m.name));
    if (twice !== undefined) throw new ConfigProblem(`the name "${twice}" is used twice`);
    return ok({ providers, models });
  } catch (e) {
    if (e instanceof ConfigProblem || (e instanceof Error && e.name === 'YAMLParseError'))
      return err(new AppError('invalid_argument', `model config: ${e.message}`));
    throw e;
  }
}
