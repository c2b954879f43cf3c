export type { FileInfo, FileLimits, FileStore, NewFile, StoredFile } from './types';
export { createSqlFileStore } from './sql-file-store';
export { createMemoryFileStore } from './memory-file-store';
export { contentTypeOf } from './content-type';
