import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from '../sdk/plugin';
import { validatePlugin } from './plugin-shape';

const ESM_HINT =
  'a TypeScript plugin must be an ES module: name it .mts, or put it in a folder whose package.json has "type": "module"';

/** A path (absolute, `./…`, `../…`, or a file name with a module extension) rather than a package name. */
const isPath = (spec: string): boolean =>
  isAbsolute(spec) || spec.startsWith('.') || /\.(m?[jt]s|c?js)$/.test(spec);

/** The import specifier of a plugin module: a file URL for a path (resolved against `cwd`), else the package. */
export const moduleSpecifier = (spec: string, cwd: string): string =>
  isPath(spec) ? pathToFileURL(resolve(cwd, spec)).href : spec;

/**
 * Imports a third-party plugin by package name or path and validates its default export (or the export named
 * `plugin`). `.ts`/`.mts` files load when Spanloop runs under tsx, as the `spanloop` command does. Throws an Error
 * naming the module for anything that is not a valid plugin: a configuration mistake stops the start.
 */
export async function loadPluginModule(spec: string, cwd: string): Promise<Plugin> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(moduleSpecifier(spec, cwd))) as Record<string, unknown>;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // tsx loads a .ts file outside an ES module package as CommonJS, which cannot import the SDK.
    const hint = /\.ts$/.test(spec) && /require\(\)/.test(message) ? ` (${ESM_HINT})` : '';
    throw new Error(`plugin ${spec} could not be loaded: ${message}${hint}`, { cause: e });
  }
  const value = mod.default ?? mod.plugin;
  if (value === undefined)
    throw new Error(
      `plugin ${spec} exports no plugin: export default definePlugin({ … }) or export const plugin`,
    );
  const plugin = validatePlugin(value, spec);
  if (!plugin.ok) throw new Error(plugin.error.message);
  return plugin.value;
}
