export { sessionRoutes } from './session-routes';
export type { SessionRoutesDeps } from './session-routes';
export { createSessionReader } from './session-reader';
export type { SessionPage, SessionReader, SessionTraces, UserPage } from './session-reader';
export type { ActivityTotals, SessionSummary, UserSummary } from './session-rows';
export { ActivityListQuery, SessionTracesQuery } from './session-query';
