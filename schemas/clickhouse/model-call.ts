/**
 * SQL condition for spans that are model calls (the spans pricing covers). Token totals sum only these: wrapper
 * spans (agents, chains, the AI SDK's outer calls) repeat their children's usage.
 */
export const MODEL_CALL_SQL = "SpanType IN ('llm', 'embedding')";
