import { z } from 'zod';
import { Content } from '../../schemas/content';
import { EvaluationRunView } from '../../schemas/plugin-view';
import { Correction, StoredOutput } from './rows';
import { InputBody, SpecView } from './spec-schema';

// The REST API's answers (camelCase), as the OpenAPI document describes them.

const IsoTime = z.iso.datetime();
const IdString = z.string().describe('an int64 id, as a string');
const nextCursor = z.string().nullable().describe('pass back as `cursor` for the next page');

export const EvaluatorVersionView = z.object({
  id: IdString,
  evaluatorId: IdString,
  version: z.string(),
  description: z.string(),
  spec: SpecView,
  createdBy: z.string(),
  createdAt: IsoTime,
});
export type EvaluatorVersionView = z.output<typeof EvaluatorVersionView>;

export const EvaluatorView = z.object({
  id: IdString,
  name: z.string(),
  description: z.string(),
  type: z.enum(['prompt', 'code', 'http', 'builtin', 'plugin']),
  draft: SpecView,
  draftChanged: z.boolean().describe('the draft differs from the latest version (or there is none)'),
  latestVersion: EvaluatorVersionView.optional(),
  builtin: z.boolean(),
  createdBy: z.string(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type EvaluatorView = z.output<typeof EvaluatorView>;

export const EvaluatorRecordView = z.object({
  id: IdString,
  evaluatorId: IdString.optional().describe('absent for a built-in run by name'),
  evaluatorVersionId: IdString.optional().describe('absent for a draft run (debug)'),
  evaluatorName: z.string(),
  status: z.enum(['success', 'failed', 'processing']),
  input: InputBody,
  output: StoredOutput.optional().describe('the evaluator’s own answer, kept when a human corrects it'),
  correction: Correction.optional(),
  judged: z.object({ traceId: z.string(), spanId: z.string() }).optional().describe('the span judged'),
  traceId: z.string().nullable().describe('the evaluation span’s trace; null while an async run processes'),
  spanId: z.string().nullable(),
  createdAt: IsoTime,
});
export type EvaluatorRecordView = z.output<typeof EvaluatorRecordView>;

export const EvaluatorTemplate = z.object({
  key: z.string(),
  name: z.string(),
  type: z.enum(['prompt', 'code']),
  language: z.enum(['javascript', 'python']).optional(),
  description: z.string(),
  spec: SpecView,
  inputs: z.array(z.string()),
});
export type EvaluatorTemplate = z.output<typeof EvaluatorTemplate>;

export const EvaluatorPage = z.object({ items: z.array(EvaluatorView), nextCursor });
export const EvaluatorVersionPage = z.object({ items: z.array(EvaluatorVersionView), nextCursor });
export const EvaluatorRecordPage = z.object({ items: z.array(EvaluatorRecordView), nextCursor });
export const EvaluatorTemplateList = z.object({ items: z.array(EvaluatorTemplate) });

export const EVALUATOR_COMPONENTS = {
  Evaluator: EvaluatorView,
  EvaluatorVersionView,
  EvaluatorRecord: EvaluatorRecordView,
  EvaluatorTemplate,
  EvaluatorPage,
  EvaluatorVersionPage,
  EvaluatorRecordPage,
  EvaluatorTemplateList,
  EvaluationRunView,
  // Recursive (multi_part): referenced by name wherever a cell value appears.
  EvaluatorContent: Content,
};
