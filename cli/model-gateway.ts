import { readFileSync } from 'node:fs';
import type { Tracer } from '@opentelemetry/api';
import { createPricing, type Pricing } from '../collector/pricing';
import { priceTable } from './span-ingest';
import { DEFAULT_WORKSPACE_ID } from '../core/access/workspaces';
import { createEgressPolicy } from '../core/egress/egress-policy';
import type { EgressPolicy } from '../core/egress/types';
import type { Logger } from '../core/logger';
import type { MetadataStore } from '../core/metadata/types';
import { createModelGateway, type CostFunction } from '../core/model-gateway/gateway';
import { loadModelConfig } from '../core/model-gateway/model-config-file';
import { seedModels } from '../core/model-gateway/model-config-seed';
import { createSecretBox, type SecretBox } from '../core/model-gateway/secret-box';
import type { ModelGateway } from '../core/model-gateway/types';
import type { Config } from '../schemas/config';
import type { ModelPricing } from '../schemas/models';
import { serverKey } from './server-key';

export interface ModelGatewayWiring {
  config: Config;
  metadata: MetadataStore;
  logger: Logger;
  /** Spans of model calls; Spanloop's self-telemetry tracer in the roles. */
  tracer: Tracer;
  /** Resolves `${NAME}` in the model config file. */
  env: Readonly<Record<string, string | undefined>>;
}

// Model pricing objects are few (one per priced model); the cap only bounds memory.
const MAX_PRICED_MODELS = 1000;

/** The collector's price table for calls, with a model's own pricing in front of it when it has one. */
export function gatewayCost(table: Pricing): CostFunction {
  const own = new Map<string, Pricing>();
  const ownPricing = (model: string, p: ModelPricing): Pricing => {
    const id = JSON.stringify([model, p]);
    let pricing = own.get(id);
    if (pricing === undefined) {
      if (own.size >= MAX_PRICED_MODELS) own.clear();
      const matchPattern = `^${model.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
      pricing = createPricing([{ model, matchPattern, ...p }]);
      own.set(id, pricing);
    }
    return pricing;
  };
  return (model, usage, pricing) =>
    (pricing === undefined ? table : ownPricing(model, pricing)).cost(model, {
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      cacheReadTokens: usage.cacheReadTokens,
      cacheWriteTokens: usage.cacheWriteTokens ?? 0,
    })?.totalCost;
}

/**
 * The model gateway of a role with metadata: the server key's box, the egress policy (SPANLOOP_EGRESS_ALLOW), prices
 * from the collector's table, and the model config file (SPANLOOP_MODEL_CONFIG) upserted into the default workspace.
 */
export async function openModelGateway(
  w: ModelGatewayWiring,
): Promise<{ secrets: SecretBox; gateway: ModelGateway; egress: EgressPolicy }> {
  const logger = w.logger.child('models');
  const secrets = createSecretBox(serverKey(w.config, logger));
  const file = w.config.modelConfigFile;
  if (file !== undefined) {
    const loaded = loadModelConfig(readFileSync(file, 'utf8'), (name) => w.env[name]);
    if (!loaded.ok) throw new Error(`${file}: ${loaded.error.message}`);
    const report = await seedModels(w.metadata, secrets, DEFAULT_WORKSPACE_ID, loaded.value);
    logger.info('model config applied to the default workspace', { file, ...report });
  }
  const egress = createEgressPolicy({ allow: w.config.egress.allow });
  const gateway = createModelGateway({
    sql: w.metadata,
    secrets,
    egress,
    tracer: w.tracer,
    logger,
    cost: gatewayCost(priceTable(w.config.pricingFile)),
  });
  return { secrets, gateway, egress };
}
