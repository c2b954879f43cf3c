/** The server key that seals provider API keys: 32 random bytes written as 64 hex digits or base64(url). */
export const SERVER_KEY_BYTES = 32;

const HEX = /^[0-9a-fA-F]{64}$/;
const BASE64 = /^[A-Za-z0-9+/_-]{43}=?$/;

/** The key's bytes, or undefined when the text is not 32 bytes in hex or base64. */
export function decodeServerKey(text: string): Uint8Array | undefined {
  const t = text.trim();
  if (HEX.test(t)) return Uint8Array.from(t.match(/../g) ?? [], (h) => parseInt(h, 16));
  if (!BASE64.test(t)) return undefined;
  const binary = atob(t.replace(/-/g, '+').replace(/_/g, '/').replace(/=$/, '') + '=');
  return binary.length === SERVER_KEY_BYTES ? Uint8Array.from(binary, (c) => c.charCodeAt(0)) : undefined;
}
