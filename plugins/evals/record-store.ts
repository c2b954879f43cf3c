import { AppError } from '../../core/app-error';
import type { SqlClient } from '../../core/metadata/types';
import { RECORD_COLUMNS, toRecord, type Correction, type EvaluatorRecord, type StoredOutput } from './rows';
import type { InputBody, StoredSpec } from './spec-schema';

export const recordNotFound = (id: string) => new AppError('not_found', `evaluator record ${id} not found`);

/** A record in `processing`, written before the run so its id is on the evaluation span. */
export async function startRecord(
  sql: SqlClient,
  input: {
    workspaceId: string;
    evaluatorId: string | null;
    evaluatorVersionId: string | null;
    evaluatorName: string;
    evaluatorType: StoredSpec['type'];
    input: InputBody;
    judged: { traceId: string; spanId: string } | undefined;
    createdBy: string;
    /** Async runs: the invoke id is the record's own id; a callback URL is told the outcome. */
    async?: { callbackUrl: string | null };
  },
): Promise<EvaluatorRecord> {
  const rows = await sql.query(
    `INSERT INTO evaluator_records (workspace_id, evaluator_id, evaluator_version_id, evaluator_name,
       evaluator_type, status, input, judged_trace_id, judged_span_id, created_by, callback_url)
     VALUES ($1, $2, $3, $4, $10, 'processing', $5, $6, $7, $8, $9) RETURNING ${RECORD_COLUMNS}`,
    [
      input.workspaceId,
      input.evaluatorId,
      input.evaluatorVersionId,
      input.evaluatorName,
      input.input,
      input.judged?.traceId ?? null,
      input.judged?.spanId ?? null,
      input.createdBy,
      input.async?.callbackUrl ?? null,
      input.evaluatorType,
    ],
  );
  const record = toRecord(rows[0]);
  if (input.async === undefined) return record;
  const updated = await sql.query(
    `UPDATE evaluator_records SET invoke_id = id::text WHERE id = $1 RETURNING ${RECORD_COLUMNS}`,
    [record.id],
  );
  return toRecord(updated[0]);
}

/**
 * Writes a run's outcome once: a record already finished is left alone (an async result reported twice), and
 * undefined is answered.
 */
export async function finishRecord(
  sql: SqlClient,
  id: string,
  outcome: { output: StoredOutput; traceId: string | null; spanId: string | null },
): Promise<EvaluatorRecord | undefined> {
  const rows = await sql.query(
    `UPDATE evaluator_records SET status = $2, output = $3, trace_id = COALESCE($4, trace_id),
       span_id = COALESCE($5, span_id), updated_at = now()
     WHERE id = $1 AND status = 'processing' RETURNING ${RECORD_COLUMNS}`,
    [id, outcome.output.status, outcome.output, outcome.traceId, outcome.spanId],
  );
  return rows[0] === undefined ? undefined : toRecord(rows[0]);
}

/** A record an async evaluator service will report on later: its invoke id and the evaluation span so far. */
export async function awaitReport(
  sql: SqlClient,
  id: string,
  pending: { invokeId: string; traceId: string; spanId: string },
): Promise<EvaluatorRecord> {
  const rows = await sql.query(
    `UPDATE evaluator_records SET invoke_id = $2, trace_id = $3, span_id = $4, updated_at = now()
     WHERE id = $1 RETURNING ${RECORD_COLUMNS}`,
    [id, pending.invokeId, pending.traceId, pending.spanId],
  );
  return toRecord(rows[0]);
}

export async function recordById(sql: SqlClient, workspaceId: string, id: string): Promise<EvaluatorRecord> {
  const rows = await sql.query(
    `SELECT ${RECORD_COLUMNS} FROM evaluator_records WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id],
  );
  if (rows[0] === undefined) throw recordNotFound(id);
  return toRecord(rows[0]);
}

export async function recordsByIds(
  sql: SqlClient,
  workspaceId: string,
  ids: readonly string[],
): Promise<EvaluatorRecord[]> {
  if (ids.length === 0) return [];
  const rows = await sql.query(
    `SELECT ${RECORD_COLUMNS} FROM evaluator_records WHERE workspace_id = $1 AND id = ANY($2::bigint[])
     ORDER BY id`,
    [workspaceId, ids],
  );
  return rows.map(toRecord);
}

export async function recordByInvokeId(
  sql: SqlClient,
  workspaceId: string,
  invokeId: string,
): Promise<EvaluatorRecord> {
  const rows = await sql.query(
    `SELECT ${RECORD_COLUMNS} FROM evaluator_records WHERE workspace_id = $1 AND invoke_id = $2`,
    [workspaceId, invokeId],
  );
  if (rows[0] === undefined) throw new AppError('not_found', `invoke id ${invokeId} not found`);
  return toRecord(rows[0]);
}

/** Records of one evaluator, newest first; `before` is the last id of the previous page. */
export async function listRecords(
  sql: SqlClient,
  workspaceId: string,
  evaluatorId: string,
  page: { before?: string | undefined; limit: number },
): Promise<EvaluatorRecord[]> {
  const params: string[] = [workspaceId, evaluatorId];
  let before = '';
  if (page.before !== undefined) {
    params.push(page.before);
    before = `AND id < $${params.length}`;
  }
  params.push(String(page.limit));
  const rows = await sql.query(
    `SELECT ${RECORD_COLUMNS} FROM evaluator_records WHERE workspace_id = $1 AND evaluator_id = $2 ${before}
     ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map(toRecord);
}

/** A human correction beside the evaluator's own output (which is kept). */
export async function correctRecord(
  sql: SqlClient,
  workspaceId: string,
  id: string,
  correction: Correction,
): Promise<EvaluatorRecord> {
  const rows = await sql.query(
    `UPDATE evaluator_records SET correction = $3, updated_at = now()
     WHERE workspace_id = $1 AND id = $2 RETURNING ${RECORD_COLUMNS}`,
    [workspaceId, id, correction],
  );
  if (rows[0] === undefined) throw recordNotFound(id);
  return toRecord(rows[0]);
}
