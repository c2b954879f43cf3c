import { describe, expect, it } from 'vitest';
import type { UserSummary } from '../api/types';
import { DEFAULT_ORDER, nextOrder, sortUsers, userOrderOf } from './user-sort';

const makeUser = (over: Partial<UserSummary>): UserSummary => ({
  userId: 'u',
  sessionCount: 0,
  traceCount: 0,
  spanCount: 0,
  errorCount: 0,
  inputTokens: 0,
  outputTokens: 0,
  totalTokens: 0,
  totalCost: 0,
  firstSeenUnixNano: '1700000000000000000',
  lastSeenUnixNano: '1700000000000000000',
  ...over,
});

describe('sortUsers', () => {
  const users = [
    makeUser({ userId: 'b', totalCost: 0.5, lastSeenUnixNano: '1700000000000000002' }),
    makeUser({ userId: 'a', totalCost: 2, lastSeenUnixNano: '1700000000000000001' }),
    makeUser({ userId: 'c', totalCost: 0.5, lastSeenUnixNano: '1700000000000000003' }),
  ];
  const ids = (list: UserSummary[]) => list.map((u) => u.userId);

  it('orders by nanosecond times beyond 2^53 exactly', () => {
    expect(ids(sortUsers(users, DEFAULT_ORDER))).toEqual(['c', 'b', 'a']);
    expect(ids(sortUsers(users, { sort: 'lastSeen', order: 'asc' }))).toEqual(['a', 'b', 'c']);
  });

  it('orders by numbers and breaks ties by user id, leaving the input untouched', () => {
    expect(ids(sortUsers(users, { sort: 'totalCost', order: 'desc' }))).toEqual(['a', 'b', 'c']);
    expect(ids(sortUsers(users, { sort: 'totalCost', order: 'asc' }))).toEqual(['b', 'c', 'a']);
    expect(ids(users)).toEqual(['b', 'a', 'c']);
  });
});

describe('userOrderOf and nextOrder', () => {
  it('falls back to the default for unknown columns', () => {
    expect(userOrderOf(new URLSearchParams('sort=drop table&order=asc'))).toEqual(DEFAULT_ORDER);
    expect(userOrderOf(new URLSearchParams('sort=totalTokens&order=asc'))).toEqual({
      sort: 'totalTokens',
      order: 'asc',
    });
  });

  it('flips the current column and starts another one descending, user ids ascending', () => {
    expect(nextOrder(DEFAULT_ORDER, 'lastSeen')).toEqual({ sort: 'lastSeen', order: 'asc' });
    expect(nextOrder(DEFAULT_ORDER, 'totalCost')).toEqual({ sort: 'totalCost', order: 'desc' });
    expect(nextOrder(DEFAULT_ORDER, 'userId')).toEqual({ sort: 'userId', order: 'asc' });
  });
});
