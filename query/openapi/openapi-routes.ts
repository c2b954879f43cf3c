import { Hono } from 'hono';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi-document';

/** GET /openapi.json (mounted under /api/v1); the document is built on first request, then kept. */
export const openApiRoutes = () => {
  let document: OpenApiDocument | undefined;
  return new Hono().get('/openapi.json', (c) => c.json((document ??= buildOpenApiDocument())));
};
