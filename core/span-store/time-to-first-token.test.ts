import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spanMigrations } from '../../schemas/clickhouse/span-migrations';
import { StoredSpanRow } from '../../schemas/stored-span';
import { openChdbExecutor } from '../clickhouse/chdb-executor';
import type { ClickHouseExecutor } from '../clickhouse/executor';
import { migrate } from '../clickhouse/migrate';
import { createClickHouseSpanStore, jsonEachRowBody } from './clickhouse-span-store';
import type { SpanRow } from '../../schemas/span-row';
import { hexId, makeRow, newWorkspace } from './make-row';

// chdb binds one data folder per process; vitest runs each test file in its own fork.
const path = join(mkdtempSync(join(tmpdir(), 'spanloop-ttft-')), 'clickhouse');
let executor: ClickHouseExecutor;
beforeAll(async () => {
  executor = await openChdbExecutor({ path, readers: 1 });
});
afterAll(async () => {
  await executor.close();
});

const beforeTtft = { owner: spanMigrations.owner, migrations: spanMigrations.migrations.slice(0, 3) };

describe('time to first token column', () => {
  it('upgrades a table that already holds spans: old rows read 0, new rows keep their value', async () => {
    expect((await migrate(executor, beforeTtft)).applied).toEqual([1, 2, 3]);
    const workspace = newWorkspace();
    const traceId = hexId(16);
    // A writer from before the column: its rows have no such field.
    const old: Partial<SpanRow> = makeRow({ WorkspaceId: workspace, TraceId: traceId });
    delete old.TimeToFirstTokenNs;
    await executor.insert({
      table: 'spans',
      body: jsonEachRowBody([old]),
      settings: { date_time_input_format: 'basic' },
    });

    expect((await migrate(executor, spanMigrations)).applied).toEqual([4]);
    expect((await migrate(executor, spanMigrations)).applied).toEqual([]);

    const streamed = makeRow({
      WorkspaceId: workspace,
      TraceId: traceId,
      Timestamp: '1700000000.500000000',
      SpanType: 'llm',
      TimeToFirstTokenNs: 1_234_567_891,
    });
    await createClickHouseSpanStore(executor).insert({ id: hexId(8), rows: [streamed] });
    const rows = await executor.query(
      `SELECT SpanId, TimeToFirstTokenNs FROM spans WHERE WorkspaceId = {w:String} ORDER BY Timestamp
       SETTINGS output_format_json_quote_64bit_integers = 1`,
      { w: workspace },
    );
    expect(rows).toEqual([
      { SpanId: old.SpanId, TimeToFirstTokenNs: '0' },
      { SpanId: streamed.SpanId, TimeToFirstTokenNs: '1234567891' },
    ]);
  });

  it('reads the column back into the stored span, and a select without it as not reported', async () => {
    const workspace = newWorkspace();
    const row = makeRow({ WorkspaceId: workspace, SpanType: 'llm', TimeToFirstTokenNs: 350_000_000 });
    await createClickHouseSpanStore(executor).insert({ id: hexId(8), rows: [row] });
    const [selected] = await executor.query(
      `SELECT TraceId, SpanId, ParentSpanId, TraceState, SpanName, SpanKind, ServiceName,
           toUnixTimestamp64Nano(Timestamp) AS StartTimeUnixNano, Duration, StatusCode, StatusMessage,
           SpanAttributes, SpanAttributeTypes, ResourceAttributes, ResourceAttributeTypes, ScopeName, ScopeVersion,
           [] AS EventTimes, Events.Name AS EventNames, Events.Attributes AS EventAttributes,
           Events.AttributeTypes AS EventAttributeTypes, Links.TraceId AS LinkTraceIds, Links.SpanId AS LinkSpanIds,
           Links.TraceState AS LinkTraceStates, Links.Attributes AS LinkAttributes,
           Links.AttributeTypes AS LinkAttributeTypes, SpanType, LlmProvider, LlmRequestModel, LlmResponseModel,
           LlmInput, LlmOutput, InputTokens, OutputTokens, TotalTokens, CacheReadTokens, CacheWriteTokens,
           ReasoningTokens, TimeToFirstTokenNs, InputCost, OutputCost, TotalCost, SessionId, UserId, PromptKey,
           PromptVersion
       FROM spans WHERE WorkspaceId = {w:String}
       SETTINGS output_format_json_quote_64bit_integers = 1`,
      { w: workspace },
    );
    expect(StoredSpanRow.parse(selected).llm.timeToFirstTokenNs).toBe(350_000_000);
    const without = { ...(selected as Record<string, unknown>) };
    delete without.TimeToFirstTokenNs;
    expect(StoredSpanRow.parse(without).llm.timeToFirstTokenNs).toBe(0);
  });
});
