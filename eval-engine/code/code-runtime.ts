import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { z } from 'zod';
import type { SandboxOutcome, SandboxRuntime } from '../../core/sandbox';
import type { CodeEvaluatorSpec, EvaluatorOutput, EvaluatorRuntime, RuntimeContext } from '../types';
import { codeFailure, codeSuccess, readCodeResult, type CodeErrorCode } from './code-output';
import { CODE_RUNTIME_SOURCE } from './code-runtime-source';
import { PYTHON_PRELUDE } from './python-prelude';
import { buildTurn } from './turn';

export interface CodeRuntimeOptions {
  /** CPU time of one run when the engine's limits give none (ms); default 5,000. */
  cpuMs?: number;
  /** Memory of one run when the engine's limits give none (MiB); default 128. */
  memoryMb?: number;
  /** Printed bytes kept per run; past it stdout ends with a truncation marker. Default 64 KiB. */
  maxStdoutBytes?: number;
  /** Wall time a cold child may spend starting the interpreter, on top of the CPU time (ms). */
  javascriptStartMs?: number;
  pythonStartMs?: number;
  /**
   * Resident memory of a sandbox child running code evaluators (MiB), past which its job is killed as out of
   * memory. Default 384 + 2 × memoryMb: Pyodide itself holds about 160 MiB and its snapshot 30 MiB.
   */
  childRssMb?: number;
  /** Longest code accepted (characters); default 256 KiB. */
  maxCodeChars?: number;
}

const DEFAULTS = {
  cpuMs: 5000,
  memoryMb: 128,
  maxStdoutBytes: 64 * 1024,
  javascriptStartMs: 5000,
  pythonStartMs: 40_000,
  maxCodeChars: 256 * 1024,
};

/** The packages the sandbox child loads, as real paths (node_modules may be a symbolic link). */
function packagePaths() {
  const require = createRequire(import.meta.url);
  const packageDir = (name: string) => {
    const main = require.resolve(name);
    const marker = `/node_modules/${name}/`;
    return realpathSync(main.slice(0, main.lastIndexOf(marker) + marker.length - 1));
  };
  return {
    quickjsCore: packageDir('quickjs-emscripten-core'),
    quickjsVariant: packageDir('@jitl/quickjs-wasmfile-release-sync'),
    quickjsTypes: packageDir('@jitl/quickjs-ffi-types'),
    pyodide: packageDir('pyodide'),
  };
}

/** The sandbox runtime of code evaluators: reads its three packages and nothing else, no code from strings. */
export function codeSandboxRuntime(maxRssMb: number): SandboxRuntime {
  const paths = packagePaths();
  const source = CODE_RUNTIME_SOURCE.replace('PYTHON_PRELUDE', () => JSON.stringify(PYTHON_PRELUDE))
    .replace('QUICKJS_CORE', () => JSON.stringify(join(paths.quickjsCore, 'dist', 'index.js')))
    .replace('QUICKJS_VARIANT', () => JSON.stringify(join(paths.quickjsVariant, 'dist', 'index.js')))
    .replaceAll('PYODIDE +', () => `${JSON.stringify(paths.pyodide)} +`);
  return {
    name: 'code-evaluator',
    source,
    reads: [paths.quickjsCore, paths.quickjsVariant, paths.quickjsTypes, paths.pyodide],
    codeGeneration: false,
    maxRssMb,
  };
}

const ChildAnswer = z.union([
  z.object({ ok: z.literal(true), result: z.unknown(), stdout: z.string(), startMs: z.number() }),
  z.object({
    ok: z.literal(false),
    code: z.string(),
    message: z.string().default(''),
    stdout: z.string(),
    startMs: z.number(),
  }),
]);
const CheckAnswer = z.object({ problems: z.array(z.string()) });

const KNOWN_CODES = new Set<string>([
  'sandbox_violation',
  'timeout',
  'out_of_memory',
  'runtime_error',
  'syntax_error',
  'bad_output',
]);

const positive = (value: number | undefined, fallback: number) =>
  value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;

/** What a sandbox failure (the child killed or broken) means for the run. */
function sandboxFailure(
  outcome: Extract<SandboxOutcome, { ok: false }>,
  limits: { cpuMs: number; memoryMb: number },
): { code: CodeErrorCode; message: string } {
  if (outcome.kind === 'timeout')
    return { code: 'timeout', message: `exec_evaluation used more than ${limits.cpuMs} ms of CPU` };
  if (outcome.kind === 'out_of_memory')
    return { code: 'out_of_memory', message: `exec_evaluation needed more than ${limits.memoryMb} MiB` };
  return { code: 'runtime_error', message: `the evaluator sandbox ${outcome.message}` };
}

