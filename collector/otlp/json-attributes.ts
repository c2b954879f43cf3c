import type { Attributes } from '../../schemas/otlp-model';
import { MAX_VALUE_DEPTH, doubleJson, setAttribute, setOwn } from './attributes';
import type { JsonValue } from './attributes';
import { ShapeError, arrayField, doubleOf, int64Text, isObject, stringField } from './json-fields';
import type { JsonObject } from './json-fields';

/** Reads the repeated KeyValue field `key` of `o` into `attrs`. */
export function readJsonAttributes(o: JsonObject, key: string, attrs: Attributes): void {
  const list = arrayField(o, key);
  for (let i = 0; i < list.length; i++) {
    try {
      const kv = list[i];
      if (!isObject(kv)) throw new ShapeError('must be a KeyValue object');
      const name = stringField(kv, 'key');
      const value = kv.value;
      if (value === undefined || value === null) setAttribute(attrs, name, '', undefined);
      else if (isObject(value)) putAnyValue(attrs, name, value);
      else throw new ShapeError('must be an AnyValue object', 'value');
    } catch (e) {
      throw e instanceof ShapeError ? e.at(`${key}[${i}]`) : e;
    }
  }
}

function putAnyValue(attrs: Attributes, key: string, v: JsonObject): void {
  const s = v.stringValue;
  if (typeof s === 'string') return setAttribute(attrs, key, s, undefined);
  if (s !== undefined && s !== null) throw new ShapeError('must be a string', 'value.stringValue');
  try {
    if (present(v.boolValue)) {
      if (typeof v.boolValue !== 'boolean') throw new ShapeError('boolValue must be true or false');
      return setAttribute(attrs, key, v.boolValue ? 'true' : 'false', 'bool');
    }
    if (present(v.intValue)) return setAttribute(attrs, key, int64Text(v.intValue), 'int');
    if (present(v.doubleValue)) return setAttribute(attrs, key, String(doubleOf(v.doubleValue)), 'double');
    if (present(v.arrayValue)) {
      return setAttribute(attrs, key, JSON.stringify(arrayJson(v.arrayValue, 1)), 'array');
    }
    if (present(v.kvlistValue)) {
      return setAttribute(attrs, key, JSON.stringify(kvlistJson(v.kvlistValue, 1)), 'kvlist');
    }
    if (present(v.bytesValue)) {
      // Already base64 in OTLP/JSON, which is the stored form.
      if (typeof v.bytesValue !== 'string') throw new ShapeError('bytesValue must be a base64 string');
      return setAttribute(attrs, key, v.bytesValue, 'bytes');
    }
  } catch (e) {
    throw e instanceof ShapeError ? e.at('value') : e;
  }
  setAttribute(attrs, key, '', undefined);
}

const present = (v: unknown): boolean => v !== undefined && v !== null;

function anyJson(v: unknown, depth: number): JsonValue {
  if (v === undefined || v === null) return null;
  if (!isObject(v)) throw new ShapeError('array and kvlist elements must be AnyValue objects');
  const s = v.stringValue;
  if (typeof s === 'string') return s;
  if (present(s)) throw new ShapeError('stringValue must be a string');
  if (present(v.boolValue)) {
    if (typeof v.boolValue !== 'boolean') throw new ShapeError('boolValue must be true or false');
    return v.boolValue;
  }
  if (present(v.intValue)) {
    const text = int64Text(v.intValue);
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : text;
  }
  if (present(v.doubleValue)) return doubleJson(doubleOf(v.doubleValue));
  if (present(v.arrayValue)) return arrayJson(v.arrayValue, depth + 1);
  if (present(v.kvlistValue)) return kvlistJson(v.kvlistValue, depth + 1);
  if (present(v.bytesValue)) {
    if (typeof v.bytesValue !== 'string') throw new ShapeError('bytesValue must be a base64 string');
    return v.bytesValue;
  }
  return null;
}

function arrayJson(v: unknown, depth: number): JsonValue[] {
  if (depth > MAX_VALUE_DEPTH) throw new ShapeError('attribute value nested too deeply');
  if (!isObject(v)) throw new ShapeError('arrayValue must be an object');
  const list = arrayField(v, 'values');
  const out: JsonValue[] = new Array<JsonValue>(list.length);
  for (let i = 0; i < list.length; i++) out[i] = anyJson(list[i], depth);
  return out;
}

function kvlistJson(v: unknown, depth: number): { [key: string]: JsonValue } {
  if (depth > MAX_VALUE_DEPTH) throw new ShapeError('attribute value nested too deeply');
  if (!isObject(v)) throw new ShapeError('kvlistValue must be an object');
  const out: { [key: string]: JsonValue } = {};
  for (const kv of arrayField(v, 'values')) {
    if (!isObject(kv)) throw new ShapeError('kvlistValue.values must hold KeyValue objects');
    setOwn(out, stringField(kv, 'key'), anyJson(kv.value, depth));
  }
  return out;
}
