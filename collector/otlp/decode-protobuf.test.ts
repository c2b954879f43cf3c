import { describe, expect, it } from 'vitest';
import type { DecodedExportRequest, DecodedSpan } from '../../schemas/otlp-model';
import { decodeProtobufExportRequest } from './decode-protobuf';
import { ProtoWriter } from '../../core/protobuf/proto-writer';
import {
  BIG_INT,
  END,
  EVENT_TIME,
  LINKED,
  REMOTE_PARENT,
  START,
  hrToNs,
  recordSpans,
  richSpans,
  toProtobuf,
} from './sdk-spans.fixture';

function decoded(bytes: Uint8Array): DecodedExportRequest {
  const r = decodeProtobufExportRequest(bytes);
  if (!r.ok) throw new Error(`expected success, got: ${r.error.message}`);
  return r.value;
}

function expectInvalid(bytes: Uint8Array, message?: RegExp): void {
  const r = decodeProtobufExportRequest(bytes);
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.error.kind).toBe('invalid_argument');
  if (message !== undefined) expect(r.error.message).toMatch(message);
}

const allSpans = (req: DecodedExportRequest): DecodedSpan[] =>
  req.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));

/** A request with one span whose body `build` writes, wrapped in ResourceSpans and ScopeSpans. */
const oneSpan = (build: (w: ProtoWriter) => void): Uint8Array =>
  new ProtoWriter().messageField(1, (rs) => rs.messageField(2, (ss) => ss.messageField(2, build))).finish();

/** A request with one span holding one attribute whose AnyValue `build` writes. */
const oneAttribute = (key: string, build: (w: ProtoWriter) => void): Uint8Array =>
  oneSpan((s) => s.messageField(9, (kv) => kv.stringField(1, key).messageField(2, build)));

const firstAttributes = (bytes: Uint8Array) => allSpans(decoded(bytes))[0]?.attributes;

describe('decodeProtobufExportRequest on SDK-serialized requests', () => {
  const spans = richSpans();
  const req = decoded(toProtobuf(spans));
  const server = allSpans(req).find((s) => s.name === 'POST /v1/chat');
  const child = allSpans(req).find((s) => s.name === 'child');

  it('keeps resource attributes and the instrumentation scope', () => {
    expect(req.resourceSpans).toHaveLength(1);
    expect(req.resourceSpans[0]?.resource).toEqual({
      values: { 'service.name': 'checkout', 'service.instance.id': 'pod-7', 'host.cpu.count': '8' },
      types: { 'host.cpu.count': 'int' },
    });
    expect(req.resourceSpans[0]?.scopeSpans[0]).toMatchObject({
      scopeName: 'spanloop-test',
      scopeVersion: '1.2.3',
    });
  });

  it('round-trips ids, parent, kind, exact nanosecond times, trace state and status', () => {
    const sdkServer = spans.find((s) => s.name === 'POST /v1/chat');
    const sdkChild = spans.find((s) => s.name === 'child');
    expect(server).toMatchObject({
      traceId: REMOTE_PARENT.traceId,
      spanId: sdkServer?.spanContext().spanId,
      parentSpanId: REMOTE_PARENT.spanId,
      traceState: 'vendor=abc,other=x1',
      kind: 2,
      startTimeUnixNano: hrToNs(START),
      endTimeUnixNano: hrToNs(END),
      statusCode: 2,
      statusMessage: 'upstream failed',
    });
    expect(server?.startTimeUnixNano).toBe(1_700_000_000_123_456_789n);
    expect(child).toMatchObject({
      traceId: REMOTE_PARENT.traceId,
      spanId: sdkChild?.spanContext().spanId,
      parentSpanId: sdkServer?.spanContext().spanId,
      kind: 3,
      statusCode: 1,
      statusMessage: '',
    });
  });

  it('encodes attributes of every type as strings with type tags', () => {
    expect(server?.attributes).toEqual({
      values: {
        str: 'hello',
        unicode: 'héllo ✓ 🚀',
        int: '42',
        negative: '-7',
        big: '1152921504606851072',
        bigNegative: '-1152921504606851072',
        double: '3.25',
        bool: 'true',
        no: 'false',
        strings: '["a","b"]',
        mixed: '["x",1,2.5,true,null]',
        map: '{"model":"gpt-4o","tokens":{"input":10,"output":"1152921504606851072"},"tags":["a"]}',
        bytes: 'AAEC+v8=',
        empty: '',
      },
      types: {
        int: 'int',
        negative: 'int',
        big: 'int',
        bigNegative: 'int',
        double: 'double',
        bool: 'bool',
        no: 'bool',
        strings: 'array',
        mixed: 'array',
        map: 'kvlist',
        bytes: 'bytes',
      },
    });
    expect(BigInt(server?.attributes.values.big ?? '')).toBe(BigInt(BIG_INT));
  });

  it('round-trips events and links with their attributes', () => {
    expect(server?.events).toEqual([
      {
        timeUnixNano: hrToNs(EVENT_TIME),
        name: 'gen_ai.choice',
        attributes: {
          values: { index: '0', finish: 'stop', scores: '[0.5,1]' },
          types: { index: 'int', scores: 'array' },
        },
      },
    ]);
    expect(server?.links).toEqual([
      {
        traceId: LINKED.traceId,
        spanId: LINKED.spanId,
        traceState: '',
        attributes: { values: { 'link.kind': 'retry', n: '2' }, types: { n: 'int' } },
      },
    ]);
  });

  it('decodes many spans across resources and scopes', () => {
    const a = recordSpans((t) => {
      for (let i = 0; i < 300; i++) t.startSpan(`a${i}`, { attributes: { i } }).end();
    });
    const b = recordSpans(
      (t, provider) => {
        t.startSpan('b').end();
        provider.getTracer('other-scope').startSpan('c').end();
      },
      { 'service.name': 'second' },
    );
    const out = decoded(toProtobuf([...a, ...b]));
    expect(out.resourceSpans.map((rs) => rs.resource.values['service.name'])).toEqual(['checkout', 'second']);
    expect(out.resourceSpans[1]?.scopeSpans.map((ss) => ss.scopeName)).toEqual([
      'spanloop-test',
      'other-scope',
    ]);
    expect(allSpans(out)).toHaveLength(302);
    expect(allSpans(out)[299]?.attributes.values.i).toBe('299');
  });
});

