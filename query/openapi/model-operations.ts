import { z } from 'zod';
import {
  ChatBody,
  CreateModelBody,
  CreateProviderBody,
  UpdateModelBody,
  UpdateProviderBody,
} from '../../schemas/models';
import type { ApiOperation } from './operation';

const ProviderIdParam = z.string().min(1);
const ModelIdParam = z.string().min(1);
const providerId = {
  providerId: { description: 'the provider id (prv_…)', example: 'prv_0123456789abcdef0123' },
};
const modelId = { modelId: { description: 'the model id (mdl_…)', example: 'mdl_0123456789abcdef0123' } };

/** Model providers and models of the caller's workspace, and calling a model through the gateway. */
export const MODEL_OPERATIONS: readonly ApiOperation[] = [
  {
    path: '/api/v1/model-providers',
    operationId: 'listModelProviders',
    tag: 'models',
    summary: "The workspace's model providers; keys and header values are never returned",
    response: { description: 'the providers, by name', body: 'ProviderList' },
    errors: ['401', '403', '429'],
  },
  {
    method: 'post',
    path: '/api/v1/model-providers',
    operationId: 'createModelProvider',
    tag: 'models',
    summary:
      'Register a provider (admin scope): OpenAI or any compatible base URL, Azure OpenAI, or Anthropic',
    description:
      'The API key and header values are sealed with the server key (AES-256-GCM) and never returned: views say ' +
      '`hasApiKey` and the last 4 characters of a long key. Setting `apiVersion` selects Azure OpenAI. A `baseUrl` ' +
      'at a literal loopback, private, link-local or reserved address is refused (400) unless the operator ' +
      'allow-lists it (SPANLOOP_EGRESS_ALLOW); host names are resolved and checked at every call.',
    body: CreateProviderBody,
    status: '201',
    response: { description: 'the provider', body: 'ProviderView' },
    errors: ['400', '401', '403', '409', '429', '503'],
  },
  {
    path: '/api/v1/model-providers/{providerId}',
    operationId: 'getModelProvider',
    tag: 'models',
    summary: 'One provider of the workspace',
    pathParams: { providerId: ProviderIdParam },
    params: providerId,
    response: { description: 'the provider', body: 'ProviderView' },
    errors: ['401', '403', '404', '429'],
  },
  {
    method: 'patch',
    path: '/api/v1/model-providers/{providerId}',
    operationId: 'updateModelProvider',
    tag: 'models',
    summary: 'Change a provider (admin scope); `apiKey: null` removes the key, an absent one keeps it',
    description:
      'Changing where the provider points (`baseUrl`, `kind`, `apiVersion`, `headers`) without sending `apiKey` ' +
      'in the same request removes the stored key (and, for a new destination, the stored headers): the answer ' +
      'lists them in `secretsDropped` and the provider has no key until one is entered. A `baseUrl` at a literal ' +
      'loopback, private, link-local or reserved address is refused unless SPANLOOP_EGRESS_ALLOW allows it.',
    pathParams: { providerId: ProviderIdParam },
    params: providerId,
    body: UpdateProviderBody,
    response: { description: 'the provider', body: 'ProviderView' },
    errors: ['400', '401', '403', '404', '409', '429', '503'],
  },
  {
    method: 'delete',
    path: '/api/v1/model-providers/{providerId}',
    operationId: 'deleteModelProvider',
    tag: 'models',
    summary: 'Delete a provider no model uses (admin scope); 409 while models use it',
    pathParams: { providerId: ProviderIdParam },
    params: providerId,
    status: '204',
    response: { description: 'the provider is gone' },
    errors: ['401', '403', '404', '409', '429'],
  },
  {
    path: '/api/v1/models',
    operationId: 'listModels',
    tag: 'models',
    summary: "The workspace's models with their parameter schemas and defaults",
    response: { description: 'the models, by name', body: 'ModelList' },
    errors: ['401', '403', '429'],
  },
  {
    method: 'post',
    path: '/api/v1/models',
    operationId: 'createModel',
    tag: 'models',
    summary: 'Register a model of a provider (admin scope)',
    description:
      'The parameter schema (name, type float|int|bool|string, min, max, default) bounds what calls may set; ' +
      '`defaultParams` must fit it. `pricing` (USD per token) wins over the shipped price table.',
    body: CreateModelBody,
    status: '201',
    response: { description: 'the model', body: 'ModelView' },
    errors: ['400', '401', '403', '409', '429'],
  },
  {
    path: '/api/v1/models/{modelId}',
    operationId: 'getModel',
    tag: 'models',
    summary: 'One model of the workspace, by id or by name',
    pathParams: { modelId: ModelIdParam },
    params: modelId,
    response: { description: 'the model', body: 'ModelView' },
    errors: ['401', '403', '404', '429'],
  },
  {
    method: 'patch',
    path: '/api/v1/models/{modelId}',
    operationId: 'updateModel',
    tag: 'models',
    summary: 'Change a model (admin scope); its defaults must fit its schema',
    pathParams: { modelId: ModelIdParam },
    params: modelId,
    body: UpdateModelBody,
    response: { description: 'the model', body: 'ModelView' },
    errors: ['400', '401', '403', '404', '409', '429'],
  },
  {
    method: 'delete',
    path: '/api/v1/models/{modelId}',
    operationId: 'deleteModel',
    tag: 'models',
    summary: 'Delete a model (admin scope)',
    pathParams: { modelId: ModelIdParam },
    params: modelId,
    status: '204',
    response: { description: 'the model is gone' },
    errors: ['401', '403', '404', '429'],
  },
  {
    method: 'post',
    path: '/api/v1/models/{modelId}/chat',
    operationId: 'chatWithModel',
    tag: 'models',
    summary: 'Call a model once through the gateway (run scope), e.g. to try it',
    description:
      'Parameters outside the model’s schema answer 400 naming them. The call is retried after 429, 5xx and ' +
      'timeouts as the provider allows, and recorded as an LLM span (`chat <model>`) with GenAI attributes in ' +
      'the workspace; a provider rate limit answers 429 with `Retry-After`.',
    pathParams: { modelId: ModelIdParam },
    params: modelId,
    body: ChatBody,
    response: {
      description: 'the answer, its usage and cost, and the span that recorded it',
      body: 'ChatResultView',
    },
    errors: ['400', '401', '403', '404', '429', '503'],
  },
];
