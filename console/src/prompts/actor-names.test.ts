import { describe, expect, it } from 'vitest';
import type { ApiKeyView } from '../api/types';
import { actorLabel, directoryOf, EMPTY_DIRECTORY } from './actor-names';

const makeKey = (over: Partial<ApiKeyView>): ApiKeyView => ({
  id: 'key_1',
  workspaceId: 'ws_1',
  name: 'ci',
  publicKey: 'sl-pk-1',
  secretPrefix: 'sl-sk-AbC',
  scopes: ['read'],
  createdAt: '2026-01-01T00:00:00Z',
  expiresAt: null,
  lastUsedAt: null,
  revokedAt: null,
  ...over,
});

describe('actorLabel', () => {
  const directory = directoryOf(
    [{ userId: 'usr_a', email: 'ann@example.com', role: 'admin' }],
    [makeKey({}), makeKey({ id: 'key_2', name: ' ' })],
  );

  it('names members by email and keys by name, or by secret prefix when unnamed', () => {
    expect(actorLabel('user:usr_a', directory)).toBe('ann@example.com');
    expect(actorLabel('key:key_1', directory)).toBe('key ci');
    expect(actorLabel('key:key_2', directory)).toBe('key sl-sk-AbC…');
  });

  it('keeps the stored id for unknown or removed actors and other forms', () => {
    expect(actorLabel('user:usr_gone', directory)).toBe('user:usr_gone');
    expect(actorLabel('key:key_9', directory)).toBe('key:key_9');
    expect(actorLabel('anonymous', directory)).toBe('anonymous');
    expect(actorLabel('user:usr_a', EMPTY_DIRECTORY)).toBe('user:usr_a');
    expect(actorLabel('', directory)).toBe('');
  });
});
