import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from './app-error';
import { statusOf } from './app-error-status';
import { sqlFailure } from './storage-failure';

/** A real ENOSPC from the kernel: /dev/full refuses every write with it. */
function enospc(): unknown {
  try {
    writeFileSync('/dev/full', 'x');
  } catch (e) {
    return e;
  }
  throw new Error('/dev/full accepted a write');
}

describe('sqlFailure', () => {
  it.runIf(process.platform === 'linux')('turns a full disk into 507 Insufficient Storage', () => {
    const mapped = sqlFailure(enospc());
    expect(mapped).toBeInstanceOf(AppError);
    expect(statusOf[(mapped as AppError).kind].http).toBe(507);
    expect(
      statusOf[(sqlFailure(Object.assign(new Error('disk full'), { code: '53100' })) as AppError).kind].http,
    ).toBe(507);
  });

  it('turns PostgreSQL data exceptions into 400 and leaves other errors alone', () => {
    const nul = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: '22021',
    });
    expect((sqlFailure(nul) as AppError).kind).toBe('invalid_argument');
    const unique = Object.assign(new Error('duplicate key'), { code: '23505' });
    expect(sqlFailure(unique)).toBe(unique);
  });
});
