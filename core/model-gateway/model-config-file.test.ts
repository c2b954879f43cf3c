import { describe, expect, it } from 'vitest';
import { loadModelConfig } from './model-config-file';

const env =
  (vars: Record<string, string>) =>
  (name: string): string | undefined =>
    vars[name];

const load = (text: string, vars: Record<string, string> = {}) => {
  const r = loadModelConfig(text, env(vars));
  if (!r.ok) throw r.error;
  return r.value;
};
const problem = (text: string, vars: Record<string, string> = {}) => {
  const r = loadModelConfig(text, env(vars));
  return r.ok ? undefined : r.error;
};

// The shape of Cozeloop's release/deployment/docker-compose/conf/model_config.yaml.
const COZELOOP = `
models:
  - id: 1
    name: "doubao"
    frame: "eino"
    protocol: "ark"
    protocol_config:
      api_key: "\${ARK_API_KEY}"
      model: "ep-20250101-abcde"
    scenario_configs:
      eval_target: { scenario: "eval_target", unavailable: false }
    param_config:
      param_schemas:
        - name: "temperature"
          label: "temperature"
          desc: "Increasing temperature makes output more diverse."
          type: "float"
          min: "0"
          max: "1.0"
          default_val: "0.7"
        - name: "max_tokens"
          label: "max_tokens"
          type: "int"
          min: "1"
          max: "4096"
          default_val: "2048"
        - name: "thinking"
          type: "boolean"
          default_val: "false"
  - id: 2
    name: "claude"
    protocol: "claude"
    protocol_config:
      api_key: "\${ANTHROPIC_API_KEY}"
      model: "claude-sonnet-4-6"
      timeout_ms: 30000
  - id: 3
    name: "azure-gpt4o"
    protocol: "openai"
    protocol_config:
      base_url: "https://acme.openai.azure.com"
      api_key: "\${AZURE_KEY}"
      model: "gpt4o-deployment"
      protocol_config_openai: { by_azure: true, api_version: "2024-10-21" }
  - id: 4
    name: "local-llama"
    protocol: "ollama"
    protocol_config:
      base_url: "http://127.0.0.1:11434"
      model: "llama3.2"
`;

describe('model config file', () => {
  it('maps Cozeloop’s model_config.yaml: each model with its own provider, protocols to wire kinds', () => {
    const seed = load(COZELOOP, {
      ARK_API_KEY: 'ark-key',
      ANTHROPIC_API_KEY: 'ant-key',
      AZURE_KEY: 'az-key',
    });
    expect(seed.providers).toEqual([
      {
        name: 'doubao',
        kind: 'openai',
        vendor: 'volcengine.ark',
        baseUrl: 'https://ark.cn-beijing.volces.com/api/v3',
        apiKey: 'ark-key',
        timeoutMs: 60_000,
        maxRetries: 2,
      },
      { name: 'claude', kind: 'anthropic', apiKey: 'ant-key', timeoutMs: 30_000, maxRetries: 2 },
      {
        name: 'azure-gpt4o',
        kind: 'openai',
        baseUrl: 'https://acme.openai.azure.com',
        apiVersion: '2024-10-21',
        apiKey: 'az-key',
        timeoutMs: 60_000,
        maxRetries: 2,
      },
      {
        name: 'local-llama',
        kind: 'openai',
        vendor: 'ollama',
        baseUrl: 'http://127.0.0.1:11434/v1',
        timeoutMs: 60_000,
        maxRetries: 2,
      },
    ]);
    expect(seed.models.map((m) => [m.name, m.provider, m.model])).toEqual([
      ['doubao', 'doubao', 'ep-20250101-abcde'],
      ['claude', 'claude', 'claude-sonnet-4-6'],
      ['azure-gpt4o', 'azure-gpt4o', 'gpt4o-deployment'],
      ['local-llama', 'local-llama', 'llama3.2'],
    ]);
    expect(seed.models[0]?.paramSchema).toEqual([
      {
        name: 'temperature',
        label: 'temperature',
        description: 'Increasing temperature makes output more diverse.',
        type: 'float',
        min: 0,
        max: 1,
        default: 0.7,
      },
      { name: 'max_tokens', label: 'max_tokens', type: 'int', min: 1, max: 4096, default: 2048 },
      { name: 'thinking', type: 'bool', default: false },
    ]);
  });

  it('reads Spanloop’s own form: shared providers, models naming them, pricing and defaults', () => {
    const seed = load(
      `
providers:
  - name: openai
    kind: openai
    api_key: \${OPENAI_API_KEY}
    rate_limit_rpm: 500
    headers: { OpenAI-Organization: org-1 }
  - name: deepseek
    protocol: deepseek
    api_key: \${DEEPSEEK_API_KEY:-}
models:
  - name: gpt-4o-mini
    provider: openai
    model: gpt-4o-mini
    context_window: 128000
    default_params: { temperature: 0.2 }
    pricing: { input_price: 1.5e-7, output_price: 6.0e-7 }
  - name: deepseek-chat
    provider: deepseek
    model: deepseek-chat
`,
      { OPENAI_API_KEY: 'sk-env' },
    );
    expect(seed.providers).toEqual([
      {
        name: 'openai',
        kind: 'openai',
        apiKey: 'sk-env',
        headers: { 'OpenAI-Organization': 'org-1' },
        rateLimitRpm: 500,
        timeoutMs: 60_000,
        maxRetries: 2,
      },
      {
        name: 'deepseek',
        kind: 'openai',
        vendor: 'deepseek',
        baseUrl: 'https://api.deepseek.com',
        timeoutMs: 60_000,
        maxRetries: 2,
      },
    ]);
    expect(seed.models[0]).toEqual({
      name: 'gpt-4o-mini',
      provider: 'openai',
      model: 'gpt-4o-mini',
      paramSchema: [],
      defaultParams: { temperature: 0.2 },
      contextWindow: 128000,
      pricing: { inputPrice: 1.5e-7, outputPrice: 6e-7 },
    });
  });

  it('refuses what it cannot use, naming the place', () => {
    expect(
      problem('models: [{ name: x, protocol: openai, protocol_config: { api_key: "${NOPE}", model: m } }]')
        ?.message,
    ).toMatch(/models\[0\]\.protocol_config\.api_key references \$\{NOPE\}, which is not set/);
    expect(
      problem('models: [{ name: x, protocol: gopher, protocol_config: { model: m } }]')?.message,
    ).toMatch(/unknown protocol "gopher"/);
    expect(problem('models: [{ name: x, provider: p }]')?.message).toMatch(/models\[0\]: set model/);
    expect(
      problem(
        'models: [{ name: x, protocol: openai, protocol_config: { model: m }, param_config: { param_schemas: [{ name: t, type: float, min: "2", max: "1" }] } }]',
      )?.message,
    ).toMatch(/min 2 is above max 1/);
    expect(problem('providers: [{ name: a, kind: openai }, { name: a, kind: anthropic }]')?.message).toMatch(
      /"a" is used twice/,
    );
    expect(problem('providers: [{ name: a, kind: cohere }]')?.message).toMatch(/providers\[0\]\.kind/);
    expect(problem('models: [ {')?.message).toMatch(/^model config: /);
    expect(problem('')).toBeUndefined();
  });
});
