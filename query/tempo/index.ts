export { encodeTraceByIdResponse, encodeTraceProtobuf } from './otlp-protobuf';
export { otlpJsonResourceSpans } from './otlp-json';
export { TEMPO_BUILD_INFO, tempoRoutes } from './routes';
export type { TempoRoutesDeps } from './routes';
export { NO_ROOT, searchTempoTraces } from './search';
export { TempoSearchParams } from './search-params';
export type { TempoSearch, TempoSearchResponse, TempoSpan, TempoSpanSet, TempoTrace } from './search';
export { normalizeTraceId } from './trace-id';
