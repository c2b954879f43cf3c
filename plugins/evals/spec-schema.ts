import { z } from 'zod';
import type { EvaluatorInput, EvaluatorSpec } from '../../eval-engine/types';
import { ChatMessage } from '../../schemas/chat';
import { Content } from '../../schemas/content';
import { EvaluatorName } from '../../schemas/plugin-view';

// The evaluator contract (eval-engine/types.ts) as wire schemas: what the REST API accepts and stores.

const OutputDefinition = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('range'), min: z.number().finite(), max: z.number().finite() })
    .refine((r) => r.min < r.max, 'min must be below max'),
  z.object({ kind: z.literal('enum'), values: z.array(z.number().finite()).min(1).max(64) }),
  z.object({ kind: z.literal('boolean') }),
  z.object({ kind: z.literal('categories'), values: z.array(z.string().min(1).max(256)).min(1).max(64) }),
]);

const PromptSpec = z.object({
  type: z.literal('prompt'),
  messages: z
    .array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string().max(200_000) }))
    .min(1)
    .max(64),
  model: z.object({
    modelId: z.string().max(256).describe('a model of the workspace; empty in a judge template'),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().max(1_000_000).optional(),
    topP: z.number().min(0).max(1).optional(),
  }),
  output: OutputDefinition.optional(),
  mode: z.enum(['tool', 'content']).optional(),
  receiveChatHistory: z.boolean().optional(),
});

const CodeSpec = z.object({
  type: z.literal('code'),
  language: z.enum(['javascript', 'python']),
  code: z.string().min(1).max(200_000),
});

const HeaderName = z.string().regex(/^[A-Za-z0-9-]{1,128}$/, 'a header name');

/** `secret`: absent keeps the stored one, null removes it; never returned (`hasSecret` instead). */
const HttpSpec = z.object({
  type: z.literal('http'),
  url: z.string().url().max(4096),
  async: z.boolean().optional(),
  timeoutMs: z.number().int().min(100).max(600_000).optional(),
  retries: z.number().int().min(0).max(10).optional(),
  headers: z.record(HeaderName, z.string().max(4096)).optional(),
  secret: z.string().min(16).max(512).nullable().optional(),
});

const BuiltinSpec = z.object({
  type: z.literal('builtin'),
  name: z.string().regex(/^[a-z0-9_.-]{1,64}$/, 'a built-in evaluator name'),
  params: z.record(z.string(), z.unknown()).optional(),
});

const PluginSpec = z.object({ type: z.literal('plugin'), name: EvaluatorName });

/** A spec as a request carries it (an http `secret` is write-only). */
export const SpecBody = z.discriminatedUnion('type', [
  PromptSpec,
  CodeSpec,
  HttpSpec,
  BuiltinSpec,
  PluginSpec,
]);
export type SpecBody = z.output<typeof SpecBody>;

/** A spec as stored and shown: an http spec without its secret, `hasSecret` saying whether one is sealed. */
export const SpecView = z.discriminatedUnion('type', [
  PromptSpec,
  CodeSpec,
  HttpSpec.omit({ secret: true }).extend({ hasSecret: z.boolean() }),
  BuiltinSpec,
  PluginSpec,
]);
export type SpecView = z.output<typeof SpecView>;

/** A spec as stored: without its secret (the sealed secret sits in its own column). */
export const StoredSpec = z.discriminatedUnion('type', [
  PromptSpec,
  CodeSpec,
  HttpSpec.omit({ secret: true }),
  BuiltinSpec,
  PluginSpec,
]);
export type StoredSpec = z.output<typeof StoredSpec>;

/** The engine's spec: the stored one with its secret opened. */
export const engineSpec = (spec: StoredSpec, secret: string | undefined): EvaluatorSpec =>
  (spec.type === 'http' && secret !== undefined ? { ...spec, secret } : spec) as EvaluatorSpec;

/** Splits a request's spec into what is stored as JSON and what happens to the secret. */
export function splitSecret(spec: SpecBody): { stored: StoredSpec; secret: string | null | undefined } {
  if (spec.type !== 'http') return { stored: spec, secret: undefined };
  const { secret, ...rest } = spec;
  return { stored: rest, secret };
}

export const specView = (spec: StoredSpec, hasSecret: boolean): SpecView =>
  spec.type === 'http' ? { ...spec, hasSecret } : spec;

const Fields = z.record(z.string().min(1).max(256), Content);

/** One evaluation's input on the REST API (the judged span is named apart, by `traceId` and `spanId`). */
export const InputBody = z.object({
  inputFields: Fields.default({}),
  datasetFields: Fields.default({}),
  targetOutputFields: Fields.default({}),
  historyMessages: z.array(ChatMessage).max(1000).optional(),
});
export type InputBody = z.output<typeof InputBody>;

export const toEvaluatorInput = (input: InputBody): EvaluatorInput => ({
  inputFields: input.inputFields,
  datasetFields: input.datasetFields,
  targetOutputFields: input.targetOutputFields,
  ...(input.historyMessages === undefined ? {} : { historyMessages: input.historyMessages }),
});
