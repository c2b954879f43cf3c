import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import type { Principal } from '../../core/access/principal';
import { issuesText } from '../../core/zod-issues';
import { AppError, type PluginEnv } from '../sdk/index';
import { bytesSource } from './io/byte-source';
import { cellText } from './io/cell-text';
import { exportBytes } from './io/export-writer';
import { DEFAULT_READ_LIMITS, MEDIA_TYPES, type ImportFormat, type TextEncoding } from './io/formats';
import { inferColumns, proposeMapping } from './io/inference';
import { readRows } from './io/read-rows';
import { MAX_IMPORT_BYTES, type DatasetImports } from './jobs';
import { ExportQuery, ImportQuery, JobIdParam, JobsQuery, PreviewQuery } from './jobs-schema';
import type { DatasetItem, DatasetStore, FieldSchema, VersionRef } from './types';

const MIB = 1024 * 1024;
/** Text formats are previewed from their first bytes; Parquet and XLSX need the whole file. */
const PREVIEW_TEXT_BYTES = 4 * MIB;
const PREVIEW_WHOLE_BYTES = 64 * MIB;
const PREVIEW_ROWS = 100;
const EXPORT_PAGE = 200;

function parse<S extends z.ZodType>(schema: S, value: unknown, name?: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new AppError(
      'invalid_argument',
      `${name === undefined ? '' : `${name}: `}${issuesText(parsed.error)}`,
    );
  return parsed.data;
}

const actorOf = (p: Principal): string =>
  p.subject.kind === 'user'
    ? `user:${p.subject.userId}`
    : p.subject.kind === 'key'
      ? `key:${p.subject.keyId}`
      : 'anonymous';

/** Refuses by Content-Length before a byte is read. */
function declaredSize(c: Context, max: number, what: string): void {
  const declared = Number(c.req.header('content-length') ?? '0');
  if (Number.isFinite(declared) && declared > max)
    throw new AppError('too_large', `${what} is larger than ${max} bytes`);
}

/** The request body as it arrives; an absent body is an empty one. */
async function* bodyChunks(c: Context): AsyncIterable<Uint8Array> {
  const body = c.req.raw.body;
  if (body === null) return;
  const reader: ReadableStreamDefaultReader<Uint8Array> = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** The first `max` bytes of the body (and whether there was more, left unread). */
async function bodyPrefix(c: Context, max: number): Promise<{ data: Uint8Array; cut: boolean }> {
  const parts: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of bodyChunks(c)) {
    parts.push(chunk);
    bytes += chunk.byteLength;
    if (bytes >= max) return { data: new Uint8Array(Buffer.concat(parts).subarray(0, max)), cut: true };
  }
  return { data: new Uint8Array(Buffer.concat(parts)), cut: false };
}

async function preview(c: Context<PluginEnv>, store: DatasetStore) {
  const query = parse(PreviewQuery, c.req.query());
  const dataset = await store.get(c.get('workspaceId'), c.req.param('id') ?? '');
  if (dataset === undefined) throw new AppError('not_found', 'dataset not found');
  const whole = query.format === 'parquet' || query.format === 'xlsx';
  const max = whole ? PREVIEW_WHOLE_BYTES : PREVIEW_TEXT_BYTES;
  if (whole) declaredSize(c, max, `a ${query.format} preview (the whole file is read)`);
  const { data, cut } = await bodyPrefix(c, whole ? max + 1 : max);
  if (whole && cut)
    throw new AppError('too_large', `a ${query.format} preview reads the whole file, up to 64 MiB`);
  if (data.byteLength === 0) throw new AppError('invalid_argument', 'the file is empty');
  const rows = await firstRows(query.format, data, query.encoding, cut);
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows)
    for (const name of Object.keys(row))
      if (!seen.has(name)) {
        seen.add(name);
        columns.push(name);
      }
  return c.json({
    format: query.format,
    encoding: query.encoding,
    columns: inferColumns(columns, rows),
    rows: rows.slice(0, 10).map((r) => Object.fromEntries(columns.map((name) => [name, cellText(r[name])]))),
    mapping: proposeMapping(columns, dataset.fields),
  });
}

