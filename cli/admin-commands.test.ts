import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../core/logger';
import { createTestDatabase } from '../core/metadata/pg-test-database';
import { Config } from '../schemas/config';
import { runAdminCommand } from './admin-commands';
import { openMetadata } from './metadata';

const run = promisify(execFile);
const postgresUrl = process.env.SPANLOOP_TEST_POSTGRES_URL;

/** Runs one command and collects what it printed. */
async function spanloop(config: Config, command: 'workspaces' | 'keys', ...rest: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdminCommand(command, rest, config, silentLogger, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out, err };
}

const commandSuite = (name: string, configOf: () => Promise<Config>) =>
  describe(`spanloop workspaces and keys on ${name}`, () => {
    it('creates a workspace and a key whose secret is printed once, on stdout only', async () => {
      const config = await configOf();
      expect((await spanloop(config, 'workspaces', 'create', 'team-a', '--retention-days', '14')).code).toBe(
        0,
      );
      const again = await spanloop(config, 'workspaces', 'create', 'team-a');
      expect([again.code, again.err.join()]).toEqual([2, 'workspace "team-a" exists']);
      const listed = await spanloop(config, 'workspaces', 'list');
      expect(listed.out.map((l) => l.split('\t').slice(1))).toEqual([
        ['default', ''],
        ['team-a', '14'],
      ]);

      const created = await spanloop(
        config,
        'keys',
        'create',
        '--workspace',
        'team-a',
        '--scopes',
        'ingest,read',
      );
      expect(created.code).toBe(0);
      expect(created.out).toHaveLength(1);
      const secret = created.out[0] ?? '';
      expect(secret).toMatch(/^sl-sk-[A-Za-z0-9_-]{43}$/);
      expect(created.err.join('\n')).not.toContain(secret);

      const keys = await spanloop(config, 'keys', 'list', '--workspace=team-a');
      expect(keys.out).toHaveLength(1);
      expect(keys.out[0]).not.toContain(secret);
      expect(keys.out[0]).toContain('ingest,read\tactive');
      const id = keys.out[0]?.split('\t')[0] ?? '';
      expect((await spanloop(config, 'keys', 'revoke', '--workspace', 'team-a', id)).code).toBe(0);
      expect((await spanloop(config, 'keys', 'list', '--workspace', 'team-a')).out[0]).toContain('revoked');
    });

    it('refuses bad input with exit code 2 and a reason', async () => {
      const config = await configOf();
      const cases: [('workspaces' | 'keys')[], string[], RegExp][] = [
        [['workspaces'], ['create', "x'; DROP TABLE workspaces; --"], /workspace name/],
        [['keys'], ['create', '--workspace', 'nowhere', '--scopes', 'read'], /no workspace named "nowhere"/],
        [['keys'], ['create', '--workspace', 'default', '--scopes', 'read,root'], /--scopes/],
        [['keys'], ['create', '--scopes', 'read'], /--workspace/],
        [
          ['keys'],
          ['create', '--workspace', 'default', '--scopes', 'read', '--expires-in-days', '-1'],
          /expires/,
        ],
        [['keys'], ['revoke', '--workspace', 'default', 'key_nope'], /no key/],
        [['keys'], ['rotate'], /unknown keys command/],
        [['keys'], ['create', '--bogus'], /Unknown option/],
        [
          ['workspaces'],
          ['create', 'team-z', '--owner', 'nobody@example.test'],
          /no user "nobody@example.test"/,
        ],
      ];
      for (const [[command = 'keys'], rest, message] of cases) {
        const r = await spanloop(config, command, ...rest);
        expect(r.code, rest.join(' ')).toBe(2);
        expect(r.err.join('\n'), rest.join(' ')).toMatch(message);
      }
      const store = await openMetadata(config, silentLogger);
      expect(await store.query('SELECT name FROM workspaces')).toEqual([{ name: 'default' }]);
      await store.close();
    });

    it('makes an existing user the owner of a workspace it creates, so someone can invite into it', async () => {
      const config = await configOf();
      expect(
        (await spanloop(config, 'workspaces', 'create', 'team-o', '--owner', 'admin@localhost')).code,
      ).toBe(0);
      const store = await openMetadata(config, silentLogger);
      const rows = await store.query(
        `SELECT u.email, m.role FROM workspace_members m JOIN users u ON u.id = m.user_id
         JOIN workspaces w ON w.id = m.workspace_id WHERE w.name = 'team-o'`,
      );
      await store.close();
      expect(rows).toEqual([{ email: 'admin@localhost', role: 'owner' }]);
    });
  });

commandSuite('PGlite', () =>
  Promise.resolve(Config.parse({ dataDir: mkdtempSync(join(tmpdir(), 'spanloop-cli-')) })),
);

describe.skipIf(!postgresUrl)('on PostgreSQL (skipped: set SPANLOOP_TEST_POSTGRES_URL)', () => {
  commandSuite('PostgreSQL', async () => {
    const db = await createTestDatabase(postgresUrl ?? '');
    return Config.parse({ dataDir: mkdtempSync(join(tmpdir(), 'spanloop-cli-')), postgres: { url: db.url } });
  });
});

describe('the spanloop command', () => {
  it('prints only the secret on stdout, so a script can capture it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'spanloop-cli-'));
    const bin = join(import.meta.dirname, '..', 'bin', 'spanloop.mjs');
    const env = { ...process.env, SPANLOOP_DATA_DIR: dataDir, SPANLOOP_LOG_LEVEL: 'warn' };
    await run(process.execPath, [bin, 'workspaces', 'create', 'team-x'], { env });
    const { stdout, stderr } = await run(
      process.execPath,
      [bin, 'keys', 'create', '--workspace', 'team-x', '--scopes', 'ingest,read'],
      { env },
    );
    expect(stdout).toMatch(/^sl-sk-[A-Za-z0-9_-]{43}\n$/);
    expect(stderr).toMatch(/shown once/);
  });
});
