import type { AttributeScope, Field } from './ast';
import { lookupIntrinsic } from './parser';

const SCOPES: readonly AttributeScope[] = ['span', 'resource', 'event', 'link', 'instrumentation'];

// `span."a b"` as newer Grafana quotes it; the quotes are not part of the name.
const unquote = (name: string): string => {
  if (name.length < 2 || !name.startsWith('"') || !name.endsWith('"')) return name;
  try {
    return JSON.parse(name) as string;
  } catch {
    return name;
  }
};

/**
 * A tag name as the autocomplete endpoints receive it: an intrinsic, `scope.name` or `.name`. The name after the
 * scope is taken as is (spaces included), like Tempo; anything else is an unscoped attribute name.
 */
export function parseTagName(text: string): Field {
  const intrinsic = lookupIntrinsic(text);
  if (intrinsic !== undefined) return { type: 'intrinsic', name: intrinsic, at: 0 };
  if (text.startsWith('.') && text.length > 1)
    return { type: 'attribute', scope: 'unscoped', key: unquote(text.slice(1)), at: 0 };
  for (const scope of SCOPES)
    if (text.startsWith(`${scope}.`) && text.length > scope.length + 1)
      return { type: 'attribute', scope, key: unquote(text.slice(scope.length + 1)), at: 0 };
  return { type: 'attribute', scope: 'unscoped', key: text, at: 0 };
}
