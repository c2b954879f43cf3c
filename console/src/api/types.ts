// The REST API's wire shapes the console reads (mirrors of schemas/*.ts views; the console imports nothing server-side).

export type Role = 'owner' | 'admin' | 'member' | 'viewer';
export const ROLES: readonly Role[] = ['owner', 'admin', 'member', 'viewer'];
export type Scope = 'ingest' | 'read' | 'write' | 'run' | 'admin';
export const SCOPES: readonly Scope[] = ['ingest', 'read', 'write', 'run', 'admin'];

export interface ErrorBody {
  error: { code: string; message: string };
}

export interface Principal {
  workspaceId: string;
  scopes: Scope[];
  kind: 'key' | 'user' | 'anonymous';
  userId?: string;
  role?: Role;
}

export interface LoginView {
  user: { id: string; email: string };
  expiresAt: string;
}

export interface WorkspaceView {
  id: string;
  name: string;
  retentionDays: number | null;
  createdAt: string;
}

export interface ApiKeyView {
  id: string;
  workspaceId: string;
  name: string;
  publicKey: string;
  secretPrefix: string;
  scopes: Scope[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiKeyView extends ApiKeyView {
  secret: string;
}

export interface InvitationView {
  id: string;
  workspaceId: string;
  workspaceName: string;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
}

export interface CreatedInvitationView extends InvitationView {
  token: string;
  /** The console page that accepts it, on this host. */
  path: string;
}

export interface InvitationLinkView extends InvitationView {
  accountExists: boolean;
}

export interface AcceptedInvitationView {
  workspaceId: string;
  workspaceName: string;
  role: Role;
  user: { id: string; email: string };
}

export interface MemberView {
  userId: string;
  email: string;
  role: Role;
}

export type AttributeValue =
  string | number | boolean | null | AttributeValue[] | { [k: string]: AttributeValue };
export type Attributes = Record<string, AttributeValue>;

export interface ToolCall {
  id?: string;
  name: string;
  arguments: string;
}

export interface NormalizedMessage {
  role: string;
  content: string;
  name?: string;
  toolCallId?: string;
  toolCalls?: ToolCall[];
  parts?: Record<string, unknown>[];
}

export interface LlmFields {
  spanType: string;
  provider: string;
  requestModel: string;
  responseModel: string;
  input: NormalizedMessage[];
  output: NormalizedMessage[];
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  inputCost: number;
  outputCost: number;
  totalCost: number;
  sessionId: string;
  userId: string;
  promptKey: string;
  promptVersion: string;
}

export interface SpanEvent {
  timeUnixNano: string;
  name: string;
  attributes: Attributes;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: Attributes;
}

export interface StoredSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  name: string;
  kind: string;
  serviceName: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  durationNs: string;
  statusCode: string;
  statusMessage: string;
  attributes: Attributes;
  resourceAttributes: Attributes;
  scopeName: string;
  scopeVersion: string;
  events: SpanEvent[];
  links: SpanLink[];
  llm: LlmFields;
}

export interface TraceView {
  traceId: string;
  spans: StoredSpan[];
}

export interface TraceSummary {
  traceId: string;
  rootSpanName: string;
  rootServiceName: string;
  startTimeUnixNano: string;
  durationNs: string;
  spanCount: number;
  errorCount: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  totalCost: number;
}

export interface TraceSearchResult {
  traces: TraceSummary[];
  nextCursor?: string;
}

export interface ActivityTotals {
  traceCount: number;
  spanCount: number;
  errorCount: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  totalCost: number;
  firstSeenUnixNano: string;
  lastSeenUnixNano: string;
}

export interface SessionSummary extends ActivityTotals {
  sessionId: string;
  userIds: string[];
}

export interface UserSummary extends ActivityTotals {
  userId: string;
  sessionCount: number;
}

export interface UserPage {
  users: UserSummary[];
  nextCursor?: string;
}

export interface SessionPage {
  sessions: SessionSummary[];
  nextCursor?: string;
}

export interface SessionTraces {
  sessionId: string;
  traces: TraceSummary[];
  nextCursor?: string;
}

export type GroupField = 'model' | 'provider' | 'service' | 'spanName' | 'promptKey' | 'promptVersion';

export interface MetricsPoint {
  timestamp: number;
  requests: number;
  errors: number;
  errorRate: number;
  latencyMs: { p50: number; p90: number; p99: number };
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  totalTokens: number;
  cost: number;
}

export interface MetricsSeries {
  labels: Partial<Record<GroupField, string>>;
  points: MetricsPoint[];
}

export interface MetricsResult {
  from: number;
  to: number;
  stepSeconds: number;
  groupBy: GroupField[];
  series: MetricsSeries[];
}
