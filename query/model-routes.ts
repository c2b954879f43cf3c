import { Hono, type MiddlewareHandler } from 'hono';
import { requireScope } from '../core/access/authenticator';
import { AppError } from '../core/app-error';
import type { EgressPolicy } from '../core/egress/types';
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
  /** The server key's box, the gateway and its egress policy; absent, writing keys and calling models answer 503. */
  modelRegistry?: { secrets: SecretBox; gateway: ModelGateway; egress: Pick<EgressPolicy, 'checkUrl'> };
}

const unwrap = <T>(r: Result<T>): T => {
  if (!r.ok) throw r.error;
  return r.value;
};

/** Changing providers and models decides where the workspace's keys and prompts are sent: owners and admins. */
const admin: MiddlewareHandler<WorkspaceEnv> = async (c, next) => {
  unwrap(requireScope(c.get('principal'), 'admin'));
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
  /** A base URL at a literal address the egress policy refuses is refused now; names are checked at each call. */
  const checkBaseUrl = (baseUrl: string | null | undefined) => {
    if (baseUrl === null || baseUrl === undefined) return;
    const checked = registry().egress.checkUrl(baseUrl);
    if (!checked.ok) throw new AppError('invalid_argument', `baseUrl: ${checked.error.message}`);
  };
  return new Hono<WorkspaceEnv>()
    .get('/model-providers', async (c) =>
      c.json({ providers: (await listProviders(sql, c.get('workspaceId'))).map(toProviderView) }),
    )
    .post('/model-providers', admin, small, async (c) => {
      const input = await jsonBody(c, CreateProviderBody);
      checkBaseUrl(input.baseUrl);
      const created = unwrap(await createProvider(sql, registry().secrets, c.get('workspaceId'), input));
      return c.json(toProviderView(created), 201);
    })
    .get('/model-providers/:providerId', async (c) => {
      const p = await providerById(sql, c.get('workspaceId'), c.req.param('providerId'));
      if (p === undefined) throw new AppError('not_found', 'provider not found');
      return c.json(toProviderView(p));
    })
    .patch('/model-providers/:providerId', admin, small, async (c) => {
      const patch = await jsonBody(c, UpdateProviderBody);
      checkBaseUrl(patch.baseUrl);
      const id = c.req.param('providerId');
      const updated = unwrap(await updateProvider(sql, registry().secrets, c.get('workspaceId'), id, patch));
      return c.json({
        ...toProviderView(updated),
        ...(updated.dropped.length > 0 ? { secretsDropped: updated.dropped } : {}),
      });
    })
    .delete('/model-providers/:providerId', admin, async (c) => {
      unwrap(await deleteProvider(sql, c.get('workspaceId'), c.req.param('providerId')));
      return c.body(null, 204);
    })
    .get('/models', async (c) =>
      c.json({ models: (await listModels(sql, c.get('workspaceId'))).map(toModelView) }),
    )
    .post('/models', admin, small, async (c) => {
      const input = await jsonBody(c, CreateModelBody);
      return c.json(toModelView(unwrap(await createModel(sql, c.get('workspaceId'), input))), 201);
    })
    .get('/models/:modelId', async (c) => {
      const m = await resolveModel(sql, c.get('workspaceId'), c.req.param('modelId'));
      if (m === undefined) throw new AppError('not_found', 'model not found');
      return c.json(toModelView(m));
    })
    .patch('/models/:modelId', admin, small, async (c) => {
      const patch = await jsonBody(c, UpdateModelBody);
      return c.json(
        toModelView(unwrap(await updateModel(sql, c.get('workspaceId'), c.req.param('modelId'), patch))),
      );
    })
    .delete('/models/:modelId', admin, async (c) => {
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
