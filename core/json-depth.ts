/** Nesting deeper than this is refused before JSON.parse: no request body needs more, and parsers recurse. */
export const MAX_JSON_DEPTH = 128;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * Whether JSON text nests arrays and objects deeper than `max`, found by one loop over the text (no recursion)
 * that skips string contents. Works on UTF-8 bytes too: the bytes it looks for never occur inside a multi-byte
 * character. Malformed text is left for JSON.parse to reject.
 *
 * @example
 * jsonNestingExceeds('[[1]]', 1); // true
 */
export function jsonNestingExceeds(text: string | Uint8Array, max: number): boolean {
  const at: (i: number) => number =
    typeof text === 'string' ? (i) => text.charCodeAt(i) : (i) => text[i] as number;
  const length = text.length;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < length; i++) {
    const c = at(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}
