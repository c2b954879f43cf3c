import { randomBytes } from 'node:crypto';
import type { SpanRow } from '../../schemas/span-row';

/** Test clock: spans are placed relative to this instant. */
export const BASE_S = 1_700_000_000;
export const BASE_MS = BASE_S * 1000;
/** 'seconds.nanoseconds' at BASE_S + offset, the SpanRow timestamp form. */
export const at = (offsetS: number, nanos = 0): string =>
  `${BASE_S + offsetS}.${String(nanos).padStart(9, '0')}`;
/** A search window of an hour either side of BASE_MS. */
export const searchWindow = { from: BASE_MS - 3_600_000, to: BASE_MS + 3_600_000 };

/** Lower-case hex id of `bytes` random bytes (16 for a trace id, 8 for a span id). */
export const hexId = (bytes: number): string => randomBytes(bytes).toString('hex');

/** A workspace of its own per test, so tests sharing one store never see each other's spans. */
export const newWorkspace = (): string => `ws-${hexId(4)}`;

/** A plain, valid span row; tests override what they care about. */
export const makeRow = (overrides: Partial<SpanRow> = {}): SpanRow => ({
  WorkspaceId: 'ws-test',
  Timestamp: '1700000000.000000000',
  TraceId: hexId(16),
  SpanId: hexId(8),
  ParentSpanId: '',
  TraceState: '',
  SpanName: 'GET /',
  SpanKind: 'Server',
  ServiceName: 'api',
  ResourceAttributes: { 'service.name': 'api' },
  ResourceAttributeTypes: {},
  ScopeName: 'test-scope',
  ScopeVersion: '1.0.0',
  SpanAttributes: {},
  SpanAttributeTypes: {},
  Duration: 1_000_000,
  StatusCode: 'Unset',
  StatusMessage: '',
  'Events.Timestamp': [],
  'Events.Name': [],
  'Events.Attributes': [],
  'Events.AttributeTypes': [],
  'Links.TraceId': [],
  'Links.SpanId': [],
  'Links.TraceState': [],
  'Links.Attributes': [],
  'Links.AttributeTypes': [],
  SpanType: 'other',
  LlmProvider: '',
  LlmRequestModel: '',
  LlmResponseModel: '',
  LlmInput: '',
  LlmOutput: '',
  InputTokens: 0,
  OutputTokens: 0,
  TotalTokens: 0,
  CacheReadTokens: 0,
  CacheWriteTokens: 0,
  ReasoningTokens: 0,
  TimeToFirstTokenNs: 0,
  InputCost: 0,
  OutputCost: 0,
  TotalCost: 0,
  SessionId: '',
  UserId: '',
  PromptKey: '',
  PromptVersion: '',
  ...overrides,
});
