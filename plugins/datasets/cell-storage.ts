import { createHash } from 'node:crypto';
import type { EgressPolicy } from '../../core/egress/types';
import type { FileStore } from '../../core/files/types';
import type { Content } from '../../schemas/content';
import type { StoredCell } from './dataset-rows';
import type { DatasetLimits, NewItem, WriteOptions } from './types';
import type { CellError } from './value-check';

export interface CellStorageDeps {
  files: FileStore;
  egress: Pick<EgressPolicy, 'checkUrl' | 'fetch'>;
  limits: DatasetLimits & { maxMediaBytes: number };
}

type Media = { url?: string | undefined; uri?: string | undefined };

const FILES_PATH = '/api/v1/files/';
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** The file key a dataset's large value or copied media is kept under (one URL segment: no `/`). */
export const datasetFileKey = (datasetId: string, kind: 'value' | 'media', hash: string) =>
  `datasets-${datasetId}-${kind}-${hash}`;

/** Reads a response body up to `max` bytes; undefined past it. */
async function boundedBody(res: Response, max: number): Promise<Uint8Array | undefined> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > max || res.body === null) return declared > max ? undefined : new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader() as ReadableStreamDefaultReader<Uint8Array>;
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    const value = next.value;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * Turns an item's values into stored cells: text larger than `inlineValueBytes` goes to the file store, media
 * URLs are checked against the egress policy (`passthrough`) or copied into the file store (`store`).
 */
export async function storeCells(
  deps: CellStorageDeps,
  workspaceId: string,
  datasetId: string,
  turns: NewItem['turns'],
  media: WriteOptions['media'],
): Promise<{ ok: true; turns: Record<string, StoredCell>[] } | { ok: false; error: CellError }> {
  const mediaFailed = (message: string) => ({
    ok: false as const,
    error: { code: 'get_media_failed' as const, message },
  });

  const placeMedia = async <M extends Media>(m: M): Promise<M | string> => {
    const url = m.url ?? '';
    if (url === '' || (url.startsWith(FILES_PATH) && m.uri !== undefined)) return m;
    const checked = deps.egress.checkUrl(url);
    if (!checked.ok) return `${url.slice(0, 200)}: ${checked.error.message}`;
    if (media !== 'store') return m;
    try {
      const res = await deps.egress.fetch(checked.value, { redirect: 'follow' });
      if (!res.ok) {
        await res.body?.cancel();
        return `${url.slice(0, 200)}: answered ${res.status}`;
      }
      const data = await boundedBody(res, deps.limits.maxMediaBytes);
      if (data === undefined) return `${url.slice(0, 200)}: larger than ${deps.limits.maxMediaBytes} bytes`;
      const key = datasetFileKey(datasetId, 'media', sha256(data));
      const type = (res.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]?.trim();
      const put = await deps.files.put(workspaceId, {
        key,
        contentType: type === undefined || type === '' ? 'application/octet-stream' : type,
        data,
      });
      if (!put.ok) return `${url.slice(0, 200)}: ${put.error.message}`;
      return { ...m, uri: key, url: `${FILES_PATH}${key}` };
    } catch (e) {
      return `${url.slice(0, 200)}: ${e instanceof Error ? e.message : 'the fetch failed'}`;
    }
  };

  const placeContent = async (c: Content): Promise<Content | string> => {
    const out: Content = { ...c };
    for (const kind of ['image', 'audio', 'video'] as const) {
      const m = c[kind];
      if (m === undefined) continue;
      const placed = await placeMedia(m);
      if (typeof placed === 'string') return placed;
      out[kind] = placed;
    }
    if (c.multi_part !== undefined) {
      const parts: Content[] = [];
      for (const p of c.multi_part) {
        const placed = await placeContent(p);
        if (typeof placed === 'string') return placed;
        parts.push(placed);
      }
      out.multi_part = parts;
    }
    return out;
  };

  const stored: Record<string, StoredCell>[] = [];
  for (const turn of turns) {
    const cells: Record<string, StoredCell> = {};
    for (const [key, content] of Object.entries(turn.fields)) {
      const placed = await placeContent(content);
      if (typeof placed === 'string') return mediaFailed(placed);
      const text = placed.text;
      const bytes = text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
      if (text !== undefined && bytes > deps.limits.inlineValueBytes) {
        const file = datasetFileKey(datasetId, 'value', sha256(text));
        const put = await deps.files.put(workspaceId, {
          key: file,
          contentType: 'text/plain; charset=utf-8',
          data: Buffer.from(text, 'utf8'),
        });
        if (!put.ok)
          return { ok: false, error: { code: 'exceed_max_item_size', message: put.error.message } };
        cells[key] = { ...cellOf({ ...placed, text: undefined }), spill: { file, bytes } };
      } else cells[key] = cellOf(placed);
    }
    stored.push(cells);
  }
  return { ok: true, turns: stored };
}

/** Drops answer-only members a caller may not store. */
const cellOf = (c: Content): StoredCell =>
  JSON.parse(
    JSON.stringify({
      ...c,
      content_omitted: undefined,
      full_content: undefined,
      full_content_bytes: undefined,
    }),
  ) as StoredCell;
