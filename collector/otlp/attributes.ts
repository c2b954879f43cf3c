import type { AttrType, Attributes } from '../../schemas/otlp-model';

/** A nested array or kvlist element as it appears in the JSON text of an attribute value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** AnyValue nesting beyond this is refused rather than recursed into (stack safety). */
export const MAX_VALUE_DEPTH = 64;

export const newAttributes = (): Attributes => ({ values: {}, types: {} });

/** Stores one attribute; a later duplicate key wins, including its type. */
export function setAttribute(
  attrs: Attributes,
  key: string,
  value: string,
  type: AttrType | undefined,
): void {
  if (key === '__proto__') {
    setOwn(attrs.values, key, value);
    if (type !== undefined) setOwn(attrs.types, key, type);
    else if (Object.hasOwn(attrs.types, key)) delete attrs.types[key];
    return;
  }
  attrs.values[key] = value;
  if (type !== undefined) attrs.types[key] = type;
  else if (attrs.types[key] !== undefined) delete attrs.types[key];
}

// A plain assignment to '__proto__' would hit the prototype setter and drop the value.
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** Non-finite doubles have no JSON number form; proto3 JSON spells them as strings. */
export const doubleJson = (n: number): number | string => (Number.isFinite(n) ? n : String(n));
