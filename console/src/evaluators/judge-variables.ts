/** The variables a judge's messages use, `{{name}}`, in first-use order. */
const MUSTACHE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]{0,63})\s*\}\}/g;
export function judgeVariables(messages: readonly { content: string }[]): string[] {
  const seen = new Set<string>();
  for (const m of messages) for (const match of m.content.matchAll(MUSTACHE)) seen.add(match[1] as string);
  return [...seen];
}

/** A message split into text and `{{variable}}` pieces, for highlighting. */
export function splitVariables(text: string): { text: string; variable: boolean }[] {
  const pieces: { text: string; variable: boolean }[] = [];
  let at = 0;
  for (const match of text.matchAll(MUSTACHE)) {
    const start = match.index;
    if (start > at) pieces.push({ text: text.slice(at, start), variable: false });
    pieces.push({ text: match[0], variable: true });
    at = start + match[0].length;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), variable: false });
  return pieces;
}
