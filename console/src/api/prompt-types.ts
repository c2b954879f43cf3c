// Wire shapes of the prompts plugin (/api/v1/prompts) and the model registry (/api/v1/model-providers, /models).

export type TemplateRole = 'system' | 'user' | 'assistant' | 'tool' | 'placeholder';
export const TEMPLATE_ROLES: readonly TemplateRole[] = ['system', 'user', 'assistant', 'tool', 'placeholder'];

export interface TemplateMessage {
  role: TemplateRole;
  content: string;
  parts?: Record<string, unknown>[];
  toolCalls?: { id: string; name: string; arguments: string }[];
  toolCallId?: string;
  name?: string;
}

export const VARIABLE_TYPES = [
  'string',
  'boolean',
  'integer',
  'float',
  'object',
  'array<string>',
  'array<boolean>',
  'array<integer>',
  'array<float>',
  'array<object>',
  'placeholder',
  'multi_part',
] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];

export interface VariableDef {
  key: string;
  desc: string;
  type: VariableType;
}

export interface ChatTool {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
}

export interface ModelParams {
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  topK?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  stop?: string[];
  jsonMode?: boolean;
}

export interface PromptTemplate {
  templateType: 'normal' | 'jinja2';
  messages: TemplateMessage[];
  variables: VariableDef[];
  tools: ChatTool[];
  toolChoice?: unknown;
  model: { modelId?: string; params?: ModelParams };
  metadata?: Record<string, string>;
}

export const emptyTemplate = (): PromptTemplate => ({
  templateType: 'normal',
  messages: [
    { role: 'system', content: '' },
    { role: 'user', content: '' },
  ],
  variables: [],
  tools: [],
  model: {},
});

export interface PromptView {
  id: string;
  key: string;
  name: string;
  description: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface PromptListItem extends PromptView {
  latestVersion: string | null;
  versionCount: number;
  /** Label name to version. */
  labels: Record<string, string>;
}

export interface VersionSummary {
  version: string;
  commitMessage: string;
  author: string;
  baseVersion: string | null;
  contentHash: string;
  createdAt: string;
  deletedAt: string | null;
  labels: string[];
}

export interface VersionView extends VersionSummary {
  template: PromptTemplate;
}

export interface LabelView {
  label: string;
  version: string;
  updatedBy: string;
  updatedAt: string;
}

export interface DraftView {
  baseVersion: string | null;
  template: PromptTemplate;
  updatedAt: string;
}

export interface VersionDiff {
  from: string;
  to: string;
  identical: boolean;
  changed: string[];
  patch: string;
}

export interface VersionMetrics {
  version: string;
  requests: number;
  errors: number;
  errorRate: number;
  latencyMs: { p50: number | null; p90: number | null; p99: number | null };
  tokens: { input: number; output: number; total: number };
  costUsd: number;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  toolCalls?: { id: string; name: string; arguments: string }[];
  toolCallId?: string;
  name?: string;
}

export interface RunResult {
  traceId: string;
  spanId: string;
  messages: ChatMessage[];
  finishReason: string;
  usage: { inputTokens: number; outputTokens: number; cacheReadTokens: number };
  cost: number;
  model: string;
  steps: number;
  latencyMs: number;
  timeToFirstTokenMs?: number;
}

export type ProviderKind = 'openai' | 'anthropic';

export interface ProviderView {
  id: string;
  name: string;
  kind: ProviderKind;
  vendor: string;
  baseUrl: string | null;
  apiVersion: string | null;
  hasApiKey: boolean;
  apiKeyHint: string | null;
  headerNames: string[];
  timeoutMs: number;
  maxRetries: number;
  rateLimitRpm: number | null;
  createdAt: string;
  updatedAt: string;
  /** In an update's answer: secrets it removed because the provider now points elsewhere. */
  secretsDropped?: ('apiKey' | 'headers')[];
}

export interface ModelView {
  id: string;
  providerId: string;
  name: string;
  model: string;
  defaultParams: ModelParams;
  contextWindow: number | null;
  pricing: { inputPrice: number; outputPrice: number } | null;
  createdAt: string;
  updatedAt: string;
}

/** A mock answer the playground feeds back when the model calls the tool of that name. */
export interface MockToolResponse {
  name: string;
  response: string;
}

export type CompareVariantResult =
  | { name: string; version: string | null; ok: true; result: RunResult }
  | { name: string; version: string | null; ok: false; error: { code: string; message: string } };

export interface CompareResult {
  traceId: string;
  results: CompareVariantResult[];
}
