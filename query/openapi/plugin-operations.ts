import type { ApiOperation } from './operation';

/** The plugin host's own routes under /api/v1 (each plugin's routes live under /api/v1/<name>). */
export const PLUGIN_OPERATIONS: readonly ApiOperation[] = [
  {
    path: '/api/v1/plugins',
    operationId: 'listPlugins',
    tag: 'plugins',
    summary: 'Loaded plugins with their status, routes, span consumers and evaluators',
    description:
      'A plugin that failed to load or start is listed with status `failed` and the reason; its routes answer 503 ' +
      'and the rest of Spanloop runs.',
    response: { description: 'the plugins, in load order', body: 'PluginList' },
    errors: ['401', '403', '429'],
  },
];
