import { Hono, type Context } from 'hono';
import { AppError } from '../../core/app-error';
import type { WorkspaceEnv } from '../auth-middleware';
import type { ClickHouseExecutor } from '../../core/clickhouse/executor';
import type { Result } from '../../core/result';
import type { SpanStore } from '../../core/span-store/types';
import type { StoredSpan } from '../../schemas/stored-span';
import type { Expr, Field } from '../traceql/ast';
import { compileSpanset, type CompiledFilter } from '../traceql/compile';
import { parseTraceQL } from '../traceql/parser';
import { parseTagName } from '../traceql/tag-name';
import { allOf, durationBounds, legacyTagsFilter } from './legacy-tags';
import { encodeTraceByIdResponse, encodeTraceProtobuf } from './otlp-protobuf';
import { otlpJsonResourceSpans } from './otlp-json';
import { searchTempoTraces } from './search';
import {
  DEFAULT_LIMIT,
  DEFAULT_SPANS_PER_SPANSET,
  parseSearchParams,
  resolveRange,
  SEARCH_SCOPE_SQL,
  type TempoSearchParams,
} from './search-params';
import { INTRINSIC_TAGS, TAG_SCOPES, tagNames, tagValues, type TagQuery } from './tags';
import { normalizeTraceId } from './trace-id';

export interface TempoRoutesDeps {
  spans: Pick<SpanStore, 'trace'>;
  /** Runs the search and autocomplete SQL on the span table. */
  executor: ClickHouseExecutor;
  /** Epoch milliseconds; requests without start/end search the hour before it. */
  now?: () => number;
}

/** Grafana reads the version to enable features; 2.x unlocks TraceQL and the v2 endpoints. */
export const TEMPO_BUILD_INFO = {
  version: '2.7.0',
  revision: 'spanloop',
  branch: 'spanloop',
  buildUser: 'spanloop',
  buildDate: '',
  goVersion: '',
};

const PROTOBUF = 'application/protobuf';
const wantsProtobuf = (c: Context): boolean =>
  /application\/(x-)?protobuf/.test(c.req.header('accept') ?? '');
const unwrap = <T>(r: Result<T>): T => {
  if (!r.ok) throw r.error;
  return r.value;
};
const TAG_SCOPE_PARAMS: ReadonlySet<string> = new Set([
  'all',
  'none',
  'intrinsic',
  'instrumentation',
  ...TAG_SCOPES,
]);
const queryMetrics = { inspectedTraces: 0, inspectedBytes: '0', completedJobs: 1, totalJobs: 1 };

// Grafana double-encodes tag names in the path; the router has decoded once.
const decodeTagName = (raw: string): string => {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
};

/**
 * The Tempo HTTP API as Grafana's Tempo data source calls it; mount it under `/tempo`.
 *
 * @example
 * app.use('/tempo/*', authenticated(authenticate, 'read')).route('/tempo', tempoRoutes({ spans, executor }));
 */
