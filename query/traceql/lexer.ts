import type { AttributeScope, ComparisonOp } from './ast';

export type Token =
  | { t: 'punct'; v: '{' | '}' | '(' | ')' | '&&' | '||' | '|' | '!' | ','; at: number }
  | { t: 'op'; v: ComparisonOp; at: number }
  | { t: 'string'; v: string; at: number }
  | { t: 'number'; v: number; at: number }
  | { t: 'duration'; v: number; at: number }
  | { t: 'ident'; v: string; at: number }
  | { t: 'colon'; scope: string; v: string; at: number }
  | { t: 'attribute'; scope: AttributeScope; v: string; at: number }
  | { t: 'eof'; at: number };

/** A syntax error at an offset of the query; turned into an invalid_argument by the parser's caller. */
export class TraceQLSyntaxError extends Error {
  constructor(
    readonly at: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

const SCOPES: ReadonlySet<string> = new Set(['span', 'resource', 'event', 'link', 'instrumentation']);
const NS_PER_UNIT: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};
const OPS: readonly ComparisonOp[] = ['!=', '<=', '>=', '=~', '!~', '=', '<', '>'];
const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  '"': '"',
  "'": "'",
  '/': '/',
  n: '\n',
  t: '\t',
  r: '\r',
};
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const DURATION_PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/y;
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;

// Tempo's attribute names run until whitespace or one of these.
const endsAttribute = (c: string): boolean => /\s/.test(c) || '{}()=~!<>&|^,"'.includes(c);

const sticky = (re: RegExp, text: string, at: number): RegExpExecArray | null => {
  re.lastIndex = at;
  return re.exec(text);
};

/** Splits a query into tokens; throws TraceQLSyntaxError with the offset of the first bad character. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;

  const quoted = (start: number): { value: string; end: number } => {
    const quote = text[start];
    let value = '';
    let j = start + 1;
    while (j < text.length) {
      const c = text[j] as string;
      if (c === quote) return { value, end: j + 1 };
      if (c === '\\' && quote === '"') {
        const escaped = ESCAPES[text[j + 1] ?? ''];
        if (escaped === undefined) throw new TraceQLSyntaxError(j, 'unknown escape sequence in string');
        value += escaped;
        j += 2;
        continue;
      }
      value += c;
      j += 1;
    }
    throw new TraceQLSyntaxError(start, 'unterminated string');
  };

  const attributeName = (start: number): { value: string; end: number } => {
    if (text[start] === '"') return quoted(start);
    let j = start;
    while (j < text.length && !endsAttribute(text[j] as string)) j += 1;
    if (j === start) throw new TraceQLSyntaxError(start, 'expected an attribute name');
    return { value: text.slice(start, j), end: j };
  };

  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    const at = i;
    const two = text.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      tokens.push({ t: 'punct', v: two, at });
      i += 2;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (op !== undefined) {
      tokens.push({ t: 'op', v: op, at });
      i += op.length;
      continue;
    }
    if ('{}()|!,'.includes(c)) {
      tokens.push({ t: 'punct', v: c as '{', at });
      i += 1;
      continue;
    }
    if (c === '"' || c === '`') {
      const s = quoted(i);
      tokens.push({ t: 'string', v: s.value, at });
      i = s.end;
      continue;
    }
    if (c === '.') {
      const name = attributeName(i + 1);
      tokens.push({ t: 'attribute', scope: 'unscoped', v: name.value, at });
      i = name.end;
      continue;
    }
    const number = sticky(NUMBER, text, i);
    if (number !== null) {
      const duration = durationAt(text, i);
      if (duration !== undefined) {
        if (!Number.isSafeInteger(duration.nanos))
          throw new TraceQLSyntaxError(at, 'duration out of range (at most 2^53 ns, about 104 days)');
        tokens.push({ t: 'duration', v: duration.nanos, at });
        i = duration.end;
      } else {
        const value = Number(number[0]);
        if (!Number.isFinite(value)) throw new TraceQLSyntaxError(at, 'number out of range');
        tokens.push({ t: 'number', v: value, at });
        i += number[0].length;
      }
      if (/[A-Za-z_µ]/.test(text[i] ?? '')) throw new TraceQLSyntaxError(i, 'unknown duration unit');
      continue;
    }
    const ident = sticky(IDENT, text, i);
    if (ident === null) throw new TraceQLSyntaxError(i, `unexpected character ${JSON.stringify(c)}`);
    const word = ident[0];
    i += word.length;
    if (text[i] === '.' && SCOPES.has(word)) {
      const name = attributeName(i + 1);
      tokens.push({ t: 'attribute', scope: word as AttributeScope, v: name.value, at });
      i = name.end;
    } else if (text[i] === '.') {
      throw new TraceQLSyntaxError(at, `unknown attribute scope "${word}"`);
    } else if (text[i] === ':') {
      const member = sticky(IDENT, text, i + 1);
      if (member === null) throw new TraceQLSyntaxError(i + 1, `expected an intrinsic after "${word}:"`);
      tokens.push({ t: 'colon', scope: word, v: member[0], at });
      i += 1 + member[0].length;
    } else {
      tokens.push({ t: 'ident', v: word, at });
    }
  }
  tokens.push({ t: 'eof', at: text.length });
  return tokens;
}

/** A Go-style duration (`100ms`, `1.5s`, `1h30m`) starting at `at`, in nanoseconds. */
function durationAt(text: string, at: number): { nanos: number; end: number } | undefined {
  const negative = text[at] === '-';
  let i = negative ? at + 1 : at;
  let nanos = 0;
  for (let part = sticky(DURATION_PART, text, i); part !== null; part = sticky(DURATION_PART, text, i)) {
    nanos += Number(part[1]) * (NS_PER_UNIT[part[2] as string] ?? 0);
    i += part[0].length;
  }
  if (i === (negative ? at + 1 : at)) return undefined;
  return { nanos: Math.round(negative ? -nanos : nanos), end: i };
}

/** Parses a whole Go duration string (`minDuration=1.5s`); undefined when it is not one. */
export function parseGoDuration(text: string): number | undefined {
  const d = durationAt(text, 0);
  return d !== undefined && d.end === text.length && Number.isSafeInteger(d.nanos) ? d.nanos : undefined;
}
