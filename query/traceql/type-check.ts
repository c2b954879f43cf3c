import type { Comparison, IntrinsicName, Literal } from './ast';
import { TraceQLSyntaxError } from './lexer';

type Want = 'text' | 'status' | 'kind' | 'duration';

const WANTS: Readonly<Record<IntrinsicName, Want>> = {
  name: 'text',
  status: 'status',
  statusMessage: 'text',
  kind: 'kind',
  duration: 'duration',
  spanId: 'text',
  parentId: 'text',
  traceId: 'text',
  rootName: 'text',
  rootServiceName: 'text',
  traceDuration: 'duration',
  eventName: 'text',
  scopeName: 'text',
  scopeVersion: 'text',
};

const EXPECTED: Readonly<Record<Want, string>> = {
  text: 'a string',
  status: 'a status (error, ok, unset)',
  kind: 'a kind (unspecified, internal, server, client, producer, consumer)',
  duration: 'a duration such as 100ms',
};

// RE2 spellings JS lacks; rewritten only to let JS judge whether the pattern is well formed.
const jsJudgeable = (re: string): string =>
  re
    .replace(/\(\?P</g, '(?<')
    .replace(/\(\?[imsU]+\)/g, '')
    .replace(/\(\?[imsU-]+:/g, '(?:');

const isRegex = (re: string): boolean => {
  try {
    new RegExp(jsJudgeable(re));
    return true;
  } catch {
    return false;
  }
};

const fitsIntrinsic = (want: Want, value: Literal): boolean =>
  value.type === 'nil' ||
  (want === 'text' && value.type === 'string') ||
  (want === 'status' && value.type === 'status') ||
  (want === 'kind' && value.type === 'kind') ||
  (want === 'duration' && value.type === 'duration');

/** Refuses comparisons that have no meaning (`status > error`, `duration = "x"`), at the offending token. */
export function checkComparison(c: Comparison): void {
  const { field, op, value } = c;
  const equality = op === '=' || op === '!=';
  const regex = op === '=~' || op === '!~';
  if (regex && value.type !== 'string')
    throw new TraceQLSyntaxError(value.at, `expected a string (regular expression) after ${op}`);
  if (regex && value.type === 'string' && !isRegex(value.value))
    throw new TraceQLSyntaxError(value.at, 'invalid regular expression');
  if ((value.type === 'nil' || value.type === 'bool') && !equality)
    throw new TraceQLSyntaxError(
      c.opAt,
      `${value.type === 'nil' ? 'nil' : 'a bool'} compares only with = or !=`,
    );
  if (field.type === 'attribute') {
    if (value.type === 'status' || value.type === 'kind')
      throw new TraceQLSyntaxError(value.at, `expected a string, number, bool or nil, found ${value.value}`);
    return;
  }
  const want = WANTS[field.name];
  if (!fitsIntrinsic(want, value)) throw new TraceQLSyntaxError(value.at, `expected ${EXPECTED[want]}`);
  if ((want === 'status' || want === 'kind') && !equality)
    throw new TraceQLSyntaxError(c.opAt, `${want} compares only with = or !=`);
}
