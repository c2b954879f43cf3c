/**
 * A Cozeloop request body with every `null` object field dropped, at any depth: Cozeloop's Go server reads a JSON
 * null as an absent field, and the Python SDK sends each unset optional that way (`"version": null`).
 */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}
