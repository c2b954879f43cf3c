import { expandMacros } from './sql-macros';
import type { FrontendContext } from './template-variables';
import { interpolateFrontend } from './template-variables';

/** What ClickHouse receives for a panel's SQL: Grafana's frontend interpolation, then the plugin's macros. */
export const expandPanelSql = (sql: string, ctx: FrontendContext): string =>
  expandMacros(interpolateFrontend(sql, ctx), ctx);
