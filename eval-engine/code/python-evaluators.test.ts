import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../core/sandbox';
import { openTestSandbox } from '../../core/sandbox/sandbox-test-kit';
import type { CodeEvaluatorSpec, EvaluatorOutput } from '../types';
import { createCodeRuntime } from './code-runtime';
import { codeContext, codeInput, countingListener, hostRssMb, type CountingListener } from './code-test-kit';
import { CODE_TEMPLATES } from './code-templates';

// Python code evaluators in Pyodide, in a real sandbox child: results, templates, validation and the escape
// corpus. Pyodide takes seconds to start, so one warm child serves the whole file (its start is in beforeAll).
const py = (code: string): CodeEvaluatorSpec => ({ type: 'code', language: 'python', code });
const START = 120_000;
const SLOW = 60_000;

let sandbox: Sandbox;
let listener: CountingListener;
const runtime = createCodeRuntime({ maxStdoutBytes: 4096 });
let rssBefore = 0;

const run = (code: string, actual = 'abc', reference: string | undefined = 'abc', workspaceId = 'ws-py') =>
  runtime.run(py(code), codeInput(actual, reference), codeContext(sandbox, workspaceId, { cpuMs: 2000, memoryMb: 48 }));

const expectFailure = (out: EvaluatorOutput, code: string) => {
  expect(out.status).toBe('failed');
  expect(out.error?.code).toBe(code);
  expect(out.error?.message).not.toBe('');
};

const lines = (...body: string[]) => body.join('\n');

beforeAll(async () => {
  sandbox = openTestSandbox({ processes: 1, memoryMb: 64 });
  listener = await countingListener();
  const warm = await run('def exec_evaluation(turn):\n    return {"score": 1}');
  expect(warm.status).toBe('success');
  rssBefore = hostRssMb();
}, START);

afterAll(async () => {
  await sandbox.close();
  await listener.close();
});

