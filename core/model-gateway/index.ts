export type { ChatChunk, ChatRequest, ChatResult, ModelGateway } from './types';
export { createModelGateway, type CostFunction, type ModelGatewayDeps } from './gateway';
export { createSecretBox, type SecretBox } from './secret-box';
export {
  createProvider,
  deleteProvider,
  listProviders,
  providerById,
  updateProvider,
  vendorOf,
  type ModelProvider,
} from './provider-store';
export {
  createModel,
  deleteModel,
  listModels,
  modelById,
  resolveModel,
  updateModel,
  type Model,
} from './model-store';
export { loadModelConfig, type EnvLookup, type ModelSeed } from './model-config-file';
export { seedModels, type SeedReport } from './model-config-seed';
export type {
  ProviderCall,
  ProviderClient,
  ProviderDelta,
  ProviderFactory,
  ProviderReply,
  ProviderSettings,
} from './provider-client';
export { ProviderError } from './provider-client';
export { openAiProvider } from './openai-provider';
export { anthropicProvider } from './anthropic-provider';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';
