import type { Result } from '../result';

/** What is known of a stored file without reading its content. */
export interface FileInfo {
  key: string;
  /** The media type it is served with (see content-type.ts). */
  contentType: string;
  bytes: number;
  /** Hex SHA-256 of the content: the ETag, and how a replaced file is told apart. */
  sha256: string;
  createdAt: Date;
  /** Changes when the key is uploaded again. */
  updatedAt: Date;
}

export interface StoredFile extends FileInfo {
  /** Backed by its own ArrayBuffer, so it can be a Response body as it is. */
  data: Uint8Array<ArrayBuffer>;
}

export interface NewFile {
  key: string;
  contentType: string;
  data: Uint8Array;
}

/** Bounds a store enforces on every put. */
export interface FileLimits {
  /** Largest single file (Cozeloop accepts 20 MB bodies). */
  maxFileBytes: number;
  /** Total content one workspace may keep; a replaced file's old size does not count. */
  maxWorkspaceBytes: number;
}

/**
 * Files keyed by (workspace, key): multimodal inputs and large texts the Cozeloop SDKs upload, which spans then
 * reference by key. Every method is scoped to one workspace; another workspace's key is simply not there.
 */
export interface FileStore {
  /**
   * Stores `file` under its key, replacing what was there (SDKs retry uploads). `too_large` past a limit,
   * `not_found` for a workspace that does not exist; nothing is written then.
   */
  put(workspaceId: string, file: NewFile): Promise<Result<FileInfo>>;
  get(workspaceId: string, key: string): Promise<StoredFile | undefined>;
  /** The file's metadata without its content: answering a conditional request reads no bytes. */
  stat(workspaceId: string, key: string): Promise<FileInfo | undefined>;
  /** True when a file was removed. */
  delete(workspaceId: string, key: string): Promise<boolean>;
  usage(workspaceId: string): Promise<{ files: number; bytes: number }>;
}
