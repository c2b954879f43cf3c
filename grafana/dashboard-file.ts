import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const CLICKHOUSE_PLUGIN = 'grafana-clickhouse-datasource';

const DatasourceRef = z.object({ type: z.string(), uid: z.string() });

/** The plugin's Format enum: 0 time series, 1 table, 2 logs, 3 traces, 4 auto. */
const ClickHouseTarget = z.object({
  refId: z.string(),
  datasource: DatasourceRef,
  editorType: z.literal('sql'),
  rawSql: z.string().min(1),
  format: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
});

const GridPos = z.object({ h: z.number(), w: z.number(), x: z.number(), y: z.number() });

const Panel = z.object({
  id: z.number().int(),
  type: z.string(),
  title: z.string(),
  gridPos: GridPos,
  datasource: DatasourceRef.optional(),
  targets: z.array(ClickHouseTarget).optional(),
});
export type Panel = z.infer<typeof Panel>;

const Variable = z.object({
  name: z.string(),
  type: z.string(),
  datasource: DatasourceRef.optional(),
  query: z.union([z.string(), z.object({ rawSql: z.string() })]).optional(),
  multi: z.boolean().optional(),
  includeAll: z.boolean().optional(),
});

export const Dashboard = z.object({
  uid: z.string().min(1).max(40),
  title: z.string().min(1),
  schemaVersion: z.number(),
  tags: z.array(z.string()),
  time: z.object({ from: z.string(), to: z.string() }),
  templating: z.object({ list: z.array(Variable) }),
  panels: z.array(Panel),
});
export type Dashboard = z.infer<typeof Dashboard>;

export const dashboardsDir = join(import.meta.dirname, 'dashboards');

/** Every dashboard JSON under grafana/dashboards, parsed; a malformed file throws with its name. */
export const readDashboards = (dir = dashboardsDir): { file: string; dashboard: Dashboard }[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const parsed = Dashboard.safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      if (!parsed.success) throw new Error(`${file}: ${parsed.error.message}`);
      return { file, dashboard: parsed.data };
    });

/** The SQL a query variable runs to list its options. */
export const variableSql = (v: z.infer<typeof Variable>): string | undefined =>
  typeof v.query === 'object' ? v.query.rawSql : v.query;
