import type { CodeLanguage, EvaluatorSpec, EvaluatorType } from '../api/evaluator-types';

const JS_BLANK = `// turn.evaluate_dataset_fields: the dataset's fields (input, reference_output, …)
// turn.evaluate_target_output_fields: the target's output (actual_output)
function exec_evaluation(turn) {
  const output = turn.evaluate_target_output_fields.actual_output?.text ?? '';
  const reference = turn.evaluate_dataset_fields.reference_output?.text ?? '';
  const equal = output.trim() === reference.trim();
  return { score: equal ? 1 : 0, reason: equal ? 'the output equals the reference' : 'they differ' };
}
`;

const PY_BLANK = `# turn["evaluate_dataset_fields"]: the dataset's fields (input, reference_output, ...)
# turn["evaluate_target_output_fields"]: the target's output (actual_output)
def exec_evaluation(turn):
    output = turn["evaluate_target_output_fields"].get("actual_output", {}).get("text", "")
    reference = turn["evaluate_dataset_fields"].get("reference_output", {}).get("text", "")
    equal = output.strip() == reference.strip()
    return {"score": 1.0 if equal else 0.0, "reason": "the output equals the reference" if equal else "they differ"}
`;

export const blankCode = (language: CodeLanguage): string => (language === 'python' ? PY_BLANK : JS_BLANK);

/** What "blank" starts from, per type; a judge takes the workspace's first model. */
export function blankSpec(
  type: EvaluatorType,
  modelId: string,
  language: CodeLanguage = 'javascript',
): EvaluatorSpec {
  switch (type) {
    case 'prompt':
      return {
        type: 'prompt',
        messages: [
          {
            role: 'system',
            content:
              'You are an expert evaluator. Score from 0 to 1 how well the output answers the input, and explain why.',
          },
          { role: 'user', content: 'Input: {{input}}\nOutput: {{output}}' },
        ],
        model: { modelId, temperature: 0 },
        output: { kind: 'range', min: 0, max: 1 },
      };
    case 'code':
      return { type: 'code', language, code: blankCode(language) };
    case 'http':
      return { type: 'http', url: 'https://evaluator.example.com/evaluate', timeoutMs: 10_000 };
    case 'builtin':
      return { type: 'builtin', name: 'exact', params: {} };
    case 'plugin':
      return { type: 'plugin', name: '' };
  }
}
