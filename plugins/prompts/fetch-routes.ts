import type { Context, Hono } from 'hono';
import type { SqlClient } from '../../core/metadata/types';
import type { PluginEnv } from '../sdk/index';
import { FetchQuery, RenderBody } from './api-schemas';
import { canonicalJson, sha256 } from './content-hash';
import type { JinjaRenderer } from './jinja-sandbox';
import { labelsOf } from './label-store';
import { renderTemplate } from './render';
import { actorOf, jsonBody, keyParam, queryOf } from './request-input';
import { resolvePrompt, resolveSource, selectorOf } from './resolve';
import { promptView, versionView } from './views';

/** True when an `If-None-Match` header matches the entity tag (weak comparison, `*` included). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/** Answers a JSON body with its entity tag, or 304 when the client already holds it. */
function cachedJson(c: Context, body: unknown, cacheControl: string) {
  const etag = `"${sha256(canonicalJson(body)).slice(0, 40)}"`;
  c.header('ETag', etag);
  c.header('Cache-Control', cacheControl);
  if (matchesEtag(c.req.header('if-none-match'), etag)) return c.body(null, 304);
  return c.json(body);
}

/** SDK-style reads: a prompt by key and label or version (ETag, If-None-Match), and rendering it. */
export function fetchRoutes(app: Hono<PluginEnv>, deps: { sql: SqlClient; jinja: JinjaRenderer }): void {
  app.get('/:key', async (c) => {
    const q = queryOf(c, FetchQuery);
    const selector = selectorOf(q);
    const resolved = await resolvePrompt(deps.sql, c.get('workspaceId'), keyParam(c), selector);
    const labels = await labelsOf(deps.sql, resolved.prompt.id);
    const version = resolved.version;
    if (version === undefined) throw new Error('a committed selector resolved to a draft');
    const body = { prompt: promptView(resolved.prompt), version: versionView(version, labels) };
    // A pinned version never changes; a label or "latest" can move at any time, so clients revalidate (cheap: 304).
    return cachedJson(c, body, selector.kind === 'version' ? 'private, max-age=60' : 'private, no-cache');
  });

  app.post('/:key/render', async (c) => {
    const body = await jsonBody(c, RenderBody);
    const resolved = await resolveSource(
      deps.sql,
      c.get('workspaceId'),
      keyParam(c),
      body,
      actorOf(c.get('principal')),
    );
    const rendered = await renderTemplate(
      resolved.template,
      body.variables,
      deps.jinja,
      c.get('workspaceId'),
    );
    return c.json({ key: resolved.prompt.key, version: resolved.version?.version ?? null, ...rendered });
  });
}
