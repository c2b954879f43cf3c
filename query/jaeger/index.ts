export { jaegerRoutes } from './jaeger-routes';
export type { JaegerEnvelope, JaegerError, JaegerRoutesDeps } from './jaeger-routes';
export { createJaegerReader } from './jaeger-reader';
export type { JaegerReader, StoredOperation } from './jaeger-reader';
export { toJaegerTraces, jaegerTag } from './jaeger-model';
export type {
  JaegerDependencyLink,
  JaegerKeyValue,
  JaegerLog,
  JaegerProcess,
  JaegerReference,
  JaegerSpan,
  JaegerTrace,
  JaegerValueType,
} from './jaeger-model';
export {
  JaegerDependenciesQuery,
  JaegerOperationsQuery,
  JaegerSearchQuery,
  JaegerTraceId,
  jaegerSearchInput,
} from './jaeger-params';
export type { JaegerSearch, TagFilter } from './jaeger-params';
export { parseGoDuration } from './go-duration';
