import { describe, expect, it } from 'vitest';
import type { DecodedExportRequest, DecodedSpan } from '../../schemas/otlp-model';
import { decodeJsonExportRequest } from './decode-json';
import { decodeProtobufExportRequest } from './decode-protobuf';
import { richSpans, toJson, toProtobuf } from './sdk-spans.fixture';

function decoded(body: Uint8Array | string): DecodedExportRequest {
  const r = decodeJsonExportRequest(body);
  if (!r.ok) throw new Error(`expected success, got: ${r.error.message}`);
  return r.value;
}

function expectInvalid(body: Uint8Array | string, message?: RegExp): void {
  const r = decodeJsonExportRequest(body);
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.error.kind).toBe('invalid_argument');
  if (message !== undefined) expect(r.error.message).toMatch(message);
}

/** A request holding one span built from `span`, inside the usual resource and scope wrappers. */
const request = (span: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: {}, spans: [span] }] }],
    ...extra,
  });

const firstSpan = (body: string): DecodedSpan | undefined =>
  decoded(body).resourceSpans[0]?.scopeSpans[0]?.spans[0];

const attribute = (value: unknown) => firstSpan(request({ attributes: [{ key: 'k', value }] }))?.attributes;

describe('decodeJsonExportRequest on SDK-serialized requests', () => {
  it('decodes exactly what the protobuf decoder decodes from the same spans', () => {
    const spans = richSpans();
    const fromJson = decoded(toJson(spans));
    const fromProtobuf = decodeProtobufExportRequest(toProtobuf(spans));
    expect(fromProtobuf.ok && fromProtobuf.value).toEqual(fromJson);
    const server = fromJson.resourceSpans[0]?.scopeSpans[0]?.spans.find((s) => s.name === 'POST /v1/chat');
    expect(server?.attributes.values).toMatchObject({
      big: '1152921504606851072',
      map: '{"model":"gpt-4o","tokens":{"input":10,"output":"1152921504606851072"},"tags":["a"]}',
      bytes: 'AAEC+v8=',
      empty: '',
    });
    expect(server?.startTimeUnixNano).toBe(1_700_000_000_123_456_789n);
  });

  it('accepts the body as a string and with a UTF-8 byte order mark', () => {
    const body = toJson(richSpans());
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]);
    expect(decoded(withBom)).toEqual(decoded(Buffer.from(body).toString('utf8')));
  });
});

