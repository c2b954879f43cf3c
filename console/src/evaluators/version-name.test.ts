import { describe, expect, it } from 'vitest';
import { nextVersion } from './version-name';

describe('the suggested next version', () => {
  it('starts at 0.0.1 and bumps the patch number', () => {
    expect(nextVersion(undefined)).toBe('0.0.1');
    expect(nextVersion('1.0.3')).toBe('1.0.4');
    expect(nextVersion('2.9.9')).toBe('2.9.10');
  });

  it('suggests nothing after a version that is not x.y.z', () => {
    expect(nextVersion('v1')).toBe('');
    expect(nextVersion('1.0.0-beta')).toBe('');
  });
});
