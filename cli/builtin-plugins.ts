import datasets from '../plugins/datasets';
import evaluators from '../plugins/evals';
import prompts from '../plugins/prompts';
import type { Plugin } from '../plugins/sdk';

/**
 * The plugins every Spanloop runs, in load order, before the configured third-party ones. They use exactly the
 * public contract (plugins/sdk) third-party plugins get.
 */
export const BUILTIN_PLUGINS: readonly Plugin[] = [prompts, datasets, evaluators];
