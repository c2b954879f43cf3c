import { z } from 'zod';

/**
 * One cell value: Cozeloop's multimodal `Content` (evaluation `domain_openapi/common.thrift`), field names as on
 * its wire. Every scalar (string, number, boolean, object, array) travels as `text`; the dataset field's value
 * type says how to read it. Used by dataset items, evaluator inputs and outputs, and eval target outputs.
 */
export const ContentType = z.enum(['text', 'image', 'audio', 'video', 'multi_part']);
export type ContentType = z.infer<typeof ContentType>;

export const ImageContent = z.object({
  name: z.string().max(1024).optional(),
  /** An external URL (kept as given, `passthrough`) or a Spanloop file URL (`store`). */
  url: z.string().max(8192).optional(),
  /** A key in the workspace file store, when the file was copied in. */
  uri: z.string().max(1024).optional(),
  thumb_url: z.string().max(8192).optional(),
});
export type ImageContent = z.infer<typeof ImageContent>;

export const AudioContent = z.object({
  format: z.string().max(64).optional(),
  name: z.string().max(1024).optional(),
  url: z.string().max(8192).optional(),
  uri: z.string().max(1024).optional(),
});
export type AudioContent = z.infer<typeof AudioContent>;

export const VideoContent = z.object({
  name: z.string().max(1024).optional(),
  url: z.string().max(8192).optional(),
  uri: z.string().max(1024).optional(),
  thumb_url: z.string().max(8192).optional(),
});
export type VideoContent = z.infer<typeof VideoContent>;

export interface Content {
  content_type: ContentType;
  text?: string | undefined;
  image?: ImageContent | undefined;
  audio?: AudioContent | undefined;
  video?: VideoContent | undefined;
  /** Interleaved text and media parts (`content_type: multi_part`). */
  multi_part?: Content[] | undefined;
  /** True when a large value was left out of a list answer; fetch it whole through `full_content.url`. */
  content_omitted?: boolean | undefined;
  full_content?: { url: string } | undefined;
  /** Size of the whole value in bytes (UTF-8 for text). */
  full_content_bytes?: number | undefined;
}

export const Content: z.ZodType<Content> = z.lazy(() =>
  z.object({
    content_type: ContentType,
    text: z.string().optional(),
    image: ImageContent.optional(),
    audio: AudioContent.optional(),
    video: VideoContent.optional(),
    multi_part: z.array(Content).max(64).optional(),
    content_omitted: z.boolean().optional(),
    full_content: z.object({ url: z.string().max(8192) }).optional(),
    full_content_bytes: z.number().int().nonnegative().optional(),
  }),
);

/** Text content, the common case. */
export const textContent = (text: string): Content => ({ content_type: 'text', text });
