/**
 * A runnable example plugin: routes documented in the OpenAPI document, one span consumer and one evaluator,
 * using only the public SDK.
 *
 *   SPANLOOP_PLUGINS=./plugins/sdk/example/index.ts npx spanloop start
 *   curl localhost:8080/api/v1/example/llm-calls
 *   curl localhost:8080/api/v1/openapi.json   # lists /api/v1/example/llm-calls and /api/v1/example/hello
 *   curl -X POST localhost:8080/api/v1/evaluators/contains-keywords/run \
 *     -d '{"traceId":"…","spanId":"…","fields":{"keywords":["refund"]}}'
 */
import { z } from 'zod';
import { definePlugin, WORKSPACE_ATTRIBUTE, type SpanRow } from '../index';
import { containsKeywords } from './contains-keywords';

/** What the routes answer, as zod: the OpenAPI document describes them from these. */
const LlmCalls = z.object({
  models: z.record(z.string(), z.number().int().nonnegative()).describe('LLM calls per model'),
});
const Hello = z.object({ message: z.string(), traceId: z.string(), spanId: z.string() });

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
      const counts = Object.fromEntries([...models].sort(([a], [b]) => a.localeCompare(b)));
      return c.json({ models: counts } satisfies z.output<typeof LlmCalls>);
    });
    // A span of our own: it lands in the caller's workspace, marked as produced by Spanloop.
    app.get('/hello', (c) => {
      const span = ctx.tracer.startSpan('example hello', {
        attributes: { [WORKSPACE_ATTRIBUTE]: c.get('workspaceId') },
      });
      span.end();
      const { traceId, spanId } = span.spanContext();
      const message = `${options.greeting}, ${c.get('workspaceId')}`;
      return c.json({ message, traceId, spanId } satisfies z.output<typeof Hello>);
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
  openapi: {
    description: 'The example plugin of the SDK',
    components: { ExampleLlmCalls: LlmCalls, ExampleHello: Hello },
    operations: [
      {
        path: '/llm-calls',
        operationId: 'exampleLlmCalls',
        summary: 'LLM calls this process saw in the caller’s workspace since it started, per model',
        response: { description: 'the counts', body: 'ExampleLlmCalls' },
      },
      {
        path: '/hello',
        operationId: 'exampleHello',
        summary: 'A greeting, traced as the span `example hello` in the caller’s workspace',
        response: { description: 'the greeting and its span', body: 'ExampleHello' },
      },
    ],
  },
});
