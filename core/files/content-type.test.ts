import { describe, expect, it } from 'vitest';
import { contentTypeOf } from './content-type';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('contentTypeOf', () => {
  it('keeps a specific part type, normalised, and ignores generic or malformed ones', () => {
    expect(contentTypeOf(bytes('x'), ' Image/PNG ')).toBe('image/png');
    expect(contentTypeOf(bytes('<html>'), 'text/html; charset=utf-8')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf(bytes([0x89], 'PNG\r\n', [0x1a, 0x0a]), 'application/octet-stream')).toBe(
      'image/png',
    );
    expect(contentTypeOf(bytes('plain'), 'not a type\r\nx-injected: 1')).toBe('text/plain; charset=utf-8');
  });

  it('recognises the media SDKs extract from multimodal inputs by their magic numbers', () => {
    const cases: [Buffer, string][] = [
      [bytes([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg'],
      [bytes('GIF89a', [1, 0]), 'image/gif'],
      [bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
      [bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '), 'audio/wav'],
      [bytes([0, 0, 0, 0x1c], 'ftypavif'), 'image/avif'],
      [bytes([0, 0, 0, 0x18], 'ftypisom'), 'video/mp4'],
      [bytes([0, 0, 0, 0x18], 'ftypM4A '), 'audio/mp4'],
      [bytes('ID3', [4, 0]), 'audio/mpeg'],
      [bytes([0xff, 0xfb, 0x90]), 'audio/mpeg'],
      [bytes('OggS', [0]), 'audio/ogg'],
      [bytes([0x1a, 0x45, 0xdf, 0xa3]), 'video/webm'],
      [bytes('%PDF-1.7\n'), 'application/pdf'],
    ];
    for (const [data, type] of cases) expect(contentTypeOf(data, undefined), type).toBe(type);
  });

  it('calls UTF-8 text text/plain, never HTML or SVG, and anything else octet-stream', () => {
    expect(contentTypeOf(Buffer.from('{"messages":[{"role":"user","content":"héllo ✓"}]}'), '')).toBe(
      'text/plain; charset=utf-8',
    );
    expect(contentTypeOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'), '')).toBe(
      'text/plain; charset=utf-8',
    );
    expect(contentTypeOf(bytes([0xc3, 0x28]), '')).toBe('application/octet-stream');
    expect(contentTypeOf(bytes('text', [0], 'more'), '')).toBe('application/octet-stream');
    expect(contentTypeOf(new Uint8Array(0), '')).toBe('application/octet-stream');
    // A multi-byte character cut by the 64 KiB sniffing window is still text.
    expect(contentTypeOf(Buffer.from('a'.repeat(65535) + 'é'.repeat(10)), '')).toBe(
      'text/plain; charset=utf-8',
    );
  });
});
