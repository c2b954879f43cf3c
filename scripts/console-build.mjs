#!/usr/bin/env node
// `npm start`'s first step: builds the web console (console/ → console/dist) unless the built files are newer than
// every source file the build reads, so a restart does not rebuild an unchanged console.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'console', 'dist', 'index.html');
const sources = [
  join(root, 'console', 'src'),
  join(root, 'console', 'index.html'),
  join(root, 'console', 'vite.config.ts'),
  join(root, 'console', 'tsconfig.json'),
  join(root, 'package-lock.json'),
];

/** The newest modification time under `path` (a file or a folder), 0 when it does not exist. */
function newest(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const builtAt = newest(built);
if (builtAt > 0 && sources.every((source) => newest(source) < builtAt)) {
  console.log('console: up to date (console/dist is newer than its sources), build skipped');
  process.exit(0);
}
console.log('console: building console/dist …');
const started = Date.now();
const vite = spawnSync('npx', ['vite', 'build', 'console', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
if (vite.status !== 0) process.exit(vite.status ?? 1);
console.log(`console: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
