import { context, trace } from '@opentelemetry/api';
import type { Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { AppError } from '../../core/app-error';
import type { SqlClient } from '../../core/metadata/types';
import { WORKSPACE_ATTRIBUTE, type PluginEnv } from '../sdk/index';
import { CompareBody, PlaygroundBody, type CompareVariant } from './api-schemas';
import {
  prepareRun,
  runPrompt,
  runPromptEvents,
  type RunDeps,
  type RunInput,
  type RunResult,
} from './prompt-run';
import { actorOf, jsonBody, keyParam } from './request-input';
import { resolveSource } from './resolve';

/** Compare variants running at once; the rest wait. */
const COMPARE_CONCURRENCY = 4;

/** Runs `work` over `items` with at most `limit` at a time, keeping the input order in the output. */
async function boundedMap<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await work(items[i] as T, i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const errorView = (e: unknown) =>
  e instanceof AppError
    ? { code: e.kind, message: e.message }
    : { code: 'internal', message: 'the run failed' };

/** The playground: run a prompt (streamed or not) with variables, history, model overrides and mock tools. */
export function playgroundRoutes(app: Hono<PluginEnv>, deps: RunDeps & { sql: SqlClient }): void {
  const runInput = async (c: Context<PluginEnv>, body: PlaygroundBody, kind: string): Promise<RunInput> => {
    const workspaceId = c.get('workspaceId');
    const resolved = await resolveSource(
      deps.sql,
      workspaceId,
      keyParam(c),
      body,
      actorOf(c.get('principal')),
    );
    return {
      workspaceId,
      resolved,
      variables: body.variables,
      history: body.messages,
      modelId: body.modelId,
      params: body.params,
      mockToolResponses: body.mockToolResponses,
      maxSteps: body.maxSteps,
      kind,
    };
  };

  app.post('/:key/playground', async (c) => {
    const body = await jsonBody(c, PlaygroundBody);
    return c.json(await runPrompt(deps, await runInput(c, body, 'playground')));
  });

  // Bad input is answered as a JSON 4xx before the stream starts; failures after it are `event: error`.
  app.post('/:key/playground/stream', async (c) => {
    const body = await jsonBody(c, PlaygroundBody);
    const abort = new AbortController();
    const prepared = await prepareRun(deps, {
      ...(await runInput(c, body, 'playground')),
      signal: abort.signal,
    });
    return streamSSE(c, async (stream) => {
      stream.onAbort(() => abort.abort());
      const events = runPromptEvents(deps, prepared, true);
      try {
        for (;;) {
          const next = await events.next();
          if (next.done === true) {
            await stream.writeSSE({ event: 'done', data: JSON.stringify(next.value) });
            return;
          }
          const { type, ...data } = next.value;
          await stream.writeSSE({ event: type, data: JSON.stringify(data) });
        }
      } catch (e) {
        if (!abort.signal.aborted)
          await stream.writeSSE({ event: 'error', data: JSON.stringify(errorView(e)) });
      } finally {
        await events.return(undefined as unknown as RunResult);
      }
    });
  });

  // Each variant is its own prompt_run below one compare span, so the runs read side by side in one trace.
  app.post('/:key/playground/compare', async (c) => {
    const body = await jsonBody(c, CompareBody);
    const workspaceId = c.get('workspaceId');
    const key = keyParam(c);
    const owner = actorOf(c.get('principal'));
    const resolved = await Promise.all(
      body.variants.map((v: CompareVariant) => resolveSource(deps.sql, workspaceId, key, v, owner)),
    );
    const root = deps.tracer.startSpan(`prompt_compare ${key}`, {
      attributes: {
        [WORKSPACE_ATTRIBUTE]: workspaceId,
        'spanloop.prompt.compare.variants': body.variants.length,
      },
    });
    const parentContext = trace.setSpan(context.active(), root);
    try {
      const results = await boundedMap(body.variants, COMPARE_CONCURRENCY, async (variant, i) => {
        const name = variant.name ?? `variant ${i + 1}`;
        try {
          const result = await runPrompt(deps, {
            workspaceId,
            resolved: resolved[i] as NonNullable<(typeof resolved)[number]>,
            variables: body.variables,
            history: body.messages,
            modelId: variant.modelId,
            params: variant.params,
            mockToolResponses: body.mockToolResponses,
            maxSteps: body.maxSteps,
            kind: 'compare',
            parentContext,
          });
          return { name, version: resolved[i]?.version?.version ?? null, ok: true as const, result };
        } catch (e) {
          return {
            name,
            version: resolved[i]?.version?.version ?? null,
            ok: false as const,
            error: errorView(e),
          };
        }
      });
      return c.json({ traceId: root.spanContext().traceId, results });
    } finally {
      root.end();
    }
  });
}
