import type { SqlClient } from '../../core/metadata/types';
import { AppError, type PluginContext } from '../sdk/index';
import type { ByteSource } from './io/byte-source';
import { ErrorGroups } from './io/error-groups';
import type { ReadLimits } from './io/formats';
import { proposeMapping, type ColumnMapping } from './io/inference';
import { readRows } from './io/read-rows';
import { rowToItem } from './io/row-to-item';
import { chunkSource, dropChunks, storeChunks } from './jobs-chunks';
import type { JobRow, JobsTable } from './jobs-store';
import { checkItem } from './item-validation';
import type { DatasetLimits, DatasetStore, FieldSchema, NewItem } from './types';
import { createJsonSchemas } from './value-check';

export interface ImportRunDeps {
  sql: SqlClient;
  jobs: JobsTable;
  store: DatasetStore;
  files: PluginContext['files'];
  egress: Pick<PluginContext['egress'], 'fetch'>;
  limits: ReadLimits;
  /** Largest file an import takes. */
  maxFileBytes: number;
  /** The bounds the store checks (`maxItems`: reading stops past it). */
  itemLimits: DatasetLimits;
}

const BATCH = 100;
/** Progress is saved (and a cancel seen) at least this often while checking. */
const CHECK_SAVE_ROWS = 1000;

/** Stops a run: the job was cancelled, or this process is stopping. */
class Interrupt extends Error {
  constructor(readonly why: 'cancel' | 'stop') {
    super(why);
  }
}

/** The mapping a job uses: the one given, or every column to the field of the same name. */
function mappingFor(job: JobRow, fields: readonly FieldSchema[]) {
  if (job.mapping !== null) {
    const names = new Set(fields.map((f) => f.name));
    const unknown = job.mapping.filter((m) => !names.has(m.target)).map((m) => m.target);
    if (unknown.length > 0)
      throw new AppError(
        'invalid_argument',
        `the mapping names fields the dataset does not have: ${unknown.join(', ')}`,
      );
    const given = job.mapping;
    return () => given;
  }
  let known: { keys: string; mapping: ColumnMapping[] } | undefined;
  return (cells: Record<string, unknown>) => {
    const keys = Object.keys(cells).join('\u0000');
    if (known?.keys !== keys) known = { keys, mapping: proposeMapping(Object.keys(cells), fields) };
    return known.mapping;
  };
}

/** Downloads a URL source into the job's chunks (through the egress policy). */
async function fetchSource(job: JobRow, deps: ImportRunDeps): Promise<number> {
  await dropChunks(deps.sql, job.id);
  const touch = () => deps.jobs.touch(job.id);
  if (job.source.kind === 'url') {
    const res = await deps.egress.fetch(job.source.url);
    if (!res.ok || res.body === null)
      throw new AppError('invalid_argument', `the file URL answered ${res.status}`);
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > deps.maxFileBytes) {
      await res.body.cancel();
      throw new AppError('too_large', `the file at the URL is larger than ${deps.maxFileBytes} bytes`);
    }
    return storeChunks(deps.sql, job.id, res.body, deps.maxFileBytes, touch);
  }
  if (job.source.kind === 'file') {
    const file = await deps.files.get(job.workspace_id, job.source.key);
    if (file === undefined) throw new AppError('not_found', `no file with the key ${job.source.key}`);
    return storeChunks(deps.sql, job.id, [file.data], deps.maxFileBytes, touch);
  }
  return job.file_bytes;
}

/**
 * Runs one claimed import. All-or-nothing unless `partial`: a first pass reads and converts every row without
 * writing (bad rows, a truncated file or too many rows fail the job with nothing written); a second pass reads
 * the file again and writes batches of 100 through the store, recording the ids it added so a refusal or a cancel
 * removes them. `partial` skips the first pass and keeps what was written.
 */
export async function runImport(job: JobRow, deps: ImportRunDeps, stopping: () => boolean): Promise<void> {
  const { jobs } = deps;
  const errors = new ErrorGroups(10);
  for (const g of job.errors) errors.addGroups([g], (i) => i);
  let state = {
    phase: job.phase,
    total: job.total,
    processed: job.processed,
    added: job.added,
    failed: job.failed,
    writtenRows: job.written_rows,
  };
  const save = async () => {
    const { cancel } = await jobs.progress(job.id, { ...state, errors: errors.toJSON() });
    if (cancel) throw new Interrupt('cancel');
    if (stopping()) throw new Interrupt('stop');
  };
  try {
    const dataset = await deps.store.get(job.workspace_id, job.dataset_id);
    if (dataset === undefined) throw new AppError('not_found', 'the dataset was deleted');
    let size = job.file_bytes;
    if (state.phase === 'fetch') {
      size = await fetchSource(job, deps);
      await deps.sql.query('UPDATE dataset_io_jobs SET file_bytes = $2 WHERE id = $1', [job.id, size]);
      state = { ...state, phase: job.partial ? 'write' : 'check' };
      await save();
    } else if (job.partial && state.phase === 'check') state = { ...state, phase: 'write' };
    const source = chunkSource(deps.sql, job.id, size);
    const mapping = mappingFor(job, dataset.fields);
    // Room for rows of this file; a resumed write counts what it already added as its own.
    const mine = state.phase === 'write' ? state.added : 0;
    const room =
      job.mode === 'overwrite'
        ? deps.itemLimits.maxItems
        : Math.max(0, deps.itemLimits.maxItems - dataset.itemCount + mine);
    if (state.phase === 'check') {
      await check(job, deps, source, mapping, dataset.fields, room, errors, (p) => {
        state = { ...state, ...p };
        return save();
      });
      if (errors.count > 0) {
        state = { ...state, failed: errors.count };
        await save();
        await jobs.finish(
          job.id,
          'failed',
          `${errors.count} rows cannot be imported; nothing was written (a partial import writes the others)`,
        );
        return;
      }
      state = { ...state, phase: 'write', total: state.processed, processed: 0, failed: 0 };
      await save();
    }
    await write(job, deps, source, mapping, dataset.fields, room, errors, state, async (p) => {
      state = { ...state, ...p };
      await save();
    });
    await jobs.finish(job.id, 'completed', undefined);
  } catch (e) {
    if (e instanceof Interrupt && e.why === 'stop') {
      await jobs.release(job.id);
      return;
    }
    const cancelled = e instanceof Interrupt;
    if (!job.partial) await rollBack(job, deps);
    const message = cancelled
      ? undefined
      : e instanceof AppError
        ? e.message
        : 'the import failed on an internal error';
    await jobs.progress(job.id, { ...state, errors: errors.toJSON() }).catch(() => undefined);
    await jobs.finish(job.id, cancelled ? 'cancelled' : 'failed', message);
    if (!cancelled && !(e instanceof AppError)) throw e;
  }
}

