// Wire shapes of the evaluators plugin (/api/v1/evaluators): the console's own copy of eval-engine/types.ts and
// the plugin's views.

export type EvaluatorType = 'prompt' | 'code' | 'http' | 'builtin' | 'plugin';
export const EVALUATOR_TYPES: readonly EvaluatorType[] = ['prompt', 'code', 'http', 'builtin', 'plugin'];

/** What a score means; the judge's answer is checked against it. */
export type OutputDefinition =
  | { kind: 'range'; min: number; max: number }
  | { kind: 'enum'; values: number[] }
  | { kind: 'boolean' }
  | { kind: 'categories'; values: string[] };

export type JudgeRole = 'system' | 'user' | 'assistant';
export const JUDGE_ROLES: readonly JudgeRole[] = ['system', 'user', 'assistant'];

export interface PromptEvaluatorSpec {
  type: 'prompt';
  messages: { role: JudgeRole; content: string }[];
  model: { modelId: string; temperature?: number; maxTokens?: number; topP?: number };
  output?: OutputDefinition;
  mode?: 'tool' | 'content';
  receiveChatHistory?: boolean;
}

export type CodeLanguage = 'javascript' | 'python';

export interface CodeEvaluatorSpec {
  type: 'code';
  language: CodeLanguage;
  code: string;
}

export interface HttpEvaluatorSpec {
  type: 'http';
  url: string;
  async?: boolean;
  timeoutMs?: number;
  retries?: number;
  headers?: Record<string, string>;
  /** Sent to set or replace the secret (16 characters at least), null to remove it; never answered. */
  secret?: string | null;
  /** Answered instead of the secret. */
  hasSecret?: boolean;
}

export interface BuiltinEvaluatorSpec {
  type: 'builtin';
  name: string;
  params?: Record<string, unknown>;
}

export interface PluginEvaluatorSpec {
  type: 'plugin';
  name: string;
}

export type EvaluatorSpec =
  PromptEvaluatorSpec | CodeEvaluatorSpec | HttpEvaluatorSpec | BuiltinEvaluatorSpec | PluginEvaluatorSpec;

/** Cozeloop's multimodal cell value; the console sends and shows text. */
export interface Content {
  content_type: 'text' | 'image' | 'audio' | 'video' | 'multi_part';
  text?: string;
  image?: { url?: string; name?: string };
  multi_part?: Content[];
}

export interface EvaluatorInput {
  inputFields: Record<string, Content>;
  datasetFields: Record<string, Content>;
  targetOutputFields: Record<string, Content>;
  historyMessages?: unknown[];
}

export interface EvaluatorUsage {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface EvaluatorOutput {
  status: 'success' | 'failed';
  score?: number;
  label?: string;
  reasoning: string;
  usage: EvaluatorUsage;
  error?: { code: string; message: string };
  stdout?: string;
  durationMs: number;
}

export interface EvaluatorVersionView {
  id: string;
  evaluatorId: string;
  version: string;
  description: string;
  spec: EvaluatorSpec;
  createdBy: string;
  createdAt: string;
}

export interface Evaluator {
  id: string;
  name: string;
  description: string;
  type: EvaluatorType;
  draft: EvaluatorSpec;
  draftChanged: boolean;
  latestVersion?: EvaluatorVersionView;
  builtin: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface EvaluatorCorrection {
  score: number;
  explain: string;
  updatedBy: string;
  updatedAt: string;
}

export interface EvaluatorRecord {
  id: string;
  /** Absent for a built-in run by name. */
  evaluatorId?: string;
  /** Absent for a draft run (debug). */
  evaluatorVersionId?: string;
  evaluatorName: string;
  status: 'success' | 'failed' | 'processing';
  input: EvaluatorInput;
  output?: EvaluatorOutput;
  correction?: EvaluatorCorrection;
  /** The span judged, when the run judged one. */
  judged?: { traceId: string; spanId: string };
  /** The evaluation span; null while an asynchronous run waits for its callback. */
  traceId: string | null;
  spanId: string | null;
  createdAt: string;
}

export interface EvaluatorTemplate {
  key: string;
  name: string;
  type: 'prompt' | 'code';
  language?: CodeLanguage;
  description: string;
  spec: EvaluatorSpec;
  inputs: string[];
}

/** A page as the API answers it: `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

/** A page as `usePages` reads it (no cursor on the last page). */
export const pageOf = <T>(p: Page<T>): { items: T[]; nextCursor?: string } =>
  p.nextCursor == null ? { items: p.items } : { items: p.items, nextCursor: p.nextCursor };
