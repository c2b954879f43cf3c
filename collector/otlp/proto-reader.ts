/** Thrown only inside the protobuf decoder; decodeProtobufExportRequest turns it into an invalid_argument Result. */
export class WireError extends Error {}

// Native slicers Node's Buffer has carried since v0.x; they skip toString()'s encoding dispatch on the hot path.
interface NativeSlicers {
  utf8Slice(start: number, end: number): string;
  hexSlice(start: number, end: number): string;
  base64Slice(start: number, end: number): string;
}
type FastBuffer = Buffer & NativeSlicers;

export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
const WIRE_SGROUP = 3;
const WIRE_EGROUP = 4;
export const WIRE_I32 = 5;

const TWO_32 = 4294967296;
// Values below 2^53 need no BigInt: hi < 2^21.
const SAFE_HI = 0x200000;
const MAX_GROUP_DEPTH = 64;
const KEY_CACHE_SIZE = 256;
const MAX_CACHED_KEY = 64;

/**
 * A cursor over one protobuf buffer. Every read takes the end of the enclosing message so that nothing reads past
 * it; malformed input throws WireError, which only the decoder's entry point catches.
 */
export class ProtoReader {
  readonly buf: FastBuffer;
  readonly view: DataView;
  pos = 0;
  /** Low and high 32 bits (unsigned) of the last varint64() read. */
  lo = 0;
  hi = 0;
  private readonly keyCache: (string | undefined)[] = new Array<string | undefined>(KEY_CACHE_SIZE);
  private readonly keyAt = new Int32Array(KEY_CACHE_SIZE);
  private readonly keyLen = new Int32Array(KEY_CACHE_SIZE);

