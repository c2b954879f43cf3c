// Images and files inside normalized message parts, whatever instrumentation wrote them.

/** Where a part's bytes are: inline, an uploaded file of this workspace, a remote URL, or nowhere we can reach. */
export type MediaSource =
  | { kind: 'data'; url: string }
  | { kind: 'file'; key: string }
  | { kind: 'remote'; url: string }
  | { kind: 'opaque'; ref: string };

export interface Media {
  /** `image` renders as a thumbnail when its bytes are reachable; `file` is listed with a link. */
  modality: 'image' | 'file';
  source: MediaSource;
  name?: string;
}

type Part = Record<string, unknown>;

const isRecord = (v: unknown): v is Part => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Raster types a browser shows in <img> without running anything (no SVG). */
const RASTER = /^image\/(png|jpeg|gif|webp|avif|bmp)$/;
const BASE64 = /^[A-Za-z0-9+/=\s]+$/;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
// The server's FileKey: one path segment, no control characters, at most 512 characters.
const FILE_KEY = /^[^/\\\p{Cc}]{1,512}$/u;

/** Whether a data: URL holds a raster image the console may show inline. */
export function isInlineImage(url: string): boolean {
  const m = /^data:([^;,]+)[;,]/i.exec(url);
  return m !== null && RASTER.test((m[1] ?? '').toLowerCase());
}

/**
 * A URL or reference as written in a part: data: and http(s) URLs are what they say; a bare name that fits a
 * file key is a Cozeloop upload (its SDKs swap inline bytes for the key they uploaded them under).
 */
export function sourceOfUrl(url: string): MediaSource {
  const trimmed = url.trim();
  if (/^data:/i.test(trimmed)) return { kind: 'data', url: trimmed };
  if (/^https?:\/\//i.test(trimmed)) return { kind: 'remote', url: trimmed };
  if (!SCHEME.test(trimmed) && FILE_KEY.test(trimmed) && trimmed !== '.' && trimmed !== '..')
    return { kind: 'file', key: trimmed };
  return { kind: 'opaque', ref: trimmed };
}

/** Bytes given as base64 (or a URL in the same field, as the Vercel AI SDK allows). */
function sourceOfBytes(value: string, mimeType: string | undefined): MediaSource {
  if (SCHEME.test(value)) return sourceOfUrl(value);
  if (mimeType !== undefined && BASE64.test(value))
    return { kind: 'data', url: `data:${mimeType};base64,${value.replace(/\s/g, '')}` };
  return { kind: 'opaque', ref: value.length > 80 ? `${value.slice(0, 80)}…` : value };
}

const modalityOf = (mimeType: string | undefined, hint: unknown): Media['modality'] =>
  hint === 'image' || mimeType?.startsWith('image/') === true ? 'image' : 'file';

const withName = (media: Media, name: string | undefined): Media =>
  name === undefined ? media : { ...media, name };

/**
 * The image or file one part carries, or undefined for anything else. Reads OpenAI and Cozeloop (`image_url`,
 * `file_url`, `input_image`), OTel GenAI (`blob`, `uri`), OpenInference (`image.image.url`), Vercel AI (`image`,
 * `file`) and Anthropic (`image` with a `source`) shapes.
 */
export function mediaOfPart(part: Part): Media | undefined {
  const type = str(part.type);
  const mime = str(part.mime_type) ?? str(part.mimeType) ?? str(part.mediaType) ?? str(part.media_type);
  switch (type) {
    case 'image_url':
    case 'input_image': {
      const inner = part.image_url;
      const url = isRecord(inner) ? str(inner.url) : str(inner);
      if (url === undefined) return undefined;
      return withName(
        { modality: 'image', source: sourceOfUrl(url) },
        isRecord(inner) ? str(inner.name) : undefined,
      );
    }
    case 'file_url': {
      const inner = part.file_url;
      const url = isRecord(inner) ? str(inner.url) : str(inner);
      if (url === undefined) return undefined;
      return withName(
        { modality: 'file', source: sourceOfUrl(url) },
        isRecord(inner) ? str(inner.name) : undefined,
      );
    }
    case 'blob': {
      const content = str(part.content);
      if (content === undefined) return undefined;
      return {
        modality: modalityOf(mime, part.modality),
        source: sourceOfBytes(content, mime ?? 'application/octet-stream'),
      };
    }
    case 'uri': {
      const uri = str(part.uri);
      return uri === undefined
        ? undefined
        : { modality: modalityOf(mime, part.modality), source: sourceOfUrl(uri) };
    }
    case 'image': {
      const flat = str(part['image.image.url']) ?? str(part['image.url']);
      if (flat !== undefined) return { modality: 'image', source: sourceOfUrl(flat) };
      const image = str(part.image);
      if (image !== undefined)
        return { modality: 'image', source: sourceOfBytes(image, mime ?? 'image/png') };
      const source = part.source;
      if (isRecord(source)) {
        const data = str(source.data);
        const url = str(source.url);
        const sourceMime = str(source.media_type) ?? mime;
        if (data !== undefined)
          return { modality: 'image', source: sourceOfBytes(data, sourceMime ?? 'image/png') };
        if (url !== undefined) return { modality: 'image', source: sourceOfUrl(url) };
      }
      return undefined;
    }
    case 'file': {
      const data = str(part.data);
      const name = str(part.filename) ?? str(part.name);
      if (data === undefined) return undefined;
      return withName({ modality: modalityOf(mime, undefined), source: sourceOfBytes(data, mime) }, name);
    }
    default:
      return undefined;
  }
}

/** A message's parts split into media to show and the rest to list as JSON. */
export function splitParts(parts: readonly Part[]): { media: Media[]; other: Part[] } {
  const media: Media[] = [];
  const other: Part[] = [];
  for (const p of parts) {
    const m = mediaOfPart(p);
    if (m === undefined) other.push(p);
    else media.push(m);
  }
  return { media, other };
}

export interface StoredAttachment {
  key: string;
  field: string;
  name: string;
  type: string;
}

/**
 * Files a Cozeloop span names in `cozeloop.object_storage`: the large input/output moved out of the span and its
 * attachments (`Attachments` from the Go SDK, `attachments` from Python). Malformed JSON names nothing.
 */
export function storedAttachments(value: unknown): StoredAttachment[] {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return [];
    }
  }
  if (!isRecord(parsed)) return [];
  const out: StoredAttachment[] = [];
  const input = str(parsed.input_tos_key);
  const output = str(parsed.output_tos_key);
  if (input !== undefined) out.push({ key: input, field: 'input', name: 'input', type: 'text' });
  if (output !== undefined) out.push({ key: output, field: 'output', name: 'output', type: 'text' });
  const list = parsed.Attachments ?? parsed.attachments;
  if (Array.isArray(list))
    for (const a of list) {
      const key = isRecord(a) ? str(a.tos_key) : undefined;
      if (key === undefined || !isRecord(a)) continue;
      out.push({ key, field: str(a.field) ?? '', name: str(a.name) ?? '', type: str(a.type) ?? '' });
    }
  return out.filter((a) => sourceOfUrl(a.key).kind === 'file');
}
