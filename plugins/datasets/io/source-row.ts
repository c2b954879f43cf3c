import { AppError } from '../../sdk/index';

/**
 * One data row of an import file (header excluded, `index` from 0): its cells by column name, or why the row
 * could not be read (the rest of the file still is).
 */
export type SourceRow = { index: number; cells: Record<string, unknown> } | { index: number; error: string };

/** The whole file is unreadable (truncated, malformed, a line past the bound): a 400 naming the reason. */
export const fileError = (message: string) => new AppError('invalid_argument', message);