describe('python code evaluators', () => {
  it('runs exec_evaluation(turn), with EvalOutput or a dict, and keeps what it printed', async () => {
    const out = await run(
      lines(
        'def exec_evaluation(turn):',
        '    print("fields", ",".join(sorted(turn.keys())))',
        '    actual = turn["evaluate_target_output_fields"]["actual_output"]["text"]',
        '    reference = turn["evaluate_dataset_fields"]["reference_output"]["text"]',
        '    return EvalOutput(score=1 if actual == reference else 0, reason=actual + " vs " + reference)',
      ),
      'yes',
      'yes',
    );
    expect(out).toMatchObject({ status: 'success', score: 1, reasoning: 'yes vs yes' });
    expect(out.stdout).toBe('fields evaluate_dataset_fields,evaluate_target_output_fields,history_messages,input_fields\n');
    const dict = await run('def exec_evaluation(turn):\n    return {"score": 0.5, "reason": "half"}');
    expect(dict).toMatchObject({ status: 'success', score: 0.5, reasoning: 'half' });
  });

  it('fails a run whose answer is not a score, or which raises', async () => {
    expectFailure(await run('def exec_evaluation(turn):\n    return "yes"'), 'bad_output');
    expectFailure(await run('def exec_evaluation(turn):\n    return {"score": float("nan")}'), 'bad_output');
    const raised = await run('def exec_evaluation(turn):\n    raise ValueError("boom")');
    expectFailure(raised, 'runtime_error');
    expect(raised.error?.message).toBe('ValueError: boom (line 2)');
    expectFailure(await run('x = 1'), 'runtime_error');
    expectFailure(await run('def exec_evaluation(turn:\n    pass'), 'syntax_error');
  });

  it('validates syntax without running the code', async () => {
    const ctx = codeContext(sandbox, 'ws-py');
    expect(await runtime.validate(py('def exec_evaluation(turn):\n    return {"score": 1}'), ctx)).toEqual([]);
    expect((await runtime.validate(py('def exec_evaluation(turn:\n    pass'), ctx))[0]).toMatch(/^SyntaxError/);
    expect(await runtime.validate(py('def other(turn):\n    pass'), ctx)).toEqual([
      'the code must define def exec_evaluation(turn)',
    ]);
    expect(await runtime.validate(py('while True:\n    pass\ndef exec_evaluation(turn):\n    pass'), ctx)).toEqual([]);
  });

  it('ships the six templates, each scoring a match 1 and a mismatch 0', async () => {
    const cases: Record<string, [string, string, string, string]> = {
      equals: ['Paris', 'Paris', 'paris', 'Paris'],
      contains_any: ['the answer is Paris', 'Rome, Paris', 'the answer is Lyon', 'Rome, Paris'],
      regex: ['order 1234', '\\d{4}', 'order 12', '\\d{4}'],
      starts_with: ['Yes, it is', 'Yes', 'No, it is not', 'Yes'],
      is_valid_json_object: ['{"a": 1}', '', '[1, 2]', ''],
      custom: ['the cat sat', 'the cat', 'a dog ran', 'the cat'],
    };
    const templates = CODE_TEMPLATES.filter((t) => t.language === 'python');
    expect(templates.map((t) => t.name).sort()).toEqual(Object.keys(cases).sort());
    const ctx = codeContext(sandbox, 'ws-py');
    for (const template of templates) {
      const [good, goodRef, bad, badRef] = cases[template.name]!;
      const pass = await runtime.run(template.spec, codeInput(good, goodRef), ctx);
      const failOut = await runtime.run(template.spec, codeInput(bad, badRef), ctx);
      expect({ template: template.key, status: pass.status, score: pass.score }).toEqual({
        template: template.key,
        status: 'success',
        score: 1,
      });
      expect({ template: template.key, score: failOut.score }).toEqual({ template: template.key, score: 0 });
    }
  });

  it(
    'keeps workspaces apart: state one leaves in the interpreter is gone for another',
    async () => {
      const stash = lines(
        'import json',
        'def exec_evaluation(turn):',
        '    json.stash = turn["evaluate_target_output_fields"]["actual_output"]["text"]',
        '    return {"score": 1}',
      );
      const peek = lines(
        'import json',
        'def exec_evaluation(turn):',
        '    return {"score": 1 if hasattr(json, "stash") else 0, "reason": str(getattr(json, "stash", ""))}',
      );
      expect((await run(stash, 'secret of A', 'x', 'ws-a')).status).toBe('success');
      expect(await run(peek, 'x', 'x', 'ws-a')).toMatchObject({ score: 1, reasoning: 'secret of A' });
      expect(await run(peek, 'x', 'x', 'ws-b')).toMatchObject({ status: 'success', score: 0, reasoning: '' });
    },
    SLOW,
  );
});

