import type { PluginOperation } from '../sdk/index';
import { CompareBody, FetchQuery, MetricsQuery, PlaygroundBody, RenderBody } from './api-schemas';
import { byKey } from './manage-operations';

// Fetching, rendering, running and measuring a prompt (fetch-, playground- and metrics-routes.ts).

const runDescription =
  'Which content runs: `version`, `label`, `draft: true` (the caller’s draft), an inline `template`, or else the ' +
  'latest version. The run is one trace: the root span `prompt_run <key>` carrying `spanloop.prompt.key` and ' +
  '`spanloop.prompt.version`, with the model calls (and mocked tool calls) below it.';

export const RUN_OPERATIONS: readonly PluginOperation[] = [
  {
    path: '/{key}',
    operationId: 'fetchPrompt',
    summary: 'A prompt’s version by label or version (the latest without either), as SDKs fetch it',
    description:
      'Answers with an `ETag`; send it back as `If-None-Match` to get a 304 while nothing changed. A pinned ' +
      'version may be cached for a minute; a label or the latest is revalidated on every use.',
    ...byKey,
    query: FetchQuery,
    params: {
      ...byKey.params,
      version: { description: 'a committed version; not with label' },
      label: {
        description: 'a label (`latest` is the newest version); not with version',
        example: 'production',
      },
    },
    response: { description: 'the prompt and the version', body: 'PromptFetched' },
    otherResponses: { '304': { description: 'the copy named by If-None-Match is current' } },
    errors: ['400', '404', '409'],
  },
  {
    method: 'post',
    path: '/{key}/render',
    operationId: 'renderPrompt',
    summary: 'Render a prompt with variables (mustache-style or Jinja2, sandboxed) without calling a model',
    ...byKey,
    body: RenderBody,
    response: { description: 'the rendered messages, tools and model', body: 'PromptRendered' },
    errors: ['400', '404', '409', '413'],
  },
  {
    method: 'post',
    path: '/{key}/playground',
    operationId: 'runPromptPlayground',
    scope: 'run',
    summary: 'Run a prompt against its model (run scope), answering tool calls from mocks',
    description: runDescription,
    ...byKey,
    body: PlaygroundBody,
    response: { description: 'the run', body: 'PromptRunResult' },
    errors: ['400', '404', '409', '413', '429', '503'],
  },
  {
    method: 'post',
    path: '/{key}/playground/stream',
    operationId: 'streamPromptPlayground',
    scope: 'run',
    summary: 'Run a prompt as server-sent events (run scope)',
    description:
      `${runDescription} Events: \`text\` {step, text}, \`tool_call\` {step, index, id, name, argumentsDelta}, ` +
      '`tool_result` {step, toolCallId, name, content}, then `done` with the PromptRunResult, or `error` ' +
      '{code, message}. Bad input is answered as JSON before the stream starts.',
    ...byKey,
    body: PlaygroundBody,
    response: { description: 'the run’s events', mediaTypes: ['text/event-stream'] },
    errors: ['400', '404', '409', '413', '429', '503'],
  },
  {
    method: 'post',
    path: '/{key}/playground/compare',
    operationId: 'comparePromptVariants',
    scope: 'run',
    summary: 'Run up to 8 variants (versions, models, parameters) side by side in one trace (run scope)',
    description:
      'Each variant is a `prompt_run` below one `prompt_compare <key>` span; a failed variant reports its error ' +
      'and the others still answer.',
    ...byKey,
    body: CompareBody,
    response: { description: 'each variant’s run or error, in order', body: 'PromptCompareResult' },
    errors: ['400', '404', '409', '413'],
  },
  {
    path: '/{key}/metrics',
    operationId: 'getPromptMetrics',
    summary: 'Requests, errors, latency, tokens and cost per version, from the spans that carry the prompt',
    description:
      'Counts our `prompt_run` spans, Cozeloop SDK spans (prompt_key/prompt_version) and Langfuse prompt ' +
      'attributes. Committed versions without traffic are listed with zeros, newest first.',
    ...byKey,
    query: MetricsQuery,
    params: {
      ...byKey.params,
      from: { description: 'epoch milliseconds; 24 hours before `to` when absent' },
      to: { description: 'epoch milliseconds; now when absent' },
    },
    response: { description: 'the metrics per version', body: 'PromptMetrics' },
    errors: ['400'],
  },
];
