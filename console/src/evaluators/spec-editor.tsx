import { lazy, Suspense } from 'react';
import type { EvaluatorSpec, EvaluatorTemplate } from '../api/evaluator-types';
import type { ModelView } from '../api/prompt-types';
import { BuiltinSpecEditor, PluginSpecEditor } from './builtin-spec-editor';
import { HttpSpecEditor } from './http-spec-editor';
import { PromptSpecEditor } from './prompt-spec-editor';

// CodeMirror and its languages load only when a code evaluator is opened (a separate chunk).
const CodeSpecEditor = lazy(() => import('./code-spec-editor').then((m) => ({ default: m.CodeSpecEditor })));

/** The editor of a spec's type; `readOnly` shows a version's spec. */
export function SpecEditor(props: {
  spec: EvaluatorSpec;
  models: readonly ModelView[];
  templates: readonly EvaluatorTemplate[];
  readOnly: boolean;
  codeLabel?: string;
  onChange: (spec: EvaluatorSpec) => void;
}) {
  const { spec, readOnly, onChange } = props;
  switch (spec.type) {
    case 'prompt':
      return <PromptSpecEditor spec={spec} models={props.models} readOnly={readOnly} onChange={onChange} />;
    case 'code':
      return (
        <Suspense fallback={<p className="loading">Loading the code editor…</p>}>
          <CodeSpecEditor
            spec={spec}
            templates={props.templates}
            readOnly={readOnly}
            onChange={onChange}
            {...(props.codeLabel === undefined ? {} : { label: props.codeLabel })}
          />
        </Suspense>
      );
    case 'http':
      return <HttpSpecEditor spec={spec} readOnly={readOnly} onChange={onChange} />;
    case 'builtin':
      return <BuiltinSpecEditor spec={spec} readOnly={readOnly} onChange={onChange} />;
    case 'plugin':
      return <PluginSpecEditor spec={spec} readOnly={readOnly} onChange={onChange} />;
  }
}
