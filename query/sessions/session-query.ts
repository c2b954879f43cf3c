import { z } from 'zod';
import { checkRange, InstantParam, IntParam } from '../time-range';
import { PageCursorText } from '../../schemas/page-cursor';

const Cursor = PageCursorText(1024);

const Id = z.string().min(1).max(1024);
const Limit = IntParam(1, 1000).default(50);

/** `GET /sessions` and `GET /users`: one page of sessions (or users) active in [from, to), most recent first. */
export const ActivityListQuery = z
  .object({
    from: InstantParam,
    to: InstantParam,
    /** Only sessions in which this user appears (sessions list only). */
    userId: Id.optional(),
    limit: Limit,
    cursor: Cursor.optional(),
  })
  .superRefine(checkRange);
export type ActivityListQuery = z.output<typeof ActivityListQuery>;

/** `GET /sessions/:sessionId`: the session's traces in [from, to), oldest first. */
export const SessionTracesQuery = z
  .object({
    sessionId: Id,
    from: InstantParam,
    to: InstantParam,
    limit: IntParam(1, 1000).default(100),
    cursor: Cursor.optional(),
  })
  .superRefine(checkRange);
export type SessionTracesQuery = z.output<typeof SessionTracesQuery>;
