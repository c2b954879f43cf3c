import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionPage, SessionSummary, UserPage, UserSummary } from '../query/sessions';
import { hexId, msToNs, sendOtlpJson, type JsonSpanInput } from './otlp-json-request';
import { startTestInstance, type TestInstance } from './test-instance';

let spanloop: TestInstance;
beforeAll(async () => {
  spanloop = await startTestInstance();
});
afterAll(async () => {
  await spanloop.stop();
});

async function get<T>(path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${spanloop.api}/api/v1${path}`);
  return { status: res.status, body: (await res.json()) as T };
}

const BASE_MS = Math.floor(Date.now() / 60_000) * 60_000 - 2 * 3_600_000;
const range = `from=${BASE_MS - 60_000}&to=${BASE_MS + 3_600_000}`;
const TRACES = 40;

/**
 * Trace j: a root span naming user u(j mod 11) and session s(j mod 9), with two model calls whose costs add up
 * in floating point differently by order (0.1 + 0.2), and an error on every fifth. Counts, tokens, costs and
 * errors repeat across users and sessions, so the id tie-break is exercised on every sort.
 */
beforeAll(async () => {
  const spans: JsonSpanInput[] = [];
  for (let j = 0; j < TRACES; j++) {
    const traceId = hexId(16);
    const rootId = hexId(8);
    const startMs = ((j * 37) % TRACES) * 60_000;
    const identity = { 'user.id': `u${String(j % 11).padStart(2, '0')}`, 'session.id': `s${j % 9}` };
    spans.push({
      traceId,
      spanId: rootId,
      name: 'turn',
      startNs: msToNs(BASE_MS + startMs),
      durationNs: msToNs(1000 + (j % 3) * 500),
      attributes: identity,
      ...(j % 5 === 0 ? { status: { code: 2, message: 'failed' } } : {}),
    });
    for (const cost of j % 2 === 0 ? [0.1, 0.2] : [0.2, 0.1])
      spans.push({
        traceId,
        parentSpanId: rootId,
        name: 'chat gpt-4o',
        startNs: msToNs(BASE_MS + startMs + 10),
        durationNs: msToNs(200),
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': 'gpt-4o',
          'gen_ai.usage.input_tokens': (j % 4) * 10,
          'gen_ai.usage.output_tokens': 1,
          'gen_ai.usage.cost': (j % 3) * cost,
        },
      });
  }
  await sendOtlpJson(spanloop.otlpHttp, [{ service: 'sort-bot', spans }]);
});

type Row = SessionSummary | UserSummary;
type Sort = 'lastSeen' | 'firstSeen' | 'traces' | 'tokens' | 'cost' | 'errors' | 'sessions' | 'id';
const idOf = (r: Row): string => ('userId' in r ? r.userId : r.sessionId);
const sign = (a: bigint | number | string, b: bigint | number | string): number =>
  a < b ? -1 : a > b ? 1 : 0;

/** The order the API promises, computed from the rows' own totals: the key, then the id, both one way. */
const compare = (sort: Sort) => (a: Row, b: Row) => {
  const keyOf = (r: Row): bigint | number | string => {
    switch (sort) {
      case 'lastSeen':
        return BigInt(r.lastSeenUnixNano);
      case 'firstSeen':
        return BigInt(r.firstSeenUnixNano);
      case 'traces':
        return r.traceCount;
      case 'tokens':
        return r.totalTokens;
      case 'cost':
        return Math.round(r.totalCost * 1e9);
      case 'errors':
        return r.errorCount;
      case 'sessions':
        return 'sessionCount' in r ? r.sessionCount : 0;
      case 'id':
        return idOf(r);
    }
  };
  return sign(keyOf(a), keyOf(b)) || sign(idOf(a), idOf(b));
};

const lists = [
  { path: '/sessions', rows: (b: SessionPage | UserPage): Row[] => ('sessions' in b ? b.sessions : b.users) },
  { path: '/users', rows: (b: SessionPage | UserPage): Row[] => ('sessions' in b ? b.sessions : b.users) },
];
const SORTS: Sort[] = ['lastSeen', 'firstSeen', 'traces', 'tokens', 'cost', 'errors', 'id'];

async function walk(path: string, query: string, limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await get<SessionPage & UserPage>(
      `${path}?${range}&${query}&limit=${limit}${cursor === undefined ? '' : `&cursor=${cursor}`}`,
    );
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    ids.push(...(page.body.sessions ?? page.body.users).map(idOf));
    cursor = page.body.nextCursor;
    pages += 1;
  } while (cursor !== undefined && pages < 50);
  return { ids, pages };
}

describe('sorting sessions and users on the server', () => {
  it('keeps the most recently seen first by default', async () => {
    for (const { path, rows } of lists) {
      const plain = await get<SessionPage | UserPage>(`${path}?${range}`);
      const explicit = await get<SessionPage | UserPage>(`${path}?${range}&sort=lastSeen&order=desc`);
      expect(rows(plain.body).map(idOf)).toEqual(rows(explicit.body).map(idOf));
      expect(rows(plain.body)).toEqual([...rows(plain.body)].sort(compare('lastSeen')).reverse());
      expect(rows(plain.body)).toHaveLength(path === '/users' ? 11 : 9);
    }
  });

  it('orders every row by each sort both ways, and pages through them with no duplicates or gaps', async () => {
    for (const { path, rows } of lists) {
      const sorts = path === '/users' ? [...SORTS, 'sessions' as const] : SORTS;
      for (const sort of sorts)
        for (const order of ['asc', 'desc'] as const) {
          const what = `${path} ${sort} ${order}`;
          const all = rows(
            (await get<SessionPage | UserPage>(`${path}?${range}&sort=${sort}&order=${order}`)).body,
          );
          const expected = [...all].sort(compare(sort));
          if (order === 'desc') expected.reverse();
          expect(all.map(idOf), what).toEqual(expected.map(idOf));
          const walked = await walk(path, `sort=${sort}&order=${order}`, 2);
          expect(walked.ids, what).toEqual(all.map(idOf));
          expect(walked.pages, what).toBe(Math.ceil(all.length / 2));
        }
    }
  });

  it('sums costs exactly: 0.1 + 0.2 and 0.2 + 0.1 tie, and the id breaks the tie', async () => {
    const users = (await get<UserPage>(`/users?${range}&sort=cost&order=desc`)).body.users;
    const rounded = users.map((u) => Math.round(u.totalCost * 1e9));
    expect(new Set(rounded).size).toBeLessThan(rounded.length);
    const walked = await walk('/users', 'sort=cost&order=desc', 1);
    expect(walked.ids).toEqual(users.map((u) => u.userId));
  });

  it('refuses a cursor reused with another sort, order or list, and an unknown sort', async () => {
    const first = await get<UserPage>(`/users?${range}&sort=tokens&order=asc&limit=2`);
    const cursor = first.body.nextCursor ?? '';
    expect(cursor).not.toBe('');
    expect((await get(`/users?${range}&sort=tokens&order=asc&cursor=${cursor}`)).status).toBe(200);
    const refused = [
      [`/users?${range}&sort=tokens&order=desc&cursor=${cursor}`, /continues users sorted by tokens asc/],
      [`/users?${range}&cursor=${cursor}`, /not users sorted by lastSeen desc/],
      [`/sessions?${range}&sort=tokens&order=asc&cursor=${cursor}`, /not sessions sorted by tokens asc/],
      [`/users?${range}&sort=price`, /sort/],
      [`/users?${range}&order=up`, /order/],
      [`/sessions?${range}&sort=sessions`, /sort=sessions orders users only/],
      [
        `/users?${range}&sort=cost&cursor=${Buffer.from('["1; DROP","u01","users:cost:desc"]').toString('base64url')}`,
        /invalid cursor/,
      ],
      [
        `/users?${range}&sort=traces&cursor=${Buffer.from('["-1","u01","users:traces:desc"]').toString('base64url')}`,
        /invalid cursor/,
      ],
    ] as const;
    for (const [path, message] of refused) {
      const { status, body } = await get<{ error: { code: string; message: string } }>(path);
      expect({ path, status, code: body.error.code }).toEqual({
        path,
        status: 400,
        code: 'invalid_argument',
      });
      expect(JSON.stringify(body.error), path).toMatch(message);
    }
  });

  it('binds a hostile id cursor as plain data', async () => {
    const hostile = Buffer.from(`["u05' OR 1=1 --","u05' OR 1=1 --","users:id:asc"]`).toString('base64url');
    const { status, body } = await get<UserPage>(`/users?${range}&sort=id&order=asc&cursor=${hostile}`);
    expect(status).toBe(200);
    expect(body.users.map((u) => u.userId)).toEqual(['u06', 'u07', 'u08', 'u09', 'u10']);
  });
});
