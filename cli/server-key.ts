import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../core/logger';
import type { Config } from '../schemas/config';
import { decodeServerKey } from '../schemas/server-key';

/** Where an embedded installation keeps the key it generated for itself. */
export const serverKeyPath = (config: Pick<Config, 'dataDir'>): string => join(config.dataDir, 'secret.key');

/**
 * The key that seals provider API keys: SPANLOOP_SECRET_KEY when set, else `<dataDir>/secret.key`, generated once
 * (owner read/write only). Losing it makes the stored provider keys unreadable: they must be set again.
 */
export function serverKey(
  config: Pick<Config, 'dataDir' | 'secretKey' | 'postgres'>,
  logger: Logger,
): Uint8Array {
  if (config.secretKey !== undefined) {
    const key = decodeServerKey(config.secretKey);
    if (key === undefined) throw new Error('SPANLOOP_SECRET_KEY must be 32 bytes as 64 hex digits or base64');
    return key;
  }
  const path = serverKeyPath(config);
  mkdirSync(config.dataDir, { recursive: true });
  try {
    // 'wx' fails when the file exists: two processes starting at once keep the first one's key.
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    logger.info('generated the server key that seals provider API keys; back it up with the data folder', {
      path,
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const key = decodeServerKey(readFileSync(path, 'utf8'));
  if (key === undefined) throw new Error(`${path} does not hold a server key (64 hex digits or base64)`);
  if (config.postgres.kind === 'server')
    logger.warn(
      'provider API keys are sealed with this process’s own key file: set SPANLOOP_SECRET_KEY to one value on every role',
      { path },
    );
  return key;
}
