import type { OutputDefinition } from '../types';

/** What is wrong with a declared output, one message per problem. */
export function outputDefinitionProblems(output: OutputDefinition): string[] {
  switch (output.kind) {
    case 'range':
      return Number.isFinite(output.min) && Number.isFinite(output.max) && output.min < output.max
        ? []
        : ['a score range needs finite min < max'];
    case 'enum':
      return output.values.length > 0 && output.values.every(Number.isFinite)
        ? []
        : ['a score enum needs at least one finite number'];
    case 'boolean':
      return [];
    case 'categories':
      return output.values.length > 0 &&
        new Set(output.values.map((v) => v.toLowerCase())).size === output.values.length &&
        output.values.every((v) => v.trim() !== '')
        ? []
        : ['categories need at least one name, each different (case-insensitively) and not blank'];
  }
}
