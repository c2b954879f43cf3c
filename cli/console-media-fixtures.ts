// Test support for the console e2e tests: a real PNG and a Cozeloop SDK span whose input image is an upload.
import { crc32, deflateSync } from 'node:zlib';
import { createApiKey } from '../core/access/api-keys';
import { DEFAULT_WORKSPACE_ID } from '../core/access/workspaces';
import { hexId } from './otlp-json-request';
import type { TestInstance } from './test-instance';

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
}

/** A size×size RGB PNG with a diagonal gradient of `rgb`: decodable, so an <img> gets a natural width. */
export function gradientPng(size: number, rgb: [number, number, number]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, no filter, no interlace
  const rows: number[] = [];
  for (let y = 0; y < size; y++) {
    rows.push(0);
    for (let x = 0; x < size; x++) {
      const t = (x + y) / (2 * size);
      rows.push(...rgb.map((c) => Math.round(c * t + 255 * (1 - t))));
    }
  }
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface CozeloopImageSpan {
  traceId: string;
  spanName: string;
  imageKey: string;
}

/**
 * What a Cozeloop SDK sends for a model span with an image: the span through the ingest endpoint with the image
 * part's URL replaced by an object key and `object_storage` naming it, then the image through the file upload.
 */
export async function ingestCozeloopImageSpan(
  spanloop: TestInstance,
  opts: { userId: string; png: Buffer },
): Promise<CozeloopImageSpan> {
  const { secret } = await createApiKey(spanloop.metadata, {
    workspaceId: DEFAULT_WORKSPACE_ID,
    name: 'cozeloop-sdk',
    scopes: ['ingest', 'read'],
  });
  const headers = { authorization: `Bearer ${secret}` };
  const traceId = hexId(16);
  const spanId = hexId(8);
  const imageKey = `${traceId}_${spanId}_input_image_${hexId(8)}`;
  const spanName = 'ChatCompletion (cozeloop)';
  const input = JSON.stringify({
    messages: [
      {
        role: 'user',
        parts: [
          { type: 'text', text: 'Which room is this?' },
          { type: 'image_url', image_url: { name: 'room.png', url: imageKey } },
        ],
      },
    ],
  });
  const ingest = await fetch(`${spanloop.api}/v1/loop/traces/ingest`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      spans: [
        {
          trace_id: traceId,
          span_id: spanId,
          parent_id: '0',
          workspace_id: DEFAULT_WORKSPACE_ID,
          span_name: spanName,
          span_type: 'model',
          started_at_micros: String(Date.now() * 1000 - 2_000_000),
          duration_micros: '800000',
          input,
          output: JSON.stringify({ choices: [{ message: { role: 'assistant', content: 'A library.' } }] }),
          object_storage: JSON.stringify({
            Attachments: [{ field: 'input', name: 'room.png', type: 'image', tos_key: imageKey }],
          }),
          tags_string: { model_name: 'gpt-4o', model_provider: 'openai', user_id: opts.userId },
        },
      ],
    }),
  });
  const answer = (await ingest.json()) as { code: number; msg: string };
  if (answer.code !== 0) throw new Error(`ingest refused: ${answer.msg}`);
  const form = new FormData();
  form.append('file', new Blob([opts.png]), imageKey);
  form.append('workspace_id', DEFAULT_WORKSPACE_ID);
  const upload = await fetch(`${spanloop.api}/v1/loop/files/upload`, { method: 'POST', headers, body: form });
  const uploaded = (await upload.json()) as { code: number; msg: string };
  if (uploaded.code !== 0) throw new Error(`upload refused: ${uploaded.msg}`);
  return { traceId, spanName, imageKey };
}
