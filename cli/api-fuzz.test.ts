import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../core/access/api-keys';
import { DEFAULT_WORKSPACE_ID } from '../core/access/workspaces';
import { seededRandom } from '../bench/store-data';
import { casesFor, type FuzzCase, type FuzzOperation, type JsonSchema } from './api-fuzz-cases';
import { startTestInstance, type TestInstance } from './test-instance';

// Every operation of the OpenAPI document and the raw SDK endpoints get bad input: none may answer 5xx or drop
// the connection, and the process keeps serving with bounded memory afterwards.
const SEED = 20_261_207;
const RSS_GROWTH_LIMIT = 768 * 1024 * 1024;
const CONCURRENCY = 4;

let spanloop: TestInstance;
let auth: Record<string, string>;

beforeAll(async () => {
  spanloop = await startTestInstance({ auth: { mode: 'required', adminPassword: 'fuzz-admin-password-1' } });
  const key = await createApiKey(spanloop.metadata, {
    workspaceId: DEFAULT_WORKSPACE_ID,
    name: 'fuzz',
    scopes: ['ingest', 'read', 'write', 'admin'],
  });
  auth = { authorization: `Bearer ${key.secret}` };
}, 120_000);
afterAll(async () => {
  await spanloop?.stop();
});

interface Answer {
  status: number;
  text: string;
}

async function send(c: FuzzCase): Promise<Answer> {
  const res = await fetch(`${spanloop.api}${c.url}`, {
    method: c.method.toUpperCase(),
    headers: c.headers,
    ...(c.body === undefined || ['GET', 'HEAD'].includes(c.method.toUpperCase()) ? {} : { body: c.body }),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, text: await res.text() };
}

const parsed = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};
const isApiEnvelope = (body: unknown) => {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string';
};
const isCozeloopEnvelope = (body: unknown) => {
  const b = body as { code?: unknown; msg?: unknown } | undefined;
  return typeof b?.code === 'number' && typeof b.msg === 'string';
};
const isJaegerEnvelope = (body: unknown) => Array.isArray((body as { errors?: unknown } | undefined)?.errors);

/** What is wrong with an answer, or undefined. */
function verdict(c: FuzzCase, a: Answer): string | undefined {
  if (a.status >= 500) return `${a.status} ${a.text.slice(0, 300)}`;
  const loop = c.url.startsWith('/v1/loop/') && !c.url.startsWith('/v1/loop/opentelemetry/');
  const body = parsed(a.text);
  // Cozeloop answers business errors as HTTP 200 with a non-zero code.
  // Cozeloop answers business errors as HTTP 200 with a non-zero code, or an `error` event on a stream.
  const businessError =
    (isCozeloopEnvelope(body) && (body as { code: number }).code !== 0) || a.text.startsWith('event: error');
  const refused = a.status >= 400 || (loop && a.status === 200 && businessError);
  if (c.mustRefuse && !refused) return `expected a refusal, got ${a.status} ${a.text.slice(0, 200)}`;
  if (a.status >= 400 && a.status !== 405) {
    const otlp = /\/v1\/traces$/.test(c.url.split('?')[0] ?? '');
    if (otlp) return undefined;
    // Jaeger clients read Jaeger's own error body.
    const envelope = loop
      ? isCozeloopEnvelope(body)
      : c.url.startsWith('/jaeger/')
        ? isJaegerEnvelope(body)
        : isApiEnvelope(body);
    if (!envelope) return `${a.status} without the error envelope: ${a.text.slice(0, 200)}`;
  }
  return undefined;
}

const OTLP_PATHS = ['/v1/traces', '/api/public/otel/v1/traces', '/v1/loop/opentelemetry/v1/traces'];

