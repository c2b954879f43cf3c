import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import { AppError } from '../../core/app-error';
import type { Logger } from '../../core/logger';
import { authenticateBody, authenticateQuery } from '../prompts/cozeloop-auth';
import { asAppError, cozeloopError, cozeloopOk } from '../prompts/cozeloop-envelope';
import { actorOf, parse } from '../prompts/request-input';
import type { PluginContext, RootAuthenticate } from '../sdk/index';
import { inputIn, evaluatorOut, recordOut, reportedOutput, specIn, versionOut } from './cozeloop-convert';
import {
  AsyncRunEvaluatorOApiRequest,
  BatchGetEvaluatorRecordsOApiRequest,
  BatchGetEvaluatorsOApiRequest,
  BatchGetEvaluatorVersionsOApiRequest,
  CorrectEvaluatorRecordOApiRequest,
  CreateEvaluatorOApiRequest,
  ListEvaluatorsOApiRequest,
  ListEvaluatorVersionsOApiRequest,
  ReportEvaluatorInvokeResultRequest,
  RunBuiltinEvaluatorOApiRequest,
  RunEvaluatorOApiRequest,
  SubmitEvaluatorVersionOApiRequest,
  UpdateEvaluatorDraftOApiRequest,
  UpdateEvaluatorOApiRequest,
} from './cozeloop-schemas';
import { checkSpec, createWithSpec, saveDraftSpec, versionRun, type ActionDeps } from './evaluator-actions';
import {
  countEvaluators,
  deleteEvaluator,
  evaluatorById,
  IdParam,
  listEvaluators,
  updateEvaluatorMeta,
} from './evaluator-store';
import { correctRecord, recordById, recordByInvokeId, recordsByIds } from './record-store';
import type { Evaluator } from './rows';
import type { RunRequest, RunService } from './run-service';
import { builtinRun } from './builtin-run';
import type { EvaluatorTemplate } from './view-schemas';
import { countVersions, latestVersions, listVersions, submitVersion, versionById } from './version-store';

export interface CozeloopEvaluatorDeps extends ActionDeps {
  authenticate: RootAuthenticate;
  logger: Logger;
  runs: RunService;
  egress: PluginContext['egress'];
  templates: () => readonly EvaluatorTemplate[];
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Cozeloop's evaluator OpenAPI under /v1/loop/evaluation: evaluators (create, list, batch get, update, draft,
 * submit, delete, versions), runs (sync, async with a callback URL, built-in), records (batch get, correction)
 * and the async evaluator result report. Answers carry `{code, msg, data}`; reads need `read`, changes `write`,
 * runs `run`. An evaluator failing is `code: 0` with the record's `status: failed`.
 */
