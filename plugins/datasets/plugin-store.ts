import { AppError } from '../../core/app-error';
import { issuesText } from '../../core/zod-issues';
import type { PluginContext } from '../sdk/index';
import { DatasetsOptions } from './options';
import { createDatasetStore } from './sql-dataset-store';
import type { DatasetStore } from './types';

/** The plugin's options (`plugins[].options`), parsed; a bad value fails the plugin at start. */
export function datasetsOptionsOf(ctx: Pick<PluginContext, 'options'>): DatasetsOptions {
  const parsed = DatasetsOptions.safeParse(ctx.options ?? undefined);
  if (!parsed.success)
    throw new AppError('invalid_argument', `datasets plugin options: ${issuesText(parsed.error)}`);
  return parsed.data;
}

/** The DatasetStore over the plugin's context: its SQL, file store, egress policy and options. */
export const openDatasetStore = (
  ctx: Pick<PluginContext, 'sql' | 'files' | 'egress' | 'options'>,
): DatasetStore =>
  createDatasetStore({ sql: ctx.sql, files: ctx.files, egress: ctx.egress, limits: datasetsOptionsOf(ctx) });