describe('decodeJsonExportRequest leniency', () => {
  it('lower-cases hex ids given in upper case', () => {
    const span = firstSpan(
      request({
        traceId: '0AF7651916CD43DD8448EB211C80319C',
        spanId: 'B7AD6B7169203331',
        parentSpanId: '00F067AA0BA902B7',
        links: [{ traceId: '4BF92F3577B34DA6A3CE929D0E0E4736', spanId: 'ABCDEF0123456789' }],
      }),
    );
    expect(span).toMatchObject({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      parentSpanId: '00f067aa0ba902b7',
      links: [{ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: 'abcdef0123456789' }],
    });
  });

  it('passes base64 ids through lower-cased for validation to reject, without failing the request', () => {
    const span = firstSpan(request({ traceId: 'CvdlGRbNQ92ESOshHIAxnA==', spanId: 't61rcWkgMzE=' }));
    expect(span).toMatchObject({ traceId: 'cvdlgrbnq92esoshhiaxna==', spanId: 't61rcwkgmze=' });
  });

  it('takes enums as integers or as their proto names', () => {
    expect(firstSpan(request({ kind: 3, status: { code: 2 } }))).toMatchObject({ kind: 3, statusCode: 2 });
    expect(
      firstSpan(request({ kind: 'SPAN_KIND_CONSUMER', status: { code: 'STATUS_CODE_OK', message: 'fine' } })),
    ).toMatchObject({ kind: 5, statusCode: 1, statusMessage: 'fine' });
    expect(firstSpan(request({ kind: '4' }))?.kind).toBe(4);
    expectInvalid(
      request({ kind: 'SPAN_KIND_BOGUS' }),
      /spans\[0\]\.kind: unknown enum value "SPAN_KIND_BOGUS"/,
    );
    expectInvalid(request({ kind: 2.5 }), /kind: must be an int32 enum/);
    expectInvalid(request({ kind: 'toString' }), /unknown enum value/);
  });

  it('takes int64 times as decimal strings or numbers', () => {
    expect(
      firstSpan(request({ startTimeUnixNano: '1700000000123456789', endTimeUnixNano: 1_700_000_000_000 })),
    ).toMatchObject({
      startTimeUnixNano: 1_700_000_000_123_456_789n,
      endTimeUnixNano: 1_700_000_000_000n,
    });
    expect(firstSpan(request({ startTimeUnixNano: '18446744073709551615' }))?.startTimeUnixNano).toBe(
      2n ** 64n - 1n,
    );
    expectInvalid(request({ startTimeUnixNano: '18446744073709551616' }), /out of range/);
    expectInvalid(
      request({ startTimeUnixNano: '-1' }),
      /startTimeUnixNano: must be an unsigned decimal integer/,
    );
    expectInvalid(request({ startTimeUnixNano: '0x10' }));
    expectInvalid(request({ endTimeUnixNano: 1.5 }));
    expectInvalid(request({ endTimeUnixNano: true }));
  });

  it('keeps the exact digits of intValue given as a string or number', () => {
    expect(attribute({ intValue: '9223372036854775807' })).toEqual({
      values: { k: '9223372036854775807' },
      types: { k: 'int' },
    });
    expect(attribute({ intValue: '-9223372036854775808' })?.values.k).toBe('-9223372036854775808');
    expect(attribute({ intValue: '007' })?.values.k).toBe('7');
    expect(attribute({ intValue: 42 })?.values.k).toBe('42');
    expect(attribute({ intValue: 2 ** 60 })?.values.k).toBe('1152921504606846976');
    expectInvalid(
      request({ attributes: [{ key: 'k', value: { intValue: '9223372036854775808' } }] }),
      /out of range/,
    );
    expectInvalid(request({ attributes: [{ key: 'k', value: { intValue: '1.5' } }] }), /intValue/);
    expectInvalid(request({ attributes: [{ key: 'k', value: { intValue: 1.5 } }] }), /intValue/);
  });

  it('encodes every AnyValue type like the protobuf decoder', () => {
    expect(attribute({ stringValue: 'x' })).toEqual({ values: { k: 'x' }, types: {} });
    expect(attribute({ boolValue: false })).toEqual({ values: { k: 'false' }, types: { k: 'bool' } });
    expect(attribute({ doubleValue: 0.5 })).toEqual({ values: { k: '0.5' }, types: { k: 'double' } });
    expect(attribute({ doubleValue: 'NaN' })?.values.k).toBe('NaN');
    expect(attribute({ doubleValue: '-Infinity' })?.values.k).toBe('-Infinity');
    expect(attribute({ bytesValue: 'AAEC' })).toEqual({ values: { k: 'AAEC' }, types: { k: 'bytes' } });
    expect(attribute({})).toEqual({ values: { k: '' }, types: {} });
    expect(attribute(null)).toEqual({ values: { k: '' }, types: {} });
    const nested = attribute({
      arrayValue: {
        values: [
          { intValue: '9007199254740993' },
          { intValue: '5' },
          { doubleValue: 'Infinity' },
          { kvlistValue: { values: [{ key: 'a', value: { boolValue: true } }, { key: 'b' }] } },
          {},
        ],
      },
    });
    expect(nested).toEqual({
      values: { k: '["9007199254740993",5,"Infinity",{"a":true,"b":null},null]' },
      types: { k: 'array' },
    });
    expect(attribute({ kvlistValue: {} })).toEqual({ values: { k: '{}' }, types: { k: 'kvlist' } });
  });

  it('ignores unknown fields at every level and treats null as absent', () => {
    const body = JSON.stringify({
      futureField: { x: 1 },
      resourceSpans: [
        {
          resource: {
            attributes: [{ key: 'a', value: { stringValue: 'b', futureValue: 3 }, extra: 1 }],
            other: [],
          },
          schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
          scopeSpans: [
            {
              scope: { name: 'lib', version: null, attributes: 'not read' },
              spans: [
                {
                  name: 'op',
                  trace_id: 'snake-case keys are not OTLP/JSON',
                  flags: 1,
                  events: null,
                  links: null,
                },
              ],
            },
          ],
        },
      ],
    });
    const out = decoded(body);
    expect(out.resourceSpans[0]?.resource.values).toEqual({ a: 'b' });
    expect(out.resourceSpans[0]?.scopeSpans[0]).toMatchObject({ scopeName: 'lib', scopeVersion: '' });
    expect(out.resourceSpans[0]?.scopeSpans[0]?.spans[0]).toMatchObject({
      name: 'op',
      traceId: '',
      events: [],
      links: [],
    });
    expect(decoded('{}')).toEqual({ resourceSpans: [] });
    expect(decoded('{"resourceSpans":null}')).toEqual({ resourceSpans: [] });
  });
});