describe('python escape corpus', () => {
  it('refuses os, subprocess, sockets, open and the JavaScript bridge', async () => {
    expectFailure(await run('import os\ndef exec_evaluation(turn):\n    return {"score": 1}'), 'sandbox_violation');
    expectFailure(
      await run('def exec_evaluation(turn):\n    return {"score": len(open("/etc/passwd").read())}'),
      'sandbox_violation',
    );
    expectFailure(
      await run('def exec_evaluation(turn):\n    __import__("subprocess").run(["id"])\n    return {"score": 1}'),
      'sandbox_violation',
    );
    expectFailure(await run('def exec_evaluation(turn):\n    import js\n    return {"score": 1}'), 'sandbox_violation');
    expectFailure(
      await run('from pyodide.ffi import to_js\ndef exec_evaluation(turn):\n    return {"score": 1}'),
      'sandbox_violation',
    );
    // Caught, it is still a violation.
    expectFailure(
      await run('def exec_evaluation(turn):\n    try:\n        import socket\n    except Exception:\n        pass\n    return {"score": 1}'),
      'sandbox_violation',
    );
  });

  it('finds nothing of the host through modules other modules imported', async () => {
    // random imports os, os imports sys: the Python-level checks are not the boundary, WebAssembly is.
    const out = await run(
      lines(
        'import random',
        'def exec_evaluation(turn):',
        '    sys = random._os.sys',
        '    real_import = sys.modules["builtins"].__import__',
        '    reached = []',
        '    def attempt(name, fn):',
        '        try:',
        '            fn()',
        '            reached.append(name)',
        '        except BaseException as e:',
        '            pass',
        '    attempt("js", lambda: real_import("js"))',
        '    attempt("pyodide_js", lambda: real_import("pyodide_js"))',
        '    attempt("passwd", lambda: real_import("io").open("/etc/passwd").read())',
        '    attempt("host root", lambda: [n for n in random._os.listdir("/") if n in ("etc", "usr", "root", "work")][0])',
        '    attempt("process via Function", lambda: real_import("pyodide.ffi", fromlist=["to_js"]).to_js({}).constructor.constructor("return process")())',
        '    attempt("run_js", lambda: real_import("pyodide.code", fromlist=["run_js"]).run_js("process.pid"))',
        `    attempt("socket", lambda: real_import("socket").create_connection(("127.0.0.1", ${listener.port}), timeout=1))`,
        '    attempt("subprocess", lambda: real_import("subprocess").run(["id"]))',
        '    return {"score": len(reached), "reason": ",".join(reached)}',
      ),
    );
    expect(out).toMatchObject({ status: 'success', score: 0, reasoning: '' });
    expect(listener.connections()).toBe(0);
  });

  it('reaches no host process API: os.system is refused', async () => {
    expectFailure(
      await run('import random\ndef exec_evaluation(turn):\n    random._os.system("id")\n    return {"score": 1}'),
      'sandbox_violation',
    );
  });

  it(
    "cannot change the sandbox's JavaScript realm for later jobs (prototype pollution)",
    async () => {
      const out = await run(
        lines(
          'import random',
          'def exec_evaluation(turn):',
          '    ffi = random._os.sys.modules["pyodide.ffi"]',
          '    o = ffi.to_js({})',
          '    try:',
          '        o.constructor.prototype.error = "polluted"',
          '        return {"score": 1}',
          '    except Exception as e:',
          '        return {"score": 0, "reason": str(e)}',
        ),
      );
      expect(out).toMatchObject({ status: 'success', score: 0 });
      expect(out.reasoning).toMatch(/not extensible/);
      expect(({} as Record<string, unknown>).error).toBeUndefined();
      expect((await run('def exec_evaluation(turn):\n    return {"score": 1}', 'x', 'x', 'ws-other')).status).toBe(
        'success',
      );
    },
    SLOW,
  );

  it('stops an infinite loop at the CPU limit', async () => {
    const out = await run('def exec_evaluation(turn):\n    while True:\n        pass');
    expectFailure(out, 'timeout');
    expect(out.error?.message).toContain('2000 ms');
  });

  it(
    'stops memory bombs, and the next run gets a fresh interpreter',
    async () => {
      expectFailure(
        await run('def exec_evaluation(turn):\n    a = []\n    while True:\n        a.append(" " * 1000000)'),
        'out_of_memory',
      );
      expectFailure(await run('def exec_evaluation(turn):\n    return {"score": len(bytearray(1 << 30))}'), 'out_of_memory');
      expect((await run('def exec_evaluation(turn):\n    return {"score": 1}')).status).toBe('success');
    },
    SLOW,
  );

  it('turns a recursion bomb into an error', async () => {
    const out = await run('def exec_evaluation(turn):\n    def f(n):\n        return f(n + 1)\n    return {"score": f(0)}');
    expectFailure(out, 'runtime_error');
    expect(out.error?.message).toMatch(/^RecursionError/);
  });

  it('bounds what a run prints', async () => {
    const out = await run('def exec_evaluation(turn):\n    for i in range(5000):\n        print("x" * 100)\n    return {"score": 1}');
    expect(out.status).toBe('success');
    expect(out.stdout?.length).toBeLessThan(4096 + 100);
    expect(out.stdout).toMatch(/\[stdout truncated at 4096 bytes\]$/);
  });

  it('leaves the server process with bounded memory', () => {
    expect(hostRssMb() - rssBefore).toBeLessThan(128);
  });
});
