import type { LlmFields } from '../schemas/llm-fields';
import type { Attributes, DecodedExportRequest, DecodedSpan } from '../schemas/otlp-model';
import type { SpanRow } from '../schemas/span-row';
import { spanProblem, type SpanProblem } from './validate-span';

const KINDS = ['Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer'];
const STATUSES = ['Unset', 'Ok', 'Error'];
const NS_PER_S = 1_000_000_000n;
const ZERO_SPAN_ID = '0'.repeat(16);
const PRICED = new Set<LlmFields['spanType']>(['llm', 'embedding']);

export interface SpanCost {
  inputCost: number;
  outputCost: number;
  totalCost: number;
}

export interface SpanRowsDeps {
  workspaceId: string;
  /** The workspace's retention, stamped on every row for the table's TTL; 0 or absent keeps spans forever. */
  retentionDays?: number;
  nowNs: bigint;
  maxAttributeBytes: number;
  mapLlm: (span: DecodedSpan, resource: Attributes) => LlmFields;
  cost: (model: string, llm: LlmFields) => SpanCost | undefined;
}

export interface SpanRows {
  rows: SpanRow[];
  rejected: number;
  /** Rejected spans by reason. */
  rejections: Partial<Record<SpanProblem['reason'], number>>;
  /** What the client is told in partial_success (rejections and truncations), '' when nothing. */
  message: string;
}

/** 'seconds.nanoseconds', exact, as DateTime64(9) parses it. */
export function nsToDateTime64(ns: bigint): string {
  return `${ns / NS_PER_S}.${(ns % NS_PER_S).toString().padStart(9, '0')}`;
}

/** Truncates over-long values in place; returns how many it cut. */
function truncate(attrs: Attributes, max: number): number {
  let cut = 0;
  for (const key in attrs.values) {
    const v = attrs.values[key] as string;
    if (v.length * 3 <= max) continue;
    const bytes = Buffer.from(v);
    if (bytes.length <= max) continue;
    attrs.values[key] = bytes.subarray(0, max).toString();
    cut++;
  }
  return cut;
}

const messages = (m: LlmFields['input']): string => (m.length === 0 ? '' : JSON.stringify(m));

/** Validates, maps and flattens one decoded export request into span table rows. */
export function toSpanRows(req: DecodedExportRequest, deps: SpanRowsDeps): SpanRows {
  const rows: SpanRow[] = [];
  let rejected = 0;
  let truncated = 0;
  let firstProblem = '';
  const rejections: SpanRows['rejections'] = {};
  for (const rs of req.resourceSpans) {
    truncated += truncate(rs.resource, deps.maxAttributeBytes);
    const serviceName = rs.resource.values['service.name'] ?? 'unknown_service';
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        const problem = spanProblem(span, deps.nowNs);
        if (problem !== undefined) {
          rejected++;
          rejections[problem.reason] = (rejections[problem.reason] ?? 0) + 1;
          if (firstProblem === '') firstProblem = problem.message;
          continue;
        }
        truncated += truncate(span.attributes, deps.maxAttributeBytes);
        for (const e of span.events) truncated += truncate(e.attributes, deps.maxAttributeBytes);
        const llm = deps.mapLlm(span, rs.resource);
        // Only model calls are priced: wrappers (e.g. the AI SDK's outer spans) repeat their children's usage.
        const cost =
          llm.reportedCost !== undefined
            ? { inputCost: 0, outputCost: 0, totalCost: llm.reportedCost }
            : PRICED.has(llm.spanType)
              ? deps.cost(llm.responseModel || llm.requestModel, llm)
              : undefined;
        rows.push({
          WorkspaceId: deps.workspaceId,
          RetentionDays: deps.retentionDays ?? 0,
          Timestamp: nsToDateTime64(span.startTimeUnixNano),
          TraceId: span.traceId,
          SpanId: span.spanId,
          ParentSpanId: span.parentSpanId === ZERO_SPAN_ID ? '' : span.parentSpanId,
          TraceState: span.traceState,
          SpanName: span.name,
          SpanKind: KINDS[span.kind] ?? 'Unspecified',
          ServiceName: serviceName,
          ResourceAttributes: rs.resource.values,
          ResourceAttributeTypes: rs.resource.types,
          ScopeName: ss.scopeName,
          ScopeVersion: ss.scopeVersion,
          SpanAttributes: span.attributes.values,
          SpanAttributeTypes: span.attributes.types,
          Duration: Number(span.endTimeUnixNano - span.startTimeUnixNano),
          StatusCode: STATUSES[span.statusCode] ?? 'Unset',
          StatusMessage: span.statusMessage,
          'Events.Timestamp': span.events.map((e) => nsToDateTime64(e.timeUnixNano)),
          'Events.Name': span.events.map((e) => e.name),
          'Events.Attributes': span.events.map((e) => e.attributes.values),
          'Events.AttributeTypes': span.events.map((e) => e.attributes.types),
          'Links.TraceId': span.links.map((l) => l.traceId),
          'Links.SpanId': span.links.map((l) => l.spanId),
          'Links.TraceState': span.links.map((l) => l.traceState),
          'Links.Attributes': span.links.map((l) => l.attributes.values),
          'Links.AttributeTypes': span.links.map((l) => l.attributes.types),
          SpanType: llm.spanType,
          LlmProvider: llm.provider,
          LlmRequestModel: llm.requestModel,
          LlmResponseModel: llm.responseModel,
          LlmInput: messages(llm.input),
          LlmOutput: messages(llm.output),
          InputTokens: llm.inputTokens,
          OutputTokens: llm.outputTokens,
          TotalTokens: llm.totalTokens,
          CacheReadTokens: llm.cacheReadTokens,
          CacheWriteTokens: llm.cacheWriteTokens,
          ReasoningTokens: llm.reasoningTokens,
          TimeToFirstTokenNs: llm.timeToFirstTokenNs,
          InputCost: cost?.inputCost ?? 0,
          OutputCost: cost?.outputCost ?? 0,
          TotalCost: cost?.totalCost ?? 0,
          SessionId: llm.sessionId,
          UserId: llm.userId,
          PromptKey: llm.promptKey,
          PromptVersion: llm.promptVersion,
        });
      }
    }
  }
  const notes: string[] = [];
  if (rejected > 0) notes.push(`${rejected} span(s) rejected: ${firstProblem}`);
  if (truncated > 0)
    notes.push(`${truncated} attribute value(s) truncated to ${deps.maxAttributeBytes} bytes`);
  return { rows, rejected, rejections, message: notes.join('; ') };
}
