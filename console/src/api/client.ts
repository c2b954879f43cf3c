import type { ErrorBody } from './types';

/** An API answer that was not 2xx, with the server's error code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Fired on window when any call answers 401, so the session can return to the login page. */
export const UNAUTHENTICATED_EVENT = 'spanloop:unauthenticated';

export type QueryValue = string | number | undefined | readonly (string | number)[];
export type Query = Record<string, QueryValue>;

export interface ApiClient {
  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T>;
  post<T>(path: string, body?: unknown, signal?: AbortSignal): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body?: unknown): Promise<T>;
  del<T>(path: string, body?: unknown): Promise<T>;
  /** A raw body (a file) POSTed as is, with its query; answers JSON like the other calls. */
  upload<T>(path: string, query: Query, body: Blob, signal?: AbortSignal): Promise<T>;
  /** The raw response of a POST, for streamed answers; errors are thrown like the other calls. */
  stream(path: string, body: unknown, signal?: AbortSignal): Promise<Response>;
  /** The bytes a GET answers (uploaded files), with the workspace header an <img> or link could not send. */
  blob(path: string, signal?: AbortSignal): Promise<Blob>;
}

const API_ROOT = 'api/v1';

export function queryString(query: Query | undefined): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) for (const v of value as (string | number)[]) params.append(name, String(v));
    else params.set(name, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

async function failure(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as Partial<ErrorBody>;
    if (body.error && typeof body.error.message === 'string')
      return new ApiError(res.status, body.error.code, body.error.message);
  } catch {
    // not JSON: fall through to the status text
  }
  return new ApiError(res.status, 'http_error', text.slice(0, 200) || `${res.status} ${res.statusText}`);
}

/**
 * Calls the REST API on the console's own origin with the session cookie; `workspace` (id or name) goes in the
 * x-spanloop-workspace header so one login can act in each of its workspaces.
 */
export function createApiClient(workspace?: string): ApiClient {
  const send = async (method: string, path: string, body?: unknown, signal?: AbortSignal) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (workspace !== undefined) headers['x-spanloop-workspace'] = workspace;
    const raw = body instanceof Blob;
    if (body !== undefined)
      headers['content-type'] = raw ? body.type || 'application/octet-stream' : 'application/json';
    const res = await fetch(`${API_ROOT}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: raw ? body : JSON.stringify(body) }),
      ...(signal === undefined ? {} : { signal }),
    });
    if (!res.ok) {
      const error = await failure(res);
      if (res.status === 401 && path !== '/auth/login')
        window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
      throw error;
    }
    return res;
  };
  const json = async <T>(res: Response): Promise<T> =>
    (res.status === 204 ? undefined : await res.json()) as T;
  return {
    get: async (path, query, signal) =>
      json(await send('GET', `${path}${queryString(query)}`, undefined, signal)),
    post: async (path, body, signal) => json(await send('POST', path, body ?? {}, signal)),
    put: async (path, body) => json(await send('PUT', path, body ?? {})),
    patch: async (path, body) => json(await send('PATCH', path, body ?? {})),
    del: async (path, body) => json(await send('DELETE', path, body)),
    upload: async (path, query, body, signal) =>
      json(await send('POST', `${path}${queryString(query)}`, body, signal)),
    stream: (path, body, signal) => send('POST', path, body, signal),
    blob: async (path, signal) => (await send('GET', path, undefined, signal)).blob(),
  };
}

/** A message for people: 403s say what is missing, network failures say so. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 403) return `Not allowed: ${e.message}`;
    if (e.status === 401) return `Not logged in: ${e.message}`;
    return `${e.message} (${e.status})`;
  }
  if (e instanceof TypeError) return `Spanloop did not answer: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}
