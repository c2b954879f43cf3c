import type { Hono } from 'hono';
import type { ClickHouseExecutor } from '../../core/clickhouse/executor';
import type { SqlClient } from '../../core/metadata/types';
import type { PluginEnv } from '../sdk/index';
import { MetricsQuery } from './api-schemas';
import { promptByKey } from './prompt-store';
import { keyParam, queryOf } from './request-input';
import { emptyMetrics, versionMetrics, type VersionMetrics } from './version-metrics';
import { listVersions } from './version-store';

/**
 * GET /:key/metrics?from&to: traffic per version from the spans that carry the prompt (ours, Cozeloop's
 * prompt_key/prompt_version, Langfuse's prompt attributes). Committed versions without traffic are listed with
 * zeros, newest first; versions only spans know (another system's, or '' for unversioned runs) follow.
 */
export function metricsRoutes(
  app: Hono<PluginEnv>,
  deps: { sql: SqlClient; clickhouse: Pick<ClickHouseExecutor, 'query'> },
): void {
  app.get('/:key/metrics', async (c) => {
    const { from, to } = queryOf(c, MetricsQuery);
    const workspaceId = c.get('workspaceId');
    const key = keyParam(c);
    const [measured, prompt] = await Promise.all([
      versionMetrics(deps.clickhouse, { workspaceId, promptKey: key, from, to }),
      promptByKey(deps.sql, workspaceId, key),
    ]);
    const committed =
      prompt === undefined
        ? []
        : await listVersions(deps.sql, prompt.id, { includeDeleted: true, limit: 1000 });
    const byVersion = new Map(measured.map((m) => [m.version, m]));
    const versions: VersionMetrics[] = committed
      .filter((v) => v.deletedAt === null || byVersion.has(v.version))
      .map((v) => byVersion.get(v.version) ?? emptyMetrics(v.version));
    const known = new Set(versions.map((v) => v.version));
    versions.push(...measured.filter((m) => !known.has(m.version)));
    return c.json({ key, from, to, versions });
  });
}
