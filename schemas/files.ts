import { z } from 'zod';

/**
 * The object key a file is stored under, unique per workspace: the multipart filename the Cozeloop SDKs choose
 * (`{trace_id}_{span_id}_{tag}_image_{id}`). One URL path segment, so no `/`, `\` or control characters.
 */
export const FileKey = z
  .string()
  .min(1, 'the file key is empty')
  .max(512, 'the file key is longer than 512 characters')
  .regex(/^[^/\\\p{Cc}]+$/u, 'the file key may not contain "/", "\\" or control characters')
  .refine((k) => k !== '.' && k !== '..', 'the file key may not be "." or ".."')
  .describe('the object key the file was uploaded under (its multipart filename)');
export type FileKey = z.infer<typeof FileKey>;

/** A media type as stored: `type/subtype` with optional parameters, nothing that could split a header. */
export const MediaType = z
  .string()
  .max(255)
  .regex(/^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=("[^"\p{Cc}]*"|[\w.+-]+))*$/u, 'a media type');

/** A `files` row as the metadata database returns it; the content travels as base64 text on both engines. */
export const FileRow = z.object({
  key: FileKey,
  content_type: MediaType,
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  created_at: z.date(),
  updated_at: z.date(),
});
export type FileRow = z.infer<typeof FileRow>;

/** A row with its content, `encode(data, 'base64')` (PostgreSQL breaks its lines every 76 characters). */
export const FileRowWithData = FileRow.extend({ data: z.string() });

/** `data` of Cozeloop's answer to `POST /v1/loop/files/upload`; the int64 is a string, as Cozeloop writes it. */
export interface CozeloopUploadData {
  bytes: string;
  file_name: string;
}
