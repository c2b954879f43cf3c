import { z } from 'zod';
import type { SqlClient } from '../../core/metadata/types';
import type { ItemErrorGroup, Page } from './types';
import { ColumnMappingSchema, ImportMode, ImportSource, type JobView } from './jobs-schema';
import type { ColumnMapping } from './io/inference';
import { ImportFormat, TextEncoding } from './io/formats';

/** `uploading` is a job whose file is still arriving; the API shows it as pending. */
const StoredStatus = z.enum(['uploading', 'pending', 'running', 'completed', 'failed', 'cancelled']);

const JobRow = z.object({
  id: z.coerce.string(),
  workspace_id: z.string(),
  dataset_id: z.string(),
  kind: z.enum(['import', 'export']),
  status: StoredStatus,
  phase: z.enum(['fetch', 'check', 'write']),
  format: ImportFormat,
  encoding: TextEncoding,
  mode: ImportMode,
  partial: z.boolean(),
  mapping: z.array(ColumnMappingSchema).nullable(),
  source: ImportSource,
  file_bytes: z.coerce.number(),
  total: z.number().nullable(),
  processed: z.number(),
  added: z.number(),
  failed: z.number(),
  written_rows: z.number(),
  errors: z.array(z.custom<ItemErrorGroup>()),
  message: z.string().nullable(),
  cancel_requested: z.boolean(),
  created_by: z.string(),
  created_at: z.date(),
  finished_at: z.date().nullable(),
});
export type JobRow = z.infer<typeof JobRow>;

export const jobRow = (row: unknown): JobRow => JobRow.parse(row);

export function jobView(row: JobRow): JobView {
  return {
    id: row.id,
    datasetId: row.dataset_id,
    kind: row.kind,
    status: row.status === 'uploading' ? 'pending' : row.status,
    format: row.format,
    mode: row.mode,
    partial: row.partial,
    progress: {
      ...(row.total === null ? {} : { total: row.total }),
      processed: row.processed,
      added: row.added,
      failed: row.failed,
    },
    errors: row.errors,
    ...(row.message === null ? {} : { message: row.message }),
    createdAt: row.created_at.toISOString(),
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at.toISOString() }),
  };
}

export interface NewJob {
  workspaceId: string;
  datasetId: string;
  format: ImportFormat;
  encoding: TextEncoding;
  mode: ImportMode;
  partial: boolean;
  mapping: ColumnMapping[] | undefined;
  source: ImportSource;
  actor: string;
}

