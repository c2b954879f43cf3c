import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../core/sandbox';
import { openTestSandbox } from '../../core/sandbox/sandbox-test-kit';
import type { CodeEvaluatorSpec, EvaluatorOutput } from '../types';
import { createCodeRuntime } from './code-runtime';
import { codeContext, codeInput, countingListener, hostRssMb, type CountingListener } from './code-test-kit';
import { CODE_TEMPLATES } from './code-templates';

// JavaScript code evaluators in QuickJS, in a real sandbox child: results, templates, validation and the escape
// corpus. Every escape must end as a failed output with a clear code, and leave this process as it was.
const js = (code: string): CodeEvaluatorSpec => ({ type: 'code', language: 'javascript', code });
const SLOW = 60_000;

let sandbox: Sandbox;
let listener: CountingListener;
const runtime = createCodeRuntime({ maxStdoutBytes: 4096 });
let rssBefore = 0;

const run = (code: string, actual = 'abc', reference: string | undefined = 'abc'): Promise<EvaluatorOutput> =>
  runtime.run(js(code), codeInput(actual, reference), codeContext(sandbox));

const expectFailure = (out: EvaluatorOutput, code: string) => {
  expect(out.status).toBe('failed');
  expect(out.error?.code).toBe(code);
  expect(out.error?.message).not.toBe('');
};

beforeAll(async () => {
  sandbox = openTestSandbox({ processes: 1, memoryMb: 64 });
  listener = await countingListener();
  // The first run starts the child and QuickJS.
  expect((await run('function exec_evaluation() { return { score: 1 }; }')).status).toBe('success');
  rssBefore = hostRssMb();
}, SLOW);

afterAll(async () => {
  await sandbox.close();
  await listener.close();
});

describe('javascript code evaluators', () => {
  it('runs exec_evaluation(turn) on the Cozeloop turn and keeps what it printed', async () => {
    const out = await run(
      `function exec_evaluation(turn) {
        console.log('fields', Object.keys(turn).sort().join(','));
        const actual = turn.evaluate_target_output_fields.actual_output.text;
        const reference = turn.evaluate_dataset_fields.reference_output.text;
        return { score: actual === reference ? 1 : 0, reason: actual + ' vs ' + reference };
      }`,
      'yes',
      'yes',
    );
    expect(out).toMatchObject({ status: 'success', score: 1, reasoning: 'yes vs yes' });
    expect(out.stdout).toBe(
      'fields evaluate_dataset_fields,evaluate_target_output_fields,history_messages,input_fields\n',
    );
    expect(out.usage).toEqual({ inputTokens: 0, outputTokens: 0, costUsd: 0 });
  });

  it('awaits an async exec_evaluation', async () => {
    const out = await run(
      'async function exec_evaluation() { await null; return { score: 0.25, reason: "later" }; }',
    );
    expect(out).toMatchObject({ status: 'success', score: 0.25, reasoning: 'later' });
  });

  it('refuses input with neither dataset nor target output fields, as Cozeloop does', async () => {
    const out = await runtime.run(
      js('function exec_evaluation() { return { score: 1 }; }'),
      { inputFields: { x: { content_type: 'text', text: 'x' } }, datasetFields: {}, targetOutputFields: {} },
      codeContext(sandbox),
    );
    expectFailure(out, 'invalid_input');
  });

  it('fails a run whose answer is not {score, reason}, or which throws', async () => {
    expectFailure(await run('function exec_evaluation() { return "yes"; }'), 'bad_output');
    expectFailure(await run('function exec_evaluation() { return { score: NaN }; }'), 'bad_output');
    const thrown = await run('function exec_evaluation() { throw new Error("boom"); }');
    expectFailure(thrown, 'runtime_error');
    expect(thrown.error?.message).toContain('boom');
    expectFailure(await run('const notAFunction = 1;'), 'runtime_error');
    expectFailure(await run('function exec_evaluation( {'), 'syntax_error');
  });

  it('keeps only score, reason and label, with the reason cut to 64 KiB', async () => {
    const out = await run(
      'function exec_evaluation() { return { score: 1, reason: "r".repeat(100000), label: "pass", junk: "j".repeat(1000000) }; }',
    );
    expect(out).toMatchObject({ status: 'success', score: 1, label: 'pass' });
    expect(out.reasoning).toHaveLength(64 * 1024);
    expect(JSON.stringify(out)).not.toContain('jjj');
  });

  it('validates syntax without running the code', async () => {
    const ctx = codeContext(sandbox);
    expect(
      await runtime.validate(js('function exec_evaluation(turn) { return { score: 1 }; }'), ctx),
    ).toEqual([]);
    expect(
      (await runtime.validate(js('function exec_evaluation(turn) { return { score: 1 '), ctx))[0],
    ).toMatch(/SyntaxError/);
    expect(await runtime.validate(js('function other() {}'), ctx)).toEqual([
      'the code must define function exec_evaluation(turn)',
    ]);
    // Compiled, not run: the loop would time out if it ran.
    expect(await runtime.validate(js('while (true) {} function exec_evaluation() {}'), ctx)).toEqual([]);
  });

  it('ships the six templates, each scoring a match 1 and a mismatch 0', async () => {
    const cases: Record<string, [string, string, string, string]> = {
      // name: matching actual, its reference, failing actual, its reference
      equals: ['Paris', 'Paris', 'paris', 'Paris'],
      contains_any: ['the answer is Paris', 'Rome, Paris', 'the answer is Lyon', 'Rome, Paris'],
      regex: ['order 1234', '\\d{4}', 'order 12', '\\d{4}'],
      starts_with: ['Yes, it is', 'Yes', 'No, it is not', 'Yes'],
      is_valid_json_object: ['{"a": 1}', '', '[1, 2]', ''],
      custom: ['the cat sat', 'the cat', 'a dog ran', 'the cat'],
    };
    const templates = CODE_TEMPLATES.filter((t) => t.language === 'javascript');
    expect(templates.map((t) => t.name).sort()).toEqual(Object.keys(cases).sort());
    for (const template of templates) {
      const [good, goodRef, bad, badRef] = cases[template.name]!;
      const pass = await runtime.run(template.spec, codeInput(good, goodRef), codeContext(sandbox));
      const failOut = await runtime.run(template.spec, codeInput(bad, badRef), codeContext(sandbox));
      expect({ template: template.key, score: pass.score, status: pass.status }).toEqual({
        template: template.key,
        score: 1,
        status: 'success',
      });
      expect({ template: template.key, score: failOut.score }).toEqual({ template: template.key, score: 0 });
      expect(pass.reasoning).not.toBe('');
    }
  });
});

