import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { Context, MiddlewareHandler } from 'hono';

export interface ConsoleStaticOptions {
  /** The built console (`vite build console` → console/dist). */
  dir: string;
}

/** Path roots that belong to the API and the compatibility endpoints: the console never answers them. */
export const RESERVED_ROOTS = [
  '/api',
  '/tempo',
  '/jaeger',
  '/v1',
  '/metrics',
  '/healthz',
  '/readyz',
] as const;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

// Vite names every file under assets/ after its content hash: a cached copy is never stale.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
const CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Spanloop</title>
<p>The Spanloop console is not built. Run <code>npm run console:build</code> (or <code>npm start</code>, which builds it) and reload.</p>`;

export const isReserved = (path: string): boolean =>
  RESERVED_ROOTS.some((root) => path === root || path.startsWith(`${root}/`));

/** The file a URL path names inside `root`, or undefined when it would leave it or is malformed. */
function fileOf(root: string, path: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.split('/').some((s) => s === '..')) return undefined;
  const file = resolve(root, `.${decoded}`);
  return file === root || file.startsWith(root + sep) ? file : undefined;
}

async function fileStat(file: string) {
  try {
    const s = await stat(file);
    return s.isFile() ? s : undefined;
  } catch {
    return undefined;
  }
}

async function send(c: Context, file: string, cacheControl: string): Promise<Response | undefined> {
  const s = await fileStat(file);
  if (s === undefined) return undefined;
  const etag = `W/"${s.size.toString(16)}-${Math.floor(s.mtimeMs).toString(16)}"`;
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const headers: Record<string, string> = {
    'content-type': type,
    'cache-control': cacheControl,
    etag,
    'x-content-type-options': 'nosniff',
  };
  if (type.startsWith('text/html')) {
    headers['content-security-policy'] = CSP;
    headers['referrer-policy'] = 'same-origin';
  }
  if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
  return c.body(await readFile(file), 200, headers);
}

/**
 * Serves the console's static files for GET and HEAD: hashed assets cached for good, index.html revalidated, and
 * any other page path a browser asks for answered with index.html (the console routes in the URL hash). Reserved
 * API roots and unknown files fall through to the next handler (the API's 404).
 */
export const consoleStatic = (opts: ConsoleStaticOptions): MiddlewareHandler => {
  const root = resolve(opts.dir);
  const index = join(root, 'index.html');
  return async (c, next) => {
    const method = c.req.method;
    const path = c.req.path;
    if ((method !== 'GET' && method !== 'HEAD') || isReserved(path)) return next();
    const file = path === '/' ? index : fileOf(root, path);
    if (file === undefined) return next();
    const cache = path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE;
    const served = file === index ? undefined : await send(c, file, cache);
    if (served !== undefined) return served;
    // A page path (no file extension) from a browser gets the app; a missing file stays a 404.
    const isPage =
      file === index || (extname(path) === '' && (c.req.header('accept') ?? '').includes('text/html'));
    if (!isPage) return next();
    const page = await send(c, index, REVALIDATE);
    if (page !== undefined) return page;
    return c.html(NOT_BUILT, 503, { 'cache-control': 'no-store' });
  };
};
