import { join } from 'node:path';
import { createAuthenticator } from '../core/access/authenticator';
import { ensureDefaults, type FirstAdmin } from '../core/access/bootstrap';
import { createFailureLimiter, type FailureLimiter } from '../core/access/failure-limiter';
import type { Authenticate } from '../core/access/principal';
import type { Logger } from '../core/logger';
import { migrateMetadata } from '../core/metadata/migrate';
import { openPgStore } from '../core/metadata/pg';
import { openPgliteStore } from '../core/metadata/pglite';
import type { MetadataStore } from '../core/metadata/types';
import type { Config } from '../schemas/config';
import { coreMetadataMigrations } from '../schemas/postgres/core-migrations';

/** The metadata store with its schema up to date: PGlite in the data folder, or a PostgreSQL server. */
export async function openMetadata(config: Config, logger: Logger): Promise<MetadataStore> {
  if (config.postgres.kind === 'embedded' && config.bus.kind === 'kafka')
    logger.warn(
      'workspaces and keys are in this process only (PGlite in the data folder): set SPANLOOP_POSTGRES_URL so every role shares them',
    );
  const store =
    config.postgres.kind === 'server'
      ? await openPgStore({
          url: config.postgres.url,
          maxConnections: config.postgres.maxConnections,
          logger: logger.child('postgres'),
        })
      : await openPgliteStore({ path: join(config.dataDir, 'postgres') });
  try {
    await migrateMetadata(store, coreMetadataMigrations);
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}

/** Loopback addresses: the only binds where keyless access may be allowed. */
export const isLoopback = (host: string): boolean =>
  host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);

export interface Access {
  authenticate: Authenticate;
  loginLimiter: FailureLimiter;
  /** The administrator created by this start, to print its login once. */
  firstAdmin: FirstAdmin | undefined;
}

/** The default workspace, the first administrator and the configured initial key, when missing. */
export const ensureConfiguredDefaults = (config: Config, metadata: MetadataStore) => {
  const { adminEmail, adminPassword, initPublicKey, initSecretKey } = config.auth;
  const initKey =
    initPublicKey !== undefined && initSecretKey !== undefined
      ? { publicKey: initPublicKey, secret: initSecretKey }
      : undefined;
  return ensureDefaults(metadata, { email: adminEmail, password: adminPassword }, initKey);
};

/** Creates the defaults on first start and the authenticator the receivers and the API share. */
export async function openAccess(config: Config, metadata: MetadataStore, logger: Logger): Promise<Access> {
  const firstAdmin = await ensureConfiguredDefaults(config, metadata);
  const limits = { maxFailures: config.auth.maxFailures, windowMs: config.auth.failureWindowSeconds * 1000 };
  const keyless = config.auth.mode === 'auto' && isLoopback(config.host);
  return {
    authenticate: createAuthenticator({
      sql: metadata,
      anonymousScopes: keyless ? ['ingest', 'read'] : [],
      limiter: createFailureLimiter(limits),
      logger: logger.child('auth'),
    }),
    loginLimiter: createFailureLimiter(limits),
    firstAdmin,
  };
}

/** How to log in, printed once by the start that created the administrator. */
export const firstAdminLine = (admin: FirstAdmin): string =>
  `First start: log in as ${admin.email}` +
  (admin.generatedPassword === undefined
    ? ' with SPANLOOP_ADMIN_PASSWORD'
    : ` with password ${admin.generatedPassword} (shown once)`) +
  ' in the console (or POST /api/v1/auth/login); create API keys in the console under Settings → API keys' +
  ' (or, with the server stopped, `npx spanloop keys create --workspace default --scopes ingest,read`)';
