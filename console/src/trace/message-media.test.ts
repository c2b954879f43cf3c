import { describe, expect, it } from 'vitest';
import { isInlineImage, mediaOfPart, sourceOfUrl, splitParts, storedAttachments } from './message-media';

const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('mediaOfPart', () => {
  it('reads OpenAI and Cozeloop image_url parts: data URLs inline, file keys, remote URLs', () => {
    expect(mediaOfPart({ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } })).toEqual({
      modality: 'image',
      source: { kind: 'data', url: `data:image/png;base64,${PNG}` },
    });
    expect(
      mediaOfPart({ type: 'image_url', image_url: { name: 'sea.png', url: 'abc_def_input_image_1' } }),
    ).toEqual({ modality: 'image', name: 'sea.png', source: { kind: 'file', key: 'abc_def_input_image_1' } });
    expect(mediaOfPart({ type: 'input_image', image_url: 'https://x.example/a.png' })?.source).toEqual({
      kind: 'remote',
      url: 'https://x.example/a.png',
    });
    expect(mediaOfPart({ type: 'file_url', file_url: { url: 'k1', name: 'report.pdf' } })).toEqual({
      modality: 'file',
      name: 'report.pdf',
      source: { kind: 'file', key: 'k1' },
    });
  });

  it('reads OTel GenAI blob and uri parts, OpenInference, Vercel and Anthropic images', () => {
    expect(
      mediaOfPart({ type: 'blob', modality: 'image', mime_type: 'image/png', content: PNG })?.source,
    ).toEqual({
      kind: 'data',
      url: `data:image/png;base64,${PNG}`,
    });
    expect(mediaOfPart({ type: 'uri', modality: 'image', uri: 'https://x.example/b.jpg' })).toEqual({
      modality: 'image',
      source: { kind: 'remote', url: 'https://x.example/b.jpg' },
    });
    expect(mediaOfPart({ type: 'image', 'image.image.url': 'https://x.example/c.png' })?.source.kind).toBe(
      'remote',
    );
    expect(mediaOfPart({ type: 'image', image: PNG, mimeType: 'image/png' })?.source).toEqual({
      kind: 'data',
      url: `data:image/png;base64,${PNG}`,
    });
    expect(
      mediaOfPart({ type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: PNG } })?.source,
    ).toEqual({ kind: 'data', url: `data:image/jpeg;base64,${PNG}` });
  });

  it('leaves text, tool and unreadable parts alone', () => {
    expect(mediaOfPart({ type: 'reasoning', content: 'hmm' })).toBeUndefined();
    expect(mediaOfPart({ type: 'image_url', image_url: {} })).toBeUndefined();
    expect(mediaOfPart({ type: 'blob', modality: 'image' })).toBeUndefined();
    const { media, other } = splitParts([
      { type: 'reasoning', content: 'hmm' },
      { type: 'image_url', image_url: { url: 'k' } },
    ]);
    expect(media).toHaveLength(1);
    expect(other).toEqual([{ type: 'reasoning', content: 'hmm' }]);
  });
});

describe('sourceOfUrl and isInlineImage', () => {
  it('never takes a path, another scheme or a dot segment for a file key', () => {
    expect(sourceOfUrl('loop/obj/sea.png').kind).toBe('opaque');
    expect(sourceOfUrl('javascript:alert(1)').kind).toBe('opaque');
    expect(sourceOfUrl('..').kind).toBe('opaque');
    expect(sourceOfUrl('a'.repeat(513)).kind).toBe('opaque');
    expect(sourceOfUrl('trace_span_input_image_9').kind).toBe('file');
  });

  it('inlines raster data URLs only (no SVG, no HTML)', () => {
    expect(isInlineImage(`data:image/png;base64,${PNG}`)).toBe(true);
    expect(isInlineImage('data:image/JPEG;base64,AAAA')).toBe(true);
    expect(isInlineImage('data:image/svg+xml;base64,PHN2Zz4=')).toBe(false);
    expect(isInlineImage('data:text/html,<script>')).toBe(false);
    expect(isInlineImage('https://x.example/a.png')).toBe(false);
  });
});

describe('storedAttachments', () => {
  it('lists the Go SDK and Python SDK shapes, large input and output included', () => {
    expect(
      storedAttachments(
        JSON.stringify({
          input_tos_key: 'in_key',
          Attachments: [{ field: 'input', name: '', type: 'image', tos_key: 'img_key' }],
        }),
      ),
    ).toEqual([
      { key: 'in_key', field: 'input', name: 'input', type: 'text' },
      { key: 'img_key', field: 'input', name: '', type: 'image' },
    ]);
    expect(
      storedAttachments({ attachments: [{ field: 'output', name: 'a.png', type: 'image', tos_key: 'k2' }] }),
    ).toEqual([{ key: 'k2', field: 'output', name: 'a.png', type: 'image' }]);
  });

  it('names nothing for malformed JSON, missing keys or keys that are not file keys', () => {
    expect(storedAttachments('{not json')).toEqual([]);
    expect(storedAttachments(undefined)).toEqual([]);
    expect(storedAttachments({ attachments: [{ field: 'input' }, 'x', { tos_key: 'a/b' }] })).toEqual([]);
  });
});
