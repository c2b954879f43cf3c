import { AppError } from '../app-error';
import type { AttributeFilter } from '../../schemas/attribute-filter';
import type { ClickHouseExecutor } from '../clickhouse/executor';

const RE2_ERROR = /cannot compile re2: [\s\S]*?, error: ([\s\S]*?)(?:\. Look at|$)/;

/**
 * Compiles each `=~` filter's regex with the engine's own re2 (the dialect `match` speaks), so a bad one is an
 * invalid_argument naming it instead of a failed search.
 */
export const checkRegexes = async (
  executor: ClickHouseExecutor,
  filters: readonly AttributeFilter[],
): Promise<void> => {
  for (const f of filters) {
    if (f.op !== '=~') continue;
    try {
      await executor.query("SELECT match('', {re:String}) AS m", { re: f.value });
    } catch (error) {
      const text = String(error);
      const re2 = RE2_ERROR.exec(text);
      if (re2 === null && !text.includes('CANNOT_COMPILE_REGEXP')) throw error;
      const why = re2?.[1] ?? 'it does not compile';
      throw new AppError('invalid_argument', `filter on ${JSON.stringify(f.key)}: invalid re2 regex: ${why}`);
    }
  }
};
