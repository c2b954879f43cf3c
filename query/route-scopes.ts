import { routeScopes, type RouteScope } from '../core/access/route-scopes';

/**
 * The API's routes whose scope is not their method's (read to look, write to change): searches sent as POST only
 * read; calling a model spends the provider's money and needs `run`.
 */
export const API_ROUTE_SCOPES: readonly RouteScope[] = [
  { method: 'POST', path: '/api/v1/traces/search', scope: 'read' },
  { method: 'POST', path: '/api/v1/spans/search', scope: 'read' },
  { method: 'POST', path: '/api/v1/models/:modelId/chat', scope: 'run' },
];

export const apiDeclaredScope = routeScopes(API_ROUTE_SCOPES);
