import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../core/access/api-keys';
import { createWorkspace } from '../core/access/workspaces';
import { openChdbExecutor } from '../core/clickhouse/chdb-executor';
import { bearer, callApi, exportGrpc, exportHttp, protobufExport } from './access-test-kit';
import { hexId, msToNs } from './otlp-json-request';
import { startTestInstance, type TestInstance } from './test-instance';

let spanloop: TestInstance;
let stopped = false;
beforeAll(async () => {
  spanloop = await startTestInstance();
});
afterAll(async () => {
  if (!stopped) await spanloop.stop();
});

const oneSpan = (traceId: string) => [
  { service: 'retention', spans: [{ traceId, spanId: hexId(8), name: 'op', startNs: msToNs(Date.now()) }] },
];

describe('retention per workspace', () => {
  it("stamps each span with its workspace's retention at receipt, which the API can change", async () => {
    const ws = await createWorkspace(spanloop.metadata, { name: 'short-lived', retentionDays: 3 });
    if (ws === undefined) throw new Error('workspace not created');
    const { secret } = await createApiKey(spanloop.metadata, {
      workspaceId: ws.id,
      name: 'sdk',
      scopes: ['ingest', 'read', 'admin'],
    });
    const before = hexId(16);
    expect((await exportHttp(spanloop, bearer(secret), oneSpan(before))).status).toBe(200);
    const patched = await callApi(spanloop, '/api/v1/workspace', bearer(secret), {
      method: 'PATCH',
      body: { retentionDays: 9 },
    });
    expect(JSON.parse(patched.text)).toMatchObject({ id: ws.id, retentionDays: 9 });
    const after = protobufExport('retention');
    expect((await exportGrpc(spanloop, bearer(secret), after.body)).code).toBe(0);
    const keyless = hexId(16);
    expect((await exportHttp(spanloop, {}, oneSpan(keyless))).status).toBe(200);

    // Read the table itself: the API does not show the retention column.
    await spanloop.stop();
    stopped = true;
    const executor = await openChdbExecutor({
      path: join(spanloop.config.dataDir, 'clickhouse'),
      readers: 1,
    });
    try {
      const rows = (await executor.query(
        'SELECT TraceId, WorkspaceId, RetentionDays FROM spans WHERE TraceId IN {ids:Array(String)} ORDER BY RetentionDays',
        { ids: [before, after.traceId, keyless] },
      )) as { TraceId: string; WorkspaceId: string; RetentionDays: number }[];
      expect(rows.map((r) => [r.TraceId, r.WorkspaceId, Number(r.RetentionDays)])).toEqual([
        [keyless, 'default', 0],
        [before, ws.id, 3],
        [after.traceId, ws.id, 9],
      ]);
    } finally {
      await executor.close();
    }
  });
});
