import { z } from 'zod';
import { ChatMessage, ModelParams } from '../../schemas/chat';
import { PromptTemplate } from './template-schema';
import { LabelName, VersionName } from './version-name';

/** A prompt's key: unique per workspace, used in URLs and by SDKs. */
export const PromptKey = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'letters, digits, "_", "." or "-", at most 100');

export const CreatePromptBody = z.object({
  key: PromptKey,
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(4000).default(''),
  /** Starts the caller's draft. */
  template: PromptTemplate.optional(),
});

export const UpdatePromptBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(4000).optional(),
  })
  .refine((b) => b.name !== undefined || b.description !== undefined, 'give name or description');

export const ListPromptsQuery = z.object({
  search: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The last key of the previous page. */
  cursor: PromptKey.optional(),
});

export const SaveDraftBody = z.object({
  template: PromptTemplate,
  baseVersion: VersionName.nullable().optional(),
});
export const RevertDraftBody = z.object({ version: VersionName });

export const CommitBody = z.object({
  /** Chosen by the user; the next one after the last commit when absent. */
  version: VersionName.optional(),
  commitMessage: z.string().max(4000).default(''),
  /** The template to commit; the caller's draft when absent. */
  template: PromptTemplate.optional(),
});

export const VersionsQuery = z.object({
  includeDeleted: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** The seq of the last version of the previous page. */
  cursor: z.coerce.number().int().positive().optional(),
});

export const SetLabelBody = z.object({ version: VersionName });
export const LabelParam = LabelName;

export const FetchQuery = z.object({ version: VersionName.optional(), label: z.string().max(64).optional() });

/** Which content to use: a version, a label, the caller's draft, an inline template, or else the latest version. */
const Source = {
  version: VersionName.optional(),
  label: z.string().max(64).optional(),
  draft: z.boolean().optional(),
  template: PromptTemplate.optional(),
};

const Variables = z.record(z.string(), z.unknown()).default({});

export const RenderBody = z.object({ ...Source, variables: Variables });

export const MockToolResponse = z.object({
  name: z.string().min(1).max(64),
  response: z.string().max(1_000_000),
});

const RunShape = {
  variables: Variables,
  /** Conversation so far, appended after the rendered template (multi-turn). */
  messages: z.array(ChatMessage).max(1000).default([]),
  /** Answers for tool calls, by tool name: the run feeds them back and continues. */
  mockToolResponses: z.array(MockToolResponse).max(128).default([]),
  /** Model calls one run may make (tool round trips included). */
  maxSteps: z.number().int().min(1).max(10).default(5),
};

const ModelOverride = { modelId: z.string().min(1).max(200).optional(), params: ModelParams.optional() };

export const PlaygroundBody = z.object({ ...Source, ...ModelOverride, ...RunShape });
export type PlaygroundBody = z.output<typeof PlaygroundBody>;

export const CompareVariant = z.object({ name: z.string().max(100).optional(), ...Source, ...ModelOverride });
export type CompareVariant = z.output<typeof CompareVariant>;

export const CompareBody = z.object({ ...RunShape, variants: z.array(CompareVariant).min(1).max(8) });

export const MetricsQuery = z
  .object({
    /** Epoch milliseconds; the last 24 hours by default. */
    from: z.coerce.number().int().nonnegative().optional(),
    to: z.coerce.number().int().positive().optional(),
  })
  .transform((q, ctx) => {
    const to = q.to ?? Date.now();
    const from = q.from ?? to - 24 * 3600 * 1000;
    if (from >= to) ctx.addIssue({ code: 'custom', message: 'from must be before to' });
    if (to - from > 366 * 24 * 3600 * 1000)
      ctx.addIssue({ code: 'custom', message: 'at most 366 days at once' });
    return { from, to };
  });