/** The rows of `dataset_io_jobs`: every read is scoped by workspace. */
export function jobsTable(sql: SqlClient) {
  const get = async (workspaceId: string, jobId: string, datasetId?: string): Promise<JobRow | undefined> => {
    const rows = await sql.query(
      `SELECT * FROM dataset_io_jobs WHERE workspace_id = $1 AND id = $2 AND ($3::text IS NULL OR dataset_id = $3)`,
      [workspaceId, jobId, datasetId ?? null],
    );
    return rows[0] === undefined ? undefined : jobRow(rows[0]);
  };
  return {
    get,

    async create(job: NewJob, status: 'uploading' | 'pending'): Promise<JobRow> {
      const rows = await sql.query(
        `INSERT INTO dataset_io_jobs (workspace_id, dataset_id, kind, status, phase, format, encoding, mode, partial,
         mapping, source, created_by)
       VALUES ($1, $2, 'import', $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
        [
          job.workspaceId,
          job.datasetId,
          status,
          // A URL or a file-store key is copied into the job's chunks first; an upload is there already.
          job.source.kind === 'upload' ? 'check' : 'fetch',
          job.format,
          job.encoding,
          job.mode,
          job.partial,
          job.mapping === undefined ? null : JSON.stringify(job.mapping),
          JSON.stringify(job.source),
          job.actor,
        ],
      );
      return jobRow(rows[0]);
    },

    async list(
      workspaceId: string,
      datasetId: string,
      query: { cursor?: string | undefined; limit: number },
    ): Promise<Page<JobRow>> {
      const rows = await sql.query(
        `SELECT * FROM dataset_io_jobs WHERE workspace_id = $1 AND dataset_id = $2
         AND ($3::bigint IS NULL OR id < $3) ORDER BY id DESC LIMIT $4`,
        [workspaceId, datasetId, query.cursor ?? null, query.limit + 1],
      );
      const count = await sql.query(
        'SELECT count(*)::int AS n FROM dataset_io_jobs WHERE workspace_id = $1 AND dataset_id = $2',
        [workspaceId, datasetId],
      );
      const items = rows.slice(0, query.limit).map(jobRow);
      const last = items.at(-1);
      return {
        items,
        ...(rows.length > query.limit && last !== undefined ? { nextCursor: last.id } : {}),
        total: Number(count[0]?.n ?? 0),
      };
    },

    /** The file has arrived: the job can be claimed. */
    async uploaded(jobId: string, bytes: number): Promise<JobRow> {
      const rows = await sql.query(
        `UPDATE dataset_io_jobs SET status = 'pending', file_bytes = $2, heartbeat_at = now()
       WHERE id = $1 AND status = 'uploading' RETURNING *`,
        [jobId, bytes],
      );
      if (rows[0] === undefined) throw new Error(`job ${jobId} left the uploading state`);
      return jobRow(rows[0]);
    },

    async touch(jobId: string): Promise<void> {
      await sql.query('UPDATE dataset_io_jobs SET heartbeat_at = now() WHERE id = $1', [jobId]);
    },

    async remove(jobId: string): Promise<void> {
      await sql.query('DELETE FROM dataset_io_jobs WHERE id = $1', [jobId]);
    },

    /**
     * Claims the oldest runnable job (pending, or running with a heartbeat older than `staleSeconds`: its process
     * died), skipping rows another process is claiming.
     */
    async claim(staleSeconds: number): Promise<JobRow | undefined> {
      const rows = await sql.query(
        `UPDATE dataset_io_jobs SET status = 'running', heartbeat_at = now()
       WHERE id = (
         SELECT id FROM dataset_io_jobs
         WHERE status = 'pending' OR (status = 'running' AND heartbeat_at < now() - make_interval(secs => $1))
         ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
       ) RETURNING *`,
        [staleSeconds],
      );
      return rows[0] === undefined ? undefined : jobRow(rows[0]);
    },

    /** Uploads whose process died: failed, their chunks dropped. */
    async failStaleUploads(staleSeconds: number): Promise<void> {
      await sql.query(
        `UPDATE dataset_io_jobs SET status = 'failed', message = 'the upload was interrupted', finished_at = now()
       WHERE status = 'uploading' AND heartbeat_at < now() - make_interval(secs => $1)`,
        [staleSeconds],
      );
      await sql.query(
        `DELETE FROM dataset_io_chunks c USING dataset_io_jobs j
       WHERE c.job_id = j.id AND j.status IN ('failed', 'cancelled', 'completed')`,
      );
    },

    /** Saves progress and the heartbeat; answers whether a cancel was asked for. */
    async progress(
      jobId: string,
      p: {
        phase: JobRow['phase'];
        total: number | null;
        processed: number;
        added: number;
        failed: number;
        writtenRows: number;
        errors: ItemErrorGroup[];
      },
    ): Promise<{ cancel: boolean }> {
      const rows = await sql.query(
        `UPDATE dataset_io_jobs SET phase = $2, total = $3, processed = $4, added = $5, failed = $6,
         written_rows = $7, errors = $8, heartbeat_at = now()
       WHERE id = $1 RETURNING cancel_requested`,
        [jobId, p.phase, p.total, p.processed, p.added, p.failed, p.writtenRows, JSON.stringify(p.errors)],
      );
      return { cancel: rows[0]?.cancel_requested === true };
    },

    async finish(
      jobId: string,
      status: 'completed' | 'failed' | 'cancelled',
      message: string | undefined,
    ): Promise<void> {
      await sql.query(
        `UPDATE dataset_io_jobs SET status = $2, message = $3, finished_at = now(), heartbeat_at = now() WHERE id = $1`,
        [jobId, status, message ?? null],
      );
      await sql.query('DELETE FROM dataset_io_chunks WHERE job_id = $1', [jobId]);
      await sql.query('DELETE FROM dataset_io_written WHERE job_id = $1', [jobId]);
    },

    /** Back to pending for another process (this one stops). */
    async release(jobId: string): Promise<void> {
      await sql.query(`UPDATE dataset_io_jobs SET status = 'pending' WHERE id = $1 AND status = 'running'`, [
        jobId,
      ]);
    },

    /** A job not yet running is cancelled at once; a running one is asked to stop. */
    async cancel(workspaceId: string, datasetId: string, jobId: string): Promise<JobRow | undefined> {
      await sql.query(
        `UPDATE dataset_io_jobs SET status = 'cancelled', finished_at = now()
       WHERE workspace_id = $1 AND dataset_id = $2 AND id = $3 AND status IN ('uploading', 'pending')`,
        [workspaceId, datasetId, jobId],
      );
      await sql.query(
        `UPDATE dataset_io_jobs SET cancel_requested = true
       WHERE workspace_id = $1 AND dataset_id = $2 AND id = $3 AND status = 'running'`,
        [workspaceId, datasetId, jobId],
      );
      await sql.query(
        `DELETE FROM dataset_io_chunks c USING dataset_io_jobs j WHERE c.job_id = j.id AND j.id = $1
         AND j.status = 'cancelled'`,
        [jobId],
      );
      return get(workspaceId, jobId, datasetId);
    },

    async recordWritten(jobId: string, itemIds: string[]): Promise<void> {
      if (itemIds.length > 0)
        await sql.query('INSERT INTO dataset_io_written (job_id, item_ids) VALUES ($1, $2)', [
          jobId,
          itemIds,
        ]);
    },

    /** Ids of the items a job added, a batch at a time. */
    async *written(jobId: string): AsyncIterable<string[]> {
      for (let after = 0; ;) {
        const rows = await sql.query(
          'SELECT id, item_ids FROM dataset_io_written WHERE job_id = $1 AND id > $2 ORDER BY id LIMIT 100',
          [jobId, after],
        );
        if (rows.length === 0) return;
        for (const row of rows) {
          after = Number(row.id);
          yield z.array(z.string()).parse(row.item_ids);
        }
      }
    },
  };
}
export type JobsTable = ReturnType<typeof jobsTable>;
