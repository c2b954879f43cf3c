/** A value bound to a `$n` placeholder; arrays become Postgres arrays, objects go to json/jsonb columns. */
export type SqlValue =
  | string
  | number
  | boolean
  | null
  | Date
  | readonly string[]
  | readonly number[]
  | { readonly [key: string]: unknown };

/** Raw rows as the engine returns them; callers parse them with a zod schema from schemas/. */
export type SqlRow = Record<string, unknown>;

/** One parameterised statement at a time, on PGlite and on a PostgreSQL server alike. */
export interface SqlClient {
  /** Runs one statement with `$1…$n` parameters; use `RETURNING` to learn what a write changed. */
  query(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
}

/**
 * The metadata store: workspaces, keys, prompts, datasets. The same SQL runs on both engines; int8 comes back as
 * a number, timestamptz as a Date, json/jsonb parsed, arrays as arrays.
 */
export interface MetadataStore extends SqlClient {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
