import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

export interface FolderLock {
  release(): void;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Takes `file` for this process; a file left by a process that died is taken over. PGlite has no lock of its
 * own, and two processes on one data folder corrupt it.
 */
export function lockFolder(file: string): FolderLock {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => rmSync(file, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && alive(holder))
        throw new Error(
          `${file}: the embedded metadata store is in use by process ${holder}${holder === process.pid ? ' (this one)' : ''}; stop it first`,
          { cause: e },
        );
      rmSync(file, { force: true });
    }
  }
  throw new Error(`${file}: could not take the lock`);
}
