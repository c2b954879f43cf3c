// Test support: a running Spanloop with a workspace, a writer key and a dataset store over its metadata, and
// helpers to upload files to the datasets import routes and wait for their jobs.
import { expect } from 'vitest';
import { createEgressPolicy } from '../core/egress/egress-policy';
import { createSqlFileStore } from '../core/files/sql-file-store';
import { DEFAULT_LIMITS } from '../plugins/datasets/options';
import { createDatasetStore } from '../plugins/datasets/sql-dataset-store';
import type { DatasetStore, FieldSchemaInput } from '../plugins/datasets/types';
import type { JobView } from '../plugins/datasets/jobs-schema';
import { keyHeaders, newWorkspace, type Headers } from './access-test-kit';
import type { TestInstance } from './test-instance';

export const field = (name: string, over: Partial<FieldSchemaInput> = {}): FieldSchemaInput => ({
  name,
  description: '',
  contentType: 'text',
  valueType: 'string',
  displayFormat: 'plain_text',
  required: false,
  ...over,
});

export interface IoWorld {
  spanloop: TestInstance;
  workspaceId: string;
  writer: Headers;
  store: DatasetStore;
}

export async function openIoWorld(spanloop: TestInstance, name: string): Promise<IoWorld> {
  const ws = await newWorkspace(spanloop, name);
  return {
    spanloop,
    workspaceId: ws.id,
    writer: await keyHeaders(spanloop, ws.id, ['read', 'write'], 'writer'),
    store: storeOf(spanloop),
  };
}

/** The instance's dataset store, opened beside it on the same metadata database. */
export const storeOf = (spanloop: TestInstance): DatasetStore =>
  createDatasetStore({
    sql: spanloop.metadata,
    files: createSqlFileStore(spanloop.metadata, { maxFileBytes: 1 << 24, maxWorkspaceBytes: 1 << 28 }),
    egress: createEgressPolicy({ allow: [] }),
    limits: DEFAULT_LIMITS,
  });

/** POSTs a raw body; answers the status and the parsed JSON. */
export async function postRaw(
  w: IoWorld,
  path: string,
  body: string | Uint8Array | ReadableStream<Uint8Array>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${w.spanloop.api}/api/v1/datasets${path}`, {
    method: 'POST',
    headers: { ...w.writer, 'content-type': 'application/octet-stream' },
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function getJson(w: IoWorld, path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${w.spanloop.api}/api/v1/datasets${path}`, { headers: w.writer });
  return { status: res.status, body: await res.json() };
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

/** Polls a job until it ends (or `until` holds); answers the last view. */
export async function waitJob(
  w: IoWorld,
  datasetId: string,
  jobId: string,
  until: (job: JobView) => boolean = (j) => TERMINAL.has(j.status),
  timeoutMs = 120_000,
): Promise<JobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status, body } = await getJson(w, `/${datasetId}/jobs/${jobId}`);
    expect(status).toBe(200);
    const job = body as JobView;
    if (until(job)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Uploads a file as an import and waits for the job to end. */
export async function importFile(
  w: IoWorld,
  datasetId: string,
  query: string,
  body: string | Uint8Array | ReadableStream<Uint8Array>,
): Promise<JobView> {
  const res = await postRaw(w, `/${datasetId}/imports?${query}`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return waitJob(w, datasetId, String(res.body.id));
}

/** Text values of every draft item, by field name, in item order. */
export async function draftRows(
  w: IoWorld,
  datasetId: string,
): Promise<Record<string, string | undefined>[]> {
  const ds = await w.store.get(w.workspaceId, datasetId);
  const names = new Map((ds?.fields ?? []).map((f) => [f.key, f.name]));
  const rows: Record<string, string | undefined>[] = [];
  let cursor: string | undefined;
  do {
    const page = await w.store.listItems(w.workspaceId, datasetId, {
      limit: 200,
      full: true,
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const item of page.items)
      rows.push(
        Object.fromEntries(
          Object.entries(item.turns[0]?.fields ?? {}).map(([k, c]) => [
            names.get(k) ?? k,
            c.content_type === 'text' ? c.text : JSON.stringify(c),
          ]),
        ),
      );
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return rows;
}