/** Rows at the start of a file; when the body was cut, the row the cut fell in is dropped. */
async function firstRows(format: ImportFormat, data: Uint8Array, encoding: TextEncoding, cut: boolean) {
  const rows: Record<string, unknown>[] = [];
  try {
    for await (const row of readRows(format, bytesSource(data), { encoding, limits: DEFAULT_READ_LIMITS })) {
      if ('cells' in row) rows.push(row.cells);
      if (rows.length > PREVIEW_ROWS) break;
    }
  } catch (e) {
    if (!cut || rows.length === 0) throw e;
  }
  if (cut && rows.length <= PREVIEW_ROWS) rows.pop();
  return rows.slice(0, PREVIEW_ROWS);
}

async function* itemPages(
  store: DatasetStore,
  workspaceId: string,
  datasetId: string,
  version: VersionRef,
): AsyncIterable<DatasetItem[]> {
  let cursor: string | undefined;
  do {
    const page = await store.listItems(workspaceId, datasetId, {
      version,
      limit: EXPORT_PAGE,
      full: true,
      ...(cursor === undefined ? {} : { cursor }),
    });
    yield page.items;
    cursor = page.nextCursor;
  } while (cursor !== undefined);
}

/** A byte stream as a response body, pulled as the client reads it. */
function streamOf(bytes: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = bytes[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done === true) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

async function exportFile(c: Context<PluginEnv>, store: DatasetStore) {
  const query = parse(ExportQuery, c.req.query());
  const workspaceId = c.get('workspaceId');
  const datasetId = c.req.param('id') ?? '';
  const dataset = await store.get(workspaceId, datasetId);
  if (dataset === undefined) throw new AppError('not_found', 'dataset not found');
  let fields: FieldSchema[] = dataset.fields;
  let label = 'draft';
  let version: VersionRef = { draft: true };
  if (query.version !== undefined) {
    const found = await store.getVersion(workspaceId, datasetId, query.version);
    if (found === undefined) throw new AppError('not_found', 'version not found');
    fields = found.fields;
    label = found.version;
    version = { versionId: found.id };
  }
  const name = `${dataset.name}-${label}.${query.format}`.replace(/[^\w.-]+/g, '_');
  return new Response(
    streamOf(exportBytes(query.format, fields, itemPages(store, workspaceId, datasetId, version))),
    {
      headers: {
        'content-type': MEDIA_TYPES[query.format],
        'content-disposition': `attachment; filename="${name}"`,
      },
    },
  );
}

/** Import (preview, upload, jobs, cancel) and export routes, relative to /api/v1/datasets. */
export function ioRoutes(app: Hono<PluginEnv>, deps: { store: DatasetStore; imports: DatasetImports }): void {
  const { store, imports } = deps;
  app.post('/:id/imports/preview', (c) => preview(c, store));
  app.post('/:id/imports', async (c) => {
    const query = parse(ImportQuery, c.req.query());
    declaredSize(c, MAX_IMPORT_BYTES, 'the file');
    const job = await imports.upload(
      c.get('workspaceId'),
      c.req.param('id'),
      query,
      bodyChunks(c),
      actorOf(c.get('principal')),
    );
    return c.json(job, 202);
  });
  app.get('/:id/jobs', async (c) => {
    const query = parse(JobsQuery, c.req.query());
    return c.json(await imports.list(c.get('workspaceId'), c.req.param('id'), query));
  });
  app.get('/:id/jobs/:jobId', async (c) => {
    const job = await imports.get(
      c.get('workspaceId'),
      parse(JobIdParam, c.req.param('jobId'), 'jobId'),
      c.req.param('id'),
    );
    if (job === undefined) throw new AppError('not_found', 'job not found');
    return c.json(job);
  });
  app.post('/:id/jobs/:jobId/cancel', async (c) =>
    c.json(
      await imports.cancel(
        c.get('workspaceId'),
        c.req.param('id'),
        parse(JobIdParam, c.req.param('jobId'), 'jobId'),
      ),
    ),
  );
  app.get('/:id/export', (c) => exportFile(c, store));
}
