// Test kit: the scripting and HTTP plumbing shared by the fake OpenAI and Anthropic servers.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeToolCall {
  id?: string;
  name: string;
  /** JSON text of the arguments. */
  arguments: string;
}

export interface FakeUsage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
}

/** What the fake answers to one request; streamed or not as the request asks. */
export type FakeReply =
  | {
      type: 'message';
      text?: string;
      toolCalls?: FakeToolCall[];
      /** In the gateway's terms: stop | length | tool_calls | content_filter (default: tool_calls when calls, else stop). */
      finishReason?: string;
      usage?: FakeUsage;
      /** The model name answered; the requested one by default. */
      model?: string;
      /** Wait before the response headers (a slow first byte). */
      delayMs?: number;
      /** Wait between streamed events. */
      chunkDelayMs?: number;
    }
  /** Answers with the last user message's text. */
  | { type: 'echo'; delayMs?: number }
  /** An HTTP error in the provider's own error format. */
  | {
      type: 'error';
      status: number;
      message?: string;
      retryAfter?: string;
      retryAfterMs?: number;
      delayMs?: number;
    }
  /** Closes the connection without answering. */
  | { type: 'disconnect' };

/** One request as the fake received it. */
export interface FakeRequest {
  method: string;
  /** Path and query, e.g. `/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`. */
  url: string;
  path: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: unknown;
}

/** Replies in order, then `fallback` for every later request; or a function choosing per request. */
export type FakeScript = readonly FakeReply[] | ((request: FakeRequest, index: number) => FakeReply);

export interface FakeServerOptions {
  script?: FakeScript;
  /** The reply once a list script is used up (echo). */
  fallback?: FakeReply;
  /** When set, requests without this key are refused with 401, as the real API does. */
  apiKey?: string;
}

export interface FakeModelServer {
  /** The base URL to give the SDK (`baseURL`). */
  url: string;
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** `127.0.0.1:<port>`: the SPANLOOP_EGRESS_ALLOW entry letting Spanloop reach this server and nothing else. */
  hostPort: string;
  /** Every request received, in order. */
  readonly requests: FakeRequest[];
  /** Appends replies to a list script. */
  enqueue(...replies: FakeReply[]): void;
  close(): Promise<void>;
}

/** A scripted answer with what the wire encoders need, resolved from the script. */
export interface ResolvedMessage {
  text: string;
  toolCalls: (FakeToolCall & { id: string })[];
  finishReason: string;
  usage: Required<FakeUsage>;
  model: string;
  chunkDelayMs: number;
}

/** Rough token count (4 characters each), as fakes need plausible usage. */
export const estimateTokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4));

/** Text in streamable pieces: words with their following whitespace. */
export const pieces = (text: string): string[] => text.match(/\S+\s*|\s+/g) ?? [];

/** Tool-call arguments in (up to) three streamed parts, so clients must join them. */
export function argumentParts(text: string): string[] {
  const third = Math.ceil(text.length / 3);
  const parts: string[] = [];
  for (let at = 0; at < text.length; at += third) parts.push(text.slice(at, at + third));
  return parts;
}

/** The Retry-After headers an error reply asks for, in both providers' spelling. */
export function retryAfterHeaders(reply: {
  retryAfter?: string;
  retryAfterMs?: number;
}): Record<string, string> {
  const headers: Record<string, string> = {};
  if (reply.retryAfter !== undefined) headers['retry-after'] = reply.retryAfter;
  if (reply.retryAfterMs !== undefined) headers['retry-after-ms'] = String(reply.retryAfterMs);
  return headers;
}

/** The script's next reply for a request, with defaults filled in. */
export function scriptRunner(options: FakeServerOptions) {
  const queue: FakeReply[] = Array.isArray(options.script) ? [...(options.script as FakeReply[])] : [];
  const choose = typeof options.script === 'function' ? options.script : undefined;
  const fallback = options.fallback ?? { type: 'echo' };
  let count = 0;
  return {
    enqueue: (...replies: FakeReply[]) => queue.push(...replies),
    next: (request: FakeRequest): FakeReply => choose?.(request, count++) ?? queue.shift() ?? fallback,
  };
}

/** Fills a message reply's defaults: the echo text, usage from the text, ids for tool calls. */
export function resolveMessage(
  reply: Extract<FakeReply, { type: 'message' | 'echo' }>,
  context: { model: string; lastUserText: string; promptText: string; idPrefix: string },
): ResolvedMessage {
  const message = reply.type === 'echo' ? { text: context.lastUserText } : reply;
  const text = message.text ?? '';
  const toolCalls = ('toolCalls' in message ? (message.toolCalls ?? []) : []).map((c, i) => ({
    ...c,
    id: c.id ?? `${context.idPrefix}${i + 1}`,
  }));
  const output = text + toolCalls.map((c) => c.name + c.arguments).join('');
  const usage = 'usage' in message ? (message.usage ?? {}) : {};
  return {
    text,
    toolCalls,
    finishReason:
      ('finishReason' in message ? message.finishReason : undefined) ??
      (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
    usage: {
      inputTokens: usage.inputTokens ?? estimateTokens(context.promptText),
      outputTokens: usage.outputTokens ?? estimateTokens(output),
      cacheReadTokens: usage.cacheReadTokens ?? 0,
      cacheWriteTokens: usage.cacheWriteTokens ?? 0,
    },
    model: ('model' in message ? message.model : undefined) ?? context.model,
    chunkDelayMs: ('chunkDelayMs' in message ? message.chunkDelayMs : undefined) ?? 0,
  };
}

/** A response the fake writes to, which knows whether the client has gone (aborted, timed out). */
export interface FakeResponse {
  readonly closed: boolean;
  json(status: number, body: unknown, headers?: Record<string, string>): void;
  /** Starts an SSE answer; `send` writes one event, `end` finishes it. */
  events(headers?: Record<string, string>): {
    send(data: unknown, event?: string): void;
    raw(text: string): void;
    end(): void;
  };
  wait(ms: number): Promise<void>;
  disconnect(): void;
}

function fakeResponse(req: IncomingMessage, res: ServerResponse): FakeResponse {
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  const write = (text: string) => {
    if (!closed) res.write(text);
  };
  return {
    get closed() {
      return closed;
    },
    json(status, body, headers = {}) {
      if (closed) return;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    },
    events(headers = {}) {
      if (!closed)
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache',
          connection: 'keep-alive',
          ...headers,
        });
      return {
        send: (data, event) =>
          write(`${event === undefined ? '' : `event: ${event}\n`}data: ${JSON.stringify(data)}\n\n`),
        raw: write,
        end: () => {
          if (!closed) res.end();
        },
      };
    },
    wait: (ms) =>
      new Promise<void>((resolve) => {
        if (ms <= 0 || closed) return resolve();
        const onClose = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          res.off('close', onClose);
          resolve();
        }, ms);
        res.once('close', onClose);
      }),
    disconnect: () => {
      req.socket.destroy();
    },
  };
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Serves `handle` on 127.0.0.1 with an OS-picked port, recording every request. */
export async function serveFake(
  handle: (request: FakeRequest, response: FakeResponse) => Promise<void>,
  basePath: string,
): Promise<Omit<FakeModelServer, 'enqueue'>> {
  const requests: FakeRequest[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const url = req.url ?? '/';
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers))
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      const request: FakeRequest = {
        method: req.method ?? 'GET',
        url,
        path: url.split('?')[0] ?? url,
        headers,
        body: await readBody(req),
      };
      requests.push(request);
      await handle(request, fakeResponse(req, res));
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}${basePath}`,
    origin,
    hostPort: origin.slice('http://'.length),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
