/** Columns the users table sorts by, as they appear in the URL (`sort=totalCost&order=asc`). */
export const USER_SORTS = [
  'userId',
  'traceCount',
  'sessionCount',
  'totalTokens',
  'totalCost',
  'errorCount',
  'firstSeen',
  'lastSeen',
] as const;
export type UserSort = (typeof USER_SORTS)[number];
export type Order = 'asc' | 'desc';

export interface UserOrder {
  sort: UserSort;
  order: Order;
}

/** The API answers most recently seen first; that is the default order. */
export const DEFAULT_ORDER: UserOrder = { sort: 'lastSeen', order: 'desc' };

export function userOrderOf(query: URLSearchParams): UserOrder {
  const sort = USER_SORTS.find((s) => s === query.get('sort'));
  if (sort === undefined) return DEFAULT_ORDER;
  return { sort, order: query.get('order') === 'asc' ? 'asc' : 'desc' };
}

/** The column's sort on the server (`GET /users?sort=…`); the URL keeps the column names. */
const API_SORTS: Record<UserSort, string> = {
  userId: 'id',
  traceCount: 'traces',
  sessionCount: 'sessions',
  totalTokens: 'tokens',
  totalCost: 'cost',
  errorCount: 'errors',
  firstSeen: 'firstSeen',
  lastSeen: 'lastSeen',
};

/** The `sort` and `order` parameters of the users list for this order; ties break on the user id. */
export function apiOrder({ sort, order }: UserOrder): { sort: string; order: Order } {
  return { sort: API_SORTS[sort], order };
}

/** Clicking a column: the same column flips its order, another starts descending (text ascending). */
export function nextOrder(current: UserOrder, sort: UserSort): UserOrder {
  if (current.sort === sort) return { sort, order: current.order === 'asc' ? 'desc' : 'asc' };
  return { sort, order: sort === 'userId' ? 'asc' : 'desc' };
}
