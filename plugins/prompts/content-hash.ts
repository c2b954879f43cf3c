import { createHash } from 'node:crypto';
import { AppError } from '../../core/app-error';
import { MAX_TEMPLATE_BYTES, type PromptTemplate } from './template-schema';

/** JSON with object keys sorted at every level, so equal values always give equal text. */
export const canonicalJson = (value: unknown): string => JSON.stringify(sortKeys(value));

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The template's canonical text and its hash; a template over the size limit is refused with 413. */
export function hashTemplate(template: PromptTemplate): { canonical: string; hash: string } {
  const canonical = canonicalJson(template);
  const bytes = Buffer.byteLength(canonical);
  if (bytes > MAX_TEMPLATE_BYTES)
    throw new AppError(
      'too_large',
      `the prompt template is ${bytes} bytes as JSON; the limit is ${MAX_TEMPLATE_BYTES} bytes (1 MiB)`,
    );
  return { canonical, hash: sha256(canonical) };
}
