import { useCallback } from 'react';
import type { ApiKeyView, MemberView } from '../api/types';
import { useSession } from '../app/session';
import { useLoad } from '../app/use-load';
import { useWorkspace } from '../app/workspace';
import { actorLabel, directoryOf, EMPTY_DIRECTORY } from './actor-names';

/**
 * Author labels for this workspace. Members and keys are admin-only lists: other callers still see their own
 * email for their own commits, and ids for everyone else.
 */
export function useActorNames(): (actor: string) => string {
  const ws = useWorkspace();
  const session = useSession();
  const admin = ws.can('admin');
  const loaded = useLoad(`${ws.id}/actors/${admin}`, async (signal) => {
    if (!admin) return EMPTY_DIRECTORY;
    const [members, keys] = await Promise.all([
      ws.api
        .get<{ members: MemberView[] }>('/workspace/members', undefined, signal)
        .catch(() => ({ members: [] })),
      ws.api.get<{ keys: ApiKeyView[] }>('/keys', undefined, signal).catch(() => ({ keys: [] })),
    ]);
    return directoryOf(members.members, keys.keys);
  });
  const directory = loaded.data ?? EMPTY_DIRECTORY;
  const self = ws.principal.userId;
  const email = session.email;
  return useCallback(
    (actor: string) => {
      if (
        self !== undefined &&
        email !== undefined &&
        actor === `user:${self}` &&
        !directory.members.has(self)
      )
        return email;
      return actorLabel(actor, directory);
    },
    [directory, self, email],
  );
}
