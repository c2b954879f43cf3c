import { AppError } from '../../core/app-error';
import type { EvaluationEngine } from '../../eval-engine/types';
import type { PluginContext } from '../sdk/index';
import type { EvaluatorTemplate } from './view-schemas';

/** The evaluation engine with every runtime, built from the plugin's context. */
export function createEngine(_ctx: PluginContext): EvaluationEngine {
  return {
    run: () => Promise.reject(new AppError('unavailable', 'the evaluation engine is not wired yet')),
    validate: () => Promise.resolve([]),
    complete: () => undefined,
  } as EvaluationEngine;
}

/** The built-in templates: the engine's judges and the code runtime's templates. */
export const builtinTemplates = (): readonly EvaluatorTemplate[] => [];
