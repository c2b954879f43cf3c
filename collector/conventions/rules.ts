import type { ConventionRules } from './rule-format';
import { cozeloopRules } from './cozeloop-rules';
import { genAiRules } from './gen-ai-rules';
import { genericRules, spanloopRules } from './generic-rules';
import { langfuseRules } from './langfuse-rules';
import { openInferenceRules } from './openinference-rules';
import { traceloopRules } from './traceloop-rules';
import { vercelAiRules } from './vercel-ai-rules';

/**
 * The shipped convention mapping. Bump `version` whenever a rule changes what a span maps to, so stored rows
 * can be re-mapped from their raw attributes. Version 2 added the time to first token and Langfuse's attributes.
 */
export const conventionRules: ConventionRules = {
  version: 2,
  conventions: [
    spanloopRules,
    cozeloopRules,
    langfuseRules,
    vercelAiRules,
    openInferenceRules,
    traceloopRules,
    genAiRules,
    genericRules,
  ],
};
