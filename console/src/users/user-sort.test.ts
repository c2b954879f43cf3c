import { describe, expect, it } from 'vitest';
import { apiOrder, DEFAULT_ORDER, nextOrder, USER_SORTS, userOrderOf } from './user-sort';

describe('apiOrder', () => {
  it("names the server's sort for every column and keeps the order", () => {
    expect(apiOrder(DEFAULT_ORDER)).toEqual({ sort: 'lastSeen', order: 'desc' });
    expect(apiOrder({ sort: 'totalCost', order: 'asc' })).toEqual({ sort: 'cost', order: 'asc' });
    expect(apiOrder({ sort: 'userId', order: 'asc' })).toEqual({ sort: 'id', order: 'asc' });
    expect(new Set(USER_SORTS.map((sort) => apiOrder({ sort, order: 'asc' }).sort)).size).toBe(
      USER_SORTS.length,
    );
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
