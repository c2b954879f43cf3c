import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { actorOf, parse } from '../prompts/request-input';
import { AppError, readJsonBody, type PluginEnv } from '../sdk/index';
import { namedItem, planFromTraces, writePlan, type FromTracesDeps } from './from-traces';
import { IdParam as DatasetIdParam } from './cozeloop-schemas';
import { FromTracesRequest } from './from-traces-schemas';

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * `POST /{id}/from-traces/preview` and `POST /{id}/from-traces`: items made of spans (picked by id or by a trace
 * search) through field mappings. The preview answers exactly the items the write then writes.
 */
export function fromTracesRoutes(app: Hono<PluginEnv>, deps: FromTracesDeps): void {
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new AppError('too_large', `the request body is larger than ${MAX_BODY_BYTES} bytes`);
    },
  });
  const datasetId = (id: string) => parse(DatasetIdParam, id, 'dataset id');

  app.post('/:id/from-traces/preview', limit, async (c) => {
    const req = parse(FromTracesRequest, await readJsonBody(c));
    const plan = await planFromTraces(deps, c.get('workspaceId'), datasetId(c.req.param('id')), req);
    return c.json({ items: plan.items.map((i) => namedItem(i, plan.dataset.fields)), errors: plan.errors });
  });

  app.post('/:id/from-traces', limit, async (c) => {
    const req = parse(FromTracesRequest, await readJsonBody(c));
    const workspaceId = c.get('workspaceId');
    const plan = await planFromTraces(deps, workspaceId, datasetId(c.req.param('id')), req);
    if (plan.items.length === 0)
      return c.json({ written: false, outputs: [], errors: [], skipped: plan.errors });
    const result = await writePlan(
      deps.store,
      workspaceId,
      plan,
      { skipInvalid: req.skipInvalid ?? false, allowPartial: req.allowPartial ?? false },
      actorOf(c.get('principal')),
    );
    return c.json({ ...result, skipped: plan.errors });
  });
}
