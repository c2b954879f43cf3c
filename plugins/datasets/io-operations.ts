import { z } from 'zod';
import type { PluginOperation } from '../sdk/index';
import {
  ExportQuery,
  ImportQuery,
  JobIdParam,
  JobPage,
  JobView,
  JobsQuery,
  PreviewQuery,
  PreviewView,
} from './jobs-schema';

// Import and export routes (io-routes.ts), relative to /api/v1/datasets.

export const IO_COMPONENTS = {
  DatasetJob: JobView,
  DatasetJobPage: JobPage,
  DatasetImportPreview: PreviewView,
};

const DatasetId = z.string().min(1).max(20);
const byDataset = {
  pathParams: { id: DatasetId },
  params: { id: { description: 'the dataset id', example: '1' } },
};
const byJob = {
  pathParams: { id: DatasetId, jobId: JobIdParam },
  params: { ...byDataset.params, jobId: { description: 'the job id', example: '1' } },
};
const fileParams = {
  format: { description: 'csv, jsonl, parquet or xlsx', example: 'csv' },
  encoding: { description: 'utf-8 (a BOM is dropped) or gb18030, for csv and jsonl', example: 'utf-8' },
};

export const IO_OPERATIONS: readonly PluginOperation[] = [
  {
    method: 'post',
    path: '/{id}/imports/preview',
    operationId: 'previewDatasetImport',
    summary: 'Column types inferred from the first rows of a file and a column → field mapping by name',
    description:
      'The body is the raw file. CSV and JSONL are read from their first 4 MiB (send only the start of a large ' +
      'file); Parquet and XLSX are read whole, up to 64 MiB.',
    ...byDataset,
    query: PreviewQuery,
    params: { ...byDataset.params, ...fileParams },
    response: {
      description: 'columns, the first 10 rows as text and the proposed mapping',
      body: 'DatasetImportPreview',
    },
    errors: ['400', '404', '413'],
  },
  {
    method: 'post',
    path: '/{id}/imports',
    operationId: 'importDatasetFile',
    summary: 'Import a file into the draft as a background job (the body is the raw file, up to 2 GiB)',
    description:
      'The upload is stored as it arrives, then a job reads it: all-or-nothing unless partial=true (a bad row, a ' +
      'truncated file or too many rows fail the job with nothing written). Poll the job for progress and errors.',
    ...byDataset,
    query: ImportQuery,
    params: {
      ...byDataset.params,
      ...fileParams,
      mode: { description: 'append, or overwrite (the draft is emptied first)', example: 'append' },
      partial: { description: 'write the valid rows and report the others', example: 'false' },
      mapping: {
        description:
          'JSON [{source, target}]: file column → field name; absent maps columns to fields of the same name',
        example: '[{"source":"Question","target":"input"}]',
      },
    },
    status: '202',
    response: { description: 'the queued job', body: 'DatasetJob' },
    errors: ['400', '404', '413'],
  },
  {
    path: '/{id}/jobs',
    operationId: 'listDatasetJobs',
    summary: "The dataset's import jobs, newest first",
    ...byDataset,
    query: JobsQuery,
    params: {
      ...byDataset.params,
      cursor: { description: 'the nextCursor of the previous page' },
      limit: { description: 'jobs per page', example: '20' },
    },
    response: { description: 'a page of jobs', body: 'DatasetJobPage' },
    errors: ['400', '404'],
  },
  {
    path: '/{id}/jobs/{jobId}',
    operationId: 'getDatasetJob',
    summary: 'One job: status, progress and the row errors (at most 10 rows per rule)',
    ...byJob,
    response: { description: 'the job', body: 'DatasetJob' },
    errors: ['400', '404'],
  },
  {
    method: 'post',
    path: '/{id}/jobs/{jobId}/cancel',
    operationId: 'cancelDatasetJob',
    summary: 'Cancel a job; an all-or-nothing import removes what it wrote',
    ...byJob,
    response: { description: 'the job', body: 'DatasetJob' },
    errors: ['400', '404'],
  },
  {
    path: '/{id}/export',
    operationId: 'exportDataset',
    summary: 'A version (or the draft) as a CSV, JSONL or Parquet file, streamed',
    ...byDataset,
    query: ExportQuery,
    params: {
      ...byDataset.params,
      version: { description: 'a version id; absent exports the draft', example: '1' },
      format: { description: 'csv, jsonl or parquet', example: 'csv' },
    },
    response: {
      description: 'the file (Content-Disposition: attachment)',
      mediaTypes: ['text/csv', 'application/x-ndjson', 'application/vnd.apache.parquet'],
    },
    errors: ['400', '404'],
  },
];
