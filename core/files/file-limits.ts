import { AppError } from '../app-error';
import type { FileLimits } from './types';

const mib = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`;

/** A file larger than the per-file limit, named with both sizes so the SDK's log says what to change. */
export function fileTooLarge(limits: FileLimits, bytes: number): AppError | undefined {
  if (bytes <= limits.maxFileBytes) return undefined;
  return new AppError(
    'too_large',
    `the file is ${bytes} bytes, more than the ${limits.maxFileBytes} bytes (${mib(limits.maxFileBytes)}) a file may have`,
  );
}

/** A put that would take the workspace past its total, given what its other files already use. */
export function workspaceFull(limits: FileLimits, otherBytes: number, bytes: number): AppError | undefined {
  if (otherBytes + bytes <= limits.maxWorkspaceBytes) return undefined;
  return new AppError(
    'too_large',
    `the workspace's files would take ${otherBytes + bytes} bytes, more than its ${limits.maxWorkspaceBytes} bytes ` +
      `(${mib(limits.maxWorkspaceBytes)}); ${otherBytes} bytes are in use`,
  );
}
