import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { consoleStatic } from './console-static';

const dir = mkdtempSync(join(tmpdir(), 'console-static-'));
mkdirSync(join(dir, 'assets'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
writeFileSync(join(dir, 'robots.txt'), 'User-agent: *');
writeFileSync(join(tmpdir(), 'console-static-secret.txt'), 'secret');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The console mounted like query/app.ts does: after an API route, before the JSON 404. */
const appFor = (consoleDir: string) => {
  const app = new Hono();
  app.notFound((c) => c.json({ error: { code: 'not_found', message: 'no route' } }, 404));
  app.get('/api/v1/thing', (c) => c.json({ ok: true }));
  app.get('*', consoleStatic({ dir: consoleDir }));
  return app;
};
const app = appFor(dir);
const html = { accept: 'text/html,application/xhtml+xml' };

describe('console static files', () => {
  it('serves index.html at / for revalidation, with a content security policy', async () => {
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await res.text()).toContain('<title>console</title>');
  });

  it('caches hashed assets for good and answers 304 to a matching ETag', async () => {
    const res = await app.request('/assets/index-abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const etag = res.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    const again = await app.request('/assets/index-abc123.js', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('answers a browser page path with the app, but a missing file with the JSON 404', async () => {
    const page = await app.request('/w/default/traces', { headers: html });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>console</title>');
    const missing = await app.request('/assets/gone.js', { headers: html });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'no route' } });
    expect((await app.request('/other-page')).status).toBe(404);
  });

  it('never answers API or compatibility paths, even for a browser', async () => {
    expect(await (await app.request('/api/v1/thing', { headers: html })).json()).toEqual({ ok: true });
    for (const path of [
      '/api/v1/nope',
      '/api',
      '/tempo/api/search',
      '/jaeger/api/traces',
      '/v1/traces',
      '/metrics',
      '/healthz',
      '/readyz',
    ]) {
      const res = await app.request(path, { headers: html });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toContain('application/json');
    }
    expect((await app.request('/apiary', { headers: html })).status).toBe(200);
  });

  it('does not leave its folder, whatever the encoding', async () => {
    for (const path of [
      '/../console-static-secret.txt',
      '/%2e%2e/console-static-secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fconsole-static-secret.txt',
      '/%00',
      '/%E0%A4%A',
    ]) {
      const res = await app.request(path, { headers: html });
      expect(await res.text(), path).not.toContain('secret');
    }
  });

  it('serves other files from the folder and answers only GET and HEAD', async () => {
    expect(await (await app.request('/robots.txt')).text()).toBe('User-agent: *');
    const head = await app.request('/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect((await app.request('/', { method: 'POST' })).status).toBe(404);
  });

  it('says how to build the console when it is not built', async () => {
    const res = await appFor(join(dir, 'missing')).request('/', { headers: html });
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run console:build');
  });
});
