import { useId, useState } from 'react';
import type { BuiltinEvaluatorSpec, PluginEvaluatorSpec } from '../api/evaluator-types';

/** The deterministic built-ins the engine ships (a suggestion list; the server validates the name). */
const BUILTINS = [
  'exact',
  'contains',
  'regex',
  'json_valid',
  'json_schema',
  'numeric_tolerance',
  'levenshtein',
  'bleu',
  'rouge_l',
  'latency_threshold',
  'cost_threshold',
];

/** A built-in evaluator: its name and its parameters as JSON. */
export function BuiltinSpecEditor(props: {
  spec: BuiltinEvaluatorSpec;
  readOnly: boolean;
  onChange: (spec: BuiltinEvaluatorSpec) => void;
}) {
  const { spec, readOnly } = props;
  const [text, setText] = useState(() => JSON.stringify(spec.params ?? {}, null, 2));
  const [problem, setProblem] = useState<string | undefined>();
  const listId = useId();
  return (
    <div className="spec-editor">
      <label className="field">
        <span>Built-in name</span>
        <input
          list={listId}
          required
          readOnly={readOnly}
          value={spec.name}
          onChange={(e) => props.onChange({ ...spec, name: e.target.value })}
        />
        <datalist id={listId}>
          {BUILTINS.map((b) => (
            <option key={b} value={b} />
          ))}
        </datalist>
      </label>
      <label className="field">
        <span>Parameters (JSON object: a pattern, a tolerance, a threshold…)</span>
        <textarea
          rows={4}
          readOnly={readOnly}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            try {
              const parsed = JSON.parse(e.target.value === '' ? '{}' : e.target.value) as unknown;
              if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
                throw new Error('an object');
              setProblem(undefined);
              props.onChange({ ...spec, params: parsed as Record<string, unknown> });
            } catch (err) {
              setProblem(err instanceof Error ? err.message : String(err));
            }
          }}
        />
      </label>
      {problem !== undefined && (
        <span className="error-text" role="alert">
          Parameters are not valid JSON yet: {problem}
        </span>
      )}
    </div>
  );
}

/** An evaluator a plugin contributes, by name. */
export function PluginSpecEditor(props: {
  spec: PluginEvaluatorSpec;
  readOnly: boolean;
  onChange: (spec: PluginEvaluatorSpec) => void;
}) {
  return (
    <div className="spec-editor">
      <label className="field">
        <span>Plugin evaluator name</span>
        <input
          required
          readOnly={props.readOnly}
          value={props.spec.name}
          onChange={(e) => props.onChange({ ...props.spec, name: e.target.value })}
        />
      </label>
    </div>
  );
}
