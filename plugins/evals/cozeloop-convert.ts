import type { z } from 'zod';
import { AppError } from '../../core/app-error';
import type { ChatMessage } from '../../schemas/chat';
import type { Content } from '../../schemas/content';
import type {
  CozeloopEvaluator,
  CozeloopEvaluatorOutputData,
  CozeloopEvaluatorRecord,
  CozeloopEvaluatorVersion,
  LoopEvaluatorContent,
  LoopInputData,
  ReportEvaluatorInvokeResultRequest,
} from './cozeloop-schemas';
import type { Evaluator, EvaluatorRecord, EvaluatorVersion, StoredOutput } from './rows';
import type { InputBody, SpecBody, StoredSpec } from './spec-schema';

// Between Cozeloop's evaluator DTOs (snake_case, string int64s) and Spanloop's specs, records and inputs.

const ms = (d: Date) => String(d.getTime());
const user = (actor: string) => ({ user_id: actor });
const textOf = (c: Content | undefined) => c?.text ?? '';

/** `EvaluatorContent` + `evaluator_type` → a spec (`invalid_argument` when the content does not match). */
export function specIn(type: string, content: LoopEvaluatorContent): SpecBody {
  const bad = (why: string) => new AppError('invalid_argument', `evaluator_content: ${why}`);
  if (type === 'prompt') {
    const p = content.prompt_evaluator;
    if (p === undefined) throw bad('a prompt evaluator needs prompt_evaluator');
    const m = p.model_config;
    return {
      type: 'prompt',
      messages: (p.messages ?? []).map((msg) => {
        if (msg.role === 'tool') throw bad('judge messages are system, user or assistant');
        return { role: msg.role, content: textOf(msg.content) };
      }),
      model: {
        modelId: m?.model_id === undefined ? '' : String(m.model_id),
        ...(m?.temperature === undefined ? {} : { temperature: m.temperature }),
        ...(m?.max_tokens === undefined ? {} : { maxTokens: m.max_tokens }),
        ...(m?.top_p === undefined ? {} : { topP: m.top_p }),
      },
      ...(content.is_receive_chat_history === undefined
        ? {}
        : { receiveChatHistory: content.is_receive_chat_history }),
    };
  }
  if (type === 'code') {
    const c = content.code_evaluator;
    if (c?.code_content === undefined) throw bad('a code evaluator needs code_evaluator.code_content');
    return { type: 'code', language: c.language_type ?? 'python', code: c.code_content };
  }
  if (type === 'custom_rpc') {
    const r = content.custom_rpc_evaluator;
    const url = r?.invoke_http_info?.path;
    if (url === undefined)
      throw bad('an HTTP evaluator needs custom_rpc_evaluator.invoke_http_info.path (its URL)');
    const timeout = r?.timeout === undefined ? undefined : Number(r.timeout);
    const secret = r?.ext?.secret;
    return {
      type: 'http',
      url,
      ...(r?.is_async === undefined ? {} : { async: r.is_async }),
      ...(timeout === undefined || !Number.isFinite(timeout) ? {} : { timeoutMs: timeout }),
      ...(secret === undefined ? {} : { secret }),
    };
  }
  throw bad(
    `evaluator_type ${type} cannot be created through the Cozeloop API; use prompt, code or custom_rpc`,
  );
}

export const loopType = (type: StoredSpec['type']): string => (type === 'http' ? 'custom_rpc' : type);

export function contentOut(spec: StoredSpec): z.input<typeof CozeloopEvaluatorVersion>['evaluator_content'] {
  switch (spec.type) {
    case 'prompt':
      return {
        ...(spec.receiveChatHistory === undefined
          ? {}
          : { is_receive_chat_history: spec.receiveChatHistory }),
        prompt_evaluator: {
          messages: spec.messages.map((m) => ({
            role: m.role,
            content: { content_type: 'text' as const, text: m.content },
          })),
          model_config: {
            model_id: spec.model.modelId,
            ...(spec.model.temperature === undefined ? {} : { temperature: spec.model.temperature }),
            ...(spec.model.maxTokens === undefined ? {} : { max_tokens: spec.model.maxTokens }),
            ...(spec.model.topP === undefined ? {} : { top_p: spec.model.topP }),
          },
        },
      };
    case 'code':
      return { code_evaluator: { language_type: spec.language, code_content: spec.code } };
    case 'http':
      return {
        custom_rpc_evaluator: {
          access_protocol: 'faas_http',
          invoke_http_info: { method: 'post', path: spec.url },
          ...(spec.timeoutMs === undefined ? {} : { timeout: String(spec.timeoutMs) }),
          ...(spec.async === undefined ? {} : { is_async: spec.async }),
        },
      };
    case 'builtin':
      return {
        builtin_evaluator: { name: spec.name, ...(spec.params === undefined ? {} : { params: spec.params }) },
      };
    case 'plugin':
      return { plugin_evaluator: { name: spec.name } };
  }
}

