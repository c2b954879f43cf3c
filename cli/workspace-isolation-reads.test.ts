import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, exportHttp, keyHeaders, newWorkspace, type Headers } from './access-test-kit';
import { hexId, msToNs, type ResourceInput } from './otlp-json-request';
import { startTestInstance, type TestInstance } from './test-instance';

// Both workspaces hold the same trace id, session id, user id, service and operation names at the same
// instant, with different spans and attribute values: any read missing its workspace condition mixes them.
type Team = 'a' | 'b';
let spanloop: TestInstance;
const headers: Partial<Record<Team, Headers>> = {};
const traceId = hexId(16);
const nowMs = Date.now();
const startNs = msToNs(nowMs - 1000);
const range = `from=${nowMs - 3_600_000}&to=${nowMs + 600_000}`;
const tempoRange = `start=${Math.floor(nowMs / 1000) - 3600}&end=${Math.floor(nowMs / 1000) + 600}`;
const jaegerRange = `start=${(nowMs - 3_600_000) * 1000}&end=${(nowMs + 600_000) * 1000}`;

/** Team a: two spans in shared-svc. Team b: three in shared-svc and one in a service of its own. */
const sharedSpans = { a: 2, b: 3 };
const spanIds: Record<Team, string[]> = { a: [], b: [] };

const resources = (team: Team): ResourceInput[] => {
  const root = hexId(8);
  const ids = Array.from({ length: sharedSpans[team] }, (_, i) => (i === 0 ? root : hexId(8)));
  const own = hexId(8);
  spanIds[team] = team === 'b' ? [...ids, own] : ids;
  const shared: ResourceInput = {
    service: 'shared-svc',
    spans: ids.map((spanId, i) => ({
      traceId,
      spanId,
      ...(i === 0 ? {} : { parentSpanId: root }),
      name: i === 0 ? 'shared-op' : `${team}-only-op`,
      startNs: startNs + BigInt(i),
      durationNs: msToNs(5),
      attributes: { 'session.id': 'shared-session', 'user.id': 'shared-user', team },
    })),
  };
  if (team === 'a') return [shared];
  const other = {
    traceId,
    spanId: own,
    parentSpanId: root,
    name: 'shared-op',
    startNs,
    attributes: { team },
  };
  return [shared, { service: 'b-only-svc', spans: [other] }];
};

const read = async (team: Team, path: string): Promise<unknown> => {
  const r = await callApi(spanloop, path, headers[team] ?? {});
  expect(r.status, path).toBe(200);
  return JSON.parse(r.text) as unknown;
};
/** Every span id a response names (once), whatever the API calls the field. */
const namedSpanIds = async (team: Team, path: string): Promise<string[]> => {
  const r = await callApi(spanloop, path, headers[team] ?? {});
  expect(r.status, path).toBe(200);
  return [
    ...new Set([...r.text.matchAll(/"span(?:Id|ID)":"([0-9a-f]{16})"/g)].map((m) => m[1] ?? '')),
  ].sort();
};

beforeAll(async () => {
  spanloop = await startTestInstance({ auth: { mode: 'required', maxFailures: 1000 } });
  for (const team of ['a', 'b'] as const) {
    const ws = await newWorkspace(spanloop, `team-${team}`);
    headers[team] = await keyHeaders(spanloop, ws.id, ['ingest', 'read']);
    expect((await exportHttp(spanloop, headers[team], resources(team))).status).toBe(200);
  }
});
afterAll(async () => {
  await spanloop.stop();
});

