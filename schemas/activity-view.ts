import { z } from 'zod';
import { UnixNanoText } from './span-view';
import { TraceSummary } from './span-query';

const Count = z.number().int().nonnegative();
const NextCursor = z
  .string()
  .describe('present when more rows match; pass it back as `cursor`')
  .exactOptional();

/** Activity totals shared by sessions and users; counts cover the traces' spans in the range. */
export const ActivityTotals = z.object({
  traceCount: Count,
  spanCount: Count,
  errorCount: Count.describe('spans with status Error'),
  inputTokens: Count.describe('tokens of model-call spans (llm, embedding) only'),
  outputTokens: Count,
  totalTokens: Count,
  totalCost: z.number().describe('USD'),
  firstSeenUnixNano: UnixNanoText.describe('start of the earliest span, decimal nanoseconds since the epoch'),
  lastSeenUnixNano: UnixNanoText.describe('end of the latest span, decimal nanoseconds since the epoch'),
});
export type ActivityTotals = z.output<typeof ActivityTotals>;

export const SessionSummary = z.object({
  sessionId: z.string(),
  ...ActivityTotals.shape,
  userIds: z.array(z.string()).describe('up to ten users seen in the session, sorted'),
});
export type SessionSummary = z.output<typeof SessionSummary>;

export const UserSummary = z.object({
  userId: z.string(),
  ...ActivityTotals.shape,
  sessionCount: Count,
});
export type UserSummary = z.output<typeof UserSummary>;

/** `GET /api/v1/sessions`: most recently active first, or in the requested sort and order. */
export const SessionPage = z.object({ sessions: z.array(SessionSummary), nextCursor: NextCursor });
export type SessionPage = z.output<typeof SessionPage>;

/** `GET /api/v1/users`: most recently active first, or in the requested sort and order. */
export const UserPage = z.object({ users: z.array(UserSummary), nextCursor: NextCursor });
export type UserPage = z.output<typeof UserPage>;

/** `GET /api/v1/sessions/:sessionId`: the session's traces, oldest first. */
export const SessionTraces = z.object({
  sessionId: z.string(),
  traces: z.array(TraceSummary),
  nextCursor: NextCursor,
});
export type SessionTraces = z.output<typeof SessionTraces>;
