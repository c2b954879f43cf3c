/** A value bound to a `{name:Type}` placeholder; 64-bit integers travel as decimal strings. */
export type QueryParamValue = string | number | boolean | readonly string[] | readonly number[];
export type QueryParams = Readonly<Record<string, QueryParamValue>>;

/** Per-statement settings; they go into the statement's own SETTINGS clause, never into the session. */
export type StatementSettings = Readonly<Record<string, string | number>>;

export interface InsertRequest {
  table: string;
  /** JSONEachRow: one JSON object per line, whole or in chunks that each end on a line. */
  body: Buffer | readonly Buffer[];
  settings?: StatementSettings;
}

/**
 * Runs ClickHouse SQL. Every store holds one SQL text per query; only the executor differs between the embedded
 * engine (chdb) and a ClickHouse server.
 */
export interface ClickHouseExecutor {
  /** Runs a SELECT and returns its rows (JSONEachRow objects, to be parsed by the caller's schema). */
  query(sql: string, params?: QueryParams): Promise<unknown[]>;
  /** Runs a statement without result rows: DDL, `INSERT … SELECT`, `OPTIMIZE`. */
  command(sql: string, params?: QueryParams): Promise<void>;
  insert(request: InsertRequest): Promise<void>;
  /** Waits for running statements, then releases every connection. */
  close(): Promise<void>;
}
