/** The next patch version after `latest` (`1.0.3` → `1.0.4`), `0.0.1` for the first. */
export function nextVersion(latest: string | undefined): string {
  const m = latest === undefined ? null : /^(\d+)\.(\d+)\.(\d+)$/.exec(latest);
  // Not semver-like: no suggestion, the user names it.
  if (m === null) return latest === undefined ? '0.0.1' : '';
  return `${m[1]}.${m[2]}.${Number(m[3]) + 1}`;
}
