import type { StoredSpan, TypedAttributes } from '../../schemas/stored-span';

export interface ScopeGroup {
  name: string;
  version: string;
  spans: StoredSpan[];
}

/** One OTLP ResourceSpans: the spans sharing a resource, split by instrumentation scope. */
export interface ResourceGroup {
  attributes: TypedAttributes;
  scopes: ScopeGroup[];
}

/** OTLP enum numbers of the names the store keeps. */
export const SPAN_KIND_NUMBER: Readonly<Record<string, number>> = {
  Unspecified: 0,
  Internal: 1,
  Server: 2,
  Client: 3,
  Producer: 4,
  Consumer: 5,
};
export const STATUS_CODE_NUMBER: Readonly<Record<string, number>> = { Unset: 0, Ok: 1, Error: 2 };

/** Regroups stored spans the way OTLP nests them: resource, then scope, in first-seen order. */
export function groupByResource(spans: readonly StoredSpan[]): ResourceGroup[] {
  const resources = new Map<string, { group: ResourceGroup; scopes: Map<string, ScopeGroup> }>();
  for (const span of spans) {
    const resourceKey = JSON.stringify(span.resourceAttributes);
    let resource = resources.get(resourceKey);
    if (resource === undefined) {
      resource = { group: { attributes: span.resourceAttributes, scopes: [] }, scopes: new Map() };
      resources.set(resourceKey, resource);
    }
    const scopeKey = `${span.scopeName}\u0000${span.scopeVersion}`;
    let scope = resource.scopes.get(scopeKey);
    if (scope === undefined) {
      scope = { name: span.scopeName, version: span.scopeVersion, spans: [] };
      resource.scopes.set(scopeKey, scope);
      resource.group.scopes.push(scope);
    }
    scope.spans.push(span);
  }
  return [...resources.values()].map((r) => r.group);
}
