import type { ChatTool } from '../../schemas/chat';
import type { OutputDefinition } from '../types';

/** The name of the tool the judge is forced to call (Cozeloop's). */
export const JUDGE_TOOL_NAME = 'eval';
/** Appended to the last message in tool mode (Cozeloop's wording). */
export const TOOL_SUFFIX = 'In any case, you must call the bound tool.';

/** Cozeloop's `score_range` tool: a score from 0.0 to 1.0. */
export const DEFAULT_OUTPUT: OutputDefinition = { kind: 'range', min: 0, max: 1 };

/** What the score must be, in words, for the tool description and the content-mode instructions. */
export function scoreWording(output: OutputDefinition): string {
  switch (output.kind) {
    case 'range':
      return `a number from ${output.min} to ${output.max}`;
    case 'enum':
      return `one of the numbers ${output.values.join(', ')}`;
    case 'boolean':
      return 'true or false';
    case 'categories':
      return `one of ${output.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
}

function scoreSchema(output: OutputDefinition): Record<string, unknown> {
  const description = `The score: ${scoreWording(output)}.`;
  switch (output.kind) {
    case 'range':
      return { type: 'number', minimum: output.min, maximum: output.max, description };
    case 'enum':
      return { type: 'number', enum: output.values, description };
    case 'boolean':
      return { type: 'boolean', description };
    case 'categories':
      return { type: 'string', enum: output.values, description };
  }
}

/** The forced `eval {reason, score}` tool for an output definition. */
export const judgeTool = (output: OutputDefinition): ChatTool => ({
  name: JUDGE_TOOL_NAME,
  description: `Report your evaluation: the reason first, then the score (${scoreWording(output)}).`,
  parameters: {
    type: 'object',
    properties: {
      reason: { type: 'string', description: 'Why you give this score, step by step.' },
      score: scoreSchema(output),
    },
    required: ['reason', 'score'],
    additionalProperties: false,
  },
});

/** Appended to the last message in content mode: the JSON the parser looks for. */
export const contentSuffix = (output: OutputDefinition): string =>
  `Answer with a single JSON object and nothing else: {"reason": "<why, step by step>", "score": <${scoreWording(output)}>}.`;
