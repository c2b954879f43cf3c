import type { PromptTemplate, VariableDef } from '../api/prompt-types';

const MUSTACHE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]{0,63})\s*\}\}/g;
// Jinja words that look like variables but are not inputs.
const JINJA_WORDS = new Set(['loop', 'true', 'false', 'none', 'True', 'False', 'None']);

/** Variable names the messages use: `{{name}}` (and `{{ name }}` in Jinja), in first-use order. */
export function usedVariables(t: PromptTemplate): string[] {
  const seen = new Set<string>();
  for (const m of t.messages) {
    if (m.role === 'placeholder') {
      if (m.content.trim() !== '') seen.add(m.content.trim());
      continue;
    }
    for (const match of m.content.matchAll(MUSTACHE)) {
      const name = match[1] as string;
      if (!JINJA_WORDS.has(name)) seen.add(name);
    }
  }
  return [...seen];
}

/** The variable list with every used name defined (new ones as strings; placeholders typed so). */
export function syncVariables(t: PromptTemplate): VariableDef[] {
  const defined = new Map(t.variables.map((v) => [v.key, v]));
  const placeholders = new Set(
    t.messages.filter((m) => m.role === 'placeholder').map((m) => m.content.trim()),
  );
  const added: VariableDef[] = usedVariables(t)
    .filter((k) => !defined.has(k))
    .map((key) => ({ key, desc: '', type: placeholders.has(key) ? 'placeholder' : 'string' }));
  return [...t.variables, ...added];
}
