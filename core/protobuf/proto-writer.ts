/**
 * A minimal proto3 writer for small messages (responses, test requests). Not tuned for speed: nested messages
 * are built in their own writer and copied in.
 */
export class ProtoWriter {
  private readonly bytes: number[] = [];

  tag(field: number, wireType: number): this {
    return this.varint(field * 8 + wireType);
  }

  /** Unsigned varint; negative numbers and bigints are written as their 64-bit two's complement. */
  varint(value: number | bigint): this {
    if (typeof value === 'number' && value >= 0 && value <= 0x7fffffff && Number.isInteger(value)) {
      let v = value;
      while (v > 0x7f) {
        this.bytes.push((v & 0x7f) | 0x80);
        v >>>= 7;
      }
      this.bytes.push(v);
      return this;
    }
    let v = BigInt.asUintN(64, BigInt(value));
    while (v > 0x7fn) {
      this.bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.bytes.push(Number(v));
    return this;
  }

  fixed32(value: number): this {
    const v = value >>> 0;
    this.bytes.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24);
    return this;
  }

  fixed64(value: bigint): this {
    let v = BigInt.asUintN(64, value);
    for (let i = 0; i < 8; i++) {
      this.bytes.push(Number(v & 0xffn));
      v >>= 8n;
    }
    return this;
  }

  double(value: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    return this.raw(b);
  }

  /** Length-delimited payload (without its tag). */
  bytesValue(value: Uint8Array): this {
    this.varint(value.byteLength);
    return this.raw(value);
  }

  raw(value: Uint8Array): this {
    for (const b of value) this.bytes.push(b);
    return this;
  }

  stringField(field: number, value: string): this {
    return this.tag(field, 2).bytesValue(Buffer.from(value, 'utf8'));
  }

  bytesField(field: number, value: Uint8Array): this {
    return this.tag(field, 2).bytesValue(value);
  }

  varintField(field: number, value: number | bigint): this {
    return this.tag(field, 0).varint(value);
  }

  /** An embedded message, built by `build` in a fresh writer. */
  messageField(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytesField(field, inner.finish());
  }

  finish(): Uint8Array<ArrayBuffer> {
    return Uint8Array.from(this.bytes);
  }
}
