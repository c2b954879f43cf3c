import { Content } from '../../schemas/content';
import type { PluginOperation } from '../sdk/index';
import { JobIdParam } from './cozeloop-import-routes';
import {
  BatchCreateItemsRequest,
  BatchDeleteItemsRequest,
  BatchUpdateItemsRequest,
  CreateEvaluationSetRequest,
  CreateEvaluationSetResponse,
  CreateVersionRequest,
  CreateVersionResponse,
  EmptyDataResponse,
  EvaluationSetCodeBody,
  GetEvaluationSetResponse,
  GetVersionResponse,
  IdParam,
  ImportRequest,
  ImportResponse,
  IoJobResponse,
  ItemFieldQuery,
  ItemFieldResponse,
  ListEvaluationSetsQuery,
  ListEvaluationSetsResponse,
  ListItemsQuery,
  ListItemsResponse,
  ListVersionsQuery,
  ListVersionsResponse,
  UpdateEvaluationSetRequest,
  UpdateSchemaRequest,
  WorkspaceQuery,
  WriteItemsResponse,
} from './cozeloop-schemas';

// Cozeloop's evaluation-set OpenAPI (cozeloop-routes.ts) in Spanloop's OpenAPI document.

export const COZELOOP_EVALUATION_SET_COMPONENTS = {
  /** Recursive (multi_part), so it needs a name of its own in the document. */
  DatasetContent: Content,
  EvaluationSetCodeBody,
  CozeloopEmptyDataResponse: EmptyDataResponse,
  CozeloopCreateEvaluationSetResponse: CreateEvaluationSetResponse,
  CozeloopGetEvaluationSetResponse: GetEvaluationSetResponse,
  CozeloopListEvaluationSetsResponse: ListEvaluationSetsResponse,
  CozeloopCreateEvaluationSetVersionResponse: CreateVersionResponse,
  CozeloopListEvaluationSetVersionsResponse: ListVersionsResponse,
  CozeloopGetEvaluationSetVersionResponse: GetVersionResponse,
  CozeloopWriteEvaluationSetItemsResponse: WriteItemsResponse,
  CozeloopListEvaluationSetItemsResponse: ListItemsResponse,
  CozeloopEvaluationSetItemFieldResponse: ItemFieldResponse,
  CozeloopImportEvaluationSetResponse: ImportResponse,
  CozeloopEvaluationSetIoJobResponse: IoJobResponse,
};

const BASE = '/v1/loop/evaluation/evaluation_sets';

const credentialErrors = {
  '401': { description: 'the credential is missing, wrong or revoked', body: 'EvaluationSetCodeBody' },
  '403': { description: 'the key lacks the scope or the workspace', body: 'EvaluationSetCodeBody' },
  '429': { description: 'too many failed authentications; see Retry-After', body: 'EvaluationSetCodeBody' },
} as const;

const envelope =
  'Authenticate with `Authorization: Bearer <API key>`; `workspace_id` (body for POST/PUT and the items DELETE, ' +
  'query otherwise) must be the key’s workspace. Failures other than the credential answer HTTP 200 with a ' +
  'non-zero `code` (600500404 = not found, 600500400 = bad input, 600500409 = name taken). Reads need `read`, ' +
  'changes `write`.';

const workspaceParam = { workspace_id: { description: 'the workspace (id or name)' } };
const bySet = {
  pathParams: { evaluation_set_id: IdParam },
  params: { evaluation_set_id: { description: 'the evaluation set’s id', example: '1' }, ...workspaceParam },
};

const op = (o: PluginOperation): PluginOperation => ({
  ...o,
  description: o.description === undefined ? envelope : `${o.description} ${envelope}`,
  otherResponses: credentialErrors,
});

