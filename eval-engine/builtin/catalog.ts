import type { BuiltinEvaluator } from './definition';
import { jsonSchema, jsonValid } from './json-checks';
import { numericTolerance } from './numeric';
import { bleuBuiltin, levenshteinBuiltin, rougeLBuiltin } from './similarity';
import { costThreshold, latencyThreshold } from './span-thresholds';
import { containsAll, containsAny, contains, exactMatch, regexMatch } from './text-match';

/** Every deterministic built-in, by name. */
export const BUILTIN_EVALUATORS: readonly BuiltinEvaluator[] = [
  exactMatch,
  contains,
  containsAny,
  containsAll,
  regexMatch,
  jsonValid,
  jsonSchema,
  numericTolerance,
  levenshteinBuiltin,
  bleuBuiltin,
  rougeLBuiltin,
  latencyThreshold,
  costThreshold,
];
