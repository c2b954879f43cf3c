import type { Scope } from '../../schemas/access';

/** A route that needs another scope than its method's: `path` with `:name` or `{name}` segments. */
export interface RouteScope {
  method: string;
  path: string;
  scope: Scope;
}

/** Finds the scope a request's route declares; undefined when it declares none. */
export type DeclaredScope = (method: string, path: string) => Scope | undefined;

const escape = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

const pattern = (path: string): RegExp =>
  new RegExp(
    `^${path
      .split('/')
      .map((part) => (/^(:\w+|\{\w+\})$/.test(part) ? '[^/]+' : escape(part)))
      .join('/')}/?$`,
  );

/** The declared scopes of a route table, looked up by method and path. */
export function routeScopes(table: readonly RouteScope[]): DeclaredScope {
  const compiled = table.map((r) => ({
    method: r.method.toUpperCase(),
    re: pattern(r.path),
    scope: r.scope,
  }));
  return (method, path) => {
    const m = method.toUpperCase();
    return compiled.find((r) => r.method === m && r.re.test(path))?.scope;
  };
}
