import { Hono, type MiddlewareHandler } from 'hono';
import { requireScope } from '../core/access/authenticator';
import { AppError } from '../core/app-error';
import type { MetadataStore } from '../core/metadata/types';
import {
  createModel,
  deleteModel,
  listModels,
  resolveModel,
  updateModel,
} from '../core/model-gateway/model-store';
import {
  createProvider,
  deleteProvider,
  listProviders,
  providerById,
  updateProvider,
} from '../core/model-gateway/provider-store';
import type { SecretBox } from '../core/model-gateway/secret-box';
import type { ModelGateway } from '../core/model-gateway/types';
import type { Result } from '../core/result';
import {
  ChatBody,
  CreateModelBody,
  CreateProviderBody,
  UpdateModelBody,
  UpdateProviderBody,
} from '../schemas/models';
import type { WorkspaceEnv } from './auth-middleware';
import { jsonBody, maxBody } from './json-body';
import { toChatResultView, toModelView, toProviderView } from './model-views';

export interface ModelRoutesDeps {
  metadata: MetadataStore;
  /** The server key's box and the gateway; absent, writing keys and calling models answer 503. */
  modelRegistry?: { secrets: SecretBox; gateway: ModelGateway };
}

const unwrap = <T>(r: Result<T>): T => {
  if (!r.ok) throw r.error;
  return r.value;
};

/** Changing the registry needs the write scope; calling a model needs run (query/route-scopes.ts). */
const writer: MiddlewareHandler<WorkspaceEnv> = async (c, next) => {
  unwrap(requireScope(c.get('principal'), 'write'));
  await next();
};

const small = maxBody(64 * 1024, '64 KiB');
const chatSized = maxBody(4 * 1024 * 1024, '4 MiB');

/** Model providers and models of the caller's workspace under /api/v1 (behind the API's authentication). */
export const modelRoutes = (deps: ModelRoutesDeps) => {
  const sql = deps.metadata;
  const registry = () => {
    if (deps.modelRegistry === undefined)
      throw new AppError('unavailable', 'the model gateway is not running in this process', 30);
    return deps.modelRegistry;
  };
  return new Hono<WorkspaceEnv>()
    .get('/model-providers', async (c) =>
      c.json({ providers: (await listProviders(sql, c.get('workspaceId'))).map(toProviderView) }),
    )
    .post('/model-providers', writer, small, async (c) => {
      const input = await jsonBody(c, CreateProviderBody);
      const created = unwrap(await createProvider(sql, registry().secrets, c.get('workspaceId'), input));
      return c.json(toProviderView(created), 201);
    })
    .get('/model-providers/:providerId', async (c) => {
      const p = await providerById(sql, c.get('workspaceId'), c.req.param('providerId'));
      if (p === undefined) throw new AppError('not_found', 'provider not found');
      return c.json(toProviderView(p));
    })
    .patch('/model-providers/:providerId', writer, small, async (c) => {
      const patch = await jsonBody(c, UpdateProviderBody);
      const id = c.req.param('providerId');
      const updated = unwrap(await updateProvider(sql, registry().secrets, c.get('workspaceId'), id, patch));
      return c.json(toProviderView(updated));
    })
    .delete('/model-providers/:providerId', writer, async (c) => {
      unwrap(await deleteProvider(sql, c.get('workspaceId'), c.req.param('providerId')));
      return c.body(null, 204);
    })
    .get('/models', async (c) =>
      c.json({ models: (await listModels(sql, c.get('workspaceId'))).map(toModelView) }),
    )
    .post('/models', writer, small, async (c) => {
      const input = await jsonBody(c, CreateModelBody);
      return c.json(toModelView(unwrap(await createModel(sql, c.get('workspaceId'), input))), 201);
    })
    .get('/models/:modelId', async (c) => {
      const m = await resolveModel(sql, c.get('workspaceId'), c.req.param('modelId'));
      if (m === undefined) throw new AppError('not_found', 'model not found');
      return c.json(toModelView(m));
    })
    .patch('/models/:modelId', writer, small, async (c) => {
      const patch = await jsonBody(c, UpdateModelBody);
      return c.json(
        toModelView(unwrap(await updateModel(sql, c.get('workspaceId'), c.req.param('modelId'), patch))),
      );
    })
    .delete('/models/:modelId', writer, async (c) => {
      if (!(await deleteModel(sql, c.get('workspaceId'), c.req.param('modelId'))))
        throw new AppError('not_found', 'model not found');
      return c.body(null, 204);
    })
    .post('/models/:modelId/chat', chatSized, async (c) => {
      const input = await jsonBody(c, ChatBody);
      const workspaceId = c.get('workspaceId');
      const model = await resolveModel(sql, workspaceId, c.req.param('modelId'));
      if (model === undefined) throw new AppError('not_found', 'model not found');
      const result = await registry().gateway.chat(workspaceId, {
        modelId: model.id,
        messages: input.messages,
        ...(input.tools === undefined ? {} : { tools: input.tools }),
        ...(input.toolChoice === undefined ? {} : { toolChoice: input.toolChoice }),
        ...(input.params === undefined ? {} : { params: input.params }),
        signal: c.req.raw.signal,
      });
      return c.json(toChatResultView(result));
    });
};
