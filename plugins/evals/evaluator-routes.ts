import type { Context, Hono } from 'hono';
import { AppError } from '../../core/app-error';
import type { EvaluationEngine } from '../../eval-engine/types';
import { actorOf, jsonBody, parse, queryOf } from '../prompts/request-input';
import type { PluginContext, PluginEnv } from '../sdk/index';
import {
  CorrectionBody,
  CreateEvaluatorBody,
  DebugBody,
  DraftBody,
  EvaluatorIdParams,
  ListEvaluatorsQuery,
  PageQuery,
  RecordParams,
  RunBody,
  SubmitVersionBody,
  TemplatesQuery,
  UpdateEvaluatorBody,
  VersionParams,
} from './api-schemas';
import { checkSpec, createWithSpec, saveDraftSpec, versionRun } from './evaluator-actions';
import { deleteEvaluator, evaluatorById, listEvaluators, updateEvaluatorMeta } from './evaluator-store';
import { correctRecord, listRecords, recordById } from './record-store';
import type { Evaluator } from './rows';
import type { RunService } from './run-service';
import { SpecBody, splitSecret } from './spec-schema';
import type { EvaluatorTemplate } from './view-schemas';
import { evaluatorView, pageOf, recordView, versionView } from './views';
import { latestVersions, listVersions, submitVersion, versionById } from './version-store';

export interface EvaluatorRoutesDeps {
  sql: PluginContext['sql'];
  secrets: PluginContext['secrets'];
  engine: Pick<EvaluationEngine, 'validate'>;
  runs: RunService;
  templates: () => readonly EvaluatorTemplate[];
}

type C = Context<PluginEnv>;

