import type { ApiKeyView, MemberView } from '../api/types';

/** Who is who in a workspace, as far as the caller may read it. */
export interface ActorDirectory {
  members: ReadonlyMap<string, string>;
  keys: ReadonlyMap<string, { name: string; secretPrefix: string }>;
}

export const EMPTY_DIRECTORY: ActorDirectory = { members: new Map(), keys: new Map() };

export function directoryOf(members: readonly MemberView[], keys: readonly ApiKeyView[]): ActorDirectory {
  return {
    members: new Map(members.map((m) => [m.userId, m.email])),
    keys: new Map(keys.map((k) => [k.id, { name: k.name, secretPrefix: k.secretPrefix }])),
  };
}

/**
 * An author as people read it: `user:<id>` becomes the member's email, `key:<id>` becomes `key <name>` (or its
 * secret prefix); anything unknown stays the id it was stored as.
 */
export function actorLabel(actor: string, directory: ActorDirectory): string {
  const colon = actor.indexOf(':');
  const kind = colon < 0 ? '' : actor.slice(0, colon);
  const id = actor.slice(colon + 1);
  if (kind === 'user') return directory.members.get(id) ?? actor;
  if (kind === 'key') {
    const key = directory.keys.get(id);
    if (key === undefined) return actor;
    return `key ${key.name.trim() !== '' ? key.name : `${key.secretPrefix}…`}`;
  }
  return actor;
}
