import { readFileSync } from 'node:fs';
import { mapLlmFields } from '../collector/conventions';
import {
  createDecodedIngest,
  createOtlpIngest,
  type DecodedIngest,
  type OtlpIngest,
} from '../collector/otlp-ingest';
import { decodeJsonExportRequest } from '../collector/otlp/decode-json';
import { decodeProtobufExportRequest } from '../collector/otlp/decode-protobuf';
import { createPricing, loadPriceOverrides, type Pricing } from '../collector/pricing';
import type { SpanBus } from '../core/bus/types';
import type { MetricsRegistry } from '../core/metrics/registry';
import type { Config } from '../schemas/config';
import type { LlmFields } from '../schemas/llm-fields';

/** The built-in price table with the overrides of `SPANLOOP_PRICING_FILE` on top. */
export function priceTable(file: string | undefined): Pricing {
  if (file === undefined) return createPricing();
  const loaded = loadPriceOverrides(JSON.parse(readFileSync(file, 'utf8')) as unknown);
  if (!loaded.ok) throw new Error(`${file}: ${loaded.error.message}`);
  return createPricing(loaded.value);
}

/** Both ways spans enter a role: OTLP bodies, and requests already decoded from another SDK's format. */
export interface SpanIngest {
  otlp: OtlpIngest;
  decoded: DecodedIngest;
}

/** One validate-map-price-publish path onto the bus, counted in the role's metrics. */
export function spanIngest(config: Config, bus: SpanBus, metrics: MetricsRegistry): SpanIngest {
  const pricing = priceTable(config.pricingFile);
  const deps = {
    bus,
    decoders: { protobuf: decodeProtobufExportRequest, json: decodeJsonExportRequest },
    maxAttributeBytes: config.limits.maxAttributeBytes,
    // A request larger than the queue could never be accepted; refusing it at once stops retrying exporters.
    maxRequestSpans: Math.min(config.limits.maxRequestSpans, config.queue.maxSpans),
    mapLlm: mapLlmFields,
    cost: (model: string, llm: LlmFields) => pricing.cost(model, llm),
    metrics: {
      requests: metrics.counter('spanloop_otlp_requests_total', 'OTLP export requests by format and outcome'),
      acceptedSpans: metrics.counter('spanloop_spans_accepted_total', 'Spans accepted and made durable'),
      rejectedSpans: metrics.counter(
        'spanloop_spans_rejected_total',
        'Spans refused through partial_success, by reason',
      ),
    },
  };
  return { otlp: createOtlpIngest(deps), decoded: createDecodedIngest(deps) };
}