export function tempoRoutes(deps: TempoRoutesDeps): Hono<WorkspaceEnv> {
  const now = deps.now ?? Date.now;
  const scope = { traceScope: SEARCH_SCOPE_SQL };

  const findTrace = async (c: Context<WorkspaceEnv>): Promise<StoredSpan[]> => {
    const traceId = unwrap(normalizeTraceId(c.req.param('traceId') ?? ''));
    const spans = await deps.spans.trace(c.get('workspaceId'), traceId);
    if (spans.length === 0) throw new AppError('not_found', `trace ${traceId} not found`);
    return spans;
  };

  // Tag autocomplete ignores a `q` it cannot parse, as Tempo does.
  const tagQuery = (params: TempoSearchParams): TagQuery => {
    const parsed = params.q === undefined ? undefined : parseTraceQL(params.q);
    const spanset = parsed?.ok === true ? parsed.value : { filter: undefined };
    return { range: unwrap(resolveRange(params, now())), filter: compileSpanset(spanset, scope) };
  };

  const searchFilter = (params: TempoSearchParams): CompiledFilter => {
    const conditions: Expr[] = [];
    if (params.q !== undefined && params.q.trim() !== '') {
      const filter = unwrap(parseTraceQL(params.q)).filter;
      if (filter !== undefined) conditions.push(filter);
    } else if (params.tags !== undefined) {
      conditions.push(...unwrap(legacyTagsFilter(params.tags)));
    }
    conditions.push(...unwrap(durationBounds(params.minDuration, params.maxDuration)));
    return compileSpanset({ filter: allOf(conditions) }, scope);
  };

  const values = async (c: Context<WorkspaceEnv>, field: Field) =>
    tagValues(deps.executor, c.get('workspaceId'), field, tagQuery(unwrap(parseSearchParams(c.req.url))));

  return new Hono<WorkspaceEnv>()
    .get('/api/status/buildinfo', (c) => c.json(TEMPO_BUILD_INFO))
    .get('/api/echo', (c) => c.text('echo'))
    .get('/api/v2/traces/:traceId', async (c) => {
      const spans = await findTrace(c);
      if (wantsProtobuf(c)) return c.body(encodeTraceByIdResponse(spans), 200, { 'content-type': PROTOBUF });
      return c.json({ trace: { resourceSpans: otlpJsonResourceSpans(spans) } });
    })
    .get('/api/traces/:traceId', async (c) => {
      const spans = await findTrace(c);
      if (wantsProtobuf(c)) return c.body(encodeTraceProtobuf(spans), 200, { 'content-type': PROTOBUF });
      return c.json({ batches: otlpJsonResourceSpans(spans) });
    })
    .get('/api/search', async (c) => {
      const params = unwrap(parseSearchParams(c.req.url));
      const filter = searchFilter(params);
      const range = unwrap(resolveRange(params, now()));
      return c.json(
        await searchTempoTraces(deps.executor, c.get('workspaceId'), {
          filter,
          range,
          limit: params.limit || DEFAULT_LIMIT,
          spss: params.spss || DEFAULT_SPANS_PER_SPANSET,
        }),
      );
    })
    .get('/api/search/tags', async (c) => {
      const q = tagQuery(unwrap(parseSearchParams(c.req.url)));
      const found = await tagNames(deps.executor, c.get('workspaceId'), ['span', 'resource'], q);
      return c.json({
        tagNames: [...new Set([...found.span, ...found.resource])].sort(),
        metrics: queryMetrics,
      });
    })
    .get('/api/v2/search/tags', async (c) => {
      const params = unwrap(parseSearchParams(c.req.url));
      const wanted = params.scope ?? 'all';
      if (!TAG_SCOPE_PARAMS.has(wanted)) throw new AppError('invalid_argument', `unknown scope "${wanted}"`);
      const scopes = TAG_SCOPES.filter((s) => wanted === 'all' || wanted === 'none' || wanted === s);
      const found = await tagNames(deps.executor, c.get('workspaceId'), scopes, tagQuery(params));
      const listed: { name: string; tags: string[] }[] = scopes
        .map((name) => ({ name, tags: found[name] }))
        .filter((s) => s.tags.length > 0);
      if (wanted === 'all' || wanted === 'none' || wanted === 'intrinsic')
        listed.push({ name: 'intrinsic', tags: INTRINSIC_TAGS });
      return c.json({ scopes: listed, metrics: queryMetrics });
    })
    .get('/api/search/tag/:name/values', async (c) => {
      const name = decodeTagName(c.req.param('name'));
      // v1 names are unscoped attributes, except `name` (the span name) as old Tempo indexed it.
      const field: Field =
        name === 'name'
          ? { type: 'intrinsic', name: 'name', at: 0 }
          : { type: 'attribute', scope: 'unscoped', key: name, at: 0 };
      return c.json({ tagValues: (await values(c, field)).map((v) => v.value), metrics: queryMetrics });
    })
    .get('/api/v2/search/tag/:name/values', async (c) => {
      const field = parseTagName(decodeTagName(c.req.param('name')));
      return c.json({ tagValues: await values(c, field), metrics: queryMetrics });
    });
}