/** The evaluators REST API under /api/v1/evaluators (mounted by the plugin host, authenticated). */
export function evaluatorRoutes(app: Hono<PluginEnv>, deps: EvaluatorRoutesDeps): void {
  const { sql } = deps;
  const ws = (c: C) => c.get('workspaceId');
  const idOf = (c: C) => parse(EvaluatorIdParams.id, c.req.param('id'), 'evaluator id');
  const withLatest = async (e: Evaluator) => evaluatorView(e, (await latestVersions(sql, [e.id])).get(e.id));

  app.get('/', async (c) => {
    const q = queryOf(c, ListEvaluatorsQuery);
    const rows = await listEvaluators(sql, ws(c), {
      search: q.search,
      types: q.type === undefined ? undefined : [q.type],
      before: q.cursor,
      limit: q.limit + 1,
    });
    const page = pageOf(rows, q.limit);
    const latest = await latestVersions(
      sql,
      page.items.map((e) => e.id),
    );
    return c.json({
      items: page.items.map((e) => evaluatorView(e, latest.get(e.id))),
      nextCursor: page.nextCursor,
    });
  });

  app.get('/templates', (c) => {
    const { type } = queryOf(c, TemplatesQuery);
    return c.json({ items: deps.templates().filter((t) => type === undefined || t.type === type) });
  });

  app.post('/', async (c) => {
    const body = await jsonBody(c, CreateEvaluatorBody);
    const base = {
      workspaceId: ws(c),
      name: body.name,
      description: body.description ?? '',
      createdBy: actorOf(c.get('principal')),
    };
    if ('spec' in body)
      return c.json(evaluatorView(await createWithSpec(deps, { ...base, spec: body.spec }), undefined), 201);
    const template = deps.templates().find((t) => t.key === body.templateKey);
    if (template === undefined) throw new AppError('not_found', `no template ${body.templateKey}`);
    // A judge template has no model yet: the draft is checked when it is saved, run or submitted.
    const created = await createWithSpec(deps, { ...base, spec: parse(SpecBody, template.spec) }, true);
    return c.json(evaluatorView(created, undefined), 201);
  });

  app.get('/records/:recordId', async (c) => {
    const id = parse(RecordParams.recordId, c.req.param('recordId'), 'record id');
    return c.json(recordView(await recordById(sql, ws(c), id)));
  });

  app.patch('/records/:recordId', async (c) => {
    const id = parse(RecordParams.recordId, c.req.param('recordId'), 'record id');
    const { correction } = await jsonBody(c, CorrectionBody);
    const record = await recordById(sql, ws(c), id);
    if (record.status === 'processing')
      throw new AppError('invalid_argument', `record ${id} is still processing; correct it once it finished`);
    const corrected = await correctRecord(sql, ws(c), id, {
      score: correction.score,
      explain: correction.explain ?? '',
      updatedBy: actorOf(c.get('principal')),
      updatedAt: new Date().toISOString(),
    });
    return c.json(recordView(corrected));
  });

  app.get('/:id', async (c) => c.json(await withLatest(await evaluatorById(sql, ws(c), idOf(c)))));

  app.patch('/:id', async (c) => {
    const id = idOf(c);
    const body = await jsonBody(c, UpdateEvaluatorBody);
    const updated = await updateEvaluatorMeta(sql, ws(c), id, body);
    if (updated === undefined)
      throw new AppError('conflict', `an evaluator named "${body.name}" already exists`);
    return c.json(await withLatest(updated));
  });

  app.put('/:id/draft', async (c) => {
    const { spec } = await jsonBody(c, DraftBody);
    return c.json(await withLatest(await saveDraftSpec(deps, ws(c), idOf(c), spec)));
  });

  app.delete('/:id', async (c) => {
    await deleteEvaluator(sql, ws(c), idOf(c));
    return c.body(null, 204);
  });

  app.post('/:id/versions', async (c) => {
    const id = idOf(c);
    const body = await jsonBody(c, SubmitVersionBody);
    const version = await submitVersion(
      sql,
      {
        workspaceId: ws(c),
        evaluatorId: id,
        version: body.version,
        description: body.description ?? '',
        createdBy: actorOf(c.get('principal')),
      },
      (draft) => checkSpec(deps, ws(c), draft),
    );
    return c.json(versionView(version), 201);
  });

  app.get('/:id/versions', async (c) => {
    const id = idOf(c);
    const q = queryOf(c, PageQuery);
    await evaluatorById(sql, ws(c), id);
    const rows = await listVersions(sql, id, { before: q.cursor, limit: q.limit + 1 });
    const page = pageOf(rows, q.limit);
    return c.json({ items: page.items.map(versionView), nextCursor: page.nextCursor });
  });

  app.get('/:id/records', async (c) => {
    const id = idOf(c);
    const q = queryOf(c, PageQuery);
    await evaluatorById(sql, ws(c), id);
    const rows = await listRecords(sql, ws(c), id, { before: q.cursor, limit: q.limit + 1 });
    const page = pageOf(rows, q.limit);
    return c.json({ items: page.items.map(recordView), nextCursor: page.nextCursor });
  });

  app.post('/:id/debug', async (c) => {
    const id = idOf(c);
    const body = await jsonBody(c, DebugBody);
    const evaluator = await evaluatorById(sql, ws(c), id);
    const given = body.spec === undefined ? undefined : splitSecret(body.spec);
    const spec = given?.stored ?? evaluator.draft;
    const secret =
      typeof given?.secret === 'string'
        ? { plain: given.secret }
        : given?.secret === null || evaluator.draftSecret === null
          ? undefined
          : { sealed: evaluator.draftSecret };
    const record = await deps.runs.run({
      workspaceId: ws(c),
      evaluatorId: evaluator.id,
      versionId: null,
      name: evaluator.name,
      spec,
      secret,
      input: body.input,
      judged: judgedOf(body),
      createdBy: actorOf(c.get('principal')),
    });
    return c.json(recordView(record));
  });

  app.post('/:id/versions/:versionId/run', async (c) => {
    const id = idOf(c);
    const versionId = parse(VersionParams.versionId, c.req.param('versionId'), 'version id');
    const body = await jsonBody(c, RunBody);
    const evaluator = await evaluatorById(sql, ws(c), id);
    const version = await versionById(sql, ws(c), versionId);
    if (version.evaluatorId !== evaluator.id)
      throw new AppError('not_found', `evaluator version ${versionId} not found`);
    const record = await deps.runs.run(
      versionRun(evaluator, version, body.input, judgedOf(body), actorOf(c.get('principal'))),
    );
    return c.json(recordView(record));
  });
}

const judgedOf = (b: { traceId?: string | undefined; spanId?: string | undefined }) =>
  b.traceId === undefined || b.spanId === undefined ? undefined : { traceId: b.traceId, spanId: b.spanId };
