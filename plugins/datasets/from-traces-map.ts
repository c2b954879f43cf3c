import { JSONPath } from 'jsonpath-plus';
import type { Content } from '../../schemas/content';
import { AppError, type StoredSpan } from '../sdk/index';
import type { FieldMapping, MappingSource } from './from-traces-schemas';
import type { FieldSchema, NewItem } from './types';

/** A mapping resolved against the draft's schema. */
export interface ResolvedMapping {
  field: FieldSchema;
  source: MappingSource;
  jsonPath?: string;
}

/** Cozeloop writes `$.messages[-1].content`; jsonpath-plus reads a negative index only as a slice (`[-1:]`). */
const withSlices = (path: string) => path.replace(/\[(-\d+)\]/g, '[$1:]');

/** Why a path cannot be read (script filters are refused), or undefined. */
function pathProblem(path: string): string | undefined {
  try {
    JSONPath({ path, json: { a: [1] }, wrap: true, eval: false });
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Each mapping's field by name; an unknown field or a path that does not read is the caller's mistake. */
export function resolveMappings(
  mappings: readonly FieldMapping[],
  fields: readonly FieldSchema[],
): ResolvedMapping[] {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const seen = new Set<string>();
  return mappings.map((m, i) => {
    const field = byName.get(m.field);
    if (field === undefined)
      throw new AppError('invalid_argument', `mappings[${i}]: the dataset has no field "${m.field}"`);
    if (seen.has(m.field))
      throw new AppError('invalid_argument', `mappings[${i}]: "${m.field}" is mapped twice`);
    seen.add(m.field);
    if (m.jsonPath === undefined) return { field, source: m.source };
    const jsonPath = withSlices(m.jsonPath);
    if (!jsonPath.startsWith('$') || pathProblem(jsonPath) !== undefined)
      throw new AppError(
        'invalid_argument',
        `mappings[${i}]: not a JSONPath this server reads (${pathProblem(jsonPath) ?? 'it starts with $'}; script filters are off)`,
      );
    return { field, source: m.source, jsonPath };
  });
}

/** Text that holds a JSON object or array, parsed; other text as it is. */
function jsonOrText(text: string): unknown {
  const t = text.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return text;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return text;
  }
}

/** One side of the conversation: a single message's content (JSON read when a path needs it), else the messages. */
function sideOf(messages: StoredSpan['llm']['input'], forPath: boolean): unknown {
  if (messages.length === 0) return undefined;
  const only = messages.length === 1 ? messages[0] : undefined;
  if (
    only !== undefined &&
    (only.parts === undefined || only.parts.length === 0) &&
    only.toolCalls === undefined
  )
    return forPath ? jsonOrText(only.content) : only.content;
  return messages;
}

/** The span's own facts, for the `span` source. */
export const spanFacts = (s: StoredSpan) => ({
  traceId: s.traceId,
  spanId: s.spanId,
  parentSpanId: s.parentSpanId,
  name: s.name,
  kind: s.kind,
  serviceName: s.serviceName,
  status: s.statusCode,
  statusMessage: s.statusMessage,
  startTime: new Date(Number(BigInt(s.startTimeUnixNano) / 1_000_000n)).toISOString(),
  durationMs: Number(BigInt(s.durationNs) / 1000n) / 1000,
  spanType: s.llm.spanType,
  provider: s.llm.provider,
  model: s.llm.responseModel === '' ? s.llm.requestModel : s.llm.responseModel,
  requestModel: s.llm.requestModel,
  responseModel: s.llm.responseModel,
  inputTokens: s.llm.inputTokens,
  outputTokens: s.llm.outputTokens,
  totalTokens: s.llm.totalTokens,
  totalCost: s.llm.totalCost,
  sessionId: s.llm.sessionId,
  userId: s.llm.userId,
  promptKey: s.llm.promptKey,
  promptVersion: s.llm.promptVersion,
  resourceAttributes: s.resourceAttributes,
});

/** The document a mapping reads. */
function sourceOf(span: StoredSpan, source: MappingSource, forPath: boolean): unknown {
  switch (source) {
    case 'input':
      return sideOf(span.llm.input, forPath);
    case 'output':
      return sideOf(span.llm.output, forPath);
    case 'messages':
      return [...span.llm.input, ...span.llm.output];
    case 'attributes':
      return span.attributes;
    case 'span':
      return spanFacts(span);
  }
}

/** The value a mapping picks: one match as it is, several as an array, none as undefined. */
function valueOf(span: StoredSpan, m: ResolvedMapping): unknown {
  const doc = sourceOf(span, m.source, m.jsonPath !== undefined);
  if (m.jsonPath === undefined || doc === undefined) return doc;
  const found = JSONPath<unknown[]>({ path: m.jsonPath, json: doc as object, wrap: true, eval: false });
  if (found.length === 0) return undefined;
  return found.length === 1 ? found[0] : found;
}

const MEDIA = new Set(['image', 'audio', 'video']);

/** A picked value as a cell of `field`: text for every scalar and JSON value, a URL for a media column. */
function contentOf(value: unknown, field: FieldSchema): Content | string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (MEDIA.has(field.contentType)) {
    const url = typeof value === 'string' ? value : (value as { url?: unknown } | null)?.url;
    if (typeof url !== 'string' || !/^https?:\/\//i.test(url))
      return `the value for "${field.name}" is not an http(s) URL`;
    const kind = field.contentType as 'image' | 'audio' | 'video';
    return { content_type: kind, [kind]: { url } };
  }
  if (field.contentType === 'multi_part')
    return { content_type: 'multi_part', multi_part: [{ content_type: 'text', text }] };
  return { content_type: 'text', text };
}

/** Item keys of items made from spans: adding a span again updates its item rather than adding another. */
export const spanItemKey = (span: { traceId: string; spanId: string }) =>
  `span:${span.traceId}:${span.spanId}`;

/** One span as an item (fields by key), or why it cannot be one. */
export function itemOfSpan(span: StoredSpan, mappings: readonly ResolvedMapping[]): NewItem | string {
  const fields: Record<string, Content> = {};
  for (const m of mappings) {
    let value: unknown;
    try {
      value = valueOf(span, m);
    } catch (e) {
      return `the JSONPath of "${m.field.name}" failed: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (value === undefined || value === null) {
      if (m.field.required) return `no value for the required field "${m.field.name}"`;
      continue;
    }
    const content = contentOf(value, m.field);
    if (typeof content === 'string') return content;
    fields[m.field.key] = content;
  }
  return {
    itemKey: spanItemKey(span),
    turns: [{ fields }],
    source: { traceId: span.traceId, spanId: span.spanId },
  };
}
