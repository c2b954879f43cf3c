import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { actorOf, parse } from '../prompts/request-input';
import { AppError, type Principal } from '../sdk/index';
import { ITEM_ERROR_TYPE } from './cozeloop-convert';
import { ImportRequest, WorkspaceQuery, type ImportRequest as ImportBody } from './cozeloop-schemas';
import type { Dataset, ItemErrorCode } from './types';

export type ImportFormat = 'csv' | 'jsonl' | 'parquet' | 'xlsx';

/** An import job as the datasets job API (jobs.ts) reports it. */
export interface CozeloopJob {
  id: string;
  datasetId: string;
  status: 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';
  progress: { total?: number | undefined; processed: number; added: number; failed: number };
  errors: { code: string; message: string; count: number; details: { index: number; message: string }[] }[];
  /** ISO date-times. */
  createdAt: string;
  finishedAt?: string | undefined;
}

/** What the Cozeloop import needs of the datasets import jobs (`DatasetImports` of jobs.ts). */
export interface CozeloopImports {
  /** Queues an import of a key of the workspace file store (Cozeloop's uploads) or of a URL (egress-checked). */
  startFrom(
    workspaceId: string,
    datasetId: string,
    source: { kind: 'file'; key: string } | { kind: 'url'; url: string },
    request: {
      format: ImportFormat;
      mode?: 'append' | 'overwrite';
      partial?: boolean;
      mapping?: { source: string; target: string }[];
    },
    actor: string,
  ): Promise<CozeloopJob>;
  /** A job of the workspace by id, whatever its dataset. */
  get(workspaceId: string, jobId: string): Promise<CozeloopJob | undefined>;
}

export const JobIdParam = z.string().regex(/^\d{1,19}$/, 'a job id (digits)');

const FORMAT_BY_NUMBER: Record<number, ImportFormat> = { 1: 'jsonl', 2: 'parquet', 3: 'csv', 4: 'xlsx' };
const STATUS_NUMBER: Record<CozeloopJob['status'], number> = {
  pending: 1,
  running: 2,
  completed: 3,
  failed: 4,
  cancelled: 5,
};
/** Cozeloop's `StorageProvider.ExternalUrl`: `path` is then the URL. */
const EXTERNAL_URL = 6;

/** The file's format: as given (number or name), else from the file name's extension. */
function formatOf(file: ImportBody['file']): ImportFormat {
  if (typeof file.format === 'number') return FORMAT_BY_NUMBER[file.format] ?? 'csv';
  if (file.format !== undefined) return file.format.toLowerCase() as ImportFormat;
  const name = file.original_file_name ?? file.path ?? file.download_url ?? '';
  const ext = /\.(csv|jsonl|parquet|xlsx)(?:$|\?)/i.exec(name)?.[1]?.toLowerCase();
  if (ext === undefined)
    throw new AppError(
      'invalid_argument',
      'file.format is required when the file name has no known extension',
    );
  return ext as ImportFormat;
}

/** Where the file is: `download_url`, `path` under provider ExternalUrl, else `path` as a files-store key. */
function sourceOf(file: ImportBody['file']): { kind: 'file'; key: string } | { kind: 'url'; url: string } {
  if (file.download_url !== undefined && file.download_url !== '')
    return { kind: 'url', url: file.download_url };
  const provider = file.provider;
  const external =
    provider === EXTERNAL_URL || (typeof provider === 'string' && /^externalurl$/i.test(provider));
  const path = file.files?.[0] ?? file.path;
  if (path === undefined || path === '')
    throw new AppError('invalid_argument', 'file.path or file.download_url is required');
  return external ? { kind: 'url', url: path } : { kind: 'file', key: path };
}

const millis = (iso: string) => String(Date.parse(iso));

/** `DatasetIOJob` (dataset_job.thrift): enums as numbers, int64s as text. */
export const ioJobOut = (workspaceId: string, job: CozeloopJob) => ({
  id: job.id,
  space_id: workspaceId,
  dataset_id: job.datasetId,
  job_type: 1,
  status: STATUS_NUMBER[job.status],
  progress: {
    ...(job.progress.total === undefined ? {} : { total: String(job.progress.total) }),
    processed: String(job.progress.processed),
    added: String(job.progress.added),
  },
  errors: job.errors.map((g) => ({
    type: ITEM_ERROR_TYPE[g.code as ItemErrorCode] ?? 100,
    summary: g.message,
    error_count: g.count,
    details: g.details.map((d) => ({ message: d.message, index: d.index })),
  })),
  created_at: millis(job.createdAt),
  ...(job.finishedAt === undefined ? {} : { ended_at: millis(job.finishedAt) }),
});

interface ImportRouteDeps {
  imports?: CozeloopImports;
  setOf(principal: Principal, c: Context): Promise<Dataset>;
  withBody<S extends z.ZodType>(
    c: Context,
    scope: 'read' | 'write',
    schema: S,
  ): Promise<{ principal: Principal; req: z.output<S> }>;
  withQuery<S extends z.ZodType>(
    c: Context,
    scope: 'read' | 'write',
    schema: S,
  ): Promise<{ principal: Principal; q: z.output<S> }>;
  limit: MiddlewareHandler;
}

const unavailable = () =>
  new AppError('unavailable', 'file imports through the Cozeloop API are not available on this server');

/** `POST /:evaluation_set_id/import` and `GET /io_job/:job_id` on the datasets import jobs. */
export function importRoutes(sets: Hono, deps: ImportRouteDeps): void {
  sets.post('/:evaluation_set_id/import', deps.limit, async (c) => {
    const { principal, req } = await deps.withBody(c, 'write', ImportRequest);
    const set = await deps.setOf(principal, c);
    if (deps.imports === undefined) throw unavailable();
    const names = new Set(set.fields.map((f) => f.name));
    const unknown = req.field_mappings.find((m) => !names.has(m.target));
    if (unknown !== undefined)
      throw new AppError(
        'invalid_argument',
        `field_mappings: the evaluation set has no field "${unknown.target}"`,
      );
    const strategies = (req.option?.field_write_options ?? []).map(
      (o) => o.multi_modal_store_opt?.multi_modal_store_strategy,
    );
    if (strategies.includes('store'))
      throw new AppError(
        'invalid_argument',
        'imports keep media URLs as they are (passthrough); store is not supported',
      );
    const job = await deps.imports.startFrom(
      principal.workspaceId,
      set.id,
      sourceOf(req.file),
      {
        format: formatOf(req.file),
        mode: req.option?.overwrite_dataset === true ? 'overwrite' : 'append',
        mapping: req.field_mappings,
      },
      actorOf(principal),
    );
    return c.json({ code: 0, msg: '', data: { job_id: job.id } });
  });

  sets.get('/io_job/:job_id', async (c) => {
    const { principal } = await deps.withQuery(c, 'read', WorkspaceQuery);
    const jobId = parse(JobIdParam, c.req.param('job_id'), 'job_id');
    if (deps.imports === undefined) throw unavailable();
    const job = await deps.imports.get(principal.workspaceId, jobId);
    if (job === undefined) throw new AppError('not_found', `job ${jobId} not found`);
    return c.json({ code: 0, msg: '', data: { job: ioJobOut(principal.workspaceId, job) } });
  });
}
