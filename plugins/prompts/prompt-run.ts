import { SpanStatusCode, context, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { AppError } from '../../core/app-error';
import type {
  ChatMessage,
  ChatTool,
  ChatToolCall,
  ChatUsage,
  ModelParams,
  ToolChoice,
} from '../../schemas/chat';
import { WORKSPACE_ATTRIBUTE, type ChatRequest, type ChatResult, type ModelGateway } from '../sdk/index';
import type { JinjaRenderer } from './jinja-sandbox';
import { renderTemplate, toChatMessages } from './render';
import type { Resolved } from './resolve';

export interface RunDeps {
  models: ModelGateway;
  tracer: Tracer;
  jinja: JinjaRenderer;
}

export interface RunInput {
  workspaceId: string;
  resolved: Resolved;
  variables: Readonly<Record<string, unknown>>;
  /** Conversation so far, after the rendered template. */
  history: readonly ChatMessage[];
  modelId?: string | undefined;
  params?: ModelParams | undefined;
  tools?: readonly ChatTool[] | undefined;
  toolChoice?: ToolChoice | undefined;
  mockToolResponses: readonly { name: string; response: string }[];
  maxSteps: number;
  /** playground | compare | execute: what started the run, on its root span. */
  kind: string;
  parentContext?: Context | undefined;
  signal?: AbortSignal | undefined;
}

export interface RunResult {
  traceId: string;
  spanId: string;
  /** What the run added: assistant messages and the mocked tool answers fed back. */
  messages: ChatMessage[];
  finishReason: string;
  usage: ChatUsage;
  cost: number;
  model: string;
  steps: number;
  latencyMs: number;
  timeToFirstTokenMs?: number | undefined;
}

/** What a streamed run reports while it runs; the generator's return value is the result. */
export type RunEvent =
  | { type: 'text'; step: number; text: string }
  | {
      type: 'tool_call';
      step: number;
      index: number;
      id?: string | undefined;
      name?: string | undefined;
      argumentsDelta: string;
    }
  | { type: 'tool_result'; step: number; toolCallId: string; name: string; content: string };

const MAX_ATTRIBUTE_CHARS = 16 * 1024;
const clip = (text: string) =>
  text.length > MAX_ATTRIBUTE_CHARS ? `${text.slice(0, MAX_ATTRIBUTE_CHARS)}…` : text;

/** The root span's attributes: the collector maps spanloop.prompt.key/version to PromptKey/PromptVersion. */
function promptAttributes(input: RunInput): Record<string, string> {
  const { resolved } = input;
  return {
    'spanloop.prompt.key': resolved.prompt.key,
    ...(resolved.version === undefined ? {} : { 'spanloop.prompt.version': resolved.version.version }),
  };
}

/** A run whose template rendered: bad input has been answered before any model call or span. */
export interface PreparedRun {
  input: RunInput;
  request: Omit<ChatRequest, 'messages' | 'parentContext'>;
  messages: ChatMessage[];
}

/** Renders the template and settles the model, tools and parameters; every input problem is a 400 here. */
export async function prepareRun(deps: RunDeps, input: RunInput): Promise<PreparedRun> {
  const { template } = input.resolved;
  const rendered = await renderTemplate(template, input.variables, deps.jinja, input.workspaceId);
  const modelId = input.modelId ?? template.model.modelId;
  if (modelId === undefined)
    throw new AppError(
      'invalid_argument',
      `prompt "${input.resolved.prompt.key}" names no model; send modelId`,
    );
  const tools = input.tools ?? rendered.tools;
  const toolChoice = input.toolChoice ?? rendered.toolChoice;
  const params = { ...template.model.params, ...input.params };
  return {
    input,
    messages: [...toChatMessages(rendered.messages), ...input.history],
    request: {
      modelId,
      ...(tools.length === 0 ? {} : { tools }),
      ...(toolChoice === undefined || tools.length === 0 ? {} : { toolChoice }),
      ...(Object.keys(params).length === 0 ? {} : { params }),
      spanAttributes: promptAttributes(input),
      ...(input.signal === undefined ? {} : { signal: input.signal }),
    },
  };
}

/** One model call, streamed or not; text and tool-call deltas are yielded as they come. */
async function* callModel(
  deps: RunDeps,
  workspaceId: string,
  request: ChatRequest,
  step: number,
  streaming: boolean,
): AsyncGenerator<RunEvent, ChatResult> {
  if (!streaming) return deps.models.chat(workspaceId, request);
  for await (const chunk of deps.models.stream(workspaceId, request)) {
    if (chunk.type === 'done') return chunk.result;
    if (chunk.type === 'text') yield { type: 'text', step, text: chunk.text };
    else
      yield {
        type: 'tool_call',
        step,
        index: chunk.index,
        id: chunk.id,
        name: chunk.name,
        argumentsDelta: chunk.argumentsDelta,
      };
  }
  throw new AppError('unavailable', 'the model stream ended without a result');
}

/** Answers each tool call from the mocks; undefined when one has no mock (the run stops there). */
function mockAnswers(calls: readonly ChatToolCall[], mocks: ReadonlyMap<string, string>) {
  const answers = calls.map((call) => ({ call, content: mocks.get(call.name) }));
  return answers.every((a) => a.content !== undefined)
    ? (answers as { call: ChatToolCall; content: string }[])
    : undefined;
}

function recordToolSpan(tracer: Tracer, parent: Context, call: ChatToolCall, content: string): void {
  tracer
    .startSpan(
      `execute_tool ${call.name}`,
      {
        attributes: {
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': call.name,
          'gen_ai.tool.call.id': call.id,
          'gen_ai.tool.call.arguments': clip(call.arguments),
          'gen_ai.tool.call.result': clip(content),
          'spanloop.tool.mocked': true,
        },
      },
      parent,
    )
    .end();
}

/**
 * Runs a prompt: renders it, calls the model, answers tool calls from the mocks and continues, at most
 * `maxSteps` model calls. The run is one trace: a root span `prompt_run <key>` with the model calls below it.
 */
export async function* runPromptEvents(
  deps: RunDeps,
  prepared: PreparedRun,
  streaming: boolean,
): AsyncGenerator<RunEvent, RunResult> {
  const { input } = prepared;
  const started = performance.now();
  const root: Span = deps.tracer.startSpan(
    `prompt_run ${input.resolved.prompt.key}`,
    {
      attributes: {
        [WORKSPACE_ATTRIBUTE]: input.workspaceId,
        'spanloop.prompt.run': input.kind,
        'spanloop.prompt.variables': clip(JSON.stringify(input.variables)),
        ...promptAttributes(input),
      },
    },
    input.parentContext ?? context.active(),
  );
  const rootContext = trace.setSpan(input.parentContext ?? context.active(), root);
  try {
    const mocks = new Map(input.mockToolResponses.map((m) => [m.name, m.response]));
    const conversation = [...prepared.messages];
    const added: ChatMessage[] = [];
    const usage: ChatUsage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0 };
    let cost = 0;
    let firstToken: number | undefined;
    for (let step = 1; ; step += 1) {
      const request = { ...prepared.request, messages: conversation, parentContext: rootContext };
      const result = yield* callModel(deps, input.workspaceId, request, step, streaming);
      usage.inputTokens += result.usage.inputTokens;
      usage.outputTokens += result.usage.outputTokens;
      usage.cacheReadTokens += result.usage.cacheReadTokens;
      cost += result.cost;
      firstToken ??= result.timeToFirstTokenMs;
      added.push(result.message);
      conversation.push(result.message);
      const calls = result.message.toolCalls ?? [];
      const answers = calls.length > 0 && step < input.maxSteps ? mockAnswers(calls, mocks) : undefined;
      if (answers === undefined) {
        const spanContext = root.spanContext();
        root.setStatus({ code: SpanStatusCode.OK });
        const latencyMs = Math.round(performance.now() - started);
        return {
          traceId: spanContext.traceId,
          spanId: spanContext.spanId,
          messages: added,
          finishReason: result.finishReason,
          usage,
          cost,
          model: result.model,
          steps: step,
          latencyMs,
          ...(firstToken === undefined ? {} : { timeToFirstTokenMs: firstToken }),
        };
      }
      for (const { call, content } of answers) {
        recordToolSpan(deps.tracer, rootContext, call, content);
        const message: ChatMessage = { role: 'tool', content, toolCallId: call.id, name: call.name };
        added.push(message);
        conversation.push(message);
        yield { type: 'tool_result', step, toolCallId: call.id, name: call.name, content };
      }
    }
  } catch (e) {
    root.recordException(e instanceof Error ? e : new Error(String(e)));
    root.setStatus({ code: SpanStatusCode.ERROR, message: e instanceof Error ? e.message : String(e) });
    throw e;
  } finally {
    root.end();
  }
}

/** A run without streaming: its result. */
export async function runPrompt(deps: RunDeps, input: RunInput): Promise<RunResult> {
  const events = runPromptEvents(deps, await prepareRun(deps, input), false);
  for (;;) {
    const next = await events.next();
    if (next.done === true) return next.value;
  }
}
