import { Hono } from 'hono';
import type { ClickHouseExecutor } from '../../core/clickhouse/executor';
import { AppError } from '../../core/app-error';
import { parseRequest } from '../error-response';
import { ActivityListQuery, SessionTracesQuery } from './session-query';
import { createSessionReader } from './session-reader';

export interface SessionRoutesDeps {
  executor: ClickHouseExecutor;
  workspaceId: string;
}

/** GET /sessions, GET /sessions/:sessionId and GET /users (mounted under /api/v1). */
export const sessionRoutes = (deps: SessionRoutesDeps) => {
  const reader = createSessionReader(deps.executor, deps.workspaceId);
  return new Hono()
    .get('/sessions', async (c) => {
      const q = parseRequest(ActivityListQuery, c.req.query());
      if (!q.ok) throw q.error;
      return c.json(await reader.sessions(q.value));
    })
    .get('/sessions/:sessionId', async (c) => {
      const q = parseRequest(SessionTracesQuery, { ...c.req.query(), sessionId: c.req.param('sessionId') });
      if (!q.ok) throw q.error;
      const result = await reader.sessionTraces(q.value);
      if (result.traces.length === 0 && q.value.cursor === undefined)
        throw new AppError('not_found', 'no trace of this session in the range');
      return c.json(result);
    })
    .get('/users', async (c) => {
      const q = parseRequest(ActivityListQuery, c.req.query());
      if (!q.ok) throw q.error;
      if (q.value.userId !== undefined)
        throw new AppError('invalid_argument', 'userId filters sessions only');
      return c.json(await reader.users(q.value));
    });
};
