import type { ChatResult } from '../core/model-gateway/types';
import type { Model } from '../core/model-gateway/model-store';
import { vendorOf, type ModelProvider } from '../core/model-gateway/provider-store';
import type { ChatResultView, ModelView, ProviderView } from '../schemas/models';

/** Never carries the key or header values: whether a key is set and its last characters only. */
export const toProviderView = (p: ModelProvider): ProviderView => ({
  id: p.id,
  name: p.name,
  kind: p.kind,
  vendor: vendorOf(p),
  baseUrl: p.baseUrl,
  apiVersion: p.apiVersion,
  hasApiKey: p.apiKeySealed !== null,
  apiKeyHint: p.apiKeyHint,
  headerNames: p.headerNames,
  timeoutMs: p.timeoutMs,
  maxRetries: p.maxRetries,
  rateLimitRpm: p.rateLimitRpm,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

export const toModelView = (m: Model): ModelView => ({
  id: m.id,
  providerId: m.providerId,
  name: m.name,
  model: m.model,
  paramSchema: m.paramSchema,
  defaultParams: m.defaultParams,
  contextWindow: m.contextWindow,
  pricing: m.pricing,
  createdAt: m.createdAt.toISOString(),
  updatedAt: m.updatedAt.toISOString(),
});

export const toChatResultView = (r: ChatResult): ChatResultView => ({
  message: r.message,
  finishReason: r.finishReason,
  usage: r.usage,
  model: r.model,
  cost: r.cost,
  ...(r.timeToFirstTokenMs === undefined ? {} : { timeToFirstTokenMs: r.timeToFirstTokenMs }),
  traceId: r.traceId,
  spanId: r.spanId,
});
