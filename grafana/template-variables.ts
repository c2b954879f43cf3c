import { formatInterval } from './grafana-interval';

/**
 * What Grafana's frontend does to a ClickHouse panel's SQL before it reaches the plugin's backend: the plugin's
 * `$__conditionalAll(condition, $var)` and then `templateSrv.replace` with the plugin's default formatter.
 */

/** A dashboard variable's selection; `$__all` in `current` stands for every option (no custom all value). */
export interface TemplateVariable {
  current: string | readonly string[];
  options?: readonly string[];
}

export interface FrontendContext {
  fromMs: number;
  toMs: number;
  intervalMs: number;
  variables: Readonly<Record<string, TemplateVariable>>;
}

const ALL = '$__all';

const isAll = (v: TemplateVariable): boolean =>
  typeof v.current === 'string' ? v.current === ALL : v.current.includes(ALL);

const valueOf = (v: TemplateVariable): string | readonly string[] =>
  isAll(v) ? (v.options ?? []) : v.current;

// The plugin's getMacroArgs: split at depth-1 commas up to the bracket that closes the macro.
const macroArgs = (sql: string, openIndex: number): string[] => {
  const args: string[] = [];
  const text = sql.slice(openIndex);
  const re = /\(|\)|,/g;
  let depth = 0;
  let lastEnd = 1;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0] === '(') depth++;
    else if (m[0] === ')') depth--;
    if (m[0] === ',' && depth === 1) {
      args.push(text.slice(lastEnd, re.lastIndex - 1));
      lastEnd = re.lastIndex;
    }
    if (depth === 0) {
      args.push(text.slice(lastEnd, re.lastIndex - 1));
      return args;
    }
  }
  return [];
};

/** `$__conditionalAll(cond, $var)` becomes `1=1` when the variable is All or empty, else `cond`. */
export const applyConditionalAll = (sql: string, variables: FrontendContext['variables']): string => {
  const macro = '$__conditionalAll(';
  let out = sql;
  for (let at = out.lastIndexOf(macro); at !== -1; at = out.lastIndexOf(macro)) {
    const params = macroArgs(out, at + macro.length - 1);
    const [condition, variableArg] = params;
    if (params.length !== 2 || condition === undefined || variableArg === undefined) return out;
    const name = /(?<=\$\{)[\w\d]+(?=\})|(?<=\$)[\w\d]+/.exec(variableArg.trim())?.[0];
    let phrase = condition;
    if (name !== undefined) {
      const variable = variables[name];
      const value = variable === undefined ? '' : String(variable.current);
      if (value === '' || (variable !== undefined && isAll(variable))) phrase = '1=1';
    }
    out = out.replace(`${macro}${condition},${variableArg})`, phrase);
  }
  return out;
};

const quoteEach = (values: readonly string[], quote: string, escaped: string): string =>
  values.map((v) => `${quote}${v.split(quote).join(escaped)}${quote}`).join(',');

// Grafana's variable formats that make sense in SQL; anything else fails loudly instead of guessing.
const formatters: Record<string, (values: readonly string[]) => string> = {
  singlequote: (values) => quoteEach(values, "'", "\\'"),
  doublequote: (values) => quoteEach(values, '"', '\\"'),
  sqlstring: (values) => quoteEach(values, "'", "''"),
  csv: (values) => values.join(','),
  raw: (values) => values.join(','),
};

const format = (value: string | readonly string[], name: string | undefined): string => {
  const values = typeof value === 'string' ? [value] : value;
  if (name === undefined) return typeof value === 'string' ? value : `'${values.join("','")}'`;
  const formatter = formatters[name];
  if (formatter === undefined) throw new Error(`unsupported variable format :${name}`);
  return formatter(values);
};

/** templateSrv.replace: `$var`, `[[var]]`, `[[var:fmt]]`, `${var}`, `${var:fmt}`; unknown names stay as written. */
export const replaceVariables = (sql: string, ctx: FrontendContext): string => {
  const builtins: Record<string, string> = {
    __from: String(ctx.fromMs),
    __to: String(ctx.toMs),
    __interval: formatInterval(ctx.intervalMs),
    __interval_ms: String(ctx.intervalMs),
  };
  const re = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\${(\w+)(?:\.([^:^}]+))?(?::([^}]+))?}/g;
  return sql.replace(
    re,
    (match, g1?: string, g2?: string, g3?: string, g4?: string, _g5?: string, g6?: string) => {
      const name = g1 ?? g2 ?? g4 ?? '';
      const builtin = builtins[name];
      if (builtin !== undefined) return builtin;
      const variable = ctx.variables[name];
      if (variable === undefined) return match;
      return format(valueOf(variable), g3 ?? g6);
    },
  );
};

/** The SQL the plugin's backend receives for a panel query. */
export const interpolateFrontend = (sql: string, ctx: FrontendContext): string =>
  replaceVariables(applyConditionalAll(sql, ctx.variables), ctx);
