import type { Evaluator, EvaluatorRecord, EvaluatorVersion } from './rows';
import { specView } from './spec-schema';
import type { EvaluatorRecordView, EvaluatorVersionView, EvaluatorView } from './view-schemas';

export const versionView = (v: EvaluatorVersion): EvaluatorVersionView => ({
  id: v.id,
  evaluatorId: v.evaluatorId,
  version: v.version,
  description: v.description,
  spec: specView(v.spec, v.secret !== null),
  createdBy: v.createdBy,
  createdAt: v.createdAt.toISOString(),
});

export const evaluatorView = (e: Evaluator, latest: EvaluatorVersion | undefined): EvaluatorView => ({
  id: e.id,
  name: e.name,
  description: e.description,
  type: e.type,
  draft: specView(e.draft, e.draftSecret !== null),
  draftChanged: e.draftChanged,
  ...(latest === undefined ? {} : { latestVersion: versionView(latest) }),
  builtin: e.builtin,
  createdBy: e.createdBy,
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
});

export const recordView = (r: EvaluatorRecord): EvaluatorRecordView => ({
  id: r.id,
  ...(r.evaluatorId === null ? {} : { evaluatorId: r.evaluatorId }),
  ...(r.evaluatorVersionId === null ? {} : { evaluatorVersionId: r.evaluatorVersionId }),
  evaluatorName: r.evaluatorName,
  status: r.status,
  input: r.input,
  ...(r.output === null ? {} : { output: r.output }),
  ...(r.correction === null ? {} : { correction: r.correction }),
  ...(r.judged === null ? {} : { judged: r.judged }),
  traceId: r.traceId,
  spanId: r.spanId,
  createdAt: r.createdAt.toISOString(),
});

/** The cursor of the next page: the last id when the page was full (one more row was asked for). */
export function pageOf<T extends { id: string }>(
  rows: T[],
  limit: number,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}