describe('javascript escape corpus', () => {
  it('has no process, require, module or network, even when the attempt is caught', async () => {
    expectFailure(
      await run('function exec_evaluation() { return { score: process.pid }; }'),
      'sandbox_violation',
    );
    expectFailure(
      await run(
        'function exec_evaluation() { require("fs").readFileSync("/etc/passwd"); return { score: 1 }; }',
      ),
      'sandbox_violation',
    );
    expectFailure(
      await run(
        'function exec_evaluation() { try { require("child_process"); } catch (e) {} return { score: 1 }; }',
      ),
      'sandbox_violation',
    );
    expectFailure(
      await run(
        `async function exec_evaluation() { await fetch('http://127.0.0.1:${listener.port}/'); return { score: 1 }; }`,
      ),
      'sandbox_violation',
    );
    expect(listener.connections()).toBe(0);
  });

  it('refuses import() and has no static import', async () => {
    const dynamic = await run(
      'async function exec_evaluation() { await import("fs"); return { score: 1 }; }',
    );
    expectFailure(dynamic, 'sandbox_violation');
    expect(dynamic.error?.message).toContain('fs');
    expectFailure(
      await run('import fs from "fs"; function exec_evaluation() { return { score: 1 }; }'),
      'syntax_error',
    );
  });

  it('finds nothing through constructor tricks', async () => {
    expectFailure(
      await run(`function exec_evaluation() {
        const p = globalThis.constructor.constructor('return process')();
        return { score: 1, reason: String(p) };
      }`),
      'sandbox_violation',
    );
    const probe = await run(`function exec_evaluation() {
      const g = (function () { return this; }).constructor('return this')();
      const names = Object.getOwnPropertyNames(g).filter((n) => /^(Buffer|setTimeout|WebAssembly|navigator|performance)$/.test(n));
      return { score: names.length, reason: names.join(',') };
    }`);
    expect(probe).toMatchObject({ status: 'success', score: 0 });
  });

  it('cannot pollute the host prototypes, nor the next run', async () => {
    const polluted = await run(`function exec_evaluation() {
      Object.prototype.polluted = 'yes';
      Array.prototype.map = function () { return 'hacked'; };
      ({}).constructor.prototype.isAdmin = true;
      return { score: 1 };
    }`);
    expect(polluted.status).toBe('success');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect([1].map((x) => x + 1)).toEqual([2]);
    const next = await run(`function exec_evaluation() {
      return { score: ({}).polluted === undefined && [1].map((x) => x).length === 1 ? 1 : 0 };
    }`);
    expect(next).toMatchObject({ status: 'success', score: 1 });
  });

  it(
    'stops infinite loops at the CPU limit, also in loops of long native calls (the child is killed)',
    async () => {
      const loop = await run('function exec_evaluation() { while (true) {} }');
      expectFailure(loop, 'timeout');
      expect(loop.error?.message).toContain('1000 ms');
      // Native calls do not poll QuickJS's interrupt handler: the sandbox's SIGKILL ends this one.
      expectFailure(
        await run('function exec_evaluation() { for (;;) new Array(100000).fill(1); }'),
        'timeout',
      );
      expect((await run('function exec_evaluation() { return { score: 1 }; }')).status).toBe('success');
    },
    SLOW,
  );

  it(
    'stops memory bombs at the memory limit',
    async () => {
      expectFailure(
        await run('function exec_evaluation() { const a = []; for (;;) a.push(new ArrayBuffer(1 << 20)); }'),
        'out_of_memory',
      );
      expectFailure(
        await run('function exec_evaluation() { let s = "x"; for (;;) s = s + s; }'),
        'out_of_memory',
      );
      expect((await run('function exec_evaluation() { return { score: 1 }; }')).status).toBe('success');
    },
    SLOW,
  );

  it('turns a recursion bomb into an error', async () => {
    const out = await run(
      'function exec_evaluation() { const f = (n) => f(n + 1) + 1; return { score: f(0) }; }',
    );
    expectFailure(out, 'runtime_error');
    expect(out.error?.message).toMatch(/call stack/);
  });

  it('bounds what a run prints', async () => {
    const out = await run(`function exec_evaluation() {
      for (let i = 0; i < 2000; i++) console.log('x'.repeat(100));
      return { score: 1 };
    }`);
    expect(out.status).toBe('success');
    expect(out.stdout?.length).toBeLessThan(4096 + 100);
    expect(out.stdout).toMatch(/\[stdout truncated at 4096 bytes\]$/);
  });

  it('leaves the server process with bounded memory', () => {
    expect(hostRssMb() - rssBefore).toBeLessThan(128);
  });
});
