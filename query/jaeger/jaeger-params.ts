import { z } from 'zod';
import { MAX_INSTANT_MS, MAX_RANGE_MS } from '../time-range';
import { parseGoDuration } from './go-duration';

const MAX_RANGE_US = MAX_RANGE_MS * 1000;
/** Jaeger's own default when a search gives no limit. */
const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
const MAX_TAGS = 20;
/** Jaeger searches the last two days when no start is given. */
const DEFAULT_LOOKBACK_US = 2 * 86_400_000_000;
/** Jaeger's dependency graph covers the last day by default. */
const DEFAULT_DEPENDENCY_LOOKBACK_MS = 86_400_000;

/** 1–32 hex characters, left-padded to the 32 the store keeps (Grafana passes 64-bit ids as typed). */
export const JaegerTraceId = z
  .string()
  .regex(/^[0-9a-fA-F]{1,32}$/, 'trace id must be 1 to 32 hex characters')
  .transform((id) => id.toLowerCase().padStart(32, '0'));

const Micros = z
  .string()
  .regex(/^\d{1,16}$/, 'expected microseconds since the epoch')
  .transform(Number)
  .pipe(z.number().max(MAX_INSTANT_MS * 1000, 'times after 2200-01-01 are not supported'));
const Millis = z
  .string()
  .regex(/^\d{1,14}$/, 'expected milliseconds')
  .transform(Number)
  .pipe(z.number().max(MAX_INSTANT_MS, 'times after 2200-01-01 are not supported'));

const GoDuration = z.string().transform((text, ctx) => {
  const ns = parseGoDuration(text);
  // Durations travel as exact integers; beyond 2^53 ns (104 days) they would not.
  if (ns === undefined || ns > Number.MAX_SAFE_INTEGER) {
    ctx.addIssue({ code: 'custom', message: `invalid duration "${text.slice(0, 40)}" (e.g. 100ms, 1.5s)` });
    return z.NEVER;
  }
  return ns;
});

const TagEntry = z.tuple([
  z.string().min(1).max(256),
  z.union([z.string(), z.number(), z.boolean()]).transform(String).pipe(z.string().max(4096)),
]);
/** `tags` is a JSON map; Jaeger also takes repeated `tag=key:value`. */
const TagsJson = z.string().transform((text, ctx) => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  // Entries of the parsed object itself: copying into a new object would drop a key named __proto__.
  const entries =
    typeof json === 'object' && json !== null && !Array.isArray(json) ? Object.entries(json) : null;
  const parsed = z.array(TagEntry).safeParse(entries);
  if (!parsed.success) {
    ctx.addIssue({ code: 'custom', message: 'tags must be a JSON object of strings' });
    return z.NEVER;
  }
  return parsed.data.map(([key, value]) => ({ key, value }));
});
const TagPair = z
  .string()
  .regex(/^[^:]+:/, 'tag must be key:value')
  .transform((pair) => {
    const at = pair.indexOf(':');
    return [{ key: pair.slice(0, at), value: pair.slice(at + 1) }];
  });

export interface TagFilter {
  key: string;
  value: string;
}

const SearchParams = z.object({
  service: z.string().max(256).optional(),
  operation: z.string().max(1024).optional(),
  start: Micros.optional(),
  end: Micros.optional(),
  lookback: z.string().optional(),
  limit: z
    .string()
    .regex(/^\d{1,9}$/, 'limit must be an integer')
    .transform(Number)
    .optional(),
  minDuration: GoDuration.optional(),
  maxDuration: GoDuration.optional(),
  tags: z.array(TagsJson),
  tag: z.array(TagPair),
  traceID: z.array(JaegerTraceId).max(MAX_LIMIT),
});

/** A Jaeger trace search, with Jaeger's defaults applied. */
export interface JaegerSearch {
  service: string | undefined;
  operation: string | undefined;
  startUs: number;
  endUs: number;
  limit: number;
  minDurationNs: number | undefined;
  maxDurationNs: number | undefined;
  tags: TagFilter[];
  traceIds: string[];
}

/** Non-empty values of one parameter; Jaeger treats an empty value as absent. */
const values = (params: URLSearchParams, name: string): string[] =>
  params.getAll(name).filter((v) => v !== '');

