import { z } from 'zod';
import type { PluginOperation } from '../sdk/index';
import {
  AsyncRunEvaluatorOApiRequest,
  BatchGetEvaluatorRecordsOApiRequest,
  BatchGetEvaluatorsOApiRequest,
  BatchGetEvaluatorVersionsOApiRequest,
  CorrectEvaluatorRecordOApiRequest,
  CozeloopAsyncRunEvaluatorResponse,
  CozeloopCreateEvaluatorResponse,
  CozeloopEmptyResponse,
  CozeloopEvaluator,
  CozeloopEvaluatorRecord,
  CozeloopEvaluatorRecordsResponse,
  CozeloopEvaluatorResponse,
  CozeloopEvaluatorsCodeBody,
  CozeloopEvaluatorsResponse,
  CozeloopEvaluatorVersion,
  CozeloopListEvaluatorsResponse,
  CozeloopListEvaluatorVersionsResponse,
  CozeloopReportResultResponse,
  CozeloopRunEvaluatorResponse,
  CreateEvaluatorOApiRequest,
  ListEvaluatorsOApiRequest,
  ListEvaluatorVersionsOApiRequest,
  ReportEvaluatorInvokeResultRequest,
  RunBuiltinEvaluatorOApiRequest,
  RunEvaluatorOApiRequest,
  SubmitEvaluatorVersionOApiRequest,
  UpdateEvaluatorDraftOApiRequest,
  UpdateEvaluatorOApiRequest,
} from './cozeloop-schemas';
import { IdParam } from './evaluator-store';

// Cozeloop's evaluator OpenAPI (cozeloop-routes.ts) as the OpenAPI document describes it.

export const COZELOOP_EVALUATOR_COMPONENTS = {
  CozeloopEvaluatorsCodeBody,
  CozeloopEvaluator,
  CozeloopEvaluatorVersion,
  CozeloopEvaluatorRecord,
  CozeloopCreateEvaluatorResponse,
  CozeloopEmptyResponse,
  CozeloopListEvaluatorsResponse,
  CozeloopEvaluatorsResponse,
  CozeloopEvaluatorResponse,
  CozeloopListEvaluatorVersionsResponse,
  CozeloopRunEvaluatorResponse,
  CozeloopAsyncRunEvaluatorResponse,
  CozeloopEvaluatorRecordsResponse,
  CozeloopReportResultResponse,
};

type Component = keyof typeof COZELOOP_EVALUATOR_COMPONENTS;

const credentialErrors = {
  '401': { description: 'the credential is missing, wrong or revoked', body: 'CozeloopEvaluatorsCodeBody' },
  '403': { description: 'the key lacks the scope or the workspace', body: 'CozeloopEvaluatorsCodeBody' },
  '429': {
    description: 'too many failed authentications; see Retry-After',
    body: 'CozeloopEvaluatorsCodeBody',
  },
} as const;

const envelope =
  'Authenticate with `Authorization: Bearer <API key>`; `workspace_id` (in the body, or the query of a DELETE) ' +
  'must be the key’s workspace. Failures other than the credential answer HTTP 200 with a non-zero `code` ' +
  '(600500404 = not found); int64 ids are JSON strings.';

const P = '/v1/loop/evaluation';
const evaluatorId = {
  pathParams: { evaluator_id: IdParam },
  params: { evaluator_id: { description: 'the evaluator’s id', example: '1' } },
};
const versionId = {
  pathParams: { evaluator_version_id: IdParam },
  params: { evaluator_version_id: { description: 'the version’s id', example: '1' } },
};

const op = (
  method: 'post' | 'patch' | 'delete',
  path: string,
  operationId: string,
  summary: string,
  body: z.ZodType | undefined,
  response: Component,
  extra: Partial<PluginOperation> = {},
): PluginOperation => ({
  method,
  path: `${P}${path}`,
  operationId,
  summary,
  ...(body === undefined ? {} : { body }),
  ...extra,
  description: extra.description === undefined ? envelope : `${extra.description} ${envelope}`,
  response: { description: 'the `{code, msg, data}` envelope', body: response },
  otherResponses: credentialErrors,
});

