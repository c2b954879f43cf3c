import { z } from 'zod';
import {
  SessionPage,
  SessionSummary,
  SessionTraces,
  UserPage,
  UserSummary,
} from '../../schemas/activity-view';
import {
  ApiKeyList,
  ApiKeyView,
  CreatedApiKeyView,
  LoginView,
  MemberList,
  MemberView,
  AcceptedInvitationView,
  CreatedInvitationView,
  InvitationLinkView,
  InvitationList,
  PrincipalView,
  WorkspaceList,
  WorkspaceView,
} from '../../schemas/access';
import { ErrorBody } from '../../schemas/error-body';
import { NormalizedMessage } from '../../schemas/llm-fields';
import { PluginList, PluginView } from '../../schemas/plugin-view';
import { MetricsPoint, MetricsResult, MetricsSeries } from '../../schemas/metrics-view';
import { ChatResultView, ModelList, ModelView, ProviderList, ProviderView } from '../../schemas/models';
import { TraceSearchResult, TraceSummary } from '../../schemas/span-query';
import { SpanSearchResult, SpanSummary, SpanSummaryLlm } from '../../schemas/span-summary';
import {
  AttributeValue,
  StoredLlmFields,
  StoredSpan,
  StoredSpanEvent,
  StoredSpanLink,
  TraceView,
} from '../../schemas/span-view';

/** `GET /healthz` and `GET /readyz`. */
const HealthStatus = z.object({ status: z.string().describe('ok, ready or not ready') });

/** The document itself, checked only as far as a client relies on it. */
const OpenApiDocumentBody = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

/** Response bodies by component name: the same zod schemas the routes' types derive from. */
export const COMPONENTS = {
  TraceView,
  StoredSpan,
  StoredSpanEvent,
  StoredSpanLink,
  StoredLlmFields,
  NormalizedMessage,
  AttributeValue,
  TraceSearchResult,
  TraceSummary,
  SpanSearchResult,
  SpanSummary,
  SpanSummaryLlm,
  SessionPage,
  SessionSummary,
  SessionTraces,
  UserPage,
  UserSummary,
  MetricsResult,
  MetricsSeries,
  MetricsPoint,
  ErrorBody,
  HealthStatus,
  WorkspaceView,
  WorkspaceList,
  ApiKeyView,
  ApiKeyList,
  CreatedApiKeyView,
  PrincipalView,
  LoginView,
  MemberView,
  MemberList,
  InvitationList,
  CreatedInvitationView,
  InvitationLinkView,
  AcceptedInvitationView,
  OpenApiDocumentBody,
  ProviderView,
  ProviderList,
  ModelView,
  ModelList,
  ChatResultView,
  PluginList,
  PluginView,
} as const satisfies Record<string, z.ZodType>;
export type ComponentName = keyof typeof COMPONENTS;
