import { z } from 'zod';
import { ChatMessage, ChatTool, ToolChoice } from '../../schemas/chat';
import type { ProviderKind } from '../../schemas/models';
import { AppError } from '../app-error';
import type { EgressFetch } from '../egress/types';
import type { SqlClient } from '../metadata/types';
import { issuesText } from '../zod-issues';
import { effectiveParams } from './model-params';
import { resolveModel, type Model } from './model-store';
import {
  isRetryableStatus,
  type ProviderCall,
  type ProviderClient,
  type ProviderError,
  type ProviderFactory,
} from './provider-client';
import { openProviderSecrets, providerById, vendorOf, type ModelProvider } from './provider-store';
import type { SecretBox } from './secret-box';
import type { ChatRequest } from './types';

const CallShape = z.object({
  modelId: z.string().min(1),
  messages: z
    .array(ChatMessage)
    .min(1, 'at least one message')
    .superRefine((messages, ctx) => {
      for (const [i, m] of messages.entries())
        if (m.role === 'tool' && !m.toolCallId)
          ctx.addIssue({
            code: 'custom',
            path: [i, 'toolCallId'],
            message: 'a tool message answers a tool call id',
          });
    }),
  tools: z.array(ChatTool).max(128).optional(),
  toolChoice: ToolChoice.optional(),
});

/** A call ready to send: its model and provider, the provider's client and the validated request. */
export interface PreparedCall {
  model: Model;
  provider: ModelProvider;
  vendor: string;
  client: ProviderClient;
  call: Omit<ProviderCall, 'signal'>;
}

/** A failed attempt as the API reports it: 429 stays a rate limit, other 4xx are the caller's, the rest unavailable. */
export function toAppError(e: ProviderError, provider: string): AppError {
  const from = `provider "${provider}"`;
  if (e.reason === 'refused') return new AppError('invalid_argument', `${from}: ${e.message}`);
  if (e.reason === 'status' && e.status === 429)
    return new AppError(
      'rate_limited',
      `${from} is rate limiting: ${e.message}`,
      e.retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(e.retryAfterMs / 1000)),
    );
  if (e.reason === 'status' && e.status !== undefined && e.status < 500 && !isRetryableStatus(e.status))
    return new AppError('invalid_argument', `${from} refused the call: ${e.message}`);
  return new AppError('unavailable', `${from} failed: ${e.message}`);
}

/** The span's error.type of a failed attempt: the HTTP status, or timeout, connection, … */
export const errorType = (e: ProviderError): string =>
  e.reason === 'status' && e.status !== undefined ? String(e.status) : e.reason;

/**
 * Validates a request, resolves its model and provider in the workspace, applies the parameter schema and opens
 * the provider's secrets; every refusal is an AppError naming its cause, before anything is sent.
 */
export async function prepareCall(
  deps: {
    sql: SqlClient;
    secrets: SecretBox;
    factories: Record<ProviderKind, ProviderFactory>;
    fetch: EgressFetch;
  },
  workspaceId: string,
  request: ChatRequest,
): Promise<PreparedCall> {
  request.signal?.throwIfAborted();
  const shape = CallShape.safeParse(request);
  if (!shape.success) throw new AppError('invalid_argument', issuesText(shape.error));
  const model = await resolveModel(deps.sql, workspaceId, shape.data.modelId);
  if (model === undefined)
    throw new AppError(
      'invalid_argument',
      `model "${shape.data.modelId}" is not registered in this workspace`,
    );
  const provider = await providerById(deps.sql, workspaceId, model.providerId);
  if (provider === undefined) throw new AppError('internal', `the provider of model "${model.name}" is gone`);
  const params = effectiveParams(model, request.params);
  if (!params.ok) throw params.error;
  const secrets = openProviderSecrets(deps.secrets, provider);
  if (!secrets.ok) throw secrets.error;
  let client: ProviderClient;
  try {
    client = deps.factories[provider.kind]({
      baseUrl: provider.baseUrl,
      apiKey: secrets.value.apiKey,
      apiVersion: provider.apiVersion,
      headers: secrets.value.headers,
      timeoutMs: provider.timeoutMs,
      fetch: deps.fetch,
    });
  } catch (e) {
    throw new AppError(
      'invalid_argument',
      `provider "${provider.name}": ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return {
    model,
    provider,
    vendor: vendorOf(provider),
    client,
    call: {
      model: model.model,
      messages: shape.data.messages,
      tools: shape.data.tools,
      toolChoice: shape.data.toolChoice,
      params: params.value,
    },
  };
}
