import { z } from 'zod';

/** A version a user chooses: semver-like (`1.2.0`, `2`, `1.0.0-rc.1`), at most 64 characters. */
export const VersionName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/, 'letters, digits, ".", "_", "+" or "-", at most 64');

/** A label name; `latest` is reserved: it always means the newest version. */
export const LabelName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'lower-case letters, digits, ".", "_" or "-", at most 64')
  .refine((l) => l !== 'latest', 'latest is reserved: it always resolves to the newest version');

export const LATEST = 'latest';
export const FIRST_VERSION = '1.0.0';

const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;

/** The version after `previous`: the patch of a semver bumped, an integer incremented, else `FIRST_VERSION`. */
function bump(previous: string | undefined): string {
  if (previous === undefined) return FIRST_VERSION;
  const semver = SEMVER.exec(previous);
  if (semver !== null) return `${semver[1]}.${semver[2]}.${Number(semver[3]) + 1}`;
  if (/^\d{1,15}$/.test(previous)) return String(Number(previous) + 1);
  return FIRST_VERSION;
}

/**
 * The version a commit gets when the user names none: the one after the last commit, skipping every name ever
 * used (deleted versions stay reserved so a cached version never changes meaning).
 */
export function nextVersion(lastCommitted: string | undefined, taken: ReadonlySet<string>): string {
  let candidate = bump(lastCommitted);
  while (taken.has(candidate)) candidate = bump(candidate);
  return candidate;
}
