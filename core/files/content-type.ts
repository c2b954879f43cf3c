import { MediaType } from '../../schemas/files';

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const at = (data: Uint8Array, offset: number, bytes: readonly number[]) =>
  data.byteLength >= offset + bytes.length && bytes.every((b, i) => data[offset + i] === b);

const text = (data: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...data.subarray(from, Math.min(to, data.byteLength)));

/** ISO base media files (`....ftyp<brand>`): the brand tells an AVIF or HEIC image from an MP4 or M4A. */
function isoMedia(data: Uint8Array): string | undefined {
  if (!at(data, 4, ascii('ftyp'))) return undefined;
  const brand = text(data, 8, 12);
  if (brand === 'avif' || brand === 'avis') return 'image/avif';
  if (brand === 'heic' || brand === 'heix' || brand === 'mif1') return 'image/heic';
  if (brand === 'M4A ') return 'audio/mp4';
  if (brand === 'qt  ') return 'video/quicktime';
  return 'video/mp4';
}

/** Magic numbers of the media the SDKs extract from multimodal inputs (images, audio, video, documents). */
const SIGNATURES: readonly [string, (d: Uint8Array) => boolean][] = [
  ['image/png', (d) => at(d, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ['image/jpeg', (d) => at(d, 0, [0xff, 0xd8, 0xff])],
  ['image/gif', (d) => at(d, 0, ascii('GIF87a')) || at(d, 0, ascii('GIF89a'))],
  ['image/webp', (d) => at(d, 0, ascii('RIFF')) && at(d, 8, ascii('WEBP'))],
  ['audio/wav', (d) => at(d, 0, ascii('RIFF')) && at(d, 8, ascii('WAVE'))],
  ['audio/mpeg', (d) => at(d, 0, ascii('ID3')) || (d[0] === 0xff && ((d[1] ?? 0) & 0xe6) === 0xe2)],
  ['audio/ogg', (d) => at(d, 0, ascii('OggS'))],
  ['audio/flac', (d) => at(d, 0, ascii('fLaC'))],
  ['video/webm', (d) => at(d, 0, [0x1a, 0x45, 0xdf, 0xa3])],
  ['application/pdf', (d) => at(d, 0, ascii('%PDF-'))],
  ['application/zip', (d) => at(d, 0, [0x50, 0x4b, 0x03, 0x04])],
  ['application/gzip', (d) => at(d, 0, [0x1f, 0x8b])],
];

const SNIFF_BYTES = 64 * 1024;

/** UTF-8 without NUL or other C0 controls than tab, newlines and form feed, judged on the first 64 KiB. */
function isText(data: Uint8Array): boolean {
  const head = data.subarray(0, SNIFF_BYTES);
  for (const b of head) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) return false;
  try {
    // stream: a character cut by the 64 KiB boundary is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: head.byteLength < data.byteLength });
    return true;
  } catch {
    return false;
  }
}

/** Part types that say nothing about the content: what Go's multipart writer and most clients send. */
const GENERIC = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/unknown']);

/**
 * The media type a file is stored with: the part's own Content-Type when it names one, otherwise what the bytes
 * are (PNG, JPEG, …, UTF-8 text), otherwise `application/octet-stream`. Sniffing never yields HTML or SVG.
 *
 * @example
 * contentTypeOf(pngBytes, 'application/octet-stream'); // 'image/png'
 */
export function contentTypeOf(data: Uint8Array, declared: string | undefined): string {
  const type = (declared ?? '').trim().toLowerCase();
  if (!GENERIC.has(type) && MediaType.safeParse(type).success) return type;
  const media = isoMedia(data) ?? SIGNATURES.find(([, matches]) => matches(data))?.[0];
  if (media !== undefined) return media;
  if (data.byteLength > 0 && isText(data)) return 'text/plain; charset=utf-8';
  return 'application/octet-stream';
}
