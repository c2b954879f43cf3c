import type { ErrorStatus, OpenApiContribution } from '../../schemas/openapi-operation';
import type { Plugin, PluginOperation } from '../sdk/plugin';

/** What the host answers itself on a plugin's mounted routes: authentication, the write scope, a stopped plugin. */
const MOUNTED_ERRORS: readonly ErrorStatus[] = ['401', '403', '429', '503'];
/** Root routes authenticate themselves; the host only answers 503 while the plugin is not running. */
const ROOT_ERRORS: readonly ErrorStatus[] = ['503'];

const ORDER: readonly ErrorStatus[] = ['400', '401', '403', '404', '409', '413', '429', '503'];

const withErrors = (op: PluginOperation, added: readonly ErrorStatus[], path: string, tag: string) => {
  const errors = new Set([...(op.errors ?? []), ...added]);
  return { ...op, path, tag, errors: ORDER.filter((s) => errors.has(s)) };
};

/** Names the document holds once: Spanloop's own, then each admitted plugin's. */
export interface OpenApiReserved {
  components: Iterable<string>;
  operationIds: Iterable<string>;
}

/**
 * Tracks which component names and operation ids are taken; `claim` takes a plugin's, or answers why it cannot
 * (taking none of them).
 */
export function openApiClaims(reserved: Partial<OpenApiReserved> = {}) {
  const owners = new Map<string, string>();
  for (const name of reserved.components ?? []) owners.set(`component ${name}`, 'Spanloop');
  for (const id of reserved.operationIds ?? []) owners.set(`operation id ${id}`, 'Spanloop');
  return {
    claim(plugin: Plugin): string | undefined {
      const doc = plugin.openapi;
      const ops = [...(doc?.operations ?? []), ...(doc?.rootOperations ?? [])];
      const wanted = [
        ...Object.keys(doc?.components ?? {}).map((n) => `component ${n}`),
        ...ops.map((op) => `operation id ${op.operationId}`),
      ];
      const taken = wanted.find((w) => owners.has(w));
      if (taken !== undefined) {
        const owner = owners.get(taken) ?? '';
        return `openapi: ${taken} is already documented by ${owner === 'Spanloop' ? owner : `plugin ${owner}`}`;
      }
      for (const w of wanted) owners.set(w, plugin.name);
      return undefined;
    },
  };
}

/** A documented root route as the host records served ones: `POST /v1/items/:id`. */
const endpointOf = (op: PluginOperation) =>
  `${(op.method ?? 'get').toUpperCase()} ${op.path.replace(/\{(\w+)\}/g, ':$1')}`;

/**
 * A plugin's `openapi` as the document takes it: paths under `/api/v1/<name>`, its name as the tag, the host's
 * own error statuses added, and only the root operations among `servedRoot` (`METHOD /path` it really serves).
 */
export function contributionOf(plugin: Plugin, servedRoot: readonly string[]): OpenApiContribution {
  const doc = plugin.openapi ?? {};
  const { name } = plugin;
  const mount = `/api/v1/${name}`;
  const served = new Set(servedRoot);
  return {
    tag: { name, description: doc.description ?? `Routes of the ${name} plugin` },
    components: doc.components ?? {},
    operations: [
      ...(doc.operations ?? []).map((op) =>
        withErrors(op, MOUNTED_ERRORS, op.path === '/' ? mount : `${mount}${op.path}`, name),
      ),
      ...(doc.rootOperations ?? [])
        .filter((op) => served.has(endpointOf(op)))
        .map((op) => withErrors(op, ROOT_ERRORS, op.path, name)),
    ],
  };
}

/** Documented root operations the plugin does not serve (left out of the document). */
export const unservedRootOperations = (plugin: Plugin, servedRoot: readonly string[]): string[] => {
  const served = new Set(servedRoot);
  return (plugin.openapi?.rootOperations ?? []).map(endpointOf).filter((e) => !served.has(e));
};