export const COZELOOP_EVALUATOR_OPERATIONS: readonly PluginOperation[] = [
  op(
    'post',
    '/evaluators',
    'cozeloopCreateEvaluator',
    'Create an evaluator (write scope)',
    CreateEvaluatorOApiRequest,
    'CozeloopCreateEvaluatorResponse',
    {
      description:
        '`evaluator_type` prompt, code or custom_rpc (an HTTP evaluator: `invoke_http_info.path` is its URL, ' +
        '`ext.secret` its HMAC key, never returned); with `current_version.version` the draft is also submitted.',
    },
  ),
  op(
    'post',
    '/evaluators/list',
    'cozeloopListEvaluators',
    'List evaluators (read scope)',
    ListEvaluatorsOApiRequest,
    'CozeloopListEvaluatorsResponse',
  ),
  op(
    'post',
    '/evaluators/batch_get',
    'cozeloopBatchGetEvaluators',
    'Get evaluators by id (read scope)',
    BatchGetEvaluatorsOApiRequest,
    'CozeloopEvaluatorsResponse',
  ),
  op(
    'patch',
    '/evaluators/{evaluator_id}',
    'cozeloopUpdateEvaluator',
    'Change name or description (write scope)',
    UpdateEvaluatorOApiRequest,
    'CozeloopEmptyResponse',
    evaluatorId,
  ),
  op(
    'delete',
    '/evaluators/{evaluator_id}',
    'cozeloopDeleteEvaluator',
    'Delete an evaluator (write scope)',
    undefined,
    'CozeloopEmptyResponse',
    {
      ...evaluatorId,
      query: z.object({ workspace_id: z.string().optional() }),
      pathParams: evaluatorId.pathParams,
    },
  ),
  op(
    'patch',
    '/evaluators/{evaluator_id}/update_draft',
    'cozeloopUpdateEvaluatorDraft',
    'Replace the draft (write scope)',
    UpdateEvaluatorDraftOApiRequest,
    'CozeloopEvaluatorResponse',
    evaluatorId,
  ),
  op(
    'post',
    '/evaluators/{evaluator_id}/submit_version',
    'cozeloopSubmitEvaluatorVersion',
    'Freeze the draft as an immutable version (write scope)',
    SubmitEvaluatorVersionOApiRequest,
    'CozeloopEvaluatorResponse',
    evaluatorId,
  ),
  op(
    'post',
    '/evaluators/{evaluator_id}/versions/list',
    'cozeloopListEvaluatorVersions',
    'List an evaluator’s versions (read scope)',
    ListEvaluatorVersionsOApiRequest,
    'CozeloopListEvaluatorVersionsResponse',
    evaluatorId,
  ),
  op(
    'post',
    '/evaluators_versions/batch_get',
    'cozeloopBatchGetEvaluatorVersions',
    'Get versions by id, each as its evaluator (read scope)',
    BatchGetEvaluatorVersionsOApiRequest,
    'CozeloopEvaluatorsResponse',
  ),
  op(
    'post',
    '/evaluators_versions/{evaluator_version_id}/run',
    'cozeloopRunEvaluator',
    'Run a version on one input (run scope)',
    RunEvaluatorOApiRequest,
    'CozeloopRunEvaluatorResponse',
    {
      ...versionId,
      description:
        'An evaluator failing (sandbox violation, limit, bad judge reply) is `code: 0` with the record’s ' +
        '`status: failed` and `evaluator_output_data.evaluator_run_error`.',
    },
  ),
  op(
    'post',
    '/evaluators_versions/{evaluator_version_id}/async_run',
    'cozeloopAsyncRunEvaluator',
    'Start a run; the outcome is POSTed to `callback_url` (run scope)',
    AsyncRunEvaluatorOApiRequest,
    'CozeloopAsyncRunEvaluatorResponse',
    {
      ...versionId,
      description:
        'Answers `invoke_id` and the record in `processing`. When the run finished, `callback_url` (checked by ' +
        'the egress policy) receives `{cid, invoke_id, workspace_id, evaluator_version_id, status: success|fail, ' +
        'output, time_consuming_ms}`, retried up to 3 times with the same `cid`.',
    },
  ),
  op(
    'post',
    '/evaluators/builtin/run',
    'cozeloopRunBuiltinEvaluator',
    'Run a built-in evaluator by name or id (run scope)',
    RunBuiltinEvaluatorOApiRequest,
    'CozeloopRunEvaluatorResponse',
    {
      description:
        '`builtin_evaluator_name`: a judge template key (its model from `evaluator_run_conf.evaluator_runtime_param.json_value` `{"model_id": …}`) or a deterministic built-in (its parameters in `json_value`).',
    },
  ),
  op(
    'post',
    '/evaluators/result',
    'cozeloopReportEvaluatorResult',
    'An async evaluator service reports an invocation’s result (write scope)',
    ReportEvaluatorInvokeResultRequest,
    'CozeloopReportResultResponse',
    {
      description:
        'Finishes the record of `invoke_id` once (status 1/success or 2/failed); a repeated report is acknowledged ' +
        'and changes nothing.',
    },
  ),
  op(
    'post',
    '/evaluator_records/batch_get',
    'cozeloopBatchGetEvaluatorRecords',
    'Get records by id (read scope)',
    BatchGetEvaluatorRecordsOApiRequest,
    'CozeloopEvaluatorRecordsResponse',
  ),
  op(
    'patch',
    '/evaluator_records/{evaluator_record_id}',
    'cozeloopCorrectEvaluatorRecord',
    'Correct a record by hand; its output is kept (write scope)',
    CorrectEvaluatorRecordOApiRequest,
    'CozeloopRunEvaluatorResponse',
    {
      pathParams: { evaluator_record_id: IdParam },
      params: { evaluator_record_id: { description: 'the record’s id', example: '1' } },
    },
  ),
];
