/**
 * A runnable example plugin: one route, one span consumer and one evaluator, using only the public SDK.
 *
 *   SPANLOOP_PLUGINS=./plugins/sdk/example/index.ts npx spanloop start
 *   curl localhost:8080/api/v1/example/llm-calls
 *   curl -X POST localhost:8080/api/v1/evaluators/contains-keywords/run \
 *     -d '{"traceId":"…","spanId":"…","fields":{"keywords":["refund"]}}'
 */
import { z } from 'zod';
import { definePlugin, WORKSPACE_ATTRIBUTE, type SpanRow } from '../index';
import { containsKeywords } from './contains-keywords';

const Options = z.object({ greeting: z.string().default('hello') }).default({ greeting: 'hello' });

/** LLM calls seen by this process since it started, per workspace and model. */
const callsByWorkspace = new Map<string, Map<string, number>>();

const countCall = (span: SpanRow) => {
  const model = span.LlmResponseModel || span.LlmRequestModel;
  if (span.SpanType !== 'llm' || model === '') return;
  const models = callsByWorkspace.get(span.WorkspaceId) ?? new Map<string, number>();
  models.set(model, (models.get(model) ?? 0) + 1);
  callsByWorkspace.set(span.WorkspaceId, models);
};

export default definePlugin({
  name: 'example',
  routes(app, ctx) {
    const options = Options.parse(ctx.options);
    // Counts from the live stream: best effort and per process, as consumers are.
    app.get('/llm-calls', (c) => {
      const models = callsByWorkspace.get(c.get('workspaceId')) ?? new Map<string, number>();
      return c.json({ models: Object.fromEntries([...models].sort(([a], [b]) => a.localeCompare(b))) });
    });
    // A span of our own: it lands in the caller's workspace, marked as produced by Spanloop.
    app.get('/hello', (c) => {
      const span = ctx.tracer.startSpan('example hello', {
        attributes: { [WORKSPACE_ATTRIBUTE]: c.get('workspaceId') },
      });
      span.end();
      const { traceId, spanId } = span.spanContext();
      return c.json({ message: `${options.greeting}, ${c.get('workspaceId')}`, traceId, spanId });
    });
  },
  consumers: [
    {
      name: 'llm-calls-per-model',
      handle(spans) {
        for (const span of spans) countCall(span);
        return Promise.resolve();
      },
    },
  ],
  evaluators: [containsKeywords],
});
