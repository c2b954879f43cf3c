import type { UserSummary } from '../api/types';

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

// Nanosecond text exceeds 2^53: compare as BigInt.
const compareNs = (a: string, b: string): number => {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

function compare(a: UserSummary, b: UserSummary, sort: UserSort): number {
  switch (sort) {
    case 'userId':
      return a.userId.localeCompare(b.userId);
    case 'firstSeen':
      return compareNs(a.firstSeenUnixNano, b.firstSeenUnixNano);
    case 'lastSeen':
      return compareNs(a.lastSeenUnixNano, b.lastSeenUnixNano);
    default:
      return a[sort] - b[sort];
  }
}

/** A sorted copy; ties keep the user id order so the table does not jump between loads. */
export function sortUsers(users: readonly UserSummary[], { sort, order }: UserOrder): UserSummary[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...users].sort((a, b) => sign * compare(a, b, sort) || a.userId.localeCompare(b.userId));
}

/** Clicking a column: the same column flips its order, another starts descending (text ascending). */
export function nextOrder(current: UserOrder, sort: UserSort): UserOrder {
  if (current.sort === sort) return { sort, order: current.order === 'asc' ? 'desc' : 'asc' };
  return { sort, order: sort === 'userId' ? 'asc' : 'desc' };
}
