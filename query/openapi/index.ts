export { openApiRoutes } from './openapi-routes';
export { buildOpenApiDocument, DOCUMENTED_OPERATIONS } from './openapi-document';
export type {
  OpenApiDocument,
  OpenApiOperation,
  OpenApiParameter,
  OpenApiResponse,
} from './openapi-document';
export { COMPONENTS } from './components';
export type { ComponentName } from './components';
export type { ApiOperation, ParamDoc, RepeatedParam, ResponseDoc } from './operation';
export type { JsonSchema } from './json-schema';