export function cozeloopEvaluatorRoutes(app: Hono, deps: CozeloopEvaluatorDeps): void {
  const { sql } = deps;
  const withBody = async <S extends z.ZodType>(c: Context, scope: 'read' | 'write' | 'run', schema: S) => {
    const { principal, body } = await authenticateBody(c, deps.authenticate, scope);
    return { principal, workspaceId: principal.workspaceId, req: parse(schema, body) };
  };
  const param = (c: Context, name: string) => parse(IdParam, c.req.param(name), name);
  const out = async (evaluators: Evaluator[]) => {
    const latest = await latestVersions(
      sql,
      evaluators.map((e) => e.id),
    );
    return evaluators.map((e) => evaluatorOut(e, latest.get(e.id)));
  };
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new AppError('too_large', `the request body is larger than ${MAX_BODY_BYTES} bytes (4 MiB)`);
    },
  });

  const loop = new Hono();
  loop.onError((e, c) => cozeloopError(c, asAppError(e, deps.logger)));

  loop.post('/evaluators', limit, async (c) => {
    const { principal, workspaceId, req } = await withBody(c, 'write', CreateEvaluatorOApiRequest);
    const e = req.evaluator;
    const spec = specIn(e.evaluator_type, e.current_version?.evaluator_content ?? {});
    const createdBy = actorOf(principal);
    const created = await createWithSpec(deps, {
      workspaceId,
      name: e.name,
      description: e.description ?? '',
      spec,
      createdBy,
    });
    const version = e.current_version?.version;
    if (version !== undefined)
      await submitVersion(
        sql,
        {
          workspaceId,
          evaluatorId: created.id,
          version,
          description: e.current_version?.description ?? '',
          createdBy,
        },
        () => Promise.resolve(),
      );
    return cozeloopOk(c, { evaluator_id: created.id });
  });

  loop.post('/evaluators/list', limit, async (c) => {
    const { workspaceId, req } = await withBody(c, 'read', ListEvaluatorsOApiRequest);
    const filter = {
      search: req.search_name,
      types: req.evaluator_type?.map((t) => (t === 'custom_rpc' ? 'http' : t)),
      builtin: req.builtin,
    };
    const [rows, total] = await Promise.all([
      listEvaluators(sql, workspaceId, {
        ...filter,
        offset: (req.page_number - 1) * req.page_size,
        limit: req.page_size,
      }),
      countEvaluators(sql, workspaceId, filter),
    ]);
    return cozeloopOk(c, { evaluators: await out(rows), total: String(total) });
  });

  loop.post('/evaluators/batch_get', limit, async (c) => {
    const { workspaceId, req } = await withBody(c, 'read', BatchGetEvaluatorsOApiRequest);
    const rows = await listEvaluators(sql, workspaceId, { ids: req.evaluator_ids, limit: 200 });
    return cozeloopOk(c, { evaluators: await out(rows) });
  });

  loop.post('/evaluators/result', limit, async (c) => {
    const { workspaceId, req } = await withBody(c, 'write', ReportEvaluatorInvokeResultRequest);
    const record = await recordByInvokeId(sql, workspaceId, req.invoke_id);
    await deps.runs.report(record, reportedOutput(req, record.createdAt, new Date()));
    return c.json({ code: 0, msg: '' });
  });

  loop.post('/evaluators/builtin/run', limit, async (c) => {
    const { principal, workspaceId, req } = await withBody(c, 'run', RunBuiltinEvaluatorOApiRequest);
    const run = await builtinRun(deps, {
      workspaceId,
      id: req.builtin_evaluator_id,
      name: req.builtin_evaluator_name,
      runtimeParam: req.evaluator_run_conf?.evaluator_runtime_param?.json_value,
      input: inputIn(req.input_data),
      createdBy: actorOf(principal),
    });
    return cozeloopOk(c, { record: recordOut(await deps.runs.run(run)) });
  });

  loop.patch('/evaluators/:evaluator_id', limit, async (c) => {
    const { workspaceId, req } = await withBody(c, 'write', UpdateEvaluatorOApiRequest);
    const id = param(c, 'evaluator_id');
    const updated = await updateEvaluatorMeta(sql, workspaceId, id, req);
    if (updated === undefined)
      throw new AppError('conflict', `an evaluator named "${req.name}" already exists`);
    return cozeloopOk(c, {});
  });

  loop.delete('/evaluators/:evaluator_id', async (c) => {
    const principal = await authenticateQuery(c, deps.authenticate, 'write');
    await deleteEvaluator(sql, principal.workspaceId, param(c, 'evaluator_id'));
    return cozeloopOk(c, {});
  });

  loop.patch('/evaluators/:evaluator_id/update_draft', limit, async (c) => {
    const { workspaceId, req } = await withBody(c, 'write', UpdateEvaluatorDraftOApiRequest);
    const id = param(c, 'evaluator_id');
    const current = await evaluatorById(sql, workspaceId, id);
    const type = req.evaluator_type ?? (current.type === 'http' ? 'custom_rpc' : current.type);
    const saved = await saveDraftSpec(deps, workspaceId, id, specIn(type, req.evaluator_content));
    return cozeloopOk(c, { evaluator: (await out([saved]))[0] });
  });

  loop.post('/evaluators/:evaluator_id/submit_version', limit, async (c) => {
    const { principal, workspaceId, req } = await withBody(c, 'write', SubmitEvaluatorVersionOApiRequest);
    const id = param(c, 'evaluator_id');
    const version = await submitVersion(
      sql,
      {
        workspaceId,
        evaluatorId: id,
        version: req.version,
        description: req.description ?? '',
        createdBy: actorOf(principal),
      },
      (draft) => checkSpec(deps, workspaceId, draft),
    );
    const evaluator = await evaluatorById(sql, workspaceId, id);
    return cozeloopOk(c, { evaluator: evaluatorOut(evaluator, version, version) });
  });

  loop.post('/evaluators/:evaluator_id/versions/list', limit, async (c) => {
    const { workspaceId, req } = await withBody(c, 'read', ListEvaluatorVersionsOApiRequest);
    const evaluator = await evaluatorById(sql, workspaceId, param(c, 'evaluator_id'));
    const [versions, total] = await Promise.all([
      listVersions(sql, evaluator.id, {
        offset: (req.page_number - 1) * req.page_size,
        limit: req.page_size,
        ...(req.query_versions === undefined ? {} : { versions: req.query_versions }),
      }),
      countVersions(sql, evaluator.id),
    ]);
    return cozeloopOk(c, { evaluator_versions: versions.map(versionOut), total: String(total) });
  });

  loop.post('/evaluators_versions/batch_get', limit, async (c) => {
    const { workspaceId, req } = await withBody(c, 'read', BatchGetEvaluatorVersionsOApiRequest);
    const evaluators = [];
    for (const versionId of req.evaluator_version_ids) {
      const version = await versionById(sql, workspaceId, versionId).catch(() => undefined);
      if (version === undefined) continue;
      const evaluator = await evaluatorById(sql, workspaceId, version.evaluatorId).catch(() => undefined);
      if (evaluator === undefined) continue;
      const latest = (await latestVersions(sql, [evaluator.id])).get(evaluator.id);
      evaluators.push(evaluatorOut(evaluator, latest, version));
    }
    return cozeloopOk(c, { evaluators });
  });

  /** The version of the path, with its evaluator, in the caller's workspace. */
  const versionRunOf = async (
    c: Context,
    workspaceId: string,
    req: z.output<typeof RunEvaluatorOApiRequest>,
    createdBy: string,
  ): Promise<RunRequest> => {
    const version = await versionById(sql, workspaceId, param(c, 'evaluator_version_id'));
    const evaluator = await evaluatorById(sql, workspaceId, version.evaluatorId);
    return versionRun(evaluator, version, inputIn(req.input_data), undefined, createdBy);
  };

  loop.post('/evaluators_versions/:evaluator_version_id/run', limit, async (c) => {
    const { principal, workspaceId, req } = await withBody(c, 'run', RunEvaluatorOApiRequest);
    const run = await versionRunOf(c, workspaceId, req, actorOf(principal));
    return cozeloopOk(c, { record: recordOut(await deps.runs.run(run)) });
  });

  loop.post('/evaluators_versions/:evaluator_version_id/async_run', limit, async (c) => {
    const { principal, workspaceId, req } = await withBody(c, 'run', AsyncRunEvaluatorOApiRequest);
    if (req.callback_url !== undefined) {
      const checked = deps.egress.checkUrl(req.callback_url);
      if (!checked.ok) throw checked.error;
    }
    const run = await versionRunOf(c, workspaceId, req, actorOf(principal));
    const record = await deps.runs.runAsync(run, req.callback_url ?? null);
    return cozeloopOk(c, { invoke_id: record.invokeId ?? record.id, record: recordOut(record) });
  });

  loop.post('/evaluator_records/batch_get', limit, async (c) => {
    const { workspaceId, req } = await withBody(c, 'read', BatchGetEvaluatorRecordsOApiRequest);
    const records = await recordsByIds(sql, workspaceId, req.evaluator_record_ids);
    return cozeloopOk(c, { records: records.map(recordOut) });
  });

  loop.patch('/evaluator_records/:evaluator_record_id', limit, async (c) => {
    const { principal, workspaceId, req } = await withBody(c, 'write', CorrectEvaluatorRecordOApiRequest);
    const id = param(c, 'evaluator_record_id');
    const record = await recordById(sql, workspaceId, id);
    if (record.status === 'processing')
      throw new AppError('invalid_argument', `record ${id} is still processing; correct it once it finished`);
    const corrected = await correctRecord(sql, workspaceId, id, {
      score: req.correction.score,
      explain: req.correction.explain ?? '',
      updatedBy: actorOf(principal),
      updatedAt: new Date().toISOString(),
    });
    return cozeloopOk(c, { record: recordOut(corrected) });
  });

  app.route('/v1/loop/evaluation', loop);
}