describe.each(['a', 'b'] as const)('workspace %s reading ids both workspaces use', (team) => {
  const spans = () => spanIds[team];
  const total = () => spanIds[team].length;
  const ownServiceStats = () =>
    team === 'a'
      ? { 'shared-svc': { spanCount: 2, errorCount: 0 } }
      : { 'shared-svc': { spanCount: 3, errorCount: 0 }, 'b-only-svc': { spanCount: 1, errorCount: 0 } };

  it('gets only its own spans of the trace by id on the REST, Tempo and Jaeger paths', async () => {
    for (const path of [
      `/api/v1/traces/${traceId}`,
      `/tempo/api/traces/${traceId}`,
      `/tempo/api/v2/traces/${traceId}`,
      `/jaeger/api/traces/${traceId}`,
      `/jaeger/api/traces?service=shared-svc&${jaegerRange}`,
    ])
      expect(await namedSpanIds(team, path), path).toEqual([...spans()].sort());
  });

  it('totals only its own spans in trace search, Tempo search and sessions and users', async () => {
    expect(await read(team, `/api/v1/traces?${range}`)).toEqual({
      traces: [expect.objectContaining({ traceId, spanCount: total() })],
    });
    expect(await read(team, `/tempo/api/search?${tempoRange}`)).toMatchObject({
      traces: [{ traceID: traceId, spanSet: { matched: total() }, serviceStats: ownServiceStats() }],
    });
    const activity = { traceCount: 1, spanCount: total(), firstSeenUnixNano: startNs.toString() };
    expect(await read(team, `/api/v1/sessions?${range}`)).toEqual({
      sessions: [
        expect.objectContaining({ sessionId: 'shared-session', userIds: ['shared-user'], ...activity }),
      ],
    });
    expect(await read(team, `/api/v1/users?${range}`)).toEqual({
      users: [expect.objectContaining({ userId: 'shared-user', sessionCount: 1, ...activity })],
    });
    expect(await read(team, `/api/v1/sessions/shared-session?${range}`)).toEqual({
      sessionId: 'shared-session',
      traces: [expect.objectContaining({ traceId, spanCount: total() })],
    });
  });

  it("finds nothing by the other workspace's attribute values on any search path", async () => {
    const other = team === 'a' ? 'b' : 'a';
    expect(await read(team, `/api/v1/traces?${range}&attr=team=${other}`)).toEqual({ traces: [] });
    expect(await namedSpanIds(team, `/api/v1/spans?${range}&attr=team=${other}`)).toEqual([]);
    expect(await namedSpanIds(team, `/api/v1/spans?${range}`)).toEqual([...spans()].sort());
    const traceql = encodeURIComponent(`{ span.team = "${other}" }`);
    expect(await read(team, `/tempo/api/search?${tempoRange}&q=${traceql}`)).toMatchObject({ traces: [] });
    const tags = encodeURIComponent(JSON.stringify({ team: other }));
    expect(
      await read(team, `/jaeger/api/traces?service=shared-svc&${jaegerRange}&tags=${tags}`),
    ).toMatchObject({
      data: [],
    });
  });

  it('lists only its own services, operations, tag values and metrics', async () => {
    const services = team === 'a' ? ['shared-svc'] : ['b-only-svc', 'shared-svc'];
    const operations = [`${team}-only-op`, 'shared-op'];
    expect(await read(team, '/jaeger/api/services')).toMatchObject({ data: services });
    expect(await read(team, '/jaeger/api/services/shared-svc/operations')).toMatchObject({
      data: operations,
    });
    expect(await read(team, '/jaeger/api/operations?service=shared-svc')).toMatchObject({
      data: operations.map((name) => ({ name, spanKind: 'internal' })),
    });
    expect(await read(team, `/tempo/api/search/tag/team/values?${tempoRange}`)).toMatchObject({
      tagValues: [team],
    });
    const metrics = (await read(team, `/api/v1/metrics?${range}&groupBy=service`)) as {
      series: { labels: { service: string }; points: { requests: number }[] }[];
    };
    const requests = metrics.series
      .map((s) => [s.labels.service, s.points.reduce((n, p) => n + p.requests, 0)] as const)
      .sort();
    expect(requests).toEqual(
      team === 'a'
        ? [['shared-svc', 2]]
        : [
            ['b-only-svc', 1],
            ['shared-svc', 3],
          ],
    );
  });
});
