export {
  definePlugin,
  type EvaluationInput,
  type EvaluationResult,
  type EvaluatorDefinition,
  type Plugin,
  type PluginContext,
  type PluginEnv,
  type RootAuthenticate,
  type SpanConsumer,
} from './plugin';
export type { ChatChunk, ChatRequest, ChatResult, ModelGateway } from '../../core/model-gateway/types';
export type { PostgresMigration } from '../../schemas/postgres/migration';
export type { SpanRow } from '../../schemas/span-row';