/** The search parameters as the schema reads them: single values, and lists for the repeatable ones. */
export const jaegerSearchInput = (p: URLSearchParams): Record<string, unknown> => ({
  service: values(p, 'service')[0],
  operation: values(p, 'operation')[0],
  start: values(p, 'start')[0],
  end: values(p, 'end')[0],
  lookback: values(p, 'lookback')[0],
  limit: values(p, 'limit')[0],
  minDuration: values(p, 'minDuration')[0],
  maxDuration: values(p, 'maxDuration')[0],
  tags: values(p, 'tags'),
  tag: values(p, 'tag'),
  traceID: values(p, 'traceID'),
});

/** Reads `/api/traces` search parameters the way Jaeger's query parser does. */
export const JaegerSearchQuery = (nowMs: number) =>
  SearchParams.transform((q, ctx): JaegerSearch => {
    const endUs = q.end ?? nowMs * 1000;
    const lookbackNs = q.lookback === undefined ? undefined : parseGoDuration(q.lookback, true);
    const startUs =
      q.start ?? endUs - (lookbackNs === undefined ? DEFAULT_LOOKBACK_US : Math.round(lookbackNs / 1000));
    const tags: TagFilter[] = [...q.tags, ...q.tag].flat();
    if (q.service === undefined && q.traceID.length === 0)
      ctx.addIssue({ code: 'custom', path: ['service'], message: "parameter 'service' is required" });
    if (startUs > endUs) ctx.addIssue({ code: 'custom', path: ['end'], message: 'end is before start' });
    if (endUs - startUs > MAX_RANGE_US)
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'the range may cover at most 31 days' });
    if (q.limit !== undefined && q.limit > MAX_LIMIT)
      ctx.addIssue({ code: 'custom', path: ['limit'], message: `limit may be at most ${MAX_LIMIT}` });
    if (tags.length > MAX_TAGS)
      ctx.addIssue({ code: 'custom', path: ['tags'], message: `at most ${MAX_TAGS} tags` });
    if (q.minDuration !== undefined && q.maxDuration !== undefined && q.maxDuration < q.minDuration)
      ctx.addIssue({
        code: 'custom',
        path: ['maxDuration'],
        message: "'maxDuration' should be greater than 'minDuration'",
      });
    return {
      service: q.service,
      operation: q.operation,
      startUs,
      endUs,
      limit: q.limit === undefined || q.limit === 0 ? DEFAULT_LIMIT : q.limit,
      minDurationNs: q.minDuration,
      maxDurationNs: q.maxDuration,
      tags,
      traceIds: [...new Set(q.traceID)],
    };
  });

/** `/api/dependencies?endTs=<ms>&lookback=<ms>`: the graph over [endTs - lookback, endTs]. */
export const JaegerDependenciesQuery = (nowMs: number) =>
  z
    .object({
      endTs: Millis.optional(),
      lookback: z
        .string()
        .regex(/^\d{1,14}$/, 'lookback is milliseconds')
        .transform(Number)
        .optional(),
      service: z.string().max(256).optional(),
    })
    .transform((q, ctx) => {
      const endMs = q.endTs ?? nowMs;
      const lookbackMs = q.lookback ?? DEFAULT_DEPENDENCY_LOOKBACK_MS;
      if (lookbackMs > MAX_RANGE_MS)
        ctx.addIssue({ code: 'custom', path: ['lookback'], message: 'lookback may cover at most 31 days' });
      return { fromMs: endMs - lookbackMs, toMs: endMs, service: q.service };
    });

const SPAN_KINDS = {
  server: 'Server',
  client: 'Client',
  producer: 'Producer',
  consumer: 'Consumer',
  internal: 'Internal',
} as const;

/** `/api/operations?service=&spanKind=`; the kind is Jaeger's lower-case name, mapped to the stored one. */
export const JaegerOperationsQuery = z.object({
  service: z.string({ error: "parameter 'service' is required" }).min(1).max(256),
  spanKind: z
    .enum(['server', 'client', 'producer', 'consumer', 'internal'])
    .transform((k) => SPAN_KINDS[k])
    .optional(),
});
