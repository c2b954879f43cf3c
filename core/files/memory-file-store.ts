import { createHash } from 'node:crypto';
import { err, ok } from '../result';
import { fileTooLarge, workspaceFull } from './file-limits';
import type { FileLimits, FileStore, StoredFile } from './types';

/**
 * Files in a Map: the fake that handler tests use in place of a database. It passes the same contract suite
 * as the SQL store, except that every workspace exists.
 */
export function createMemoryFileStore(limits: FileLimits, now: () => Date = () => new Date()): FileStore {
  const workspaces = new Map<string, Map<string, StoredFile>>();
  const filesOf = (workspaceId: string) => {
    let files = workspaces.get(workspaceId);
    if (files === undefined) workspaces.set(workspaceId, (files = new Map<string, StoredFile>()));
    return files;
  };
  const info = ({ data: _data, ...rest }: StoredFile) => rest;
  return {
    put(workspaceId, file) {
      const tooLarge = fileTooLarge(limits, file.data.byteLength);
      if (tooLarge) return Promise.resolve(err(tooLarge));
      const files = filesOf(workspaceId);
      let others = 0;
      for (const [key, f] of files) if (key !== file.key) others += f.bytes;
      const full = workspaceFull(limits, others, file.data.byteLength);
      if (full) return Promise.resolve(err(full));
      const at = now();
      const stored: StoredFile = {
        key: file.key,
        contentType: file.contentType,
        bytes: file.data.byteLength,
        sha256: createHash('sha256').update(file.data).digest('hex'),
        createdAt: files.get(file.key)?.createdAt ?? at,
        updatedAt: at,
        data: Uint8Array.from(file.data),
      };
      files.set(file.key, stored);
      return Promise.resolve(ok(info(stored)));
    },
    get: (workspaceId, key) => {
      const f = workspaces.get(workspaceId)?.get(key);
      return Promise.resolve(f && { ...f, data: Uint8Array.from(f.data) });
    },
    stat: (workspaceId, key) => {
      const f = workspaces.get(workspaceId)?.get(key);
      return Promise.resolve(f && info(f));
    },
    delete: (workspaceId, key) => Promise.resolve(workspaces.get(workspaceId)?.delete(key) ?? false),
    usage: (workspaceId) => {
      const files = [...(workspaces.get(workspaceId)?.values() ?? [])];
      return Promise.resolve({ files: files.length, bytes: files.reduce((n, f) => n + f.bytes, 0) });
    },
  };
}
