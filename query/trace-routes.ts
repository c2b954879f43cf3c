import { Hono } from 'hono';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { AppError } from '../core/app-error';
import type { SpanStore } from '../core/span-store/types';
import { SpanSearchQuery, TraceSearchQuery } from '../schemas/span-query';
import type { TraceView } from '../schemas/span-view';
import type { WorkspaceEnv } from './auth-middleware';
import { parseRequest } from './error-response';
import { jsonBody } from './json-body';
import { searchInput } from './search-params';

export interface TraceRoutesDeps {
  spans: Pick<SpanStore, 'trace' | 'searchTraces' | 'searchSpans'>;
}

export const TraceIdParam = z.string().regex(/^[0-9a-fA-F]{32}$/, 'trace id must be 32 hex characters');

// Twenty filters with long values fit; anything larger is not a search.
const searchBody = bodyLimit({
  maxSize: 256 * 1024,
  onError: () => {
    throw new AppError('too_large', 'the search body is larger than 256 KiB');
  },
});

function urlQuery<S extends z.ZodType>(c: Context, schema: S, target: 'traces' | 'spans'): z.output<S> {
  const parsed = parseRequest(schema, searchInput(new URL(c.req.url), target));
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

/** GET /traces/:traceId, trace search (GET /traces, POST /traces/search), span search (GET /spans, POST /spans/search). */
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
    .get('/traces', async (c) =>
      c.json(await deps.spans.searchTraces(c.get('workspaceId'), urlQuery(c, TraceSearchQuery, 'traces'))),
    )
    .post('/traces/search', searchBody, async (c) =>
      c.json(await deps.spans.searchTraces(c.get('workspaceId'), await jsonBody(c, TraceSearchQuery))),
    )
    .get('/spans', async (c) =>
      c.json(await deps.spans.searchSpans(c.get('workspaceId'), urlQuery(c, SpanSearchQuery, 'spans'))),
    )
    .post('/spans/search', searchBody, async (c) =>
      c.json(await deps.spans.searchSpans(c.get('workspaceId'), await jsonBody(c, SpanSearchQuery))),
    );
