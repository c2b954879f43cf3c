import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/logger';
import { Config } from '../schemas/config';
import type { TraceView } from '../schemas/span-view';
import { writePluginFixtures } from './plugin-fixtures';
import { startRole } from './roles';
import { startSpanloopProcess, type SpanloopProcess } from './spanloop-process';

const dir = mkdtempSync(join(tmpdir(), 'spanloop-ts-plugin-'));
const sdk = join(import.meta.dirname, '..', 'plugins', 'sdk', 'index.ts');
const running: SpanloopProcess[] = [];
afterAll(async () => {
  for (const p of running.splice(0)) await p.stop();
});

/** Runs `spanloop start` and answers its exit code and standard error (for a start that must fail). */
function failingStart(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'bin', 'spanloop.mjs'), 'start'], {
    env: {
      ...process.env,
      SPANLOOP_DATA_DIR: mkdtempSync(join(tmpdir(), 'spanloop-bad-plugin-')),
      SPANLOOP_OTLP_HTTP_PORT: '0',
      SPANLOOP_OTLP_GRPC_PORT: '0',
      SPANLOOP_API_PORT: '0',
      SPANLOOP_LOG_LEVEL: 'error',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

describe('plugins under the spanloop command', () => {
  it('loads a TypeScript plugin from a path', async () => {
    // A plugin is an ES module: a .mts file, or a folder whose package.json says so (as a plugin package would).
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(
      join(dir, 'typed.ts'),
      `import { definePlugin, type PluginEnv } from ${JSON.stringify(sdk)};
       import type { Context } from 'hono';
       const greet = (c: Context<PluginEnv>): string => 'typed ' + c.get('workspaceId');
       export default definePlugin({ name: 'typed', routes(app) { app.get('/greet', (c) => c.text(greet(c))); } });`,
    );
    const p = await startSpanloopProcess(mkdtempSync(join(tmpdir(), 'spanloop-ts-')), {
      SPANLOOP_PLUGINS: join(dir, 'typed.ts'),
    });
    running.push(p);
    const res = await fetch(`${p.api}/api/v1/typed/greet`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('typed default');
  });

  it('refuses to start with a module that is not a valid plugin, naming it', async () => {
    writeFileSync(join(dir, 'wrong.mjs'), `export default { name: 'wrong', routes: 'not a function' };`);
    const wrong = await failingStart({ SPANLOOP_PLUGINS: join(dir, 'wrong.mjs') });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      `plugin "wrong" from ${join(dir, 'wrong.mjs')} is invalid: routes: must be a function`,
    );
    const missing = await failingStart({ SPANLOOP_PLUGINS: 'spanloop-plugin-that-is-not-installed' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('plugin spanloop-plugin-that-is-not-installed could not be loaded');
    const config = await failingStart({ SPANLOOP_PLUGINS: '[{"module": 3}]' });
    expect(config.code).toBe(2);
    expect(config.stderr).toContain('invalid configuration: plugins.0.module');
  });

  it('hosts plugins in a query process on the embedded bus, which writes their spans to its store', async () => {
    const fixtures = writePluginFixtures();
    const config = Config.parse({
      otlpGrpcPort: 0,
      otlpHttpPort: 0,
      apiPort: 0,
      dataDir: mkdtempSync(join(tmpdir(), 'spanloop-query-')),
      plugins: [fixtures.path('acme.mjs')],
    });
    const query = await startRole('query', config, silentLogger);
    try {
      expect(query.ports.otlpHttp).toBe(0);
      const api = `http://127.0.0.1:${query.ports.api}`;
      const { traceId } = (await (await fetch(`${api}/api/v1/acme/traced`)).json()) as { traceId: string };
      let view: TraceView | undefined;
      for (let i = 0; i < 80 && view === undefined; i++) {
        const res = await fetch(`${api}/api/v1/traces/${traceId}`);
        if (res.status === 200) view = (await res.json()) as TraceView;
        else await new Promise((r) => setTimeout(r, 25));
      }
      expect(view?.spans.map((s) => [s.name, s.resourceAttributes['spanloop.plugin']])).toEqual([
        ['acme traced', 'acme'],
      ]);
    } finally {
      await query.stop();
    }
  });
});
