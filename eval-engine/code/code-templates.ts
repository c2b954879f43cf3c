import type { CodeEvaluatorSpec } from '../types';

/** A code evaluator to start from (Cozeloop's `code_evaluator_template_conf`), in one language. */
export interface CodeTemplate {
  /** `code.<name>.<language>`, unique across languages. */
  key: string;
  name: CodeTemplateName;
  language: CodeEvaluatorSpec['language'];
  title: string;
  description: string;
  spec: CodeEvaluatorSpec;
  /** Input keys the code reads: dataset `reference_output`, target `actual_output`. */
  inputs: string[];
}

export type CodeTemplateName =
  | 'equals'
  | 'contains_any'
  | 'regex'
  | 'starts_with'
  | 'is_valid_json_object'
  | 'custom';

const PY_TEXT = `def field_text(turn, group, name):
    field = (turn.get(group) or {}).get(name) or {}
    return field.get("text") or ""


def actual_and_reference(turn):
    return (
        field_text(turn, "evaluate_target_output_fields", "actual_output"),
        field_text(turn, "evaluate_dataset_fields", "reference_output"),
    )
`;

const JS_TEXT = `function fieldText(turn, group, name) {
  const field = (turn[group] || {})[name] || {};
  return typeof field.text === 'string' ? field.text : '';
}

function actualAndReference(turn) {
  return [
    fieldText(turn, 'evaluate_target_output_fields', 'actual_output'),
    fieldText(turn, 'evaluate_dataset_fields', 'reference_output'),
  ];
}
`;

const PYTHON: Record<CodeTemplateName, string> = {
  equals: `${PY_TEXT}

def exec_evaluation(turn):
    actual, reference = actual_and_reference(turn)
    if actual == reference:
        return EvalOutput(score=1.0, reason="the output equals the reference output")
    return EvalOutput(score=0.0, reason="the output differs from the reference output")
`,
  contains_any: `${PY_TEXT}

def exec_evaluation(turn):
    actual, reference = actual_and_reference(turn)
    candidates = [part.strip() for part in reference.split(",") if part.strip()]
    found = [c for c in candidates if c in actual]
    if found:
        return EvalOutput(score=1.0, reason="the output contains: " + ", ".join(found))
    return EvalOutput(score=0.0, reason="the output contains none of: " + ", ".join(candidates))
`,
  regex: `import re

${PY_TEXT}

def exec_evaluation(turn):
    actual, pattern = actual_and_reference(turn)
    try:
        matched = re.search(pattern, actual) is not None
    except re.error as e:
        return EvalOutput(score=0.0, reason="the reference output is not a valid pattern: " + str(e))
    if matched:
        return EvalOutput(score=1.0, reason="the output matches /" + pattern + "/")
    return EvalOutput(score=0.0, reason="the output does not match /" + pattern + "/")
`,
  starts_with: `${PY_TEXT}

def exec_evaluation(turn):
    actual, reference = actual_and_reference(turn)
    if actual.startswith(reference):
        return EvalOutput(score=1.0, reason="the output starts with the reference output")
    return EvalOutput(score=0.0, reason="the output does not start with the reference output")
`,
  is_valid_json_object: `import json

${PY_TEXT}

def exec_evaluation(turn):
    actual, _ = actual_and_reference(turn)
    try:
        value = json.loads(actual)
    except ValueError as e:
        return EvalOutput(score=0.0, reason="the output is not valid JSON: " + str(e))
    if isinstance(value, dict):
        return EvalOutput(score=1.0, reason="the output is a JSON object")
    return EvalOutput(score=0.0, reason="the output is JSON but not an object")
`,
  custom: `${PY_TEXT}

def exec_evaluation(turn):
    # turn["evaluate_dataset_fields"]: the mapped dataset columns, each {"content_type": "text", "text": ...}
    # turn["evaluate_target_output_fields"]: the target's outputs, e.g. actual_output
    # print() output is kept with the result (up to 64 KiB).
    actual, reference = actual_and_reference(turn)
    reference_words = set(reference.lower().split())
    if not reference_words:
        return EvalOutput(score=0.0, reason="the reference output is empty")
    overlap = reference_words & set(actual.lower().split())
    score = len(overlap) / len(reference_words)
    return EvalOutput(score=score, reason="%d of %d reference words appear in the output" % (len(overlap), len(reference_words)))
`,
};

