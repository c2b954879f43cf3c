import { rmSync } from 'node:fs';
import { openChdbExecutor } from './core/clickhouse/chdb-executor';
import { migrate } from './core/clickhouse/migrate';
import { jsonEachRowBody } from './core/span-store/clickhouse-span-store';
import { spanMigrations } from './schemas/clickhouse/span-migrations';
import { spanGenerator } from './bench/store-data';
import type { SpanRow } from './schemas/span-row';
const path = '/tmp/scratch/ins'; rmSync(path, { recursive: true, force: true });
const ex = await openChdbExecutor({ path });
await migrate(ex, spanMigrations);
const N = 100_000;
let t = performance.now();
const g = spanGenerator({ endSeconds: 1_760_000_000, days: 7, expectedTraces: N / 7.5, seed: 1 });
const rows: SpanRow[] = []; while (rows.length < N) rows.push(...g.nextTrace().rows);
console.log('generate', (performance.now() - t).toFixed(0), 'ms');
t = performance.now();
const bodies: Buffer[] = []; for (let i = 0; i < N; i += 10000) bodies.push(jsonEachRowBody(rows.slice(i, i + 10000)));
console.log('stringify', (performance.now() - t).toFixed(0), 'ms', 'MB', bodies.reduce((a, b) => a + b.length, 0) / 1e6);
const variants: [string, string][] = [
  ['spans (full schema)', 'spans'],
];
await ex.command('CREATE TABLE plain AS spans ENGINE = MergeTree ORDER BY (WorkspaceId, ServiceName, SpanName, toDateTime(Timestamp))');
await ex.command('CREATE TABLE noidx (WorkspaceId String, Timestamp DateTime64(9), TraceId String, SpanId String, ParentSpanId String, TraceState String, SpanName String, SpanKind String, ServiceName String, ResourceAttributes Map(String,String), ResourceAttributeTypes Map(String,String), ScopeName String, ScopeVersion String, SpanAttributes Map(String,String), SpanAttributeTypes Map(String,String), Duration UInt64, StatusCode String, StatusMessage String, `Events.Timestamp` Array(DateTime64(9)), `Events.Name` Array(String), `Events.Attributes` Array(Map(String,String)), `Events.AttributeTypes` Array(Map(String,String)), `Links.TraceId` Array(String), `Links.SpanId` Array(String), `Links.TraceState` Array(String), `Links.Attributes` Array(Map(String,String)), `Links.AttributeTypes` Array(Map(String,String)), SpanType String, LlmProvider String, LlmRequestModel String, LlmResponseModel String, LlmInput String, LlmOutput String, InputTokens UInt64, OutputTokens UInt64, TotalTokens UInt64, CacheReadTokens UInt64, CacheWriteTokens UInt64, ReasoningTokens UInt64, InputCost Float64, OutputCost Float64, TotalCost Float64, SessionId String, UserId String, PromptKey String, PromptVersion String) ENGINE = MergeTree ORDER BY tuple()');
await ex.command('CREATE TABLE nullt AS noidx ENGINE = Null');
await ex.command('CREATE TABLE spans2 AS spans');
const { clientExecutor } = await import('./core/clickhouse/client-executor');
const { createChdbClient } = await import('./core/clickhouse/chdb-executor');
const { createChdbConnection } = await import('chdb/connection');
const one = clientExecutor(createChdbClient(createChdbConnection({ path })));
{ t = performance.now(); let i = 0;
  for (const body of bodies) await one.insert({ table: 'spans2', body, settings: { insert_deduplication_token: `x-${i++}`, date_time_input_format: 'basic' } });
  const ms = performance.now() - t; console.log('spans via client exec', ms.toFixed(0), 'ms', Math.round(N / (ms / 1000)), 'rows/s'); }
await one.close();
for (const table of ['spans']) {
  t = performance.now();
  let i = 0;
  for (const body of bodies) await ex.insert({ table, body, settings: { insert_deduplication_token: `${table}-${i++}`, date_time_input_format: 'basic' } });
  const ms = performance.now() - t;
  console.log(table, ms.toFixed(0), 'ms', Math.round(N / (ms / 1000)), 'rows/s');
}
await ex.close();
