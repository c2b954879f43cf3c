import { z } from 'zod';
import { checkRange, InstantParam, IntParam } from '../time-range';
import { PageCursorText } from '../../schemas/page-cursor';
import { activityCursorFor, ActivitySort, SortOrder } from '../../schemas/search-cursor';
import type { ActivityCursor, ActivityTarget } from '../../schemas/search-cursor';

const Id = z.string().min(1).max(1024);
const Limit = IntParam(1, 1000).default(50);

const listFields = {
  from: InstantParam,
  to: InstantParam,
  /** Only sessions in which this user appears (sessions list only). */
  userId: Id.optional(),
  sort: ActivitySort.default('lastSeen'),
  order: SortOrder.default('desc'),
  limit: Limit,
  cursor: z.string().max(2048).optional(),
};
type ListFields = z.output<z.ZodObject<typeof listFields>>;

/** The query a sessions or users list runs: its cursor decoded for its target, sort and order. */
export type ActivityListQuery = Omit<ListFields, 'cursor'> & { cursor?: ActivityCursor };

/**
 * `GET /sessions` and `GET /users`: one page of sessions (or users) active in [from, to), most recently seen
 * first unless `sort` and `order` say otherwise; ties break on the id in the same order.
 */
export const activityListQuery = (target: ActivityTarget) =>
  z
    .object(listFields)
    .superRefine(checkRange)
    .superRefine((q, ctx) => {
      if (target === 'sessions' && q.sort === 'sessions')
        ctx.addIssue({ code: 'custom', path: ['sort'], message: 'sort=sessions orders users only' });
    })
    .transform((q, ctx): ActivityListQuery => {
      const { cursor, ...rest } = q;
      const decoded = activityCursorFor(cursor, { target, sort: q.sort, order: q.order }, ctx);
      return decoded === undefined ? rest : { ...rest, cursor: decoded };
    });
export const SessionListQuery = activityListQuery('sessions');
export const UserListQuery = activityListQuery('users');

/** `GET /sessions/:sessionId`: the session's traces in [from, to), oldest first. */
export const SessionTracesQuery = z
  .object({
    sessionId: Id,
    from: InstantParam,
    to: InstantParam,
    limit: IntParam(1, 1000).default(100),
    cursor: PageCursorText(1024).optional(),
  })
  .superRefine(checkRange);
export type SessionTracesQuery = z.output<typeof SessionTracesQuery>;
