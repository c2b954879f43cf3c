import { z } from 'zod';
import { InputBody, StoredSpec } from './spec-schema';

// Rows as the metadata store returns them, parsed once when read back; ids are rendered as strings (int64).

const Id = z.union([z.string(), z.number()]).transform(String);
const OptionalId = Id.nullable();

export const EVALUATOR_COLUMNS = `id::text AS id, workspace_id, name, description, type, draft_spec, draft_secret,
  draft_changed, builtin, created_by, created_at, updated_at`;

const EvaluatorRow = z.object({
  id: Id,
  workspace_id: z.string(),
  name: z.string(),
  description: z.string(),
  type: z.enum(['prompt', 'code', 'http', 'builtin', 'plugin']),
  draft_spec: StoredSpec,
  draft_secret: z.string().nullable(),
  draft_changed: z.boolean(),
  builtin: z.boolean(),
  created_by: z.string(),
  created_at: z.date(),
  updated_at: z.date(),
});

export interface Evaluator {
  id: string;
  workspaceId: string;
  name: string;
  description: string;
  type: StoredSpec['type'];
  draft: StoredSpec;
  /** Sealed. */
  draftSecret: string | null;
  draftChanged: boolean;
  builtin: boolean;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export function toEvaluator(row: unknown): Evaluator {
  const r = EvaluatorRow.parse(row);
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    name: r.name,
    description: r.description,
    type: r.type,
    draft: r.draft_spec,
    draftSecret: r.draft_secret,
    draftChanged: r.draft_changed,
    builtin: r.builtin,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export const VERSION_COLUMNS = `id::text AS id, evaluator_id::text AS evaluator_id, workspace_id, version,
  description, spec, secret, created_by, created_at`;

const VersionRow = z.object({
  id: Id,
  evaluator_id: Id,
  workspace_id: z.string(),
  version: z.string(),
  description: z.string(),
  spec: StoredSpec,
  secret: z.string().nullable(),
  created_by: z.string(),
  created_at: z.date(),
});

export interface EvaluatorVersion {
  id: string;
  evaluatorId: string;
  workspaceId: string;
  version: string;
  description: string;
  spec: StoredSpec;
  /** Sealed. */
  secret: string | null;
  createdBy: string;
  createdAt: Date;
}

export function toVersion(row: unknown): EvaluatorVersion {
  const r = VersionRow.parse(row);
  return {
    id: r.id,
    evaluatorId: r.evaluator_id,
    workspaceId: r.workspace_id,
    version: r.version,
    description: r.description,
    spec: r.spec,
    secret: r.secret,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

/** What the engine answered, as stored on a record. */
export const StoredOutput = z.object({
  status: z.enum(['success', 'failed']),
  score: z.number().optional(),
  label: z.string().optional(),
  reasoning: z.string(),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number() }),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  stdout: z.string().optional(),
  durationMs: z.number(),
});
export type StoredOutput = z.output<typeof StoredOutput>;

export const Correction = z.object({
  score: z.number(),
  explain: z.string(),
  updatedBy: z.string(),
  updatedAt: z.iso.datetime(),
});
export type Correction = z.output<typeof Correction>;

export const RECORD_COLUMNS = `id::text AS id, workspace_id, evaluator_id::text AS evaluator_id,
  evaluator_version_id::text AS evaluator_version_id, evaluator_name, evaluator_type, status, input, output, correction,
  judged_trace_id, judged_span_id, trace_id, span_id, invoke_id, callback_url, created_by,
  created_at, updated_at`;

const RecordRow = z.object({
  id: Id,
  workspace_id: z.string(),
  evaluator_id: OptionalId,
  evaluator_version_id: OptionalId,
  evaluator_name: z.string(),
  evaluator_type: z.enum(['prompt', 'code', 'http', 'builtin', 'plugin']),
  status: z.enum(['success', 'failed', 'processing']),
  input: InputBody,
  output: StoredOutput.nullable(),
  correction: Correction.nullable(),
  judged_trace_id: z.string().nullable(),
  judged_span_id: z.string().nullable(),
  trace_id: z.string().nullable(),
  span_id: z.string().nullable(),
  invoke_id: z.string().nullable(),
  callback_url: z.string().nullable(),
  created_by: z.string(),
  created_at: z.date(),
  updated_at: z.date(),
});

export interface EvaluatorRecord {
  id: string;
  workspaceId: string;
  evaluatorId: string | null;
  evaluatorVersionId: string | null;
  evaluatorName: string;
  evaluatorType: StoredSpec['type'];
  status: 'success' | 'failed' | 'processing';
  input: InputBody;
  output: StoredOutput | null;
  correction: Correction | null;
  judged: { traceId: string; spanId: string } | null;
  /** The evaluation span; null while an async run is processing. */
  traceId: string | null;
  spanId: string | null;
  invokeId: string | null;
  callbackUrl: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export function toRecord(row: unknown): EvaluatorRecord {
  const r = RecordRow.parse(row);
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    evaluatorId: r.evaluator_id,
    evaluatorVersionId: r.evaluator_version_id,
    evaluatorName: r.evaluator_name,
    evaluatorType: r.evaluator_type,
    status: r.status,
    input: r.input,
    output: r.output,
    correction: r.correction,
    judged:
      r.judged_trace_id === null || r.judged_span_id === null
        ? null
        : { traceId: r.judged_trace_id, spanId: r.judged_span_id },
    traceId: r.trace_id,
    spanId: r.span_id,
    invokeId: r.invoke_id,
    callbackUrl: r.callback_url,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
