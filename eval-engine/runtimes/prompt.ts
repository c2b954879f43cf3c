import { trace } from '@opentelemetry/api';
import { AppError } from '../../core/app-error';
import type { ChatMessage } from '../../schemas/chat';
import type { ChatResult } from '../../plugins/sdk/index';
import { SPAN_ROLE_ATTRIBUTE, EVALUATOR_ROLE } from '../evaluation-attributes';
import { failedOutput } from '../failure';
import { contentSuffix, DEFAULT_OUTPUT, JUDGE_TOOL_NAME, judgeTool, TOOL_SUFFIX } from '../judge/judge-tool';
import { parseContentReply, parseToolArguments, type JudgeVerdict } from '../judge/parse-reply';
import { renderTemplate } from '../judge/render';
import { checkScore } from '../judge/score-check';
import { outputDefinitionProblems } from '../judge/output-definition';
import type {
  EvaluatorInput,
  EvaluatorOutput,
  EvaluatorRuntime,
  EvaluatorUsage,
  OutputDefinition,
  PromptEvaluatorSpec,
} from '../types';

export interface PromptRuntimeOptions {
  /** Wall time for one judgement, retries included (default 120 s: a model answers slower than a sandbox). */
  timeoutMs?: number;
}

/** The rendered prompt: history after the leading system messages, the mode's instruction appended last. */
function judgeMessages(
  spec: PromptEvaluatorSpec,
  input: EvaluatorInput,
  suffix: string,
  missing: Set<string>,
): ChatMessage[] {
  const rendered: ChatMessage[] = spec.messages.map((m) => ({
    role: m.role,
    content: renderTemplate(m.content, input.inputFields, missing),
  }));
  if (spec.receiveChatHistory === true && input.historyMessages !== undefined) {
    const firstOther = rendered.findIndex((m) => m.role !== 'system');
    const at = firstOther === -1 ? rendered.length : firstOther;
    rendered.splice(at, 0, ...input.historyMessages);
  }
  const last = rendered[rendered.length - 1];
  if (last?.role === 'user')
    rendered[rendered.length - 1] = { ...last, content: `${last.content}\n\n${suffix}` };
  else rendered.push({ role: 'user', content: suffix });
  return rendered;
}

/** Scores that are words: category names, or true/false. */
const scoreWords = (output: OutputDefinition): string[] =>
  output.kind === 'categories' ? output.values : output.kind === 'boolean' ? ['true', 'false'] : [];

function verdictOf(result: ChatResult, mode: 'tool' | 'content', output: OutputDefinition) {
  if (mode === 'tool') {
    const call = result.message.toolCalls?.find((c) => c.name === JUDGE_TOOL_NAME);
    const fromTool = call === undefined ? undefined : parseToolArguments(call.arguments);
    if (fromTool !== undefined) return fromTool;
  }
  // No usable tool call (a model without tools, or one that answered in prose): read the text.
  return parseContentReply(result.message.content, scoreWords(output));
}

const preview = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

function noVerdict(result: ChatResult, usage: EvaluatorUsage): EvaluatorOutput {
  if (result.finishReason === 'content_filter')
    return failedOutput('bad_judge_reply', 'the judge model refused (content filter)', usage);
  const text = result.message.content.trim();
  return failedOutput(
    'bad_judge_reply',
    text === ''
      ? 'the judge answered neither a tool call nor text'
      : `the judge gave no score: "${preview(text)}"`,
    usage,
  );
}

function judged(verdict: JudgeVerdict, output: OutputDefinition, usage: EvaluatorUsage): EvaluatorOutput {
  const checked = checkScore(verdict.score, output);
  if (!checked.ok)
    return { ...failedOutput(checked.error.code, checked.error.message, usage), reasoning: verdict.reason };
  return { status: 'success', ...checked.value, reasoning: verdict.reason, usage, durationMs: 0 };
}

/**
 * The LLM judge (`prompt`): renders `{{var}}` over the input fields, calls the workspace's model with a forced
 * `eval {reason, score}` tool (or asks for JSON in content mode), reads the verdict (tool arguments, else the
 * text: JSON, repaired JSON, fragment, pattern) and checks the score against the declared output. The model
 * call is a child span of the evaluation.
 */
export function createPromptRuntime(
  options: PromptRuntimeOptions = {},
): EvaluatorRuntime<PromptEvaluatorSpec> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  return {
    type: 'prompt',
    deadlineMs: () => timeoutMs,

    validate(spec) {
      const problems: string[] = [];
      if (spec.messages.length === 0) problems.push('a judge needs at least one message');
      if (spec.model.modelId.trim() === '') problems.push('a judge needs a model');
      if (spec.output !== undefined) problems.push(...outputDefinitionProblems(spec.output));
      return Promise.resolve(problems);
    },

    async run(spec, input, ctx) {
      const output = spec.output ?? DEFAULT_OUTPUT;
      const mode = spec.mode ?? 'tool';
      const missing = new Set<string>();
      const messages = judgeMessages(
        spec,
        input,
        mode === 'tool' ? TOOL_SUFFIX : contentSuffix(output),
        missing,
      );
      if (missing.size > 0)
        trace.getSpan(ctx.traceContext)?.setAttribute('spanloop.judge.missing_inputs', [...missing]);
      const { temperature, maxTokens, topP } = spec.model;
      let result: ChatResult;
      try {
        result = await ctx.models.chat(ctx.workspaceId, {
          modelId: spec.model.modelId,
          messages,
          ...(mode === 'tool' ? { tools: [judgeTool(output)], toolChoice: { name: JUDGE_TOOL_NAME } } : {}),
          params: {
            ...(temperature === undefined ? {} : { temperature }),
            ...(maxTokens === undefined ? {} : { maxTokens }),
            ...(topP === undefined ? {} : { topP }),
          },
          spanAttributes: { [SPAN_ROLE_ATTRIBUTE]: EVALUATOR_ROLE },
          parentContext: ctx.traceContext,
          ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
        });
      } catch (e) {
        if (e instanceof AppError && e.kind === 'rate_limited') throw e;
        if (ctx.signal?.aborted === true)
          return failedOutput('timeout', 'the judge model did not answer in time');
        return failedOutput('model_error', e instanceof Error ? e.message : String(e));
      }
      const usage: EvaluatorUsage = {
        inputTokens: result.usage.inputTokens,
        outputTokens: result.usage.outputTokens,
        costUsd: result.cost,
      };
      const verdict = verdictOf(result, mode, output);
      return verdict === undefined ? noVerdict(result, usage) : judged(verdict, output, usage);
    },
  };
}
