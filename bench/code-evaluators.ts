import { newQuickJSWASMModule } from 'quickjs-emscripten';
import { silentLogger } from '../core/logger';
import { createProcessSandbox, type Sandbox } from '../core/sandbox';
import { buildTurn } from '../eval-engine/code/turn';
import { codeSandboxRuntime, createCodeRuntime } from '../eval-engine/code/code-runtime';
import { codeTemplate } from '../eval-engine/code/code-templates';
import type { CodeEvaluatorSpec, EvaluatorInput, RuntimeContext } from '../eval-engine/types';
import { textContent } from '../schemas/content';

/**
 * Code evaluators: cold start and warm run per item, JavaScript (QuickJS-wasm) and Python (Pyodide), through the
 * real child-process sandbox as the server runs them; plus QuickJS in this process, the alternative measured for
 * the choice of where it runs.
 */
export interface CodeEvaluatorBench {
  javascript: {
    /** First run on a fresh sandbox: child process start, QuickJS module load, the run. */
    coldMs: number;
    /** A template per item, warm child, fresh QuickJS context per run (ms, end to end through the sandbox). */
    warm: Stats;
    /** The same runs as timed inside the child (the rest of `warm` is the pipe round trip and JSON). */
    inChild: Stats;
    /** QuickJS in this process: module load, and a fresh context per run on a warm runtime. */
    inProcess: { moduleLoadMs: number; warm: Stats };
  };
  python: {
    /** First run on a fresh sandbox: child start and Pyodide start (the interpreter is made once per child). */
    coldMs: number;
    /** A run for another workspace: a fresh interpreter from the child's memory snapshot. */
    workspaceSwitchMs: Stats;
    /** A template per item on the warm interpreter of its workspace (ms, end to end through the sandbox). */
    warm: Stats;
    inChild: Stats;
  };
  items: number;
}

interface Stats {
  p50: number;
  p95: number;
  mean: number;
}

const stats = (samples: number[]): Stats => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    mean: round(samples.reduce((a, b) => a + b, 0) / samples.length),
  };
};

const input = (i: number): EvaluatorInput => ({
  inputFields: {},
  datasetFields: { reference_output: textContent(`answer ${i % 7}`) },
  targetOutputFields: { actual_output: textContent(`answer ${i % 5}`) },
});

const openSandbox = (): Sandbox =>
  createProcessSandbox(
    { processes: 1, memoryMb: 64, timeoutMs: 5000, workspaceConcurrency: 1, workspaceQueue: 64, queue: 64 },
    { logger: silentLogger },
  );

const context = (sandbox: Sandbox, workspaceId: string): RuntimeContext =>
  ({
    workspaceId,
    sandbox,
    limits: { cpuMs: 5000, memoryMb: 128, timeoutMs: 0 },
  }) as Partial<RuntimeContext> as RuntimeContext;

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await work();
  return [performance.now() - started, value];
}

function template(key: string): CodeEvaluatorSpec {
  const found = codeTemplate(key);
  if (found === undefined) throw new Error(`no template ${key}`);
  return found.spec;
}

async function measure(
  spec: CodeEvaluatorSpec,
  items: number,
): Promise<{
  coldMs: number;
  warm: number[];
  sandbox: Sandbox;
  runtime: ReturnType<typeof createCodeRuntime>;
}> {
  const sandbox = openSandbox();
  const runtime = createCodeRuntime();
  const [coldMs, first] = await timed(() => runtime.run(spec, input(0), context(sandbox, 'bench')));
  if (first.status !== 'success')
    throw new Error(`cold ${spec.language} run failed: ${JSON.stringify(first.error)}`);
  const warm: number[] = [];
  for (let i = 1; i <= items; i++) {
    const [ms, out] = await timed(() => runtime.run(spec, input(i), context(sandbox, 'bench')));
    if (out.status !== 'success')
      throw new Error(`warm ${spec.language} run failed: ${JSON.stringify(out.error)}`);
    warm.push(ms);
  }
  return { coldMs, warm, sandbox, runtime };
}

/** Runs straight through the sandbox to read the time the child itself reports. */
async function inChild(sandbox: Sandbox, spec: CodeEvaluatorSpec, items: number): Promise<Stats> {
  const runtime = codeSandboxRuntime(640);
  const samples: number[] = [];
  for (let i = 0; i < items; i++) {
    const outcome = await sandbox.run({
      workspaceId: 'bench',
      runtime,
      input: {
        mode: 'run',
        language: spec.language,
        code: spec.code,
        turn: buildTurn(input(i)),
        cpuMs: 5000,
        memoryMb: 128,
        maxStdoutBytes: 65536,
        workspaceId: 'bench',
      },
      timeoutMs: 60_000,
    });
    const childMs = outcome.ok ? (outcome.output as { childMs?: unknown }).childMs : undefined;
    if (typeof childMs !== 'number') throw new Error(`in-child ${spec.language} run failed`);
    samples.push(childMs);
  }
  return stats(samples);
}

async function quickJsInProcess(items: number): Promise<{ moduleLoadMs: number; warm: Stats }> {
  const [moduleLoadMs, module] = await timed(() => newQuickJSWASMModule());
  const runtime = module.newRuntime();
  runtime.setMemoryLimit(128 * 1024 * 1024);
  const code = template('code.equals.javascript').code;
  const samples: number[] = [];
  for (let i = 0; i < items; i++) {
    const started = performance.now();
    const vm = runtime.newContext();
    const script = vm.unwrapResult(vm.evalCode(code, 'evaluator.js'));
    script.dispose();
    const result = vm.unwrapResult(
      vm.evalCode(
        `JSON.stringify(exec_evaluation(${JSON.stringify({ evaluate_target_output_fields: {} })}))`,
      ),
    );
    vm.getString(result);
    result.dispose();
    vm.dispose();
    samples.push(performance.now() - started);
  }
  runtime.dispose();
  return { moduleLoadMs, warm: stats(samples) };
}

export async function benchCodeEvaluators(items = 200): Promise<CodeEvaluatorBench> {
  const js = await measure(template('code.equals.javascript'), items);
  const jsInChild = await inChild(js.sandbox, template('code.equals.javascript'), items);
  await js.sandbox.close();
  const inProcess = await quickJsInProcess(items);

  const python = await measure(template('code.equals.python'), items);
  const switches: number[] = [];
  for (let i = 0; i < 5; i++) {
    const [ms, out] = await timed(() =>
      python.runtime.run(
        template('code.equals.python'),
        input(i),
        context(python.sandbox, `bench-switch-${i}`),
      ),
    );
    if (out.status !== 'success') throw new Error(`python switch run failed: ${JSON.stringify(out.error)}`);
    switches.push(ms);
  }
  const pythonInChild = await inChild(python.sandbox, template('code.equals.python'), items);
  await python.sandbox.close();

  return {
    javascript: { coldMs: Math.round(js.coldMs), warm: stats(js.warm), inChild: jsInChild, inProcess },
    python: {
      coldMs: Math.round(python.coldMs),
      workspaceSwitchMs: stats(switches),
      warm: stats(python.warm),
      inChild: pythonInChild,
    },
    items,
  };
}