describe('decodeJsonExportRequest failures', () => {
  it('rejects text that is not JSON', () => {
    expectInvalid('{"resourceSpans":[', /invalid JSON/);
    expectInvalid(Buffer.from([0x0a, 0x02, 0xff, 0x00]), /invalid JSON/);
    expectInvalid('', /invalid JSON/);
  });

  it('rejects wrong structural types and names where they are', () => {
    expectInvalid('[]', /must be a JSON object/);
    expectInvalid('{"resourceSpans":{}}', /resourceSpans: must be an array/);
    expectInvalid('{"resourceSpans":[1]}', /resourceSpans\[0\]: must be an object/);
    expectInvalid(
      request({ name: 5 }),
      /^invalid OTLP\/JSON: resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.name: must be a string$/,
    );
    expectInvalid(request({ traceId: 12 }), /traceId: must be a string/);
    expectInvalid(request({ attributes: {} }), /spans\[0\]\.attributes: must be an array/);
    expectInvalid(
      request({ attributes: [{ key: 'k', value: { stringValue: 1 } }] }),
      /attributes\[0\]\.value\.stringValue/,
    );
    expectInvalid(
      request({ attributes: [{ key: 'k', value: 'plain' }] }),
      /attributes\[0\]\.value: must be an AnyValue/,
    );
    expectInvalid(request({ events: [{ attributes: [{ key: 1 }] }] }), /events\[0\]\.attributes\[0\]\.key/);
    expectInvalid(request({ status: [] }), /status: must be an object/);
    expectInvalid(request({ attributes: [{ key: 'k', value: { boolValue: 'yes' } }] }), /boolValue/);
  });

  it('rejects values nested beyond the depth limit without overflowing the stack', () => {
    const depth = 20_000;
    const value = '{"arrayValue":{"values":['.repeat(depth) + '{"stringValue":"leaf"}' + ']}}'.repeat(depth);
    const body = request({ attributes: [{ key: 'deep', value: 'VALUE' }] }).replace('"VALUE"', value);
    expectInvalid(body, /nested too deeply/);
  });

  it('never throws on random mutations', () => {
    const full = Buffer.from(toJson(richSpans()));
    let seed = 99;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const alphabet = Buffer.from('{}[]":,0123456789-eE.ntrufalsx ');
    for (let i = 0; i < 3000; i++) {
      const bytes = Buffer.from(full);
      for (let m = 0, count = 1 + rand(3); m < count; m++)
        bytes[rand(bytes.length)] = alphabet[rand(alphabet.length)] ?? 0;
      const r = decodeJsonExportRequest(bytes);
      if (!r.ok) expect(r.error.kind).toBe('invalid_argument');
    }
  });
});