const JAVASCRIPT: Record<CodeTemplateName, string> = {
  equals: `${JS_TEXT}
function exec_evaluation(turn) {
  const [actual, reference] = actualAndReference(turn);
  if (actual === reference) return { score: 1, reason: 'the output equals the reference output' };
  return { score: 0, reason: 'the output differs from the reference output' };
}
`,
  contains_any: `${JS_TEXT}
function exec_evaluation(turn) {
  const [actual, reference] = actualAndReference(turn);
  const candidates = reference.split(',').map((part) => part.trim()).filter((part) => part !== '');
  const found = candidates.filter((candidate) => actual.includes(candidate));
  if (found.length > 0) return { score: 1, reason: 'the output contains: ' + found.join(', ') };
  return { score: 0, reason: 'the output contains none of: ' + candidates.join(', ') };
}
`,
  regex: `${JS_TEXT}
function exec_evaluation(turn) {
  const [actual, pattern] = actualAndReference(turn);
  let regex;
  try {
    regex = new RegExp(pattern);
  } catch (e) {
    return { score: 0, reason: 'the reference output is not a valid pattern: ' + e.message };
  }
  if (regex.test(actual)) return { score: 1, reason: 'the output matches /' + pattern + '/' };
  return { score: 0, reason: 'the output does not match /' + pattern + '/' };
}
`,
  starts_with: `${JS_TEXT}
function exec_evaluation(turn) {
  const [actual, reference] = actualAndReference(turn);
  if (actual.startsWith(reference)) return { score: 1, reason: 'the output starts with the reference output' };
  return { score: 0, reason: 'the output does not start with the reference output' };
}
`,
  is_valid_json_object: `${JS_TEXT}
function exec_evaluation(turn) {
  const [actual] = actualAndReference(turn);
  let value;
  try {
    value = JSON.parse(actual);
  } catch (e) {
    return { score: 0, reason: 'the output is not valid JSON: ' + e.message };
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value))
    return { score: 1, reason: 'the output is a JSON object' };
  return { score: 0, reason: 'the output is JSON but not an object' };
}
`,
  custom: `${JS_TEXT}
// turn.evaluate_dataset_fields: the mapped dataset columns, each { content_type: 'text', text }
// turn.evaluate_target_output_fields: the target's outputs, e.g. actual_output
// console.log output is kept with the result (up to 64 KiB).
function exec_evaluation(turn) {
  const [actual, reference] = actualAndReference(turn);
  const referenceWords = new Set(reference.toLowerCase().split(/\\s+/).filter((w) => w !== ''));
  if (referenceWords.size === 0) return { score: 0, reason: 'the reference output is empty' };
  const actualWords = new Set(actual.toLowerCase().split(/\\s+/));
  const overlap = [...referenceWords].filter((w) => actualWords.has(w)).length;
  return {
    score: overlap / referenceWords.size,
    reason: overlap + ' of ' + referenceWords.size + ' reference words appear in the output',
  };
}
`,
};

const ABOUT: Record<CodeTemplateName, { title: string; description: string; inputs: string[] }> = {
  equals: {
    title: 'Equals',
    description: 'Score 1 when the output equals the reference output exactly, else 0.',
    inputs: ['actual_output', 'reference_output'],
  },
  contains_any: {
    title: 'Contains any',
    description: 'Score 1 when the output contains any of the comma-separated values of the reference output.',
    inputs: ['actual_output', 'reference_output'],
  },
  regex: {
    title: 'Regex',
    description: 'Score 1 when the output matches the regular expression given as the reference output.',
    inputs: ['actual_output', 'reference_output'],
  },
  starts_with: {
    title: 'Starts with',
    description: 'Score 1 when the output starts with the reference output.',
    inputs: ['actual_output', 'reference_output'],
  },
  is_valid_json_object: {
    title: 'Valid JSON object',
    description: 'Score 1 when the output parses as a JSON object.',
    inputs: ['actual_output'],
  },
  custom: {
    title: 'Custom',
    description: 'A starting point: the share of reference words found in the output. Edit it freely.',
    inputs: ['actual_output', 'reference_output'],
  },
};

const NAMES: CodeTemplateName[] = ['equals', 'contains_any', 'regex', 'starts_with', 'is_valid_json_object', 'custom'];

/** The six code templates in Python and JavaScript (12 in all), Python first. */
export const CODE_TEMPLATES: readonly CodeTemplate[] = (['python', 'javascript'] as const).flatMap((language) =>
  NAMES.map((name) => ({
    key: `code.${name}.${language}`,
    name,
    language,
    ...ABOUT[name],
    spec: { type: 'code' as const, language, code: (language === 'python' ? PYTHON : JAVASCRIPT)[name] },
  })),
);

export const codeTemplate = (key: string): CodeTemplate | undefined => CODE_TEMPLATES.find((t) => t.key === key);