/**
 * The `code` evaluator runtime: `exec_evaluation(turn)` in JavaScript (QuickJS-wasm) or Python (Pyodide), run in
 * the project's child-process sandbox (started without code generation from strings, reads limited to the two
 * interpreters' packages), with a CPU and a memory limit inside the interpreter and the sandbox's SIGKILL and
 * resident-memory bound behind them.
 */
export function createCodeRuntime(options: CodeRuntimeOptions = {}): EvaluatorRuntime<CodeEvaluatorSpec> {
  const settings = { ...DEFAULTS, ...options };
  const runtime = codeSandboxRuntime(options.childRssMb ?? 384 + 2 * settings.memoryMb);
  const limitsOf = (ctx: Pick<RuntimeContext, 'limits'>) => ({
    cpuMs: positive(ctx.limits.cpuMs, settings.cpuMs),
    memoryMb: positive(ctx.limits.memoryMb, settings.memoryMb),
  });
  const startMs = (language: CodeEvaluatorSpec['language']) =>
    language === 'python' ? settings.pythonStartMs : settings.javascriptStartMs;

  return {
    type: 'code',

    // The engine's wall limit would cut a Python run short while its interpreter starts (seconds, cold).
    deadlineMs: (spec, limits) => positive(limits.cpuMs, settings.cpuMs) + startMs(spec.language) + 2000,

    async validate(spec, ctx) {
      if (spec.language !== 'javascript' && spec.language !== 'python')
        return ['language must be javascript or python'];
      if (spec.code.length > settings.maxCodeChars)
        return [`the code is longer than ${settings.maxCodeChars} characters`];
      if (spec.code.trim() === '') return ['the code is empty'];
      const outcome = await ctx.sandbox.run({
        workspaceId: ctx.workspaceId,
        runtime,
        input: { mode: 'check', language: spec.language, code: spec.code, workspaceId: ctx.workspaceId },
        timeoutMs: startMs(spec.language) + 2000,
      });
      if (!outcome.ok) return [`the code could not be checked: the sandbox ${outcome.message}`];
      const answer = CheckAnswer.safeParse(outcome.output);
      return answer.success ? answer.data.problems : ['the code could not be checked'];
    },

    async run(spec, input, ctx): Promise<EvaluatorOutput> {
      const started = performance.now();
      const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
      const limits = limitsOf(ctx);
      const turn = buildTurn(input);
      if (turn === undefined)
        return codeFailure(
          'invalid_input',
          'the input has neither evaluate_dataset_fields nor evaluate_target_output_fields',
          '',
          elapsed(),
        );
      if (spec.code.length > settings.maxCodeChars)
        return codeFailure(
          'syntax_error',
          `the code is longer than ${settings.maxCodeChars} characters`,
          '',
          elapsed(),
        );
      const outcome = await ctx.sandbox.run({
        workspaceId: ctx.workspaceId,
        runtime,
        input: {
          mode: 'run',
          language: spec.language,
          code: spec.code,
          turn,
          cpuMs: limits.cpuMs,
          memoryMb: limits.memoryMb,
          maxStdoutBytes: settings.maxStdoutBytes,
          workspaceId: ctx.workspaceId,
        },
        timeoutMs: limits.cpuMs + startMs(spec.language) + 1000,
      });
      if (!outcome.ok) {
        const failure = sandboxFailure(outcome, limits);
        return codeFailure(failure.code, failure.message, '', elapsed());
      }
      const answer = ChildAnswer.safeParse(outcome.output);
      if (!answer.success)
        return codeFailure(
          'runtime_error',
          'the evaluator sandbox answered an unexpected value',
          '',
          elapsed(),
        );
      const { stdout } = answer.data;
      if (!answer.data.ok) {
        const code = KNOWN_CODES.has(answer.data.code)
          ? (answer.data.code as CodeErrorCode)
          : 'runtime_error';
        return codeFailure(code, answer.data.message, stdout, elapsed());
      }
      const read = readCodeResult(answer.data.result);
      if (!read.ok) return codeFailure('bad_output', read.message, stdout, elapsed());
      return codeSuccess(read.result, stdout, elapsed());
    },
  };
}
