import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeServerKey } from '../../schemas/server-key';
import { createSecretBox } from './secret-box';

describe('secret box', () => {
  const key = randomBytes(32);
  const box = createSecretBox(key);

  it('seals with a fresh IV each time and opens only in the same context', () => {
    const a = box.seal('sk-secret', 'ws-a');
    const b = box.seal('sk-secret', 'ws-a');
    expect(a).not.toBe(b);
    expect(a).not.toContain('sk-secret');
    expect(box.open(a, 'ws-a')).toEqual({ ok: true, value: 'sk-secret' });
    const moved = box.open(a, 'ws-b');
    expect(moved.ok || moved.error.message).toMatch(/altered or moved/);
  });

  it('tells a value sealed with another server key from a damaged one', () => {
    const sealed = box.seal('x', 'c');
    const other = createSecretBox(randomBytes(32)).open(sealed, 'c');
    expect(other.ok || other.error.message).toMatch(/sealed with another server key/);
    const [v, id, data] = sealed.split('.');
    const bytes = Buffer.from(data ?? '', 'base64');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    const flipped = box.open(`${v}.${id}.${bytes.toString('base64')}`, 'c');
    expect(flipped.ok || flipped.error.message).toMatch(/altered or moved/);
    const junk = box.open('plain text', 'c');
    expect(junk.ok || junk.error.kind).toBe('internal');
  });

  it('accepts server keys as 64 hex digits or base64, and nothing else', () => {
    expect(Buffer.from(decodeServerKey(key.toString('hex')) ?? []).equals(key)).toBe(true);
    expect(Buffer.from(decodeServerKey(key.toString('base64')) ?? []).equals(key)).toBe(true);
    expect(Buffer.from(decodeServerKey(key.toString('base64url')) ?? []).equals(key)).toBe(true);
    for (const bad of ['', 'short', randomBytes(16).toString('hex'), randomBytes(31).toString('base64')])
      expect(decodeServerKey(bad)).toBeUndefined();
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});