export const COZELOOP_EVALUATION_SET_OPERATIONS: readonly PluginOperation[] = [
  op({
    method: 'post',
    path: BASE,
    operationId: 'cozeloopCreateEvaluationSet',
    summary: 'Cozeloop: create an evaluation set with its schema (a dataset of category evaluation)',
    description: 'Fields without `key` are new columns. Only `type: default`; no templates or dataset_key.',
    body: CreateEvaluationSetRequest,
    response: { description: 'the new set’s id', body: 'CozeloopCreateEvaluationSetResponse' },
  }),
  op({
    path: BASE,
    operationId: 'cozeloopListEvaluationSets',
    summary: 'Cozeloop: a page of the workspace’s evaluation sets (page_token, page_size ≤ 200)',
    description: '`name` matches part of the name; `evaluation_set_ids` repeats or is comma-separated.',
    query: ListEvaluationSetsQuery,
    repeated: { evaluation_set_ids: { name: 'evaluation_set_ids', items: IdParam } },
    params: {
      ...workspaceParam,
      page_token: { description: '`next_page_token` of the previous page' },
      page_size: { description: '1–200, default 20' },
    },
    response: { description: 'the page', body: 'CozeloopListEvaluationSetsResponse' },
  }),
  op({
    path: `${BASE}/{evaluation_set_id}`,
    operationId: 'cozeloopGetEvaluationSet',
    summary: 'Cozeloop: an evaluation set; `item_count` and `current_version` are the draft’s',
    ...bySet,
    query: WorkspaceQuery,
    response: { description: 'the set', body: 'CozeloopGetEvaluationSetResponse' },
  }),
  op({
    method: 'put',
    path: `${BASE}/{evaluation_set_id}`,
    operationId: 'cozeloopUpdateEvaluationSet',
    summary: 'Cozeloop: rename an evaluation set, change its description or tags',
    ...bySet,
    body: UpdateEvaluationSetRequest,
    response: { description: 'code 0 once changed', body: 'CozeloopEmptyDataResponse' },
  }),
  op({
    method: 'delete',
    path: `${BASE}/{evaluation_set_id}`,
    operationId: 'cozeloopDeleteEvaluationSet',
    summary:
      'Cozeloop: delete an evaluation set (its versions stay readable for the experiments that pinned them)',
    ...bySet,
    query: WorkspaceQuery,
    response: { description: 'code 0 once deleted', body: 'CozeloopEmptyDataResponse' },
  }),
  op({
    method: 'post',
    path: `${BASE}/{evaluation_set_id}/versions`,
    operationId: 'cozeloopCreateEvaluationSetVersion',
    summary: 'Cozeloop: commit the draft as an immutable version (`version` unique per set, e.g. v1.0.0)',
    ...bySet,
    body: CreateVersionRequest,
    response: { description: 'the version’s id', body: 'CozeloopCreateEvaluationSetVersionResponse' },
  }),
  op({
    path: `${BASE}/{evaluation_set_id}/versions`,
    operationId: 'cozeloopListEvaluationSetVersions',
    summary: 'Cozeloop: the set’s versions, newest first, page by page',
    ...bySet,
    query: ListVersionsQuery,
    response: { description: 'the page', body: 'CozeloopListEvaluationSetVersionsResponse' },
  }),
  op({
    path: `${BASE}/{evaluation_set_id}/versions/{version_id}`,
    operationId: 'cozeloopGetEvaluationSetVersion',
    summary: 'One version with its schema (a Spanloop addition: Cozeloop’s OpenAPI has no such read)',
    pathParams: { ...bySet.pathParams, version_id: IdParam },
    params: { ...bySet.params, version_id: { description: 'the version’s id', example: '1' } },
    query: WorkspaceQuery,
    response: { description: 'the version', body: 'CozeloopGetEvaluationSetVersionResponse' },
  }),
  op({
    method: 'put',
    path: `${BASE}/{evaluation_set_id}/schema`,
    operationId: 'cozeloopUpdateEvaluationSetSchema',
    summary: 'Cozeloop: replace the draft’s schema',
    description:
      'A field without `key` is a new column, one with a key changes that column, and a column left out is ' +
      'deleted with its values in the draft (versions keep theirs), as Cozeloop does.',
    ...bySet,
    body: UpdateSchemaRequest,
    response: { description: 'code 0 once changed', body: 'EvaluationSetCodeBody' },
  }),
  op({
    method: 'post',
    path: `${BASE}/{evaluation_set_id}/items`,
    operationId: 'cozeloopBatchCreateEvaluationSetItems',
    summary: 'Cozeloop: add 1–100 items to the draft; `item_key` upserts',
    description:
      'All or nothing unless `is_skip_invalid_items`; past capacity nothing unless `is_allow_partial_add`. ' +
      'Invalid items come back grouped in `errors` with code 0. `field_write_options[].multi_modal_store_opt` ' +
      'chooses `passthrough` (keep media URLs) or `store` (copy into the workspace files).',
    ...bySet,
    body: BatchCreateItemsRequest,
    response: {
      description: 'what was written and why the rest was not',
      body: 'CozeloopWriteEvaluationSetItemsResponse',
    },
  }),
  op({
    method: 'put',
    path: `${BASE}/{evaluation_set_id}/items`,
    operationId: 'cozeloopBatchUpdateEvaluationSetItems',
    summary: 'Cozeloop: change 1–100 items of the draft by id',
    ...bySet,
    body: BatchUpdateItemsRequest,
    response: {
      description: 'what was written and why the rest was not',
      body: 'CozeloopWriteEvaluationSetItemsResponse',
    },
  }),
  op({
    method: 'delete',
    path: `${BASE}/{evaluation_set_id}/items`,
    operationId: 'cozeloopBatchDeleteEvaluationSetItems',
    summary: 'Cozeloop: remove items from the draft (`item_ids`, or `is_delete_all`); versions keep them',
    ...bySet,
    body: BatchDeleteItemsRequest,
    response: { description: 'code 0 once removed', body: 'EvaluationSetCodeBody' },
  }),
  op({
    path: `${BASE}/{evaluation_set_id}/items`,
    operationId: 'cozeloopListEvaluationSetItems',
    summary: 'Cozeloop: a page of the items of a version (`version_id`), or of the draft without one',
    description:
      'Large values come back as `content_omitted`; read them whole with `/items/{item_id}/field`.',
    ...bySet,
    query: ListItemsQuery,
    response: { description: 'the page', body: 'CozeloopListEvaluationSetItemsResponse' },
  }),
  op({
    path: `${BASE}/{evaluation_set_id}/items/{item_id}/field`,
    operationId: 'cozeloopGetEvaluationSetItemField',
    summary: 'Cozeloop: one value whole (`field_name` or `field_key`; `turn_id` for a multi-turn item)',
    description: 'The answer carries `field_data` beside `code`, as Cozeloop’s does.',
    pathParams: { ...bySet.pathParams, item_id: IdParam },
    params: { ...bySet.params, item_id: { description: 'the item’s id', example: '1' } },
    query: ItemFieldQuery,
    response: { description: 'the value', body: 'CozeloopEvaluationSetItemFieldResponse' },
  }),
  op({
    method: 'post',
    path: `${BASE}/{evaluation_set_id}/import`,
    operationId: 'cozeloopImportEvaluationSet',
    summary: 'Cozeloop: import a CSV, JSONL, Parquet or XLSX file into the draft as a background job',
    description:
      '`file.path` is a key of the workspace files (POST /v1/loop/files/upload), or a URL with `download_url` ' +
      'or provider 6 (ExternalUrl); `field_mappings` map file columns to fields; `option.overwrite_dataset` ' +
      'replaces the draft’s items.',
    ...bySet,
    body: ImportRequest,
    response: { description: 'the job’s id', body: 'CozeloopImportEvaluationSetResponse' },
  }),
  op({
    path: `${BASE}/io_job/{job_id}`,
    operationId: 'cozeloopGetEvaluationSetIoJob',
    summary: 'Cozeloop: an import job’s status, progress and row errors',
    pathParams: { job_id: JobIdParam },
    params: { job_id: { description: 'the job’s id', example: '1' }, ...workspaceParam },
    query: WorkspaceQuery,
    response: { description: 'the job', body: 'CozeloopEvaluationSetIoJobResponse' },
  }),
];
