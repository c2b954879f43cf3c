import { z } from 'zod';
import { AppError } from '../../core/app-error';
import type { SpanStore } from '../../core/span-store/types';
import type { StoredSpan } from '../../schemas/stored-span';

export const TraceIdParam = z
  .string()
  .regex(/^[0-9a-fA-F]{32}$/, 'trace id must be 32 hex characters')
  .transform((s) => s.toLowerCase());
export const SpanIdParam = z
  .string()
  .regex(/^[0-9a-fA-F]{16}$/, 'span id must be 16 hex characters')
  .transform((s) => s.toLowerCase());

/** The judged span and its whole trace, read in the caller's workspace; not_found when it is not there. */
export async function loadJudged(
  spans: Pick<SpanStore, 'trace'>,
  workspaceId: string,
  judged: { traceId: string; spanId: string },
): Promise<{ span: StoredSpan; trace: StoredSpan[] }> {
  const trace = await spans.trace(workspaceId, judged.traceId);
  const span = trace.find((s) => s.spanId === judged.spanId);
  if (span === undefined)
    throw new AppError('not_found', `span ${judged.spanId} of trace ${judged.traceId} not found`);
  return { span, trace };
}
