export {
  definePlugin,
  type EvaluationInput,
  type EvaluationResult,
  type EvaluatorDefinition,
  type Plugin,
  type PluginContext,
  type PluginEnv,
  type PluginEvaluators,
  type PluginOpenApi,
  type PluginOperation,
  type PluginSecrets,
  type RootAuthenticate,
  type SpanConsumer,
} from './plugin';
export { AppError, type AppErrorKind } from '../../core/app-error';
export { jsonBodyOf, readJsonBody } from '../../core/json-request';
export {
  INTERNAL_ATTRIBUTE,
  PLUGIN_ATTRIBUTE,
  WORKSPACE_ATTRIBUTE,
} from '../../core/self-telemetry/attributes';
export type { ChatChunk, ChatRequest, ChatResult, ModelGateway } from '../../core/model-gateway/types';
export type { Principal } from '../../core/access/principal';
export type { PostgresMigration } from '../../schemas/postgres/migration';
export type { SpanRow } from '../../schemas/span-row';
export type { StoredSpan } from '../../schemas/stored-span';
