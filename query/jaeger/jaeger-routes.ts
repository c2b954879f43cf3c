import { Hono } from 'hono';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ClickHouseExecutor } from '../../core/clickhouse/executor';
import type { Logger } from '../../core/logger';
import type { WorkspaceEnv } from '../auth-middleware';
import { parseRequest } from '../error-response';
import {
  JaegerDependenciesQuery,
  JaegerOperationsQuery,
  JaegerSearchQuery,
  JaegerTraceId,
  jaegerSearchInput,
} from './jaeger-params';
import { createJaegerReader } from './jaeger-reader';

export interface JaegerRoutesDeps {
  executor: ClickHouseExecutor;
  logger: Logger;
  /** Epoch milliseconds; defaults to the system clock. */
  now?: () => number;
}

/** One entry of the envelope's `errors`; `code` is absent for a trace that was not found in a search. */
export interface JaegerError {
  code?: number;
  msg: string;
  traceID?: string;
}

/** Jaeger's response envelope (`structuredResponse`): limit and offset are always 0 in its HTTP API. */
export interface JaegerEnvelope<T> {
  data: T;
  total: number;
  limit: number;
  offset: number;
  errors: JaegerError[] | null;
}

const envelope = <T>(data: T, total = 0, errors: JaegerError[] | null = null): JaegerEnvelope<T> => ({
  data,
  total,
  limit: 0,
  offset: 0,
  errors,
});

const failure = (c: Context, status: ContentfulStatusCode, msg: string) =>
  c.json(envelope(null, 0, [{ code: status, msg }]), status);

/** Query parameters without empty values, which Jaeger treats as absent. */
const queryOf = (c: Context): Record<string, string> =>
  Object.fromEntries([...new URL(c.req.url).searchParams].filter(([, v]) => v !== ''));

/** Jaeger's lower-case kind; unspecified spans have none. */
const jaegerKind = (kind: string): string => (kind === 'Unspecified' ? '' : kind.toLowerCase());

/** The Jaeger query service's v1 JSON API, as Grafana's Jaeger data source calls it (mounted at `/jaeger`). */
export const jaegerRoutes = (deps: JaegerRoutesDeps) => {
  const readerOf = (c: Context<WorkspaceEnv>) => createJaegerReader(deps.executor, c.get('workspaceId'));
  const now = deps.now ?? Date.now;
  const app = new Hono<WorkspaceEnv>();
  app.onError((e, c) => {
    deps.logger.error('jaeger request failed', { path: c.req.path, error: String(e) });
    return failure(c, 500, 'internal error');
  });

  app.get('/api/services', async (c) => {
    const services = await readerOf(c).services();
    return c.json(envelope(services, services.length));
  });

  app.get('/api/services/:service/operations', async (c) => {
    const names = [...new Set((await readerOf(c).operations(c.req.param('service'))).map((o) => o.name))];
    return c.json(envelope(names, names.length));
  });

  app.get('/api/operations', async (c) => {
    const query = parseRequest(JaegerOperationsQuery, queryOf(c));
    if (!query.ok) return failure(c, 400, query.error.message);
    const operations = await readerOf(c).operations(query.value.service, query.value.spanKind);
    const data = operations.map((o) => ({ name: o.name, spanKind: jaegerKind(o.kind) }));
    return c.json(envelope(data, data.length));
  });

  app.get('/api/traces/:traceId', async (c) => {
    const id = parseRequest(JaegerTraceId, c.req.param('traceId'));
    if (!id.ok) return failure(c, 400, id.error.message);
    const trace = (await readerOf(c).traces([id.value])).get(id.value);
    if (trace === undefined) return failure(c, 404, 'trace not found');
    return c.json(envelope([trace]));
  });

  app.get('/api/traces', async (c) => {
    const search = parseRequest(JaegerSearchQuery(now()), jaegerSearchInput(new URL(c.req.url).searchParams));
    if (!search.ok) return failure(c, 400, search.error.message);
    const q = search.value;
    // Explicit trace ids win over the other filters, as in Jaeger.
    const ids = q.traceIds.length > 0 ? q.traceIds : await readerOf(c).findTraceIds(q);
    const traces = await readerOf(c).traces(ids);
    const missing = ids
      .filter((id) => !traces.has(id))
      .map((traceID): JaegerError => ({ msg: 'trace not found', traceID }));
    const data = ids.flatMap((id) => traces.get(id) ?? []);
    return c.json(envelope(data, 0, q.traceIds.length > 0 && missing.length > 0 ? missing : null));
  });

  app.get('/api/dependencies', async (c) => {
    const query = parseRequest(JaegerDependenciesQuery(now()), queryOf(c));
    if (!query.ok) return failure(c, 400, query.error.message);
    const { fromMs, toMs, service } = query.value;
    const links = await readerOf(c).dependencies(fromMs, toMs);
    const data =
      service === undefined ? links : links.filter((l) => l.parent === service || l.child === service);
    return c.json(envelope(data));
  });

  // Unknown Jaeger paths answer in Jaeger's envelope too (a mounted app's notFound is not used).
  app.all('*', (c) => failure(c, 404, `no route ${c.req.path}`));
  return app;
};
