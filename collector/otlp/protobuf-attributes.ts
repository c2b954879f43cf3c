import type { AttrType, Attributes } from '../../schemas/otlp-model';
import { MAX_VALUE_DEPTH, doubleJson, setAttribute, setOwn } from './attributes';
import type { JsonValue } from './attributes';
import { WIRE_I64, WIRE_LEN, WIRE_VARINT } from './proto-reader';
import type { ProtoReader } from './proto-reader';

// Expected wire type per field number (-1: no such field), for rejecting known fields sent with the wrong type.
const KEY_VALUE_WIRE = [-1, WIRE_LEN, WIRE_LEN];
const ANY_VALUE_WIRE = [-1, WIRE_LEN, WIRE_VARINT, WIRE_VARINT, WIRE_I64, WIRE_LEN, WIRE_LEN, WIRE_LEN];
const VALUES_WIRE = [-1, WIRE_LEN];

/** Reads one KeyValue message (ending at `end`) into `attrs`. */
export function readKeyValue(r: ProtoReader, end: number, attrs: Attributes): void {
  let key = '';
  let valueStart = -1;
  let valueEnd = -1;
  while (r.pos < end) {
    const tag = r.tag(end);
    if (tag === 10) {
      key = r.cachedString(end);
    } else if (tag === 18) {
      const n = r.len(end);
      valueStart = r.pos;
      valueEnd = valueStart + n;
      r.pos = valueEnd;
    } else {
      r.skip(tag, end, KEY_VALUE_WIRE, 'KeyValue');
    }
  }
  if (valueStart < 0) {
    setAttribute(attrs, key, '', undefined);
    return;
  }
  r.pos = valueStart;
  readAnyValue(r, valueEnd, attrs, key);
  r.pos = end;
}

function readAnyValue(r: ProtoReader, end: number, attrs: Attributes, key: string): void {
  let value = '';
  let type: AttrType | undefined;
  while (r.pos < end) {
    const tag = r.tag(end);
    switch (tag) {
      case 10:
        value = r.cachedString(end);
        type = undefined;
        break;
      case 16:
        value = r.bool(end) ? 'true' : 'false';
        type = 'bool';
        break;
      case 24:
        r.varint64(end);
        value = r.int64Decimal();
        type = 'int';
        break;
      case 33:
        value = String(r.double(end));
        type = 'double';
        break;
      case 42: {
        const sub = r.sub(end);
        value = JSON.stringify(readArrayJson(r, sub, 1));
        type = 'array';
        break;
      }
      case 50: {
        const sub = r.sub(end);
        value = JSON.stringify(readKvlistJson(r, sub, 1));
        type = 'kvlist';
        break;
      }
      case 58:
        value = r.base64(end);
        type = 'bytes';
        break;
      default:
        r.skip(tag, end, ANY_VALUE_WIRE, 'AnyValue');
    }
  }
  setAttribute(attrs, key, value, type);
}

function readAnyJson(r: ProtoReader, end: number, depth: number): JsonValue {
  if (depth > MAX_VALUE_DEPTH) r.fail('attribute value nested too deeply');
  let value: JsonValue = null;
  while (r.pos < end) {
    const tag = r.tag(end);
    switch (tag) {
      case 10:
        value = r.string(end);
        break;
      case 16:
        value = r.bool(end);
        break;
      case 24:
        r.varint64(end);
        value = r.int64Json();
        break;
      case 33:
        value = doubleJson(r.double(end));
        break;
      case 42: {
        const sub = r.sub(end);
        value = readArrayJson(r, sub, depth + 1);
        break;
      }
      case 50: {
        const sub = r.sub(end);
        value = readKvlistJson(r, sub, depth + 1);
        break;
      }
      case 58:
        value = r.base64(end);
        break;
      default:
        r.skip(tag, end, ANY_VALUE_WIRE, 'AnyValue');
    }
  }
  return value;
}

function readArrayJson(r: ProtoReader, end: number, depth: number): JsonValue[] {
  if (depth > MAX_VALUE_DEPTH) r.fail('attribute value nested too deeply');
  const out: JsonValue[] = [];
  while (r.pos < end) {
    const tag = r.tag(end);
    if (tag === 10) {
      const sub = r.sub(end);
      out.push(readAnyJson(r, sub, depth + 1));
    } else {
      r.skip(tag, end, VALUES_WIRE, 'ArrayValue');
    }
  }
  return out;
}

function readKvlistJson(r: ProtoReader, end: number, depth: number): { [key: string]: JsonValue } {
  if (depth > MAX_VALUE_DEPTH) r.fail('attribute value nested too deeply');
  const out: { [key: string]: JsonValue } = {};
  while (r.pos < end) {
    const tag = r.tag(end);
    if (tag !== 10) {
      r.skip(tag, end, VALUES_WIRE, 'KeyValueList');
      continue;
    }
    const kvEnd = r.sub(end);
    let key = '';
    let value: JsonValue = null;
    while (r.pos < kvEnd) {
      const kvTag = r.tag(kvEnd);
      if (kvTag === 10) {
        key = r.cachedString(kvEnd);
      } else if (kvTag === 18) {
        const sub = r.sub(kvEnd);
        value = readAnyJson(r, sub, depth + 1);
      } else {
        r.skip(kvTag, kvEnd, KEY_VALUE_WIRE, 'KeyValue');
      }
    }
    setOwn(out, key, value);
  }
  return out;
}
