import type { Logger } from '../../core/logger';
import type { MetadataStore } from '../../core/metadata/types';
import type { EvaluationEngine, EvaluationProvenance, EvaluatorOutput } from '../../eval-engine/types';
import type { PluginContext } from '../sdk/index';
import { loadJudged } from './judged-span';
import { awaitReport, finishRecord, startRecord } from './record-store';
import type { EvaluatorRecord, StoredOutput } from './rows';
import { engineSpec, toEvaluatorInput, type InputBody, type StoredSpec } from './spec-schema';

/** The sealing context of an evaluator's secret: its draft and versions share it. */
export const secretContext = (workspaceId: string, evaluatorId: string) =>
  `${workspaceId}:evaluator:${evaluatorId}`;

/** One run asked for: what to run, on what, for whom. */
export interface RunRequest {
  workspaceId: string;
  evaluatorId: string | null;
  versionId: string | null;
  name: string;
  spec: StoredSpec;
  /** An http evaluator's secret: sealed as stored, or as the request gave it (a debug run of a new spec). */
  secret: { sealed: string } | { plain: string } | undefined;
  input: InputBody;
  judged: { traceId: string; spanId: string } | undefined;
  createdBy: string;
}

export interface RunServiceDeps {
  sql: Pick<MetadataStore, 'query' | 'transaction'>;
  engine: EvaluationEngine;
  spans: PluginContext['spans'];
  secrets: PluginContext['secrets'];
  logger: Logger;
  /** Told when a run with a callback URL finished (Cozeloop's async_run `callback_url`). */
  onFinished?: (record: EvaluatorRecord) => Promise<void>;
}

/** Runs evaluators through the engine and keeps a record of each run. */
export interface RunService {
  /**
   * Runs and answers the record: finished (an evaluator failing is status `failed`), or `processing` when an
   * async HTTP evaluator reports later. Rejects (and keeps no record) when the run could not be attempted.
   */
  run(req: RunRequest): Promise<EvaluatorRecord>;
  /** Answers the `processing` record at once (its invoke id set); the run goes on in the background. */
  runAsync(req: RunRequest, callbackUrl: string | null): Promise<EvaluatorRecord>;
  /**
   * An async evaluator reported its result for a record: written once as the evaluation result (a report for a
   * finished record changes nothing and answers it as it is).
   */
  report(record: EvaluatorRecord, output: StoredOutput): Promise<EvaluatorRecord>;
  /** Waits for background runs (on stop). */
  drain(): Promise<void>;
}

/** The engine's answer as a record stores it. */
export const storedOutput = (o: EvaluatorOutput): StoredOutput => ({
  status: o.status === 'success' ? 'success' : 'failed',
  ...(o.score === undefined ? {} : { score: o.score }),
  ...(o.label === undefined ? {} : { label: o.label }),
  reasoning: o.reasoning,
  usage: o.usage,
  ...(o.error === undefined ? {} : { error: o.error }),
  ...(o.stdout === undefined ? {} : { stdout: o.stdout }),
  durationMs: o.durationMs,
});

/** A stored output as the engine takes it back. */
const engineOutput = (o: StoredOutput): EvaluatorOutput => ({
  status: o.status,
  ...(o.score === undefined ? {} : { score: o.score }),
  ...(o.label === undefined ? {} : { label: o.label }),
  reasoning: o.reasoning,
  usage: o.usage,
  ...(o.error === undefined ? {} : { error: o.error }),
  ...(o.stdout === undefined ? {} : { stdout: o.stdout }),
  durationMs: o.durationMs,
});

const notRun = (e: unknown): StoredOutput => ({
  status: 'failed',
  reasoning: '',
  usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
  error: { code: 'not_run', message: e instanceof Error ? e.message : String(e) },
  durationMs: 0,
});

const provenanceOf = (r: {
  id: string;
  name: string;
  evaluatorId: string | null;
  versionId: string | null;
}): EvaluationProvenance => ({
  evaluatorName: r.name,
  recordId: r.id,
  ...(r.evaluatorId === null ? {} : { evaluatorId: r.evaluatorId }),
  ...(r.versionId === null ? {} : { evaluatorVersionId: r.versionId }),
});

