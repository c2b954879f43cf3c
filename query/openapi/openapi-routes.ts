import { Hono } from 'hono';
import type { OpenApiContribution } from '../../schemas/openapi-operation';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi-document';

/**
 * GET /openapi.json (mounted under /api/v1); the document is built on first request, with the contributions
 * known then (plugins contribute once started), then kept.
 */
export const openApiRoutes = (contributions: () => readonly OpenApiContribution[] = () => []) => {
  let document: OpenApiDocument | undefined;
  return new Hono().get('/openapi.json', (c) => c.json((document ??= buildOpenApiDocument(contributions()))));
};
