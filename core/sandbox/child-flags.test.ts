import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestSandbox } from './sandbox-test-kit';
import type { SandboxRuntime } from './types';

// What a runtime asks of its child: several readable paths, and (for interpreters of user code) no code
// generation from strings.
const dir = mkdtempSync(join(tmpdir(), 'sandbox-reads-'));
const first = join(dir, 'first.txt');
const second = join(dir, 'second.txt');
writeFileSync(first, 'one');
writeFileSync(second, 'two');

const reader = (codeGeneration?: boolean): SandboxRuntime => ({
  name: `reader-${String(codeGeneration)}`,
  reads: [first, second],
  ...(codeGeneration === undefined ? {} : { codeGeneration }),
  source: `
    const fs = require('node:fs');
    module.exports.run = async () => {
      let generated;
      try { generated = Function('return "generated"')(); } catch (e) { generated = e.name; }
      let imported;
      try { await new Function('return import("node:fs")')(); imported = 'yes'; } catch (e) { imported = e.name; }
      return { texts: [fs.readFileSync(${JSON.stringify(first)}, 'utf8'), fs.readFileSync(${JSON.stringify(second)}, 'utf8')], generated, imported };
    };
  `,
});

const sandbox = openTestSandbox({ processes: 1 });
afterAll(() => sandbox.close());

describe('sandbox child flags', () => {
  it('lets a runtime read every path it lists', async () => {
    const outcome = await sandbox.run({ workspaceId: 'w', runtime: reader(), input: {}, timeoutMs: 10_000 });
    expect(outcome).toMatchObject({ ok: true, output: { texts: ['one', 'two'], generated: 'generated' } });
  });

  it('starts a runtime that asks for it without code generation from strings', async () => {
    const outcome = await sandbox.run({
      workspaceId: 'w',
      runtime: reader(false),
      input: {},
      timeoutMs: 10_000,
    });
    expect(outcome).toEqual({
      ok: true,
      output: { texts: ['one', 'two'], generated: 'EvalError', imported: 'EvalError' },
    });
  });
});
