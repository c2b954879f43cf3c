import { Hono } from 'hono';
import type { WorkspaceEnv } from './auth-middleware';
import { z } from 'zod';
import { AppError } from '../core/app-error';
import type { SpanStore } from '../core/span-store/types';
import { TraceSearchQuery } from '../schemas/span-query';
import type { TraceView } from '../schemas/span-view';
import { parseRequest } from './error-response';

export interface TraceRoutesDeps {
  spans: Pick<SpanStore, 'trace' | 'searchTraces'>;
}

export const TraceIdParam = z.string().regex(/^[0-9a-fA-F]{32}$/, 'trace id must be 32 hex characters');
const numberOrText = (v: string | undefined) => (v !== undefined && /^\d+(\.\d+)?$/.test(v) ? Number(v) : v);

/** Maps URL search parameters (`attr=key=value` repeated) onto the TraceSearchQuery shape. */
function searchInput(url: URL): Record<string, unknown> {
  const p = url.searchParams;
  const one = (name: string) => p.get(name) ?? undefined;
  const attributes = p.getAll('attr').map((pair) => {
    const at = pair.indexOf('=');
    return at < 0 ? { key: pair, value: '' } : { key: pair.slice(0, at), value: pair.slice(at + 1) };
  });
  return {
    from: numberOrText(one('from')),
    to: numberOrText(one('to')),
    service: one('service'),
    spanName: one('spanName'),
    status: one('status'),
    minDurationMs: numberOrText(one('minDurationMs')),
    maxDurationMs: numberOrText(one('maxDurationMs')),
    attributes: attributes.length > 0 ? attributes : undefined,
    model: one('model'),
    text: one('text'),
    limit: numberOrText(one('limit')),
    cursor: one('cursor'),
  };
}

/** GET /traces/:traceId and GET /traces (search). */
export const traceRoutes = (deps: TraceRoutesDeps) =>
  new Hono<WorkspaceEnv>()
    .get('/traces/:traceId', async (c) => {
      const id = parseRequest(TraceIdParam, c.req.param('traceId'));
      if (!id.ok) throw id.error;
      const traceId = id.value.toLowerCase();
      const spans = await deps.spans.trace(c.get('workspaceId'), traceId);
      if (spans.length === 0) throw new AppError('not_found', `trace ${traceId} not found`);
      return c.json({ traceId, spans } satisfies TraceView);
    })
    .get('/traces', async (c) => {
      const query = parseRequest(TraceSearchQuery, searchInput(new URL(c.req.url)));
      if (!query.ok) throw query.error;
      return c.json(await deps.spans.searchTraces(c.get('workspaceId'), query.value));
    });
