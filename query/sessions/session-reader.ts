import type { ClickHouseExecutor } from '../../core/clickhouse/executor';
import { TraceSummaryRow } from '../../schemas/span-query';
import type { SessionPage, SessionTraces, UserPage } from '../../schemas/activity-view';
import { encodePageCursor } from '../../schemas/page-cursor';
import { encodeActivityCursor } from '../../schemas/search-cursor';
import type { ActivityTarget } from '../../schemas/search-cursor';
import type { ActivityListQuery, SessionTracesQuery } from './session-query';
import { SessionRow, SessionTraceRow, SortKeyRow, UserRow } from './session-rows';
import { traceSummariesInLookupWindowSql } from '../../core/span-store/span-sql';
import { activitySql, sessionTraceIdsSql } from './session-sql';

/** Sessions and users read from the span table; every query is bound to one workspace. */
export interface SessionReader {
  sessions(q: ActivityListQuery): Promise<SessionPage>;
  users(q: ActivityListQuery): Promise<UserPage>;
  sessionTraces(q: SessionTracesQuery): Promise<SessionTraces>;
}

/** Splits the extra row a page query fetches off into a cursor. */
const paged = <T>(rows: T[], limit: number, cursorOf: (last: T) => string) => {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return rows.length > limit && last !== undefined ? { page, nextCursor: cursorOf(last) } : { page };
};

/** The cursor after a list row: its sort key and id, tagged with the list, sort and order it continues. */
const activityCursor = (target: ActivityTarget, q: ActivityListQuery, row: unknown, id: string) =>
  encodeActivityCursor({ target, sort: q.sort, order: q.order, key: SortKeyRow.parse(row).SortKey, id });

export const createSessionReader = (
  executor: Pick<ClickHouseExecutor, 'query'>,
  workspaceId: string,
): SessionReader => ({
  async sessions(q) {
    const query = activitySql('session', workspaceId, q);
    const raw = await executor.query(query.sql, query.params);
    const { page, nextCursor } = paged(raw, q.limit, (r) =>
      activityCursor('sessions', q, r, SessionRow.parse(r).sessionId),
    );
    const sessions = page.map((r) => SessionRow.parse(r));
    return nextCursor === undefined ? { sessions } : { sessions, nextCursor };
  },
  async users(q) {
    const query = activitySql('user', workspaceId, q);
    const raw = await executor.query(query.sql, query.params);
    const { page, nextCursor } = paged(raw, q.limit, (r) =>
      activityCursor('users', q, r, UserRow.parse(r).userId),
    );
    const users = page.map((r) => UserRow.parse(r));
    return nextCursor === undefined ? { users } : { users, nextCursor };
  },
  async sessionTraces(q) {
    const query = sessionTraceIdsSql(workspaceId, q);
    const ids = (await executor.query(query.sql, query.params)).map((r) => SessionTraceRow.parse(r));
    const { page, nextCursor } = paged(ids, q.limit, (t) =>
      encodePageCursor({ unixNano: t.Start, key: t.TraceId }),
    );
    const result: SessionTraces = { sessionId: q.sessionId, traces: [] };
    if (page.length > 0) {
      const summaries = new Map(
        (
          await executor.query(traceSummariesInLookupWindowSql, {
            workspaceId,
            traceIds: page.map((t) => t.TraceId),
          })
        )
          .map((r) => TraceSummaryRow.parse(r))
          .map((s) => [s.traceId, s]),
      );
      result.traces = page.flatMap((t) => summaries.get(t.TraceId) ?? []);
    }
    if (nextCursor !== undefined) result.nextCursor = nextCursor;
    return result;
  },
});
