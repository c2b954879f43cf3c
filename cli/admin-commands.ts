import { parseArgs as parseNodeArgs } from 'node:util';
import { z } from 'zod';
import { createApiKey, listApiKeys, revokeApiKey } from '../core/access/api-keys';
import { setMember, userByEmail } from '../core/access/users';
import { createWorkspace, workspaceByName } from '../core/access/workspaces';
import type { Logger } from '../core/logger';
import { RetentionDays, Scope, WorkspaceName, WorkspaceRow } from '../schemas/access';
import type { Config } from '../schemas/config';
import { ensureConfiguredDefaults, firstAdminLine, openMetadata } from './metadata';

export interface Output {
  /** Command results: what a script captures. */
  out(line: string): void;
  /** Explanations and errors. */
  err(line: string): void;
}

export const adminUsage = `  workspaces create <name> [--retention-days N] [--owner <email of an existing user>]
  workspaces list
  keys create --workspace <name> --scopes ingest,read[,write,run,admin] [--name text] [--expires-in-days N]
  keys list --workspace <name>
  keys revoke --workspace <name> <key id>`;

const ScopeList = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()))
  .pipe(z.array(Scope).min(1));

const positive = z.coerce.number().int().positive();

function options(rest: readonly string[]) {
  return parseNodeArgs({
    args: [...rest],
    allowPositionals: true,
    strict: true,
    options: {
      workspace: { type: 'string' },
      scopes: { type: 'string' },
      name: { type: 'string' },
      'expires-in-days': { type: 'string' },
      'retention-days': { type: 'string' },
      owner: { type: 'string' },
    },
  });
}

/** `spanloop workspaces …` and `spanloop keys …` against the configured metadata store; returns the exit code. */
export async function runAdminCommand(
  command: 'workspaces' | 'keys',
  rest: readonly string[],
  config: Config,
  logger: Logger,
  io: Output,
): Promise<number> {
  let parsed: ReturnType<typeof options>;
  try {
    parsed = options(rest);
  } catch (e) {
    io.err(`${(e as Error).message}\n\nUsage:\n${adminUsage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [action, arg] = positionals;
  const fail = (message: string) => {
    io.err(message);
    return 2;
  };
  let store: Awaited<ReturnType<typeof openMetadata>>;
  try {
    store = await openMetadata(config, logger);
  } catch (e) {
    io.err(`cannot open the metadata store: ${(e as Error).message}`);
    if (config.postgres.kind === 'embedded')
      io.err(
        'While Spanloop runs, manage keys, members and workspaces in the console (Settings) or through the API ' +
          '(POST /api/v1/keys, /api/v1/workspaces with an admin key or console session); or stop it and run this again.',
      );
    return 1;
  }
  try {
    const firstAdmin = await ensureConfiguredDefaults(config, store);
    if (firstAdmin) io.err(firstAdminLine(firstAdmin));
    if (command === 'workspaces' && action === 'create') {
      const name = WorkspaceName.safeParse(arg ?? '');
      if (!name.success) return fail(`workspace name: ${name.error.issues[0]?.message ?? 'invalid'}`);
      const days =
        values['retention-days'] === undefined
          ? undefined
          : RetentionDays.safeParse(Number(values['retention-days']));
      if (days !== undefined && !days.success) return fail('--retention-days must be 1 to 36500');
      // Without an owner nobody could invite into the workspace: the operator names an existing user.
      const owner = values.owner === undefined ? undefined : await userByEmail(store, values.owner);
      if (values.owner !== undefined && owner === undefined) return fail(`no user "${values.owner}"`);
      const created = await createWorkspace(store, {
        name: name.data,
        ...(days === undefined ? {} : { retentionDays: days.data }),
      });
      if (created === undefined) return fail(`workspace "${name.data}" exists`);
      if (owner !== undefined) await setMember(store, created.id, owner.id, 'owner');
      io.out(`${created.id}\t${created.name}`);
      return 0;
    }
    if (command === 'workspaces' && action === 'list') {
      const rows = await store.query(
        'SELECT id, name, retention_days, created_at FROM workspaces ORDER BY name',
      );
      for (const r of rows.map((row) => WorkspaceRow.parse(row)))
        io.out(`${r.id}\t${r.name}\t${r.retention_days ?? ''}`);
      return 0;
    }
    if (command === 'keys' && (action === 'create' || action === 'list' || action === 'revoke')) {
      if (values.workspace === undefined) return fail('--workspace <name> is required');
      const workspace = await workspaceByName(store, values.workspace);
      if (workspace === undefined) return fail(`no workspace named "${values.workspace}"`);
      if (action === 'list') {
        for (const k of await listApiKeys(store, workspace.id))
          io.out(
            [
              k.id,
              k.name,
              k.publicKey,
              `${k.secretPrefix}…`,
              k.scopes.join(','),
              k.revokedAt ? 'revoked' : 'active',
            ].join('\t'),
          );
        return 0;
      }
      if (action === 'revoke') {
        if (arg === undefined) return fail('keys revoke needs a key id');
        if (!(await revokeApiKey(store, workspace.id, arg)))
          return fail(`workspace "${workspace.name}" has no key ${arg}`);
        io.err(`revoked ${arg}`);
        return 0;
      }
      const scopes = ScopeList.safeParse(values.scopes ?? '');
      if (!scopes.success)
        return fail('--scopes must list ingest, read, write, run or admin, comma-separated');
      const days =
        values['expires-in-days'] === undefined ? undefined : positive.safeParse(values['expires-in-days']);
      if (days !== undefined && !days.success) return fail('--expires-in-days must be a positive integer');
      const { key, secret } = await createApiKey(store, {
        workspaceId: workspace.id,
        name: values.name ?? 'cli',
        scopes: scopes.data,
        ...(days === undefined ? {} : { expiresAt: new Date(Date.now() + days.data * 86_400_000) }),
      });
      io.err(
        `key ${key.id} for workspace "${workspace.name}" (${key.scopes.join(',')}); public key ${key.publicKey}. ` +
          'The secret below is shown once:',
      );
      io.out(secret);
      return 0;
    }
    return fail(`unknown ${command} command\n\nUsage:\n${adminUsage}`);
  } finally {
    await store.close();
  }
}
