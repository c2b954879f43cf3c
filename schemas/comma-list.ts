/** Reads a comma-separated setting from the environment as a list (trimmed, empties dropped); lists pass as they are. */
export const commaSeparated = (v: unknown): unknown =>
  typeof v === 'string'
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
    : v;
