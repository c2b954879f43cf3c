import { trace, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { WORKSPACE_ATTRIBUTE } from './attributes';

const hasAttributes = (span: unknown): span is Pick<ReadableSpan, 'attributes'> =>
  typeof span === 'object' && span !== null && 'attributes' in span;

/**
 * Gives a span without `spanloop.workspace_id` its local parent's, at start: a child can end and be exported
 * before its root, so the exporter must find the workspace on every span.
 */
export const workspaceInheritance: SpanProcessor = {
  onStart(span: Span, parentContext: Context) {
    if (span.attributes[WORKSPACE_ATTRIBUTE] !== undefined) return;
    const parent = trace.getSpan(parentContext);
    const inherited = hasAttributes(parent) ? parent.attributes[WORKSPACE_ATTRIBUTE] : undefined;
    if (typeof inherited === 'string') span.setAttribute(WORKSPACE_ATTRIBUTE, inherited);
  },
  onEnd: () => undefined,
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};
