export {
  createPluginHost,
  type PluginEntry,
  type PluginHost,
  type PluginHostDeps,
  type PluginHostLimits,
} from './plugin-host';
export { loadPluginModule, moduleSpecifier } from './load-plugin';
export { validatePlugin } from './plugin-shape';
export type { FailurePoint } from './plugin-metrics';