export function createRunService(deps: RunServiceDeps): RunService {
  const { sql } = deps;
  const background = new Set<Promise<unknown>>();

  const secretOf = (req: RunRequest): string | undefined => {
    if (req.secret === undefined) return undefined;
    if ('plain' in req.secret) return req.secret.plain;
    return deps.secrets.open(req.secret.sealed, secretContext(req.workspaceId, req.evaluatorId ?? ''));
  };

  /** The engine's run for a started record; throws when the run could not be attempted. */
  const execute = async (req: RunRequest, record: EvaluatorRecord) => {
    const judged =
      req.judged === undefined ? undefined : await loadJudged(deps.spans, req.workspaceId, req.judged);
    const input = {
      ...toEvaluatorInput(req.input),
      ...(judged === undefined ? {} : { span: judged.span, trace: judged.trace }),
    };
    return deps.engine.run(req.workspaceId, engineSpec(req.spec, secretOf(req)), input, {
      provenance: provenanceOf({ ...req, id: record.id }),
      ...(req.judged === undefined ? {} : { judged: req.judged }),
    });
  };

  const start = (req: RunRequest, async?: { callbackUrl: string | null }) =>
    startRecord(sql, {
      workspaceId: req.workspaceId,
      evaluatorId: req.evaluatorId,
      evaluatorVersionId: req.versionId,
      evaluatorName: req.name,
      evaluatorType: req.spec.type,
      input: req.input,
      judged: req.judged,
      createdBy: req.createdBy,
      ...(async === undefined ? {} : { async }),
    });

  const notify = async (record: EvaluatorRecord | undefined) => {
    if (record === undefined || record.callbackUrl === null || deps.onFinished === undefined) return;
    await deps.onFinished(record);
  };

  /** Writes the engine's answer: finished, or waiting for the service's report under its invoke id. */
  const settle = async (
    record: EvaluatorRecord,
    out: EvaluatorOutput & { traceId: string; spanId: string },
  ) => {
    if (out.status === 'processing')
      return awaitReport(sql, record.id, {
        invokeId: out.invokeId ?? record.invokeId ?? record.id,
        traceId: out.traceId,
        spanId: out.spanId,
      });
    const finished = await finishRecord(sql, record.id, {
      output: storedOutput(out),
      traceId: out.traceId,
      spanId: out.spanId,
    });
    await notify(finished);
    return finished ?? record;
  };

  return {
    async run(req) {
      const record = await start(req);
      let out;
      try {
        out = await execute(req, record);
      } catch (e) {
        // Not attempted (a bad spec, a full queue, no such span): an API error, and no record of it.
        await sql.query(`DELETE FROM evaluator_records WHERE id = $1`, [record.id]);
        throw e;
      }
      return settle(record, out);
    },
    async runAsync(req, callbackUrl) {
      const record = await start(req, { callbackUrl });
      const job = (async () => {
        try {
          await settle(record, await execute(req, record));
        } catch (e) {
          deps.logger.warn('async evaluator run could not be attempted', {
            record: record.id,
            error: String(e),
          });
          await notify(
            await finishRecord(sql, record.id, { output: notRun(e), traceId: null, spanId: null }),
          );
        }
      })().catch((e: unknown) =>
        deps.logger.error('async evaluator run failed', { record: record.id, error: String(e) }),
      );
      background.add(job);
      void job.finally(() => background.delete(job));
      return record;
    },
    async report(record, output) {
      // The update is the guard: of two reports for one invoke id, only the first finishes the record.
      const finished = await finishRecord(sql, record.id, { output, traceId: null, spanId: null });
      if (finished === undefined) return record;
      if (finished.traceId !== null && finished.spanId !== null)
        deps.engine.complete(finished.workspaceId, finished.evaluatorType, engineOutput(output), {
          provenance: provenanceOf({
            id: finished.id,
            name: finished.evaluatorName,
            evaluatorId: finished.evaluatorId,
            versionId: finished.evaluatorVersionId,
          }),
          run: { traceId: finished.traceId, spanId: finished.spanId },
        });
      await notify(finished);
      return finished;
    },
    async drain() {
      await Promise.allSettled([...background]);
    },
  };
}
