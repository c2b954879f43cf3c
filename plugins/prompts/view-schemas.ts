import { z } from 'zod';
import { ChatMessage, ChatTool, ChatUsage, ToolChoice } from '../../schemas/chat';
import { ModelConfig, PromptTemplate, ValuePart } from './template-schema';

// The plugin's answers as zod: views.ts builds them, the OpenAPI document describes them (openapi.ts).

const IsoTime = z.iso.datetime();
const Usd = z.number().describe('USD');

export const PromptView = z.object({
  id: z.string().describe('int64 as text'),
  key: z.string(),
  name: z.string(),
  description: z.string(),
  createdBy: z.string().describe('user:<id>, key:<id> or anonymous'),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type PromptView = z.output<typeof PromptView>;

export const PromptListItemView = PromptView.extend({
  latestVersion: z.string().nullable().describe('null before the first commit'),
  versionCount: z.number().int().nonnegative(),
  labels: z.record(z.string(), z.string()).describe('label → version'),
});
export type PromptListItemView = z.output<typeof PromptListItemView>;

export const PromptVersionSummaryView = z.object({
  version: z.string(),
  commitMessage: z.string(),
  author: z.string(),
  baseVersion: z.string().nullable(),
  contentHash: z.string().describe('sha256 of the canonical template JSON'),
  createdAt: IsoTime,
  deletedAt: IsoTime.nullable(),
  labels: z.array(z.string()),
});
export type PromptVersionSummaryView = z.output<typeof PromptVersionSummaryView>;

export const PromptVersionView = PromptVersionSummaryView.extend({ template: PromptTemplate });
export type PromptVersionView = z.output<typeof PromptVersionView>;

export const PromptLabelView = z.object({
  label: z.string(),
  version: z.string(),
  updatedBy: z.string(),
  updatedAt: IsoTime,
});
export type PromptLabelView = z.output<typeof PromptLabelView>;

export const PromptDraftView = z.object({
  baseVersion: z.string().nullable().describe('the version the draft started from'),
  template: PromptTemplate,
  updatedAt: IsoTime,
});
export type PromptDraftView = z.output<typeof PromptDraftView>;

export const PromptList = z.object({
  prompts: z.array(PromptListItemView),
  nextCursor: z.string().nullable().describe('pass back as `cursor` for the next page'),
});
export const PromptCreated = z.object({ prompt: PromptView, draft: PromptDraftView.nullable() });
export const PromptAnswer = z.object({ prompt: PromptView });
export const PromptDraftAnswer = z.object({ draft: PromptDraftView });
export const PromptVersionAnswer = z.object({ version: PromptVersionView });
export const PromptVersionList = z.object({
  versions: z.array(PromptVersionSummaryView),
  nextCursor: z.string().nullable().describe('pass back as `cursor` for the next page'),
});
export const PromptLabelAnswer = z.object({ label: PromptLabelView });
export const PromptLabelList = z.object({ labels: z.array(PromptLabelView) });
export const PromptFetched = z.object({ prompt: PromptView, version: PromptVersionView });

export const PromptVersionDiff = z.object({
  from: z.string(),
  to: z.string(),
  identical: z.boolean(),
  changed: z.array(z.string()).describe('top-level template fields that differ'),
  patch: z.string().describe('unified diff of the readable text forms'),
});

export const RenderedMessage = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string(),
  parts: z.array(ValuePart).optional(),
  toolCalls: ChatMessage.shape.toolCalls,
  toolCallId: z.string().optional(),
  name: z.string().optional(),
});

export const PromptRendered = z.object({
  key: z.string(),
  version: z.string().nullable().describe('null for a draft or an inline template'),
  messages: z.array(RenderedMessage),
  tools: z.array(ChatTool),
  toolChoice: ToolChoice.optional(),
  model: ModelConfig,
});

export const PromptRunResult = z.object({
  traceId: z.string().describe('the run’s trace: GET /api/v1/traces/{traceId}'),
  spanId: z.string().describe('its root span, `prompt_run <key>`'),
  messages: z.array(ChatMessage).describe('what the run added: assistant messages and mocked tool answers'),
  finishReason: z.string(),
  usage: ChatUsage,
  cost: Usd,
  model: z.string(),
  steps: z.number().int().positive(),
  latencyMs: z.number().nonnegative(),
  timeToFirstTokenMs: z.number().nonnegative().optional(),
});

const RunError = z.object({ code: z.string(), message: z.string() });
export const PromptCompareResult = z.object({
  traceId: z.string().describe('one trace holding every variant’s run'),
  results: z.array(
    z.discriminatedUnion('ok', [
      z.object({
        name: z.string(),
        version: z.string().nullable(),
        ok: z.literal(true),
        result: PromptRunResult,
      }),
      z.object({ name: z.string(), version: z.string().nullable(), ok: z.literal(false), error: RunError }),
    ]),
  ),
});

const Percentile = z.number().nullable().describe('milliseconds; null without requests');
export const PromptVersionMetrics = z.object({
  version: z.string().describe("'' for spans that carried the key only (drafts, inline templates)"),
  requests: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  errorRate: z.number().min(0).max(1),
  latencyMs: z.object({ p50: Percentile, p90: Percentile, p99: Percentile }),
  tokens: z.object({
    input: z.number().int().nonnegative(),
    output: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
  }),
  costUsd: Usd,
});
export const PromptMetrics = z.object({
  key: z.string(),
  from: z.number().int().describe('epoch milliseconds'),
  to: z.number().int().describe('epoch milliseconds'),
  versions: z.array(PromptVersionMetrics),
});

/** Response bodies by component name, as the OpenAPI document lists them. */
export const PROMPT_COMPONENTS = {
  PromptView,
  PromptListItemView,
  PromptList,
  PromptCreated,
  PromptAnswer,
  PromptTemplate,
  PromptDraftView,
  PromptDraftAnswer,
  PromptVersionSummaryView,
  PromptVersionView,
  PromptVersionAnswer,
  PromptVersionList,
  PromptVersionDiff,
  PromptLabelView,
  PromptLabelAnswer,
  PromptLabelList,
  PromptFetched,
  PromptRendered,
  PromptRunResult,
  PromptCompareResult,
  PromptVersionMetrics,
  PromptMetrics,
} as const satisfies Record<string, z.ZodType>;