  constructor(bytes: Uint8Array) {
    this.buf = (
      Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    ) as FastBuffer;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  fail(what: string): never {
    throw new WireError(`invalid protobuf: ${what} at byte ${this.pos}`);
  }

  /** Reads a field tag (field number << 3 | wire type). */
  tag(end: number): number {
    const pos = this.pos;
    if (pos < end) {
      const b = this.buf[pos]!;
      if (b < 0x80) {
        if (b < 8) this.fail('field number 0');
        this.pos = pos + 1;
        return b;
      }
    }
    this.varint64(end);
    if (this.hi !== 0 || this.lo >>> 3 === 0) this.fail('invalid field tag');
    return this.lo;
  }

  /** Reads a varint of up to 10 bytes into lo/hi. */
  varint64(end: number): void {
    const buf = this.buf;
    let pos = this.pos;
    let lo = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= end) this.fail('truncated varint');
      const b = buf[pos++]!;
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        this.lo = lo >>> 0;
        this.hi = 0;
        return;
      }
    }
    if (pos >= end) this.fail('truncated varint');
    let b = buf[pos++]!;
    lo |= (b & 0x7f) << 28;
    let hi = (b & 0x7f) >>> 4;
    if (b >= 0x80) {
      for (let shift = 3; ; shift += 7) {
        if (shift > 31) this.fail('varint longer than 10 bytes');
        if (pos >= end) this.fail('truncated varint');
        b = buf[pos++]!;
        hi |= (b & 0x7f) << shift;
        if (b < 0x80) break;
      }
    }
    this.pos = pos;
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  /** Reads a varint and keeps its low 32 bits as a signed int32, as proto3 does for enums and int32. */
  int32(end: number): number {
    const pos = this.pos;
    if (pos < end) {
      const b = this.buf[pos]!;
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    this.varint64(end);
    return this.lo | 0;
  }

  bool(end: number): boolean {
    this.varint64(end);
    return (this.lo | this.hi) !== 0;
  }

  /** Reads the length prefix of a length-delimited field and checks that the payload fits before `end`. */
  len(end: number): number {
    let n: number;
    const pos = this.pos;
    if (pos < end && this.buf[pos]! < 0x80) {
      n = this.buf[pos]!;
      this.pos = pos + 1;
    } else {
      this.varint64(end);
      if (this.hi !== 0) this.fail('length out of range');
      n = this.lo;
    }
    if (n > end - this.pos) this.fail(`length ${n} exceeds the ${end - this.pos} bytes left`);
    return n;
  }

  /** Reads a length prefix and returns where that embedded message ends. */
  sub(end: number): number {
    const n = this.len(end);
    return this.pos + n;
  }

  /**
   * Like string(), for short strings that repeat within a request (attribute keys, common values, span names):
   * returns the string decoded earlier from equal bytes, which saves the decode and, for keys, V8's internalizing.
   */
  cachedString(end: number): string {
    const n = this.len(end);
    const start = this.pos;
    this.pos = start + n;
    if (n === 0) return '';
    if (n > MAX_CACHED_KEY) return this.buf.utf8Slice(start, start + n);
    const buf = this.buf;
    let h: number;
    if (n >= 4) {
      // Length plus three 4-byte samples tell keys apart well enough; equality is checked in full below.
      const v = this.view;
      h = Math.imul(n ^ v.getUint32(start, true), 0x01000193);
      h = Math.imul(h ^ v.getUint32(start + ((n - 4) >> 1), true), 0x01000193);
      h = Math.imul(h ^ v.getUint32(start + n - 4, true), 0x01000193);
    } else {
      h = n;
      for (let i = start; i < start + n; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    }
    const slot = (h ^ (h >>> 15)) & (KEY_CACHE_SIZE - 1);
    const cached = this.keyCache[slot];
    if (cached !== undefined && this.keyLen[slot] === n) {
      const at = this.keyAt[slot]!;
      const v = this.view;
      let i = 0;
      while (i + 4 <= n && v.getInt32(at + i) === v.getInt32(start + i)) i += 4;
      while (i < n && buf[at + i] === buf[start + i]) i++;
      if (i === n) return cached;
    }
    const s = buf.utf8Slice(start, start + n);
    this.keyCache[slot] = s;
    this.keyAt[slot] = start;
    this.keyLen[slot] = n;
    return s;
  }

  string(end: number): string {
    const n = this.len(end);
    if (n === 0) return '';
    const start = this.pos;
    this.pos = start + n;
    return this.buf.utf8Slice(start, start + n);
  }

  /** Lower-case hex of a bytes field (trace and span ids). */
  hex(end: number): string {
    const n = this.len(end);
    if (n === 0) return '';
    const start = this.pos;
    this.pos = start + n;
    return this.buf.hexSlice(start, start + n);
  }

  base64(end: number): string {
    const n = this.len(end);
    if (n === 0) return '';
    const start = this.pos;
    this.pos = start + n;
    return this.buf.base64Slice(start, start + n);
  }

  fixed64(end: number): bigint {
    const pos = this.pos;
    if (end - pos < 8) this.fail('truncated fixed64');
    this.pos = pos + 8;
    return this.view.getBigUint64(pos, true);
  }

  double(end: number): number {
    const pos = this.pos;
    if (end - pos < 8) this.fail('truncated double');
    this.pos = pos + 8;
    return this.view.getFloat64(pos, true);
  }

  /** Decimal text of the int64 held in lo/hi (two's complement), exact over the whole range. */
  int64Decimal(): string {
    const lo = this.lo;
    const hi = this.hi;
    if (hi === 0) return String(lo);
    if (hi < SAFE_HI) return String(hi * TWO_32 + lo);
    if (hi >= 0x80000000) {
      const nlo = (~lo + 1) >>> 0;
      const nhi = (~hi + (nlo === 0 ? 1 : 0)) >>> 0;
      if (nhi < SAFE_HI) return '-' + String(nhi * TWO_32 + nlo);
    }
    return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
  }

  /** The int64 in lo/hi as a JSON value: a number when exactly representable, else its decimal text. */
  int64Json(): number | string {
    const lo = this.lo;
    const hi = this.hi;
    if (hi < SAFE_HI) return hi * TWO_32 + lo;
    if (hi >= 0x80000000) {
      const nlo = (~lo + 1) >>> 0;
      const nhi = (~hi + (nlo === 0 ? 1 : 0)) >>> 0;
      if (nhi < SAFE_HI) return -(nhi * TWO_32 + nlo);
    }
    return this.int64Decimal();
  }

  /** Skips the payload of a field whose tag was just read; rejects a known field sent with the wrong wire type. */
  skip(tag: number, end: number, expected: readonly number[], message: string): void {
    const field = tag >>> 3;
    const wireType = tag & 7;
    const want = field < expected.length ? expected[field] : undefined;
    const wellFormed = wireType <= WIRE_I32 && wireType !== WIRE_EGROUP;
    if (wellFormed && want !== undefined && want >= 0 && want !== wireType) {
      this.fail(`${message} field ${field} has wire type ${wireType}, expected ${want}`);
    }
    this.skipValue(tag, end, 0);
  }

  private skipValue(tag: number, end: number, depth: number): void {
    switch (tag & 7) {
      case WIRE_VARINT:
        this.varint64(end);
        return;
      case WIRE_I64:
        if (end - this.pos < 8) this.fail('truncated fixed64');
        this.pos += 8;
        return;
      case WIRE_LEN: {
        const n = this.len(end);
        this.pos += n;
        return;
      }
      case WIRE_SGROUP:
        this.skipGroup(tag >>> 3, end, depth + 1);
        return;
      case WIRE_I32:
        if (end - this.pos < 4) this.fail('truncated fixed32');
        this.pos += 4;
        return;
      case WIRE_EGROUP:
        this.fail('end-group without a matching start-group');
      // falls through: fail() never returns
      default:
        this.fail(`invalid wire type ${tag & 7}`);
    }
  }

  private skipGroup(field: number, end: number, depth: number): void {
    if (depth > MAX_GROUP_DEPTH) this.fail('groups nested too deeply');
    for (;;) {
      if (this.pos >= end) this.fail('truncated group');
      const tag = this.tag(end);
      if ((tag & 7) === WIRE_EGROUP) {
        if (tag >>> 3 !== field) this.fail('end-group does not match its start-group');
        return;
      }
      this.skipValue(tag, end, depth);
    }
  }
}
