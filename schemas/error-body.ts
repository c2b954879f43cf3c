import { z } from 'zod';

/** Every error answer of the API (`/api/v1`): the AppError kind and a message for people. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe('AppError kind: invalid_argument, not_found, unavailable, internal, …'),
    message: z.string(),
  }),
});
export type ErrorBody = z.output<typeof ErrorBody>;
