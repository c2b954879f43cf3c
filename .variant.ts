import { rmSync } from 'node:fs';
import { benchStore } from './bench/store';
import { spanMigrations } from './schemas/clickhouse/span-migrations';
const [name, n] = [process.argv[2] ?? 'base', Number(process.argv[3] ?? 1000000)];
const edits: Record<string, (sql: string) => string> = {
  base: (s) => s,
  g1024: (s) => s.replace('index_granularity = 8192', 'index_granularity = 1024'),
  g2048: (s) => s.replace('index_granularity = 8192', 'index_granularity = 2048'),
  hourTrace: (s) => s.replace('ORDER BY (WorkspaceId, ServiceName, SpanName, toDateTime(Timestamp))', 'ORDER BY (WorkspaceId, toStartOfHour(Timestamp), TraceId)'),
  hourTrace1024: (s) => s.replace('ORDER BY (WorkspaceId, ServiceName, SpanName, toDateTime(Timestamp))', 'ORDER BY (WorkspaceId, toStartOfHour(Timestamp), TraceId)').replace('index_granularity = 8192', 'index_granularity = 1024'),
  svcHourTrace1024: (s) => s.replace('ORDER BY (WorkspaceId, ServiceName, SpanName, toDateTime(Timestamp))', 'ORDER BY (WorkspaceId, ServiceName, toStartOfHour(Timestamp), TraceId)').replace('index_granularity = 8192', 'index_granularity = 1024'),
};
const edit = edits[name]!;
const schema = { owner: 'core', migrations: spanMigrations.migrations.map((m, i) => (i === 0 ? { ...m, sql: edit(m.sql) } : m)) };
const path = `/tmp/scratch/v-${name}-${n}`;
rmSync(path, { recursive: true, force: true });
const r = await benchStore({ spans: n, path, schema }) as Record<string, unknown>;
console.log(name, JSON.stringify({ ins: (r.insert as { rowsPerSecInsert: number }).rowsPerSecInsert, disk: (r.storage as { spans: { mbOnDisk: number } }).spans.mbOnDisk, tr: r.traceById, sa: r.searchServiceAttr24h, w: r.searchWindowOnly24h, tr24: r.searchTextRare24h, tc24: r.searchTextCommon24h, t7: r.searchTextRare7dLlmService, pg: r.paginate10Pages200 }));
