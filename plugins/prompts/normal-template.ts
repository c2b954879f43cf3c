import { AppError } from '../../core/app-error';

const OPEN = '{{';
const CLOSE = '}}';
const NAME = /^\s*([A-Za-z_][A-Za-z0-9_]{0,63})\s*$/;

/** The variable names a `normal` template uses, in order of first use. */
export function normalVariables(template: string): string[] {
  const names = new Set<string>();
  scan(template, (name) => void names.add(name));
  return [...names];
}

/** Calls `onVariable` for each `{{name}}`; any other `{{…}}` is text. Returns the literal pieces between them. */
function scan(template: string, onVariable: (name: string) => void): string[] {
  const literals: string[] = [];
  let from = 0;
  let cursor = 0;
  for (;;) {
    const open = template.indexOf(OPEN, cursor);
    if (open < 0) break;
    const close = template.indexOf(CLOSE, open + OPEN.length);
    if (close < 0) break;
    const name = NAME.exec(template.slice(open + OPEN.length, close))?.[1];
    if (name === undefined) {
      cursor = open + 1;
      continue;
    }
    literals.push(template.slice(from, open));
    onVariable(name);
    from = close + CLOSE.length;
    cursor = from;
  }
  literals.push(template.slice(from));
  return literals;
}

/** How a variable's value reads in text: strings as they are, everything else as JSON. */
export const valueText = (value: unknown): string =>
  typeof value === 'string' ? value : (JSON.stringify(value) ?? '');

export interface RenderBudget {
  /** Characters left for the whole render (every message together). */
  remaining: number;
}

/**
 * Renders a mustache-style `normal` template: `{{name}}` becomes the value, unescaped. A name without a value is a
 * 400 naming it; output past the budget is a 400 before it is built.
 */
export function renderNormal(
  template: string,
  values: ReadonlyMap<string, unknown>,
  budget: RenderBudget,
): string {
  const names: string[] = [];
  const literals = scan(template, (name) => void names.push(name));
  let out = literals[0] ?? '';
  budget.remaining -= out.length;
  names.forEach((name, i) => {
    if (!values.has(name))
      throw new AppError('invalid_argument', `variable "${name}" is used by the template but has no value`);
    const piece = valueText(values.get(name)) + (literals[i + 1] ?? '');
    budget.remaining -= piece.length;
    if (budget.remaining < 0) throw overBudget();
    out += piece;
  });
  if (budget.remaining < 0) throw overBudget();
  return out;
}

export const overBudget = () =>
  new AppError('invalid_argument', 'the rendered prompt is larger than 8 MiB; check the variable values');
