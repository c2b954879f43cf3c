import type { SqlClient } from '../../core/metadata/types';
import { AppError } from '../sdk/index';
import type { ColumnMapping } from './io/inference';
import type { ImportFormat, TextEncoding } from './io/formats';
import { storeChunks } from './jobs-chunks';
import type { ImportMode, ImportSource, JobView } from './jobs-schema';
import { jobsTable, jobView } from './jobs-store';
import type { DatasetStore, Page } from './types';

/** 2 GiB: the largest import file, refused by its declared length and again by counting. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024 * 1024;

export interface ImportRequest {
  format: ImportFormat;
  encoding?: TextEncoding;
  mode?: ImportMode;
  /** Write the valid rows and report the others (otherwise one bad row fails the import, nothing written). */
  partial?: boolean;
  /** File column → field name; absent maps each column to the field of the same name (ignoring case). */
  mapping?: ColumnMapping[] | undefined;
}

/**
 * Import jobs of the datasets plugin. Other parts of the plugin (Cozeloop's `/import`) start imports through
 * `startFrom`; the REST route streams an upload through `upload`.
 *
 * @example
 * const job = await imports.startFrom(ws, datasetId, { kind: 'file', key: 'uploads/a.csv' },
 *   { format: 'csv', mode: 'overwrite' }, actor);
 */
export interface DatasetImports {
  /** Streams a request body into the job's stored file; `too_large` past 2 GiB (the job is removed then). */
  upload(
    workspaceId: string,
    datasetId: string,
    request: ImportRequest,
    body: AsyncIterable<Uint8Array>,
    actor: string,
  ): Promise<JobView>;
  /** Queues an import of a file-store key or of a URL fetched through the egress policy by the job runner. */
  startFrom(
    workspaceId: string,
    datasetId: string,
    source: Exclude<ImportSource, { kind: 'upload' }>,
    request: ImportRequest,
    actor: string,
  ): Promise<JobView>;
  /** A job of the workspace; of that dataset only when `datasetId` is given. */
  get(workspaceId: string, jobId: string, datasetId?: string): Promise<JobView | undefined>;
  list(
    workspaceId: string,
    datasetId: string,
    query: { cursor?: string | undefined; limit: number },
  ): Promise<Page<JobView>>;
  cancel(workspaceId: string, datasetId: string, jobId: string): Promise<JobView>;
}

export function createDatasetImports(deps: {
  sql: SqlClient;
  store: Pick<DatasetStore, 'get'>;
  /** Tells this process's runner a job was queued. */
  queued: () => void;
}): DatasetImports {
  const jobs = jobsTable(deps.sql);
  const newJob = async (
    workspaceId: string,
    datasetId: string,
    source: ImportSource,
    request: ImportRequest,
    actor: string,
  ) => {
    const dataset = await deps.store.get(workspaceId, datasetId);
    if (dataset === undefined) throw new AppError('not_found', 'dataset not found');
    const names = new Set(dataset.fields.map((f) => f.name));
    const unknown = (request.mapping ?? []).filter((m) => !names.has(m.target)).map((m) => m.target);
    if (unknown.length > 0)
      throw new AppError(
        'invalid_argument',
        `the mapping names fields the dataset does not have: ${unknown.join(', ')}`,
      );
    return jobs.create(
      {
        workspaceId,
        datasetId,
        format: request.format,
        encoding: request.encoding ?? 'utf-8',
        mode: request.mode ?? 'append',
        partial: request.partial ?? false,
        mapping: request.mapping,
        source,
        actor,
      },
      source.kind === 'upload' ? 'uploading' : 'pending',
    );
  };
  return {
    async upload(workspaceId, datasetId, request, body, actor) {
      const job = await newJob(workspaceId, datasetId, { kind: 'upload' }, request, actor);
      let bytes: number;
      try {
        bytes = await storeChunks(deps.sql, job.id, body, MAX_IMPORT_BYTES, () => jobs.touch(job.id));
      } catch (e) {
        await jobs.remove(job.id);
        throw e;
      }
      if (bytes === 0) {
        await jobs.remove(job.id);
        throw new AppError('invalid_argument', 'the file is empty');
      }
      const ready = await jobs.uploaded(job.id, bytes);
      deps.queued();
      return jobView(ready);
    },
    async startFrom(workspaceId, datasetId, source, request, actor) {
      const job = await newJob(workspaceId, datasetId, source, request, actor);
      deps.queued();
      return jobView(job);
    },
    async get(workspaceId, jobId, datasetId) {
      const row = await jobs.get(workspaceId, jobId, datasetId);
      return row === undefined ? undefined : jobView(row);
    },
    async list(workspaceId, datasetId, query) {
      const page = await jobs.list(workspaceId, datasetId, query);
      return { ...page, items: page.items.map(jobView) };
    },
    async cancel(workspaceId, datasetId, jobId) {
      const row = await jobs.cancel(workspaceId, datasetId, jobId);
      if (row === undefined) throw new AppError('not_found', 'job not found');
      return jobView(row);
    },
  };
}
