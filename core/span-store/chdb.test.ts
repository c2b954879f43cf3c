import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openChdbEngine, openChdbSpanStore } from './chdb-span-store';
import { spanStoreContract } from './contract';
import type { SpanRow } from '../../schemas/span-row';
import { at, hexId, makeRow, newWorkspace } from './make-row';

// chdb binds one data folder per process; vitest runs each test file in its own fork.
const path = join(mkdtempSync(join(tmpdir(), 'spanloop-chdb-')), 'clickhouse');

spanStoreContract('chdb (embedded executor pool)', () => openChdbSpanStore({ path, readers: 2 }));

describe('span schema on chdb', () => {
  it('counts a replayed batch once in the trace lookup, and migrates an open folder again harmlessly', async () => {
    const { executor, store } = await openChdbEngine({ path, readers: 1 });
    try {
      const workspaceId = newWorkspace();
      const traceId = hexId(16);
      const rows = [0, 1, 2].map((s) =>
        makeRow({ WorkspaceId: workspaceId, TraceId: traceId, Timestamp: at(s) }),
      );
      const batch = { id: hexId(8), rows };
      await store.insert(batch);
      await store.insert(batch);
      const lookup = await executor.query(
        `SELECT sum(NumSpans) AS spans, toString(min(Start)) AS start, toString(max(End)) AS end
         FROM spans_trace_id_ts WHERE WorkspaceId = {w:String} AND TraceId = {t:String}`,
        { w: workspaceId, t: traceId },
      );
      expect(lookup).toEqual([
        { spans: 3, start: '2023-11-14 22:13:20.000000000', end: '2023-11-14 22:13:22.000000000' },
      ]);
    } finally {
      await store.close();
    }
  });

  it('expires rows by their retention and keeps RetentionDays = 0 forever', async () => {
    const { executor, store } = await openChdbEngine({ path, readers: 1 });
    try {
      const workspaceId = newWorkspace();
      // RetentionDays is not in SpanRow yet: the ingester will set it from the workspace's retention.
      const old: SpanRow & { RetentionDays: number } = {
        ...makeRow({ WorkspaceId: workspaceId, Timestamp: at(-400 * 86_400) }),
        RetentionDays: 7,
      };
      const kept = makeRow({ WorkspaceId: workspaceId, Timestamp: at(-400 * 86_400) });
      await store.insert({ id: hexId(8), rows: [old, kept] });
      await executor.command('OPTIMIZE TABLE spans FINAL');
      const left = await executor.query('SELECT SpanId FROM spans WHERE WorkspaceId = {w:String}', {
        w: workspaceId,
      });
      expect(left).toEqual([{ SpanId: kept.SpanId }]);
    } finally {
      await store.close();
    }
  });
});
