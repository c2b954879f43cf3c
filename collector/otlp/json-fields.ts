/** Thrown only inside the JSON decoder; the path is built on the way out, so the happy path never formats one. */
export class ShapeError extends Error {
  constructor(
    readonly problem: string,
    readonly path = '',
  ) {
    super(path === '' ? problem : `${path}: ${problem}`);
  }

  /** The same error one level further out: at('spans[3]') turns 'name: …' into 'spans[3].name: …'. */
  at(segment: string): ShapeError {
    return new ShapeError(this.problem, this.path === '' ? segment : `${segment}.${this.path}`);
  }
}

export type JsonObject = Record<string, unknown>;

const EMPTY: readonly unknown[] = [];
const U64_MAX = 0xffff_ffff_ffff_ffffn;
const INT64_MIN = -0x8000_0000_0000_0000n;
const INT64_MAX = 0x7fff_ffff_ffff_ffffn;
const DIGITS = /^\d{1,20}$/;
const SIGNED_DIGITS = /^-?\d{1,20}$/;
const CANONICAL_INT = /^(?:0|-?[1-9]\d{0,17})$/;

export const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** An embedded message; null and absence both mean "not set". */
export function objectField(o: JsonObject, key: string): JsonObject | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (isObject(v)) return v;
  throw new ShapeError('must be an object', key);
}

export function arrayField(o: JsonObject, key: string): readonly unknown[] {
  const v = o[key];
  if (Array.isArray(v)) return v;
  if (v === undefined || v === null) return EMPTY;
  throw new ShapeError('must be an array', key);
}

export function stringField(o: JsonObject, key: string): string {
  const v = o[key];
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  throw new ShapeError('must be a string', key);
}

/** OTLP/JSON ids are case-insensitive hex; anything else passes through lower-cased for validation to reject. */
export function idField(o: JsonObject, key: string): string {
  return stringField(o, key).toLowerCase();
}

/** fixed64 nanosecond times: a decimal string or a JSON number. */
export function u64Field(o: JsonObject, key: string): bigint {
  const v = o[key];
  if (typeof v === 'string') {
    if (!DIGITS.test(v)) throw new ShapeError('must be an unsigned decimal integer', key);
    const n = BigInt(v);
    if (n > U64_MAX) throw new ShapeError('is out of range for uint64', key);
    return n;
  }
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0 || v >= 2 ** 64)
      throw new ShapeError('must be an unsigned integer', key);
    return BigInt(v);
  }
  if (v === undefined || v === null) return 0n;
  throw new ShapeError('must be an integer or a decimal string', key);
}

/** Enums are integers in OTLP/JSON; the proto enum names are accepted too. */
export function enumField(o: JsonObject, key: string, names: Readonly<Record<string, number>>): number {
  const v = o[key];
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31)
      throw new ShapeError('must be an int32 enum', key);
    return v;
  }
  if (typeof v === 'string') {
    const named = Object.hasOwn(names, v) ? names[v] : undefined;
    if (named !== undefined) return named;
    if (/^-?\d{1,10}$/.test(v)) return enumField({ [key]: Number(v) }, key, names);
    throw new ShapeError(`unknown enum value ${JSON.stringify(v.slice(0, 64))}`, key);
  }
  if (v === undefined || v === null) return 0;
  throw new ShapeError('must be an enum number', key);
}

/** Exact decimal text of an int64 given as a JSON number or a decimal string. */
export function int64Text(v: unknown): string {
  if (typeof v === 'string') {
    if (CANONICAL_INT.test(v)) return v;
    if (!SIGNED_DIGITS.test(v)) throw new ShapeError('intValue must be a decimal integer');
    return checkedInt64(BigInt(v)).toString();
  }
  if (typeof v === 'number' && Number.isInteger(v)) {
    return Number.isSafeInteger(v) ? String(v) : checkedInt64(BigInt(v)).toString();
  }
  throw new ShapeError('intValue must be an integer or a decimal string');
}

function checkedInt64(n: bigint): bigint {
  if (n < INT64_MIN || n > INT64_MAX) throw new ShapeError('intValue is out of range for int64');
  return n;
}

/** A double given as a JSON number, or as a string ("NaN", "Infinity", "1.5") as proto3 JSON allows. */
export function doubleOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = v === 'NaN' ? NaN : Number(v);
    if (v.trim() !== '' && (!Number.isNaN(n) || v === 'NaN')) return n;
  }
  throw new ShapeError('doubleValue must be a number');
}