/** The SDK endpoints the document does not describe: OTLP on the API port, Cozeloop ingest and upload. */
function rawCases(random: () => number): FuzzCase[] {
  // 80 MiB of zeros inflate past the 64 MiB limit from about 80 KiB.
  const bomb = gzipSync(Buffer.alloc(80 * 1024 * 1024));
  const deep = `{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"a","value":${'{"arrayValue":{"values":['.repeat(50_000)}${']}}'.repeat(50_000)}}]}]}]}]}`;
  const out: FuzzCase[] = [];
  const add = (
    name: string,
    url: string,
    headers: Record<string, string>,
    body: Buffer | string,
    mustRefuse = true,
  ) =>
    out.push({
      name,
      method: 'post',
      url,
      headers: { ...auth, ...headers },
      body: Buffer.from(body),
      mustRefuse,
    });
  for (const path of OTLP_PATHS) {
    // One handler serves the three paths: one bomb is enough.
    if (path === OTLP_PATHS[0])
      add('gzip bomb', path, { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' }, bomb);
    add('deep OTLP/JSON', path, { 'content-type': 'application/json' }, deep);
    add(
      'garbage protobuf',
      path,
      { 'content-type': 'application/x-protobuf' },
      Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]),
    );
    add('text/plain', path, { 'content-type': 'text/plain' }, '{}');
    add(
      'invalid UTF-8 JSON',
      path,
      { 'content-type': 'application/json' },
      Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
    );
    add(
      '1e309 times',
      path,
      { 'content-type': 'application/json' },
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708","startTimeUnixNano":1e309,"endTimeUnixNano":-0}]}]}]}',
      false,
    );
  }
  const ingest = '/v1/loop/traces/ingest';
  add(
    'deep array',
    ingest,
    { 'content-type': 'application/json' },
    `${'['.repeat(500_000)}${']'.repeat(500_000)}`,
  );
  add(
    'deep spans',
    ingest,
    { 'content-type': 'application/json' },
    `{"spans":[{"tags_string":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}]}`,
  );
  add('text/plain', ingest, { 'content-type': 'text/plain' }, '{"spans":[]}');
  add('gzip bomb', ingest, { 'content-type': 'application/json', 'content-encoding': 'gzip' }, bomb);
  add('wrong types', ingest, { 'content-type': 'application/json' }, '{"spans":"no"}');
  add(
    'NUL and surrogates',
    ingest,
    { 'content-type': 'application/json' },
    JSON.stringify({ spans: [{ span_name: 'a\u0000\ud800' }] }),
  );
  const upload = '/v1/loop/files/upload';
  add('JSON instead of multipart', upload, { 'content-type': 'application/json' }, '{}');
  add('broken multipart', upload, { 'content-type': 'multipart/form-data; boundary=zz' }, '--zz\r\nbroken');
  add(
    'no file part',
    upload,
    { 'content-type': 'multipart/form-data; boundary=zz' },
    '--zz\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--zz--\r\n',
  );
  add(
    'key with NUL',
    upload,
    { 'content-type': 'multipart/form-data; boundary=zz' },
    '--zz\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\n1\r\n--zz\r\nContent-Disposition: form-data; name="key"\r\n\r\na\u0000b\r\n--zz--\r\n',
    false,
  );
  return out.sort(() => random() - 0.5);
}

describe('bad input on every operation', () => {
  it('never answers 5xx or drops the connection, and the process stays up with bounded memory', async () => {
    const started = performance.now();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const doc = (await (await fetch(`${spanloop.api}/api/v1/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: FuzzOperation['parameters'];
            requestBody?: { content: Record<string, { schema: JsonSchema }> };
          }
        >
      >;
      components: { schemas: Record<string, JsonSchema> };
    };
    // mulberry32: the suite's cases depend only on the seed.
    const random = seededRandom(SEED);
    const operations: FuzzOperation[] = [];
    for (const [path, methods] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(methods)) {
        const body = op.requestBody?.content['application/json']?.schema;
        operations.push({
          method,
          path,
          parameters: op.parameters ?? [],
          ...(body === undefined ? {} : { body }),
        });
      }
    // Logins last: refused logins count towards the address's failure limit.
    operations.sort((a, b) => Number(a.path.includes('/auth/')) - Number(b.path.includes('/auth/')));
    const cases = [
      ...operations.flatMap((op) => casesFor(op, doc.components.schemas, auth, random)),
      ...rawCases(random),
    ];
    const failures: string[] = [];
    const slowest: [number, string][] = [];
    const one = async (c: FuzzCase) => {
      const t = performance.now();
      const what = `${c.method.toUpperCase()} ${c.url.slice(0, 120)} [${c.name}]`;
      let answer: Answer;
      try {
        answer = await send(c);
      } catch (e) {
        failures.push(`${what}: connection failed (${String(e)})`);
        return;
      }
      const wrong = verdict(c, answer);
      if (wrong !== undefined) failures.push(`${what}: ${wrong}`);
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      slowest.push([performance.now() - t, what]);
    };
    // A few requests at a time, in the seeded order: the server overlaps its engines' waits.
    let next = 0;
    const worker = async () => {
      while (next < cases.length) await one(cases[next++] as FuzzCase);
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    slowest.sort((a, b) => b[0] - a[0]);
    console.log(
      slowest
        .slice(0, 12)
        .map(([ms, what]) => `${Math.round(ms)} ms ${what}`)
        .join('\n'),
    );
    expect(operations.length).toBeGreaterThan(60);
    expect(failures).toEqual([]);
    expect((await fetch(`${spanloop.api}/readyz`)).status).toBe(200);
    expect((await fetch(`${spanloop.api}/api/v1/me`, { headers: auth })).status).toBe(200);
    expect(rssPeak - rssBefore).toBeLessThan(RSS_GROWTH_LIMIT);
    console.log(
      `api fuzz: ${cases.length} requests over ${operations.length} operations in ${Math.round(performance.now() - started)} ms, RSS ${Math.round(rssBefore / 2 ** 20)} → peak ${Math.round(rssPeak / 2 ** 20)} MiB`,
    );
  }, 180_000);
});
