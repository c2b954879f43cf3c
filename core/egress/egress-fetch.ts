import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { Readable, Transform, pipeline } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { AppError } from '../app-error';
import type { Result } from '../result';
import type { EgressFetch, EgressTarget } from './types';

export interface EgressLimits {
  /** To open the TCP (and TLS) connection. */
  connectTimeoutMs: number;
  /** Whole request, body included; streams longer than this are cut. */
  timeoutMs: number;
  /** Response body after decompression. */
  maxResponseBytes: number;
  maxRedirects: number;
}

export const DEFAULT_EGRESS_LIMITS: EgressLimits = {
  connectTimeoutMs: 10_000,
  timeoutMs: 15 * 60_000,
  maxResponseBytes: 32 * 1024 * 1024,
  maxRedirects: 5,
};

type Check = (url: URL) => Promise<Result<EgressTarget>>;

// Sent again to another origin after a redirect; everything else (keys, custom headers) stays with the first.
const CROSS_ORIGIN_HEADERS = new Set(['accept', 'accept-language', 'content-type', 'user-agent']);
const HOP_HEADERS = [
  'connection',
  'keep-alive',
  'transfer-encoding',
  'host',
  'content-length',
  'accept-encoding',
];
const NULL_BODY = new Set([101, 204, 205, 304]);

/** The connection goes to the checked address only: Node asks this instead of DNS. */
const pinnedLookup =
  (t: EgressTarget): LookupFunction =>
  (_host, options, callback) => {
    if (options.all) callback(null, [{ address: t.address, family: t.family }]);
    else callback(null, t.address, t.family);
  };

function decoded(res: IncomingMessage): Readable {
  switch ((res.headers['content-encoding'] ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return pipeline(res, createGunzip(), () => undefined);
    case 'deflate':
      return pipeline(res, createInflate(), () => undefined);
    case 'br':
      return pipeline(res, createBrotliDecompress(), () => undefined);
    default:
      return res;
  }
}

/** fetch() over node:http(s), each hop checked and pinned; see EgressPolicy.fetch. */
export function createEgressFetch(
  check: Check,
  limits: EgressLimits,
  ca?: string,
): { fetch: EgressFetch; close: () => Promise<void> } {
  const agents = {
    'http:': new HttpAgent({ keepAlive: true }),
    'https:': new HttpsAgent({ keepAlive: true, ...(ca === undefined ? {} : { ca }) }),
  };

  function send(
    target: EgressTarget,
    method: string,
    headers: Headers,
    body: Buffer | undefined,
    signal: AbortSignal,
  ): Promise<IncomingMessage> {
    const { url } = target;
    const outgoing: Record<string, string> = {};
    headers.forEach((value, name) => {
      if (!HOP_HEADERS.includes(name)) outgoing[name] = value;
    });
    outgoing.host = url.host;
    outgoing['accept-encoding'] = 'gzip, deflate, br';
    if (body !== undefined) outgoing['content-length'] = String(body.length);
    const https = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const req = (https ? httpsRequest : httpRequest)({
        host: target.host,
        port: target.port,
        path: `${url.pathname}${url.search}`,
        method,
        headers: outgoing,
        agent: https ? agents['https:'] : agents['http:'],
        lookup: pinnedLookup(target),
        signal,
        ...(https && isIP(target.host) === 0 ? { servername: target.host } : {}),
      });
      req.on('socket', (socket) => {
        if (!socket.connecting) return;
        const timer = setTimeout(
          () =>
            req.destroy(
              new AppError(
                'unavailable',
                `connecting to ${url.host} timed out after ${limits.connectTimeoutMs} ms`,
              ),
            ),
          limits.connectTimeoutMs,
        );
        socket.once(https ? 'secureConnect' : 'connect', () => clearTimeout(timer));
        socket.once('close', () => clearTimeout(timer));
      });
      req.on('response', resolve);
      req.on('error', (e: Error & { code?: string }) =>
        reject(
          e instanceof AppError || e.name === 'AbortError'
            ? e
            : new AppError('unavailable', `cannot connect to ${url.host}${e.code ? ` (${e.code})` : ''}`),
        ),
      );
      req.end(body);
    });
  }

  function toResponse(res: IncomingMessage, url: URL, signal: AbortSignal, timeout: AbortSignal): Response {
    const headers = new Headers();
    for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
      headers.append(res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string);
    const status = res.statusCode ?? 0;
    if (status < 200 || status > 599) {
      res.destroy();
      throw new AppError('unavailable', `${url.host} answered with status ${status}`);
    }
    let body: ReadableStream | null = null;
    if (NULL_BODY.has(status)) {
      res.resume();
    } else {
      headers.delete('content-encoding');
      headers.delete('content-length');
      let seen = 0;
      const max = limits.maxResponseBytes;
      const counted = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          seen += chunk.length;
          if (seen > max)
            callback(new AppError('too_large', `the answer of ${url.host} is larger than ${max} bytes`));
          else callback(null, chunk);
        },
      });
      const out = pipeline(decoded(res), counted, () => undefined);
      // A body cut by the caller reads as an abort (as with the global fetch), by the overall limit as a timeout.
      const stop = () =>
        out.destroy(
          timeout.aborted
            ? new AppError('unavailable', `${url.host} timed out after ${limits.timeoutMs} ms`)
            : new DOMException('This operation was aborted', 'AbortError'),
        );
      signal.addEventListener('abort', stop, { once: true });
      out.once('close', () => signal.removeEventListener('abort', stop));
      body = Readable.toWeb(out) as ReadableStream;
    }
    const response = new Response(body, { status, statusText: res.statusMessage ?? '', headers });
    Object.defineProperty(response, 'url', { value: url.href });
    return response;
  }

  const fetch: EgressFetch = async (input, init) => {
    const request = new Request(input, init);
    const timeout = AbortSignal.timeout(limits.timeoutMs);
    const signal = AbortSignal.any([request.signal, timeout]);
    let url = new URL(request.url);
    let method = request.method;
    let headers = new Headers(request.headers);
    let body = method === 'GET' || method === 'HEAD' ? undefined : Buffer.from(await request.arrayBuffer());
    for (let hop = 0; ; hop++) {
      const checked = await check(url);
      if (!checked.ok) throw checked.error;
      let res: IncomingMessage;
      try {
        res = await send(checked.value, method, headers, body, signal);
      } catch (e) {
        if (timeout.aborted && !request.signal.aborted)
          throw new AppError('unavailable', `${url.host} timed out after ${limits.timeoutMs} ms`);
        throw e;
      }
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && location !== undefined && request.redirect !== 'manual') {
        res.resume();
        if (request.redirect === 'error')
          throw new AppError('unavailable', `${url.host} redirected (status ${status})`);
        if (hop >= limits.maxRedirects)
          throw new AppError('unavailable', `more than ${limits.maxRedirects} redirects from ${url.host}`);
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw new AppError('unavailable', `${url.host} redirected to an invalid URL`);
        }
        if (next.origin !== url.origin) {
          const kept = new Headers();
          headers.forEach((v, k) => {
            if (CROSS_ORIGIN_HEADERS.has(k)) kept.set(k, v);
          });
          headers = kept;
        }
        if (
          (status === 303 && method !== 'HEAD') ||
          ((status === 301 || status === 302) && method === 'POST')
        ) {
          method = 'GET';
          body = undefined;
          headers.delete('content-type');
        }
        url = next;
        continue;
      }
      return toResponse(res, url, signal, timeout);
    }
  };

  return {
    fetch,
    close: () => {
      agents['http:'].destroy();
      agents['https:'].destroy();
      return Promise.resolve();
    },
  };
}