export const versionOut = (v: EvaluatorVersion): z.input<typeof CozeloopEvaluatorVersion> => ({
  id: v.id,
  version: v.version,
  description: v.description,
  evaluator_content: contentOut(v.spec),
  base_info: { created_by: user(v.createdBy), created_at: ms(v.createdAt) },
});

/** An evaluator; `current` is the version asked for, else the draft (as a version without id). */
export function evaluatorOut(
  e: Evaluator,
  latest: EvaluatorVersion | undefined,
  current?: EvaluatorVersion,
): z.input<typeof CozeloopEvaluator> {
  return {
    id: e.id,
    workspace_id: e.workspaceId,
    name: e.name,
    description: e.description,
    evaluator_type: loopType(e.type),
    is_draft_submitted: !e.draftChanged,
    latest_version: latest?.version ?? '',
    current_version:
      current === undefined
        ? {
            version: latest?.version ?? '',
            description: '',
            evaluator_content: contentOut(e.draft),
            base_info: { updated_at: ms(e.updatedAt) },
          }
        : versionOut(current),
    base_info: {
      created_by: user(e.createdBy),
      created_at: ms(e.createdAt),
      updated_at: ms(e.updatedAt),
    },
  };
}

/** Our error codes as Cozeloop's `evaluator_run_error.code` (an i32); the message keeps the name. */
const RUN_ERROR_CODES: Record<string, number> = {
  timeout: 601,
  out_of_memory: 602,
  sandbox_violation: 603,
  bad_judge_reply: 604,
  score_out_of_range: 605,
  model_error: 606,
  http_error: 607,
  not_run: 608,
  runtime_error: 609,
  syntax_error: 610,
  bad_output: 611,
  invalid_input: 612,
  sandbox_unavailable: 613,
};

export function outputOut(
  output: StoredOutput,
  correction: EvaluatorRecord['correction'],
): z.input<typeof CozeloopEvaluatorOutputData> {
  return {
    evaluator_result: {
      ...(output.score === undefined ? {} : { score: output.score }),
      reasoning: output.reasoning,
      ...(correction === null
        ? {}
        : {
            correction: {
              score: correction.score,
              explain: correction.explain,
              updated_by: correction.updatedBy,
            },
          }),
    },
    evaluator_usage: {
      input_tokens: String(output.usage.inputTokens),
      output_tokens: String(output.usage.outputTokens),
    },
    ...(output.error === undefined
      ? {}
      : {
          evaluator_run_error: {
            code: RUN_ERROR_CODES[output.error.code] ?? 600,
            message: `${output.error.code}: ${output.error.message}`,
          },
        }),
    time_consuming_ms: String(Math.round(output.durationMs)),
    ...(output.stdout === undefined ? {} : { stdout: output.stdout }),
  };
}

export const recordOut = (r: EvaluatorRecord): z.input<typeof CozeloopEvaluatorRecord> => ({
  id: r.id,
  ...(r.evaluatorVersionId === null ? {} : { evaluator_version_id: r.evaluatorVersionId }),
  status: r.status,
  ...(r.output === null ? {} : { evaluator_output_data: outputOut(r.output, r.correction) }),
  ...(r.traceId === null ? {} : { trace_id: r.traceId }),
  base_info: {
    created_by: user(r.createdBy),
    created_at: ms(r.createdAt),
    updated_at: ms(r.updatedAt),
  },
});

const historyIn = (messages: LoopInputData['history_messages']): ChatMessage[] | undefined =>
  messages?.map((m) => ({ role: m.role, content: textOf(m.content) }));

export function inputIn(data: LoopInputData): InputBody {
  const history = historyIn(data.history_messages);
  return {
    inputFields: data.input_fields ?? {},
    datasetFields: data.evaluate_dataset_fields ?? {},
    targetOutputFields: data.evaluate_target_output_fields ?? {},
    ...(history === undefined ? {} : { historyMessages: history }),
  };
}

/** An async evaluator service's report as the record's output. */
export function reportedOutput(
  report: z.output<typeof ReportEvaluatorInvokeResultRequest>,
  startedAt: Date,
  now: Date,
): StoredOutput {
  const out = report.output;
  const failed = report.status === 'failed';
  const score = out?.evaluator_result?.score;
  return {
    status: failed ? 'failed' : 'success',
    ...(score === undefined || failed ? {} : { score }),
    reasoning: out?.evaluator_result?.reasoning ?? '',
    usage: {
      inputTokens: Number(out?.evaluator_usage?.input_tokens ?? 0),
      outputTokens: Number(out?.evaluator_usage?.output_tokens ?? 0),
      costUsd: 0,
    },
    ...(failed
      ? {
          error: {
            code: 'http_error',
            message: out?.evaluator_run_error?.message ?? 'the evaluator service reported a failure',
          },
        }
      : {}),
    durationMs: Math.max(0, now.getTime() - startedAt.getTime()),
  };
}
