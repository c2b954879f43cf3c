import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../core/app-error';
import type { Sandbox, SandboxRuntime } from '../../core/sandbox';
import { JINJA_RUNTIME_SOURCE } from './jinja-runtime-source';

export interface JinjaSource {
  /** Where the text sits, for error messages: `message 2`, `message 3 part 1`. */
  label: string;
  source: string;
}

/** Renders Jinja2 (nunjucks) templates in the sandbox, with a time, memory and output bound per render. */
export interface JinjaRenderer {
  render(
    workspaceId: string,
    sources: readonly JinjaSource[],
    context: Readonly<Record<string, unknown>>,
  ): Promise<string[]>;
}

export interface JinjaRendererOptions {
  sandbox: Sandbox;
  /** Wall time of one render; the sandbox's default when absent. */
  timeoutMs?: number;
  /** Characters the rendered texts may hold together. */
  maxOutputChars: number;
}

/** The sandbox runtime that renders Jinja2: it reads nunjucks' single-file build and nothing else. */
export function jinjaRuntime(): SandboxRuntime {
  const nunjucks = createRequire(import.meta.url).resolve('nunjucks');
  const bundle = join(dirname(nunjucks), 'browser', 'nunjucks.js');
  return {
    name: 'jinja2',
    reads: [bundle],
    source: JINJA_RUNTIME_SOURCE.replace('NUNJUCKS', JSON.stringify(bundle)),
  };
}

const Output = z.union([
  z.object({ outputs: z.array(z.string()) }),
  z.object({
    error: z.object({
      message: z.string(),
      index: z.number(),
      size: z.boolean(),
      undefinedValue: z
        .object({ variable: z.string().optional(), line: z.number(), column: z.number() })
        .optional(),
    }),
  }),
]);
type RenderError = Extract<z.infer<typeof Output>, { error: unknown }>['error'];

const bad = (message: string) => new AppError('invalid_argument', message);

/** The user-facing reason a render failed, naming the variable when one was undefined. */
function failure(error: RenderError, sources: readonly JinjaSource[]): AppError {
  const where = sources[error.index]?.label ?? 'template';
  const undef = error.undefinedValue;
  if (undef !== undefined) {
    const name = undef.variable === undefined ? 'a value' : `variable "${undef.variable}"`;
    return bad(`jinja2 ${where}: ${name} is undefined (line ${undef.line}, column ${undef.column})`);
  }
  if (error.size) return bad(`jinja2 ${where}: ${error.message}`);
  return bad(`jinja2 ${where} failed to render: ${error.message}`);
}

/** Renders in the sandbox's child processes; a render past its time or memory costs a child, never the process. */
export function createJinjaRenderer(options: JinjaRendererOptions): JinjaRenderer {
  const runtime = jinjaRuntime();
  return {
    async render(workspaceId, sources, context) {
      if (sources.length === 0) return [];
      const outcome = await options.sandbox.run({
        workspaceId,
        runtime,
        input: { strings: sources.map((s) => s.source), context, limit: options.maxOutputChars },
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
      if (!outcome.ok) {
        if (outcome.kind === 'timeout') throw bad(`the jinja2 template ${outcome.message} to render`);
        if (outcome.kind === 'out_of_memory')
          throw bad(`the jinja2 template ran out of memory: it ${outcome.message} to render`);
        const why = outcome.kind === 'failed' ? `failed: ${outcome.message}` : outcome.message;
        throw new AppError('internal', `the jinja2 render ${why}`);
      }
      const output = Output.safeParse(outcome.output);
      if (!output.success) throw new AppError('internal', 'the jinja2 render answered an unexpected value');
      if ('error' in output.data) throw failure(output.data.error, sources);
      return output.data.outputs;
    },
  };
}
