import { z } from 'zod';
import type { ActivityTotals, SessionSummary, UserSummary } from '../../schemas/activity-view';
import { Count, Money, UInt64Text } from '../../schemas/stored-span';

const Totals = {
  Key: z.string(),
  TraceCount: Count,
  SpanCount: Count,
  ErrorCount: Count,
  InputTokens: Count,
  OutputTokens: Count,
  TotalTokens: Count,
  TotalCost: Money,
  FirstSeen: UInt64Text,
  LastSeen: UInt64Text,
};

const totals = (r: z.output<z.ZodObject<typeof Totals>>): ActivityTotals => ({
  traceCount: r.TraceCount,
  spanCount: r.SpanCount,
  errorCount: r.ErrorCount,
  inputTokens: r.InputTokens,
  outputTokens: r.OutputTokens,
  totalTokens: r.TotalTokens,
  totalCost: r.TotalCost,
  firstSeenUnixNano: r.FirstSeen,
  lastSeenUnixNano: r.LastSeen,
});

export const SessionRow = z
  .object({ ...Totals, UserIds: z.array(z.string()) })
  .transform((r): SessionSummary => ({ sessionId: r.Key, ...totals(r), userIds: r.UserIds }));

export const UserRow = z
  .object({ ...Totals, SessionCount: Count })
  .transform((r): UserSummary => ({ userId: r.Key, ...totals(r), sessionCount: r.SessionCount }));

/** The text of a list row's sort key, for its cursor. */
export const SortKeyRow = z.object({ SortKey: z.string() });

export const SessionTraceRow = z.object({ TraceId: z.string(), Start: UInt64Text });
