import type { z } from 'zod';

/** A zod failure as one message naming each field: `messages.0.role: Invalid option; …`. */
export const issuesText = (error: z.ZodError): string =>
  error.issues
    .map((i) => (i.path.length > 0 ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
