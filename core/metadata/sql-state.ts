/** Whether a statement failed on a unique constraint (SQLSTATE 23505), as pg and PGlite both report it. */
export const isUniqueViolation = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && 'code' in e && e.code === '23505';
