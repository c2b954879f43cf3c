import type { PluginOperation } from '../sdk/index';
import { IdParam } from './cozeloop-schemas';
import { FromTracesPreview, FromTracesRequest, FromTracesWriteResult } from './from-traces-schemas';

// `POST /api/v1/datasets/{id}/from-traces[/preview]` (trace-routes.ts) in Spanloop's OpenAPI document.

export const FROM_TRACES_COMPONENTS = {
  DatasetFromTracesPreview: FromTracesPreview,
  DatasetFromTracesResult: FromTracesWriteResult,
};

const byId = {
  pathParams: { id: IdParam },
  params: { id: { description: 'the dataset’s id', example: '1' } },
};

const request =
  'Spans by `spans` (1–500 `{traceId, spanId}`) or by `search` (`filter` holds the trace search’s filter ' +
  'fields, `start`/`end` its window, `limit` the most spans, 1–500): the spans of the matching traces that ' +
  'meet the span-level conditions. `mappings` fill fields by name from the span’s `input`, `output`, ' +
  '`messages` (input then output), `attributes` or `span` (name, duration, model, tokens, cost…) through an ' +
  'optional JSONPath (script filters are off). Each item keeps `source {traceId, spanId}` and the item key ' +
  '`span:<traceId>:<spanId>`, so adding a span again updates its item.';

export const FROM_TRACES_OPERATIONS: readonly PluginOperation[] = [
  {
    method: 'post',
    path: '/{id}/from-traces/preview',
    operationId: 'previewDatasetFromTraces',
    summary: 'The items a from-traces write would add, fields by name, and the spans it would skip',
    description: `${request} Read-only; the write adds exactly these items.`,
    scope: 'read',
    ...byId,
    body: FromTracesRequest,
    response: { description: 'the items and the skipped spans', body: 'DatasetFromTracesPreview' },
    errors: ['400', '404', '413'],
  },
  {
    method: 'post',
    path: '/{id}/from-traces',
    operationId: 'addDatasetItemsFromTraces',
    summary: 'Add items made of spans to the dataset’s draft',
    description:
      `${request} Written 100 at a time: all or nothing per hundred unless \`skipInvalid\`; a refused hundred ` +
      'stops the write.',
    ...byId,
    body: FromTracesRequest,
    response: { description: 'what was written, why the rest was not', body: 'DatasetFromTracesResult' },
    errors: ['400', '404', '413'],
  },
];
