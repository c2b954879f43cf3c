export { sessionRoutes } from './session-routes';
export type { SessionRoutesDeps } from './session-routes';
export { createSessionReader } from './session-reader';
export type { SessionReader } from './session-reader';
export type {
  ActivityTotals,
  SessionPage,
  SessionSummary,
  SessionTraces,
  UserPage,
  UserSummary,
} from '../../schemas/activity-view';
export { SessionListQuery, SessionTracesQuery, UserListQuery } from './session-query';
export type { ActivityListQuery } from './session-query';
