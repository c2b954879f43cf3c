/**
 * One row of the `spans` table, with the OpenTelemetry Collector ClickHouse exporter's column names plus
 * Spanloop's tenant and LLM columns. This is the insert shape (JSONEachRow) used by every span store.
 */
export interface SpanRow {
  WorkspaceId: string;
  /** Span start as 'seconds.nanoseconds' since the epoch (exact; DateTime64(9) parses it). */
  Timestamp: string;
  TraceId: string;
  SpanId: string;
  ParentSpanId: string;
  TraceState: string;
  SpanName: string;
  /** Unspecified | Internal | Server | Client | Producer | Consumer (as the exporter writes it). */
  SpanKind: string;
  ServiceName: string;
  ResourceAttributes: Record<string, string>;
  ResourceAttributeTypes: Record<string, string>;
  ScopeName: string;
  ScopeVersion: string;
  SpanAttributes: Record<string, string>;
  SpanAttributeTypes: Record<string, string>;
  /** Nanoseconds. */
  Duration: number;
  /** Unset | Ok | Error. */
  StatusCode: string;
  StatusMessage: string;
  'Events.Timestamp': string[];
  'Events.Name': string[];
  'Events.Attributes': Record<string, string>[];
  'Events.AttributeTypes': Record<string, string>[];
  'Links.TraceId': string[];
  'Links.SpanId': string[];
  'Links.TraceState': string[];
  'Links.Attributes': Record<string, string>[];
  'Links.AttributeTypes': Record<string, string>[];
  SpanType: string;
  LlmProvider: string;
  LlmRequestModel: string;
  LlmResponseModel: string;
  /** JSON array of NormalizedMessage; '' when none. */
  LlmInput: string;
  LlmOutput: string;
  InputTokens: number;
  OutputTokens: number;
  TotalTokens: number;
  CacheReadTokens: number;
  CacheWriteTokens: number;
  ReasoningTokens: number;
  /** Nanoseconds from the span's start to its first streamed token; 0 when not reported. */
  TimeToFirstTokenNs: number;
  InputCost: number;
  OutputCost: number;
  TotalCost: number;
  SessionId: string;
  UserId: string;
  PromptKey: string;
  PromptVersion: string;
  /** Days the row is kept, from its workspace's retention when received; absent or 0 keeps it forever. */
  RetentionDays?: number;
}
