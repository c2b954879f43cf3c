import { AppError } from './app-error';

const codeOf = (e: unknown): unknown =>
  typeof e === 'object' && e !== null && 'code' in e ? e.code : undefined;

// Node's ENOSPC and EDQUOT, and PostgreSQL's disk_full (53100).
const DISK_FULL = new Set(['ENOSPC', 'EDQUOT', '53100']);

/** Whether an error says the disk (or the quota) is full, as Node and PostgreSQL report it. */
export const isDiskFull = (e: unknown): boolean => {
  const code = codeOf(e);
  return typeof code === 'string' && DISK_FULL.has(code);
};

/** The answer to a write the disk cannot take: 507, not a 500 or a dropped connection. */
export const diskFull = (): AppError =>
  new AppError('insufficient_storage', 'the server is out of storage space; retry later', 60);

/**
 * The AppError a failed SQL statement stands for, or the error itself: PostgreSQL's data exceptions (SQLSTATE
 * class 22: a NUL in text, a lone surrogate in jsonb, a value out of range) are the input's fault, and a full
 * disk is 507.
 */
export function sqlFailure(e: unknown): unknown {
  const code = codeOf(e);
  if (isDiskFull(e)) return diskFull();
  if (typeof code === 'string' && code.startsWith('22')) {
    const message = e instanceof Error ? e.message.slice(0, 200) : 'invalid value';
    return new AppError('invalid_argument', `a value cannot be stored: ${message}`);
  }
  return e;
}
