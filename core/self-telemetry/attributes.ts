/** On a span Spanloop produces itself: the workspace it is written to (a workspace id); children inherit it. */
export const WORKSPACE_ATTRIBUTE = 'spanloop.workspace_id';
/** Resource attribute (boolean true) marking spans Spanloop produced itself rather than received. */
export const INTERNAL_ATTRIBUTE = 'spanloop.internal';
/** Resource attribute naming the plugin whose tracer produced the span. */
export const PLUGIN_ATTRIBUTE = 'spanloop.plugin';

/** Whether a stored span's resource marks it as produced by Spanloop. */
export const isInternalResource = (resource: Readonly<Record<string, string>>): boolean =>
  resource[INTERNAL_ATTRIBUTE] === 'true';
