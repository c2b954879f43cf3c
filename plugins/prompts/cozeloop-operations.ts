import type { PluginOperation } from '../sdk/index';
import {
  CozeloopCodeBody,
  CozeloopExecuteFrame,
  CozeloopExecuteResponse,
  CozeloopMGetResponse,
  CozeloopPrompt,
  ExecuteRequest,
  MGetRequest,
} from './cozeloop-schemas';

// Cozeloop's Prompt Hub and PTaaS endpoints (cozeloop-routes.ts), at their own paths so its SDKs work unchanged.

export const COZELOOP_COMPONENTS = {
  CozeloopPrompt,
  CozeloopMGetResponse,
  CozeloopExecuteResponse,
  CozeloopExecuteFrame,
  CozeloopCodeBody,
};

const credentialErrors = {
  '401': { description: 'the credential is missing, wrong or revoked', body: 'CozeloopCodeBody' },
  '403': {
    description: 'the key lacks the scope (read; run to execute) or the workspace',
    body: 'CozeloopCodeBody',
  },
  '429': { description: 'too many failed authentications; see Retry-After', body: 'CozeloopCodeBody' },
} as const;

const envelopeNote =
  'Authenticate with `Authorization: Bearer <API key>` (Cozeloop’s PAT header); `workspace_id` is the workspace ' +
  'id or name and must be the key’s. Failures other than the credential answer HTTP 200 with a non-zero `code`: ' +
  '600500 followed by the status the error has on /api/v1 (600500404 = not found).';

const executeNote =
  'Renders the version (`version`, else `label`, else the latest; `$Draft` is the caller’s draft) with ' +
  '`variable_vals`, appends `messages`, and calls the template’s model (`custom_model_config.model_id` and ' +
  'parameters override it). Traced like the playground: `prompt_run <key>` with `spanloop.prompt.run=execute`.';

export const COZELOOP_OPERATIONS: readonly PluginOperation[] = [
  {
    method: 'post',
    path: '/v1/loop/prompts/mget',
    operationId: 'cozeloopMGetPrompts',
    summary: 'Cozeloop Prompt Hub: up to 25 prompts by key and version, label or latest',
    description: envelopeNote,
    body: MGetRequest,
    response: { description: 'the prompts in query order, or an error code', body: 'CozeloopMGetResponse' },
    otherResponses: credentialErrors,
  },
  {
    method: 'post',
    path: '/v1/loop/prompts/execute',
    operationId: 'cozeloopExecutePrompt',
    summary: 'Cozeloop PTaaS: render a prompt and call its model (run scope)',
    scope: 'run',
    description: `${executeNote} ${envelopeNote}`,
    body: ExecuteRequest,
    response: { description: 'the answer, or an error code', body: 'CozeloopExecuteResponse' },
    otherResponses: credentialErrors,
  },
  {
    method: 'post',
    path: '/v1/loop/prompts/execute_streaming',
    operationId: 'cozeloopExecutePromptStreaming',
    summary: 'Cozeloop PTaaS as server-sent events (run scope)',
    scope: 'run',
    description:
      `${executeNote} Each \`event: data\` frame is a CozeloopExecuteFrame (a text or tool-call delta; the last ` +
      'carries `finish_reason` and `usage`); a failure after the credential check is `event: error` ' +
      '`{code, msg, biz_extra}`. ' +
      envelopeNote,
    body: ExecuteRequest,
    response: { description: 'the answer’s frames', mediaTypes: ['text/event-stream'] },
    otherResponses: credentialErrors,
  },
];
