import type { StatementSettings } from './executor';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

const literal = (value: string | number): string => {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`setting value ${value} is not a finite number`);
    return String(value);
  }
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
};

/**
 * `INSERT INTO <table> SETTINGS k=v FORMAT JSONEachRow`: settings such as `insert_deduplication_token` cannot be
 * query parameters, so they are literals here, escaped, with names checked against the identifier grammar.
 */
export const insertStatement = (table: string, settings: StatementSettings = {}): string => {
  if (!IDENTIFIER.test(table)) throw new Error(`invalid table name ${JSON.stringify(table)}`);
  const pairs = Object.entries(settings).map(([name, value]) => {
    if (!IDENTIFIER.test(name)) throw new Error(`invalid setting name ${JSON.stringify(name)}`);
    return `${name} = ${literal(value)}`;
  });
  const clause = pairs.length === 0 ? '' : ` SETTINGS ${pairs.join(', ')}`;
  return `INSERT INTO ${table}${clause} FORMAT JSONEachRow`;
};
