import { useState } from 'react';
import type { ApiClient } from '../api/client';
import { describeError } from '../api/client';
import { useLoad } from '../app/use-load';
import { useWorkspace } from '../app/workspace';
import { isInlineImage, storedAttachments, type Media } from './message-media';

// Larger uploads are offered as a download instead of decoded into the page.
const MAX_INLINE_BYTES = 10 * 1024 * 1024;

const filePath = (key: string) => `/files/${encodeURIComponent(key)}`;

const dataUrlOf = (blob: Blob): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(blob);
  });

/**
 * Saves an uploaded file: fetched with the workspace header (a plain link would act in the session's default
 * workspace), then handed to the browser as a download.
 */
export async function downloadFile(api: ApiClient, key: string, name: string): Promise<void> {
  const blob = await api.blob(filePath(key));
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function DownloadLink(props: { fileKey: string; name: string; label?: string }) {
  const ws = useWorkspace();
  const [error, setError] = useState<string | undefined>();
  return (
    <>
      <a
        href={`api/v1${filePath(props.fileKey)}`}
        onClick={(e) => {
          e.preventDefault();
          setError(undefined);
          downloadFile(ws.api, props.fileKey, props.name).catch((err: unknown) =>
            setError(describeError(err)),
          );
        }}
      >
        {props.label ?? props.name}
      </a>
      {error !== undefined && (
        <span role="alert" className="error-text">
          {' '}
          {error}
        </span>
      )}
    </>
  );
}

/** An uploaded image, read as a data: URL so the console's CSP (img-src 'self' data:) needs no loosening. */
function FileImage({ fileKey, name }: { fileKey: string; name: string }) {
  const ws = useWorkspace();
  const loaded = useLoad(`${ws.id}/file/${fileKey}`, async (signal) => {
    const blob = await ws.api.blob(filePath(fileKey), signal);
    if (blob.size > MAX_INLINE_BYTES) return { url: undefined, reason: 'too large to preview' };
    const url = await dataUrlOf(blob);
    return isInlineImage(url) ? { url, reason: '' } : { url: undefined, reason: `a ${blob.type || 'file'}` };
  });
  if (loaded.error !== undefined)
    return (
      <span className="muted small-text">
        {name}: {describeError(loaded.error)}
      </span>
    );
  if (loaded.data === undefined) return <span className="muted small-text">Loading {name}…</span>;
  if (loaded.data.url === undefined)
    return (
      <span className="small-text">
        <DownloadLink fileKey={fileKey} name={name} /> <span className="muted">({loaded.data.reason})</span>
      </span>
    );
  return <img className="media-thumb" src={loaded.data.url} alt={name} />;
}

function MediaItem({ media }: { media: Media }) {
  const { source } = media;
  const name = media.name ?? (source.kind === 'file' ? source.key : media.modality);
  let body;
  if (source.kind === 'data')
    body =
      media.modality === 'image' && isInlineImage(source.url) ? (
        <img className="media-thumb" src={source.url} alt={name} />
      ) : (
        <span className="muted small-text">inline {media.modality} (not previewed)</span>
      );
  else if (source.kind === 'file')
    body =
      media.modality === 'image' ? (
        <FileImage fileKey={source.key} name={name} />
      ) : (
        <DownloadLink fileKey={source.key} name={name} />
      );
  else if (source.kind === 'remote')
    // Remote images are linked, never loaded: the page's CSP forbids it and the load would leak who looks.
    body = (
      <a href={source.url} target="_blank" rel="noopener noreferrer" className="mono small-text">
        {source.url}
      </a>
    );
  else body = <span className="mono small-text">{source.ref}</span>;
  return (
    <figure className="media">
      {body}
      <figcaption className="muted small-text">
        {media.modality}
        {media.name !== undefined && ` · ${media.name}`}
        {source.kind === 'file' && ' · uploaded file'}
      </figcaption>
    </figure>
  );
}

/** A message's images and files. */
export function MediaList({ media }: { media: readonly Media[] }) {
  if (media.length === 0) return null;
  return (
    <div className="media-list">
      {media.map((m, i) => (
        <MediaItem key={i} media={m} />
      ))}
    </div>
  );
}

/** The files a Cozeloop span names in `cozeloop.object_storage`, each with a download link. */
export function StoredAttachments({ value }: { value: unknown }) {
  const files = storedAttachments(value);
  if (files.length === 0) return null;
  return (
    <section aria-label="Attachments">
      <h3>Attachments</h3>
      <ul className="card-list">
        {files.map((f) => (
          <li key={`${f.field}/${f.key}`}>
            <DownloadLink fileKey={f.key} name={f.key} label={f.name || f.key} />{' '}
            <span className="muted small-text">
              {[f.field, f.type].filter((s) => s !== '').join(' · ')} · <span className="mono">{f.key}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
