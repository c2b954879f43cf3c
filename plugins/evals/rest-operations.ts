import { EvaluationRunBody, EvaluatorName } from '../../schemas/plugin-view';
import type { PluginOperation } from '../sdk/index';
import {
  CorrectionBody,
  CreateEvaluatorBody,
  DebugBody,
  DraftBody,
  EvaluatorIdParams,
  ListEvaluatorsQuery,
  PageQuery,
  RecordParams,
  RunBody,
  SubmitVersionBody,
  TemplatesQuery,
  UpdateEvaluatorBody,
  VersionParams,
} from './api-schemas';

// The evaluators REST API (evaluator-routes.ts, plugin-run-route.ts), relative to /api/v1/evaluators.

const byId = {
  pathParams: EvaluatorIdParams,
  params: { id: { description: 'the evaluator’s id (an int64 as a string)', example: '1' } },
};
const page = {
  query: PageQuery,
  params: {
    limit: { description: 'items per page (1–200)', example: '50' },
    cursor: { description: 'the nextCursor of the previous page' },
  },
};

export const REST_OPERATIONS: readonly PluginOperation[] = [
  {
    path: '/',
    operationId: 'listEvaluators',
    summary: "The workspace's evaluators, newest first, with their latest version",
    query: ListEvaluatorsQuery,
    params: {
      ...page.params,
      search: { description: 'part of the name, case-insensitive', example: 'equals' },
      type: { description: 'only evaluators of this type', example: 'code' },
    },
    response: { description: 'a page of evaluators', body: 'EvaluatorPage' },
    errors: ['400'],
  },
  {
    path: '/templates',
    operationId: 'listEvaluatorTemplates',
    summary: 'The built-in templates: LLM judges and code evaluators in JavaScript and Python',
    query: TemplatesQuery,
    params: { type: { description: '`prompt` or `code`', example: 'prompt' } },
    response: { description: 'the templates', body: 'EvaluatorTemplateList' },
    errors: ['400'],
  },
  {
    method: 'post',
    path: '/',
    operationId: 'createEvaluator',
    summary: 'Create an evaluator with its draft, from a spec or a template (write scope)',
    description:
      'An http spec’s `secret` is sealed with the server key and never returned (`hasSecret` says there is one).',
    body: CreateEvaluatorBody,
    status: '201',
    response: { description: 'the evaluator', body: 'Evaluator' },
    errors: ['400', '404', '409', '413'],
  },
  {
    path: '/records/{recordId}',
    operationId: 'getEvaluatorRecord',
    summary: 'One run of an evaluator: its input, output, correction and evaluation span',
    pathParams: RecordParams,
    params: { recordId: { description: 'the record’s id', example: '1' } },
    response: { description: 'the record', body: 'EvaluatorRecord' },
    errors: ['400', '404'],
  },
  {
    method: 'patch',
    path: '/records/{recordId}',
    operationId: 'correctEvaluatorRecord',
    summary: 'Correct a record’s score by hand; the evaluator’s own output is kept (write scope)',
    pathParams: RecordParams,
    params: { recordId: { description: 'the record’s id', example: '1' } },
    body: CorrectionBody,
    response: { description: 'the record with its correction', body: 'EvaluatorRecord' },
    errors: ['400', '404', '413'],
  },
  {
    path: '/{id}',
    operationId: 'getEvaluator',
    summary: 'One evaluator with its draft and latest version',
    ...byId,
    response: { description: 'the evaluator', body: 'Evaluator' },
    errors: ['400', '404'],
  },
  {
    method: 'patch',
    path: '/{id}',
    operationId: 'updateEvaluator',
    summary: 'Rename an evaluator or change its description (write scope)',
    ...byId,
    body: UpdateEvaluatorBody,
    response: { description: 'the evaluator', body: 'Evaluator' },
    errors: ['400', '404', '409', '413'],
  },
  {
    method: 'put',
    path: '/{id}/draft',
    operationId: 'saveEvaluatorDraft',
    summary: 'Replace the draft spec, checked by its runtime (write scope)',
    description: 'For an http spec, an absent `secret` keeps the stored one and `null` removes it.',
    ...byId,
    body: DraftBody,
    response: { description: 'the evaluator', body: 'Evaluator' },
    errors: ['400', '404', '413'],
  },
  {
    method: 'delete',
    path: '/{id}',
    operationId: 'deleteEvaluator',
    summary: 'Delete an evaluator; its versions and records stay for the runs that used them (write scope)',
    ...byId,
    status: '204',
    response: { description: 'the evaluator is gone' },
    errors: ['400', '404'],
  },
  {
    method: 'post',
    path: '/{id}/versions',
    operationId: 'submitEvaluatorVersion',
    summary: 'Freeze the draft as an immutable version (write scope)',
    ...byId,
    body: SubmitVersionBody,
    status: '201',
    response: { description: 'the version', body: 'EvaluatorVersionView' },
    errors: ['400', '404', '409', '413'],
  },
  {
    path: '/{id}/versions',
    operationId: 'listEvaluatorVersions',
    summary: 'An evaluator’s versions, newest first',
    ...byId,
    ...page,
    params: { ...byId.params, ...page.params },
    response: { description: 'a page of versions', body: 'EvaluatorVersionPage' },
    errors: ['400', '404'],
  },
  {
    path: '/{id}/records',
    operationId: 'listEvaluatorRecords',
    summary: 'An evaluator’s runs, newest first',
    ...byId,
    ...page,
    params: { ...byId.params, ...page.params },
    response: { description: 'a page of records', body: 'EvaluatorRecordPage' },
    errors: ['400', '404'],
  },
  {
    method: 'post',
    path: '/{id}/debug',
    operationId: 'debugEvaluator',
    summary: 'Test the draft (or a spec given here) on one input (run scope)',
    description:
      'The run is traced (span `evaluation <name>`) and recorded. An evaluator that fails (sandbox violation, ' +
      'time or memory limit, bad judge reply) answers 200 with `status: failed` and `output.error`.',
    ...byId,
    body: DebugBody,
    scope: 'run',
    response: { description: 'the record of the run', body: 'EvaluatorRecord' },
    errors: ['400', '404', '413', '429'],
  },
  {
    method: 'post',
    path: '/{id}/versions/{versionId}/run',
    operationId: 'runEvaluatorVersion',
    summary: 'Run a version on one input, optionally judging a stored span (run scope)',
    description:
      'With `traceId` and `spanId` the evaluation span is written into that trace as a child of the judged ' +
      'span. An evaluator that fails answers 200 with `status: failed`.',
    pathParams: VersionParams,
    params: { ...byId.params, versionId: { description: 'the version’s id', example: '1' } },
    body: RunBody,
    scope: 'run',
    response: { description: 'the record of the run', body: 'EvaluatorRecord' },
    errors: ['400', '404', '413', '429'],
  },
  {
    method: 'post',
    path: '/{name}/run',
    operationId: 'runEvaluator',
    summary: 'Run an evaluator a plugin contributes on a stored span (run scope)',
    description:
      'The judgement is written back into the judged trace as the span `evaluation <name>` (child of the judged ' +
      'span, written as the evaluator’s plugin) with a `gen_ai.evaluation.result` event carrying ' +
      '`gen_ai.evaluation.name`, `gen_ai.evaluation.score.value`, `gen_ai.evaluation.score.label` and ' +
      '`gen_ai.evaluation.explanation`; it is readable through GET /api/v1/traces/{traceId} once this answers.',
    pathParams: { name: EvaluatorName },
    params: {
      name: { description: 'the evaluator, as GET /api/v1/plugins lists it', example: 'contains-keywords' },
    },
    body: EvaluationRunBody,
    scope: 'run',
    response: { description: 'the judgement', body: 'EvaluationRunView' },
    errors: ['400', '404', '413', '429'],
  },
];
