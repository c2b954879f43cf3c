import { Hono } from 'hono';
import type { Context } from 'hono';
import type { WorkspaceEnv } from '../auth-middleware';
import type { ClickHouseExecutor } from '../../core/clickhouse/executor';
import { AppError } from '../../core/app-error';
import { parseRequest } from '../error-response';
import { SessionListQuery, SessionTracesQuery, UserListQuery } from './session-query';
import { createSessionReader } from './session-reader';

export interface SessionRoutesDeps {
  executor: ClickHouseExecutor;
}

/** GET /sessions, GET /sessions/:sessionId and GET /users (mounted under /api/v1). */
export const sessionRoutes = (deps: SessionRoutesDeps) => {
  const readerOf = (c: Context<WorkspaceEnv>) => createSessionReader(deps.executor, c.get('workspaceId'));
  return new Hono<WorkspaceEnv>()
    .get('/sessions', async (c) => {
      const q = parseRequest(SessionListQuery, c.req.query());
      if (!q.ok) throw q.error;
      return c.json(await readerOf(c).sessions(q.value));
    })
    .get('/sessions/:sessionId', async (c) => {
      const q = parseRequest(SessionTracesQuery, { ...c.req.query(), sessionId: c.req.param('sessionId') });
      if (!q.ok) throw q.error;
      const result = await readerOf(c).sessionTraces(q.value);
      if (result.traces.length === 0 && q.value.cursor === undefined)
        throw new AppError('not_found', 'no trace of this session in the range');
      return c.json(result);
    })
    .get('/users', async (c) => {
      const q = parseRequest(UserListQuery, c.req.query());
      if (!q.ok) throw q.error;
      if (q.value.userId !== undefined)
        throw new AppError('invalid_argument', 'userId filters sessions only');
      return c.json(await readerOf(c).users(q.value));
    });
};