type Mapper = (cells: Record<string, unknown>) => readonly ColumnMapping[];

async function check(
  job: JobRow,
  deps: ImportRunDeps,
  source: ByteSource,
  mapping: Mapper,
  fields: readonly FieldSchema[],
  room: number,
  errors: ErrorGroups,
  save: (p: { processed: number; failed: number }) => Promise<void>,
): Promise<void> {
  let processed = 0;
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const schemas = createJsonSchemas();
  for await (const row of readRows(job.format, source, { encoding: job.encoding, limits: deps.limits })) {
    processed++;
    if (processed > room) {
      errors.add(
        'exceed_dataset_capacity',
        row.index,
        `the file has more rows than the dataset has room for (${room})`,
      );
      break;
    }
    if ('error' in row) errors.add('illegal_content', row.index, row.error);
    else {
      const converted = rowToItem(row.cells, mapping(row.cells), fields);
      if (!converted.ok) for (const p of converted.problems) errors.add(p.code, row.index, p.message);
      else {
        // The store's own rules, so the write pass is not refused for a row this pass let through.
        const bad = checkItem(converted.item, byKey, deps.itemLimits, schemas);
        if (bad !== undefined) errors.add(bad.code, row.index, bad.message);
      }
    }
    if (processed % CHECK_SAVE_ROWS === 0) await save({ processed, failed: errors.count });
  }
  await save({ processed, failed: errors.count });
}

async function write(
  job: JobRow,
  deps: ImportRunDeps,
  source: ByteSource,
  mapping: Mapper,
  fields: readonly FieldSchema[],
  room: number,
  errors: ErrorGroups,
  start: { processed: number; added: number; failed: number; writtenRows: number },
  save: (p: { processed: number; added: number; failed: number; writtenRows: number }) => Promise<void>,
): Promise<void> {
  let { processed, added, failed, writtenRows } = start;
  if (job.mode === 'overwrite' && writtenRows === 0)
    await deps.store.clearDraft(job.workspace_id, job.dataset_id, job.created_by);
  let batch: { item: NewItem; row: number }[] = [];
  let rowsInBatch = 0;
  let full = false;
  const flush = async () => {
    if (batch.length > 0) {
      const result = await deps.store.writeItems(
        job.workspace_id,
        job.dataset_id,
        batch.map((b) => b.item),
        { skipInvalid: job.partial, allowPartial: job.partial },
        job.created_by,
      );
      const rows = batch.map((b) => b.row);
      errors.addGroups(result.errors, (i) => rows[i] ?? i);
      if (!result.written && !job.partial) {
        throw new AppError('invalid_argument', 'the dataset refused rows; nothing was kept');
      }
      await deps.jobs.recordWritten(
        job.id,
        result.outputs.filter((o) => o.isNew).map((o) => o.itemId),
      );
      added += result.outputs.length;
      failed += batch.length - result.outputs.length;
      full = result.errors.some((g) => g.code === 'exceed_dataset_capacity');
    }
    processed += rowsInBatch;
    writtenRows += rowsInBatch;
    batch = [];
    rowsInBatch = 0;
    await save({ processed, added, failed, writtenRows });
  };
  let seen = 0;
  for await (const row of readRows(job.format, source, { encoding: job.encoding, limits: deps.limits })) {
    if (seen++ < writtenRows) continue;
    if (full || seen > room) {
      if (!full)
        errors.add('exceed_dataset_capacity', row.index, `the dataset has room for ${room} more items`);
      failed++;
      break;
    }
    rowsInBatch++;
    if ('error' in row) {
      errors.add('illegal_content', row.index, row.error);
      failed++;
    } else {
      const converted = rowToItem(row.cells, mapping(row.cells), fields);
      if (converted.ok) batch.push({ item: converted.item, row: row.index });
      else {
        for (const p of converted.problems) errors.add(p.code, row.index, p.message);
        failed++;
      }
    }
    if (rowsInBatch === BATCH) await flush();
  }
  await flush();
}

/** Removes the items this job added (an all-or-nothing import that failed or was cancelled). */
async function rollBack(job: JobRow, deps: ImportRunDeps): Promise<void> {
  for await (const ids of deps.jobs.written(job.id))
    await deps.store.deleteItems(job.workspace_id, job.dataset_id, ids, job.created_by);
}
