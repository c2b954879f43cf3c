import { z } from 'zod';
import { TraceIdParam, SpanIdParam } from './judged-span';
import { IdParam } from './evaluator-store';
import { InputBody, SpecBody } from './spec-schema';

// The REST API's requests (camelCase): bodies, queries and path parameters.

export const EvaluatorNameText = z.string().trim().min(1).max(128);
const Description = z.string().max(4096);

export const ListEvaluatorsQuery = z.object({
  cursor: IdParam.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  search: z.string().max(128).optional(),
  type: z.enum(['prompt', 'code', 'http', 'builtin', 'plugin']).optional(),
});

export const PageQuery = z.object({
  cursor: IdParam.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const TemplatesQuery = z.object({ type: z.enum(['prompt', 'code']).optional() });

export const CreateEvaluatorBody = z.union([
  z.object({ name: EvaluatorNameText, description: Description.optional(), spec: SpecBody }).strict(),
  z
    .object({
      templateKey: z.string().min(1).max(128),
      name: EvaluatorNameText,
      description: Description.optional(),
    })
    .strict(),
]);

export const UpdateEvaluatorBody = z
  .object({ name: EvaluatorNameText.optional(), description: Description.optional() })
  .refine((b) => b.name !== undefined || b.description !== undefined, 'give a name, a description or both');

export const DraftBody = z.object({ spec: SpecBody });

export const VersionString = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/, 'a version like 1.0.0 (letters, digits, ".", "_", "+", "-")');

export const SubmitVersionBody = z.object({ version: VersionString, description: Description.optional() });

const Judged = { traceId: TraceIdParam.optional(), spanId: SpanIdParam.optional() };
const bothOrNeither = (b: { traceId?: string | undefined; spanId?: string | undefined }) =>
  (b.traceId === undefined) === (b.spanId === undefined);

export const DebugBody = z
  .object({ input: InputBody, spec: SpecBody.optional(), ...Judged })
  .refine(bothOrNeither, 'give traceId and spanId together');

export const RunBody = z
  .object({ input: InputBody, ...Judged })
  .refine(bothOrNeither, 'give traceId and spanId together');

export const CorrectionBody = z.object({
  correction: z.object({ score: z.number().finite(), explain: z.string().max(10_000).optional() }),
});

export const EvaluatorIdParams = { id: IdParam };
export const VersionParams = { id: IdParam, versionId: IdParam };
export const RecordParams = { recordId: IdParam };