describe('decodeProtobufExportRequest on hand-built messages', () => {
  it('accepts an empty request', () => {
    expect(decoded(new Uint8Array())).toEqual({ resourceSpans: [] });
  });

  it('gives defaults for a span with no fields', () => {
    expect(allSpans(decoded(oneSpan(() => undefined)))[0]).toEqual({
      traceId: '',
      spanId: '',
      parentSpanId: '',
      traceState: '',
      name: '',
      kind: 0,
      startTimeUnixNano: 0n,
      endTimeUnixNano: 0n,
      attributes: { values: {}, types: {} },
      events: [],
      links: [],
      statusCode: 0,
      statusMessage: '',
    });
  });

  it('hex-encodes ids of any length in lower case', () => {
    const span = allSpans(
      decoded(
        oneSpan((s) =>
          s
            .bytesField(1, Uint8Array.from([0xab, 0xcd, 0xef]))
            .bytesField(2, new Uint8Array(8).fill(0xff))
            .bytesField(4, new Uint8Array(0)),
        ),
      ),
    )[0];
    expect(span).toMatchObject({ traceId: 'abcdef', spanId: 'ffffffffffffffff', parentSpanId: '' });
  });

  it('decodes the full int64 range exactly', () => {
    const ints: [bigint, string][] = [
      [0n, '0'],
      [-1n, '-1'],
      [2n ** 53n + 1n, '9007199254740993'],
      [2n ** 63n - 1n, '9223372036854775807'],
      [-(2n ** 63n), '-9223372036854775808'],
      [-(2n ** 53n) - 1n, '-9007199254740993'],
      [2n ** 32n, '4294967296'],
    ];
    for (const [n, text] of ints) {
      expect(firstAttributes(oneAttribute('n', (v) => v.varintField(3, n)))?.values.n).toBe(text);
    }
    const nested = oneAttribute('a', (v) =>
      v.messageField(5, (arr) =>
        arr
          .messageField(1, (e) => e.varintField(3, 2n ** 53n - 1n))
          .messageField(1, (e) => e.varintField(3, 2n ** 53n))
          .messageField(1, (e) => e.varintField(3, -5)),
      ),
    );
    expect(firstAttributes(nested)?.values.a).toBe('[9007199254740991,"9007199254740992",-5]');
  });

  it('prints doubles as JavaScript does and non-finite nested doubles as strings', () => {
    const d = (x: number) => firstAttributes(oneAttribute('d', (v) => v.tag(4, 1).double(x)))?.values.d;
    expect([d(0.1), d(1e21), d(-0), d(NaN), d(Infinity)]).toEqual(['0.1', '1e+21', '0', 'NaN', 'Infinity']);
    const nested = oneAttribute('a', (v) =>
      v.messageField(5, (arr) =>
        arr.messageField(1, (e) => e.tag(4, 1).double(NaN)).messageField(1, () => undefined),
      ),
    );
    expect(firstAttributes(nested)?.values.a).toBe('["NaN",null]');
  });

  it('lets a later duplicate key win, including its type', () => {
    const bytes = oneSpan((s) =>
      s
        .messageField(9, (kv) => kv.stringField(1, 'k').messageField(2, (v) => v.varintField(3, 1)))
        .messageField(9, (kv) => kv.stringField(1, 'k').messageField(2, (v) => v.stringField(1, 'text'))),
    );
    expect(firstAttributes(bytes)).toEqual({ values: { k: 'text' }, types: {} });
  });

  it('keeps a __proto__ key as an ordinary attribute', () => {
    const attrs = firstAttributes(oneAttribute('__proto__', (v) => v.varintField(3, 5)));
    expect(Object.keys(attrs?.values ?? {})).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(attrs?.values)).toBe(Object.prototype);
    expect(attrs?.types).toEqual(JSON.parse('{"__proto__":"int"}'));
  });

  it('decodes distinct keys that share length and sampled bytes', () => {
    const keys = Array.from({ length: 500 }, (_, i) => `aaaaa${String(i).padStart(3, '0')}bbbbbbbbbbbb`);
    const bytes = oneSpan((s) => {
      for (const key of keys)
        s.messageField(9, (kv) => kv.stringField(1, key).messageField(2, (v) => v.stringField(1, key)));
    });
    const attrs = firstAttributes(bytes);
    expect(Object.keys(attrs?.values ?? {})).toEqual(keys);
    expect(Object.entries(attrs?.values ?? {}).every(([k, v]) => k === v)).toBe(true);
  });

  it('merges a repeated Resource and keeps the last scope name', () => {
    const bytes = new ProtoWriter()
      .messageField(1, (rs) =>
        rs
          .messageField(1, (r) =>
            r.messageField(1, (kv) => kv.stringField(1, 'a').messageField(2, (v) => v.stringField(1, '1'))),
          )
          .messageField(1, (r) =>
            r.messageField(1, (kv) => kv.stringField(1, 'b').messageField(2, (v) => v.stringField(1, '2'))),
          )
          .messageField(2, (ss) => ss.messageField(1, (sc) => sc.stringField(1, 'x').stringField(1, 'y'))),
      )
      .finish();
    const rs = decoded(bytes).resourceSpans[0];
    expect(rs?.resource.values).toEqual({ a: '1', b: '2' });
    expect(rs?.scopeSpans[0]?.scopeName).toBe('y');
  });

  it('skips unknown fields of every wire type, groups included, at every level', () => {
    const unknown = (w: ProtoWriter) => {
      w.varintField(90, 2n ** 63n)
        .tag(91, 1)
        .fixed64(123n)
        .stringField(92, 'ignored')
        .tag(93, 5)
        .fixed32(7)
        .tag(94, 3)
        .varintField(1, 1)
        .tag(95, 3)
        .stringField(2, 'nested group')
        .tag(95, 4)
        .tag(94, 4);
    };
    const build = (extra: (w: ProtoWriter) => void) => {
      const w = new ProtoWriter();
      extra(w);
      w.messageField(1, (rs) => {
        extra(rs);
        rs.messageField(1, (r) => {
          extra(r);
          r.messageField(1, (kv) => {
            extra(kv);
            kv.stringField(1, 'service.name').messageField(2, (v) => {
              extra(v);
              v.stringField(1, 'svc');
            });
          });
        });
        rs.messageField(2, (ss) => {
          extra(ss);
          ss.messageField(1, (sc) => {
            extra(sc);
            sc.stringField(1, 'scope');
          });
          ss.messageField(2, (s) => {
            extra(s);
            s.bytesField(1, new Uint8Array(16).fill(1)).stringField(5, 'op');
            s.messageField(9, (kv) => {
              kv.stringField(1, 'arr').messageField(2, (v) =>
                v.messageField(5, (arr) => {
                  extra(arr);
                  arr.messageField(1, (e) => {
                    extra(e);
                    e.varintField(3, 1);
                  });
                }),
              );
            });
            s.messageField(11, (e) => {
              extra(e);
              e.stringField(2, 'event');
            });
            s.messageField(13, (l) => {
              extra(l);
              l.bytesField(2, new Uint8Array(8).fill(2));
            });
            s.messageField(15, (st) => {
              extra(st);
              st.varintField(3, 2);
            });
          });
        });
      });
      return w.finish();
    };
    const plain = decoded(build(() => undefined));
    expect(decoded(build(unknown))).toEqual(plain);
    expect(allSpans(plain)[0]).toMatchObject({
      name: 'op',
      statusCode: 2,
      attributes: { values: { arr: '[1]' } },
      events: [{ name: 'event' }],
      links: [{ spanId: '0202020202020202' }],
    });
  });

  it('rejects known fields sent with the wrong wire type', () => {
    expectInvalid(
      oneSpan((s) => s.varintField(7, 5)),
      /Span field 7 has wire type 0, expected 1/,
    );
    expectInvalid(
      oneSpan((s) => s.varintField(5, 1)),
      /Span field 5/,
    );
    expectInvalid(
      oneSpan((s) => s.tag(6, 1).fixed64(1n)),
      /Span field 6/,
    );
    expectInvalid(
      oneAttribute('k', (v) => v.stringField(3, '12')),
      /AnyValue field 3/,
    );
    expectInvalid(new ProtoWriter().varintField(1, 3).finish(), /ExportTraceServiceRequest field 1/);
  });

  it('rejects malformed wire data', () => {
    const bytes = (...b: number[]) => Uint8Array.from(b);
    expectInvalid(bytes(0x00, 0x01), /field number 0/);
    expectInvalid(bytes(0x0e), /invalid wire type 6/);
    expectInvalid(bytes(0x0f), /invalid wire type 7/);
    expectInvalid(bytes(0x0c), /end-group without/);
    expectInvalid(bytes(0x4b, 0x08, 0x01), /truncated group/);
    expectInvalid(bytes(0x4b, 0x54), /does not match/);
    expectInvalid(
      bytes(0x48, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01),
      /longer than 10/,
    );
    expectInvalid(bytes(0x48, 0xff), /truncated varint/);
    expectInvalid(bytes(0x0a, 0x05, 0x01), /length 5 exceeds/);
    expectInvalid(bytes(0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01), /length out of range/);
    expectInvalid(Buffer.from('{"resourceSpans":[]}'));
  });

  it('rejects values nested beyond the depth limit without overflowing the stack', () => {
    let value = new ProtoWriter().stringField(1, 'leaf').finish();
    for (let i = 0; i < 5000; i++)
      value = new ProtoWriter().messageField(5, (a) => a.bytesField(1, value)).finish();
    expectInvalid(
      oneAttribute('deep', (v) => v.raw(value)),
      /nested too deeply/,
    );
    let group = new ProtoWriter();
    for (let i = 0; i < 5000; i++) group = group.tag(9, 3);
    expectInvalid(group.finish(), /nested too deeply/);
  });

  it('returns invalid_argument for every truncation of a valid request', () => {
    const full = toProtobuf(richSpans());
    for (let cut = 1; cut < full.byteLength; cut++) expectInvalid(full.subarray(0, cut));
  });

  it('never throws on random mutations or garbage', () => {
    const full = toProtobuf(richSpans());
    let seed = 12345;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    let failures = 0;
    for (let i = 0; i < 5000; i++) {
      const bytes = Uint8Array.from(full);
      for (let m = 0, count = 1 + rand(4); m < count; m++) bytes[rand(bytes.length)] = rand(256);
      const cut = rand(8) === 0 ? bytes.subarray(0, rand(bytes.length)) : bytes;
      const r = decodeProtobufExportRequest(cut);
      if (!r.ok) {
        expect(r.error.kind).toBe('invalid_argument');
        failures++;
      }
    }
    for (let i = 0; i < 2000; i++) {
      const garbage = Uint8Array.from({ length: rand(200) }, () => rand(256));
      const r = decodeProtobufExportRequest(garbage);
      if (!r.ok) expect(r.error.kind).toBe('invalid_argument');
    }
    expect(failures).toBeGreaterThan(100);
  });

  it('decodes from a Uint8Array view at an offset into a larger buffer', () => {
    const full = toProtobuf(richSpans());
    const padded = new Uint8Array(full.byteLength + 7);
    padded.set(full, 3);
    expect(decoded(padded.subarray(3, 3 + full.byteLength))).toEqual(decoded(full));
  });
});
