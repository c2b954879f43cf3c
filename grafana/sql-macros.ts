import { formatInterval } from './grafana-interval';

/**
 * The backend half of Grafana's ClickHouse data source: its macros (pkg/macros) merged over sqlds' defaults and
 * expanded the way sqlds' Interpolate does (longest name first, `\$__name\b`, bracketed args split at depth 1).
 */

export interface BackendContext {
  fromMs: number;
  toMs: number;
  /** The query interval Grafana computed for the panel. */
  intervalMs: number;
}

type Macro = (ctx: BackendContext, args: readonly string[]) => string;

const unixSeconds = (ms: number): number => Math.floor(ms / 1000);
const toDateTime = (ms: number): string => `toDateTime(${unixSeconds(ms)})`;
const toDateTime64 = (ms: number): string => `fromUnixTimestamp64Milli(${Math.trunc(ms)})`;
const toDate = (ms: number): string => `toDate('${new Date(ms).toISOString().slice(0, 10)}')`;
// Go's int(math.Max(interval.Seconds(), 1)) truncates toward zero.
const intervalSeconds = (ctx: BackendContext): number => Math.trunc(Math.max(ctx.intervalMs / 1000, 1));
const rfc3339 = (ms: number): string => new Date(unixSeconds(ms) * 1000).toISOString().replace('.000Z', 'Z');

const arity =
  (count: number, body: (ctx: BackendContext, args: readonly string[]) => string): Macro =>
  (ctx, args) => {
    if (args.length !== count) {
      throw new Error(`unexpected number of arguments: expected ${count} argument, received ${args.length}`);
    }
    return body(ctx, args);
  };

const between =
  (bound: (ms: number) => string): Macro =>
  (ctx, args) => {
    const [column] = args;
    return `${column} >= ${bound(ctx.fromMs)} AND ${column} <= ${bound(ctx.toMs)}`;
  };

const dateTimeFilter: Macro = (ctx, [dateColumn, timeColumn]) =>
  `(${dateColumn} >= ${toDate(ctx.fromMs)} AND ${dateColumn} <= ${toDate(ctx.toMs)}) AND ` +
  `(${timeColumn} >= ${toDateTime(ctx.fromMs)} AND ${timeColumn} <= ${toDateTime(ctx.toMs)})`;

/** sqlds' DefaultMacros that the ClickHouse plugin does not override (timeGroup, table, column are left out). */
const sqldsDefaults: Record<string, Macro> = {
  interval: (ctx) => formatInterval(ctx.intervalMs),
  interval_ms: (ctx) => String(Math.trunc(ctx.intervalMs)),
  timeFrom: arity(1, (ctx, [column]) => `${column} >= '${rfc3339(ctx.fromMs)}'`),
  timeTo: arity(1, (ctx, [column]) => `${column} <= '${rfc3339(ctx.toMs)}'`),
};

/** grafana/clickhouse-datasource pkg/macros/macros.go. */
const clickhouseMacros: Record<string, Macro> = {
  fromTime: (ctx) => toDateTime(ctx.fromMs),
  toTime: (ctx) => toDateTime(ctx.toMs),
  fromTime_ms: (ctx) => toDateTime64(ctx.fromMs),
  toTime_ms: (ctx) => toDateTime64(ctx.toMs),
  timeFilter: arity(1, between(toDateTime)),
  timeFilter_ms: arity(1, between(toDateTime64)),
  dateFilter: arity(1, between(toDate)),
  dateTimeFilter: arity(2, dateTimeFilter),
  dt: arity(2, dateTimeFilter),
  timeInterval: arity(
    1,
    (ctx, [column]) => `toStartOfInterval(toDateTime(${column}), INTERVAL ${intervalSeconds(ctx)} second)`,
  ),
  timeInterval_ms: arity(
    1,
    (ctx, [column]) =>
      `toStartOfInterval(toDateTime64(${column}, 3), INTERVAL ${Math.trunc(Math.max(ctx.intervalMs, 1))} millisecond)`,
  ),
  interval_s: (ctx) => String(intervalSeconds(ctx)),
};

const macros: Record<string, Macro> = { ...sqldsDefaults, ...clickhouseMacros };
const byLongestName = Object.keys(macros).sort((a, b) => b.length - a.length);

// sqlds parseArgs: no bracket means no args; an unclosed bracket is an error.
const parseArgs = (rest: string): { args: string[]; length: number } => {
  if (!rest.startsWith('(')) return { args: [], length: 0 };
  const args: string[] = [];
  let depth = 0;
  let arg = '';
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i] as string;
    if (c === '(') {
      depth++;
      if (depth === 1) continue;
    } else if (c === ')') {
      depth--;
      if (depth === 0) {
        args.push(arg.trim());
        return { args, length: i + 1 };
      }
    } else if (c === ',' && depth === 1) {
      args.push(arg.trim());
      arg = '';
      continue;
    }
    arg += c;
  }
  throw new Error('failed to parse macro arguments (missing close bracket?)');
};

/** Expands every plugin macro; a `$__name` that is no macro of the plugin is left for ClickHouse to reject. */
export const expandMacros = (sql: string, ctx: BackendContext): string => {
  let out = sql;
  for (const name of byLongestName) {
    const macro = macros[name] as Macro;
    const re = new RegExp(`\\$__${name}\\b`, 'g');
    const matches = [...out.matchAll(re)].map((m) => {
      const end = m.index + m[0].length;
      const { args, length } = parseArgs(out.slice(end));
      return { full: out.slice(m.index, end + length), args };
    });
    for (const match of matches) out = out.split(match.full).join(macro(ctx, match.args));
  }
  return out;
};
