import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import type { Principal } from '../../core/access/principal';
import { AppError } from '../../core/app-error';
import type { Logger } from '../../core/logger';
import type { SqlClient } from '../../core/metadata/types';
import type { RootAuthenticate } from '../sdk/index';
import {
  chatMessageIn,
  messageFromChat,
  modelIn,
  promptOut,
  toolChoiceIn,
  toolsIn,
  variablesIn,
} from './cozeloop-convert';
import { authenticateBody } from './cozeloop-auth';
import { asAppError, cozeloopError, cozeloopOk, errorFrame, isTransportError } from './cozeloop-envelope';
import { DRAFT_VERSION, ExecuteRequest, MGetRequest, type PromptQuery } from './cozeloop-schemas';
import {
  prepareRun,
  runPrompt,
  runPromptEvents,
  type PreparedRun,
  type RunDeps,
  type RunEvent,
  type RunInput,
  type RunResult,
} from './prompt-run';
import { actorOf, parse } from './request-input';
import { resolvePrompt, type Selector } from './resolve';

export interface CozeloopDeps extends RunDeps {
  sql: SqlClient;
  authenticate: RootAuthenticate;
  logger: Logger;
}

/** Cozeloop caps request bodies at 20 MB; so do we. */
const MAX_BODY_BYTES = 20 * 1024 * 1024;

/** Empty `version` and `label` mean the latest commit; `version` wins over `label`; `$Draft` is the caller's draft. */
function selectorOf(q: PromptQuery, principal: Principal): Selector {
  if (q.version === DRAFT_VERSION) return { kind: 'draft', owner: actorOf(principal) };
  if (q.version !== undefined && q.version !== '') return { kind: 'version', version: q.version };
  if (q.label !== undefined && q.label !== '') return { kind: 'label', label: q.label };
  return { kind: 'latest' };
}

const usageOut = (u: { inputTokens: number; outputTokens: number }) => ({
  input_tokens: u.inputTokens,
  output_tokens: u.outputTokens,
});

/** One `event: data` frame per text or tool-call delta; mocked tool results do not happen on execute. */
function deltaFrame(e: RunEvent) {
  if (e.type === 'text') return { message: { role: 'assistant', content: e.text }, finish_reason: '' };
  if (e.type !== 'tool_call') return undefined;
  const call = {
    index: e.index,
    ...(e.id === undefined ? {} : { id: e.id }),
    type: 'function',
    function_call: { ...(e.name === undefined ? {} : { name: e.name }), arguments: e.argumentsDelta },
  };
  return { message: { role: 'assistant', tool_calls: [call] }, finish_reason: '' };
}

/** The last frame: the finish reason and the usage of the call. */
const doneFrame = (r: RunResult) => ({
  message: { role: 'assistant', content: '' },
  finish_reason: r.finishReason,
  usage: usageOut(r.usage),
});

/** `/v1/loop/prompts/{mget,execute,execute_streaming}` with Cozeloop's envelope, so its SDKs work unchanged. */
export function cozeloopRoutes(app: Hono, deps: CozeloopDeps): void {
  const authenticate = (c: Context, scope: 'read' | 'run') => authenticateBody(c, deps.authenticate, scope);

  const executeInput = async (c: Context, signal?: AbortSignal): Promise<RunInput> => {
    // A model call spends the provider's money: run scope, like the playground.
    const { principal, body } = await authenticate(c, 'run');
    const req = parse(ExecuteRequest, body);
    const resolved = await resolvePrompt(
      deps.sql,
      principal.workspaceId,
      req.prompt_identifier.prompt_key,
      selectorOf(req.prompt_identifier, principal),
    );
    const model = req.custom_model_config === undefined ? undefined : modelIn(req.custom_model_config);
    return {
      workspaceId: principal.workspaceId,
      resolved,
      variables: variablesIn(req.variable_vals ?? [], resolved.template),
      history: (req.messages ?? []).map((m, i) => chatMessageIn(m, `messages ${i + 1}`)),
      modelId: model?.modelId,
      params: model?.params,
      tools: req.custom_tools === undefined ? undefined : toolsIn(req.custom_tools),
      toolChoice:
        req.custom_tool_call_config === undefined ? undefined : toolChoiceIn(req.custom_tool_call_config),
      mockToolResponses: [],
      maxSteps: 1,
      kind: 'execute',
      signal,
    };
  };

  const loop = new Hono();
  loop.onError((e, c) => cozeloopError(c, asAppError(e, deps.logger)));
  loop.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new AppError('too_large', `the request body is larger than ${MAX_BODY_BYTES} bytes (20 MiB)`);
      },
    }),
  );

  loop.post('/mget', async (c) => {
    const { principal, body } = await authenticate(c, 'read');
    const req = parse(MGetRequest, body);
    const items = [];
    for (const query of req.queries) {
      const resolved = await resolvePrompt(
        deps.sql,
        principal.workspaceId,
        query.prompt_key,
        selectorOf(query, principal),
      );
      items.push({ query, prompt: promptOut(resolved) });
    }
    return cozeloopOk(c, { items });
  });

  loop.post('/execute', async (c) => {
    const result = await runPrompt(deps, await executeInput(c));
    const message = result.messages.at(-1);
    return cozeloopOk(c, {
      ...(message === undefined ? {} : { message: messageFromChat(message) }),
      finish_reason: result.finishReason,
      usage: usageOut(result.usage),
    });
  });

  // Credential failures answer with their HTTP status before any stream; everything else is an `event: error`.
  loop.post('/execute_streaming', async (c) => {
    const abort = new AbortController();
    let input: PreparedRun | AppError;
    try {
      input = await prepareRun(deps, await executeInput(c, abort.signal));
    } catch (e) {
      input = asAppError(e, deps.logger);
      if (isTransportError(input)) return cozeloopError(c, input);
    }
    return streamSSE(c, async (stream) => {
      stream.onAbort(() => abort.abort());
      if (input instanceof AppError) return stream.writeSSE({ event: 'error', data: errorFrame(input) });
      const events = runPromptEvents(deps, input, true);
      try {
        for (;;) {
          const next = await events.next();
          const data = next.done === true ? doneFrame(next.value) : deltaFrame(next.value);
          if (data !== undefined) await stream.writeSSE({ event: 'data', data: JSON.stringify(data) });
          if (next.done === true) return;
        }
      } catch (e) {
        if (!abort.signal.aborted)
          await stream.writeSSE({ event: 'error', data: errorFrame(asAppError(e, deps.logger)) });
      } finally {
        await events.return(undefined as never);
      }
    });
  });

  app.route('/v1/loop/prompts', loop);
}
