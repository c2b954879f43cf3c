import { fileURLToPath } from 'node:url';
import type { Config } from '../schemas/config';

/** console/dist of this installation: where `npm run console:build` puts the web console. */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../console/dist', import.meta.url));

/** The folder of the built console the query role serves. */
export const consoleDirOf = (config: Pick<Config, 'consoleDir'>): string =>
  config.consoleDir ?? DEFAULT_CONSOLE_DIR;
