import { javascript } from '@codemirror/lang-javascript';
import { python } from '@codemirror/lang-python';
import CodeMirror, { EditorView } from '@uiw/react-codemirror';
import { useMemo, useState } from 'react';
import type { CodeEvaluatorSpec, CodeLanguage, EvaluatorTemplate } from '../api/evaluator-types';
import { blankCode } from './blank-specs';

const LANGUAGES: { id: CodeLanguage; label: string }[] = [
  { id: 'javascript', label: 'JavaScript' },
  { id: 'python', label: 'Python' },
];

// Gutter and comment colours dark enough for WCAG AA contrast on the light background.
const readableTheme = EditorView.theme({
  '&': { backgroundColor: '#ffffff', color: '#1b1f24' },
  '.cm-gutters': { color: '#4b5563', backgroundColor: '#f3f4f6' },
  '.cm-activeLineGutter': { color: '#111827' },
  '&.cm-focused': { outline: '2px solid #2563eb' },
});

/** The template of `language` that corresponds to `from` (same name), for a language switch. */
function twin(templates: readonly EvaluatorTemplate[], from: string, language: CodeLanguage) {
  const source = templates.find((t) => t.spec.type === 'code' && t.spec.code === from);
  if (source === undefined) return undefined;
  return templates.find((t) => t.language === language && t.name === source.name);
}

/** `exec_evaluation(turn)` in JavaScript or Python, with syntax highlighting and the code templates. */
export function CodeSpecEditor(props: {
  spec: CodeEvaluatorSpec;
  templates: readonly EvaluatorTemplate[];
  readOnly: boolean;
  label?: string;
  onChange: (spec: CodeEvaluatorSpec) => void;
}) {
  const { spec, readOnly } = props;
  const [template, setTemplate] = useState('');
  const label = props.label ?? 'Code';
  const extensions = useMemo(
    () => [
      spec.language === 'python' ? python() : javascript(),
      readableTheme,
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': label }),
    ],
    [spec.language, label],
  );
  const ofLanguage = props.templates.filter((t) => t.type === 'code' && t.language === spec.language);
  const switchLanguage = (language: CodeLanguage) => {
    if (language === spec.language) return;
    // A template's code (or the blank one) moves to the same template in the other language; own code stays.
    const same = twin(props.templates, spec.code, language);
    const code =
      same?.spec.type === 'code'
        ? same.spec.code
        : spec.code.trim() === '' || spec.code === blankCode(spec.language)
          ? blankCode(language)
          : spec.code;
    props.onChange({ ...spec, language, code });
  };
  const loadTemplate = () => {
    const t = ofLanguage.find((x) => x.key === template);
    if (t?.spec.type === 'code') props.onChange({ ...spec, code: t.spec.code });
  };

  return (
    <div className="spec-editor">
      <div className="row">
        <label className="field">
          <span>Language</span>
          <select
            value={spec.language}
            disabled={readOnly}
            onChange={(e) => switchLanguage(e.target.value as CodeLanguage)}
          >
            {LANGUAGES.map((l) => (
              <option key={l.id} value={l.id}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
        {!readOnly && (
          <>
            <label className="field">
              <span>Code template</span>
              <select value={template} onChange={(e) => setTemplate(e.target.value)}>
                <option value="">Choose a template</option>
                {ofLanguage.map((t) => (
                  <option key={t.key} value={t.key}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="small" disabled={template === ''} onClick={loadTemplate}>
              Load template
            </button>
          </>
        )}
      </div>
      <p className="muted small-text">
        Define <code>exec_evaluation(turn)</code> returning <code>{'{ score, reason }'}</code>.{' '}
        <code>turn.evaluate_dataset_fields</code> holds the sample&apos;s input and reference_output,{' '}
        <code>turn.evaluate_target_output_fields.actual_output</code> its output; each is{' '}
        <code>{'{ content_type, text }'}</code>. It runs in a sandbox: no files, no network, limited time and
        memory; what it prints is shown as stdout.
      </p>
      <div className="code-editor">
        <CodeMirror
          value={spec.code}
          extensions={extensions}
          editable={!readOnly}
          readOnly={readOnly}
          indentWithTab={false}
          minHeight="14rem"
          maxHeight="32rem"
          basicSetup={{ foldGutter: false, highlightActiveLine: !readOnly }}
          onChange={(code) => props.onChange({ ...spec, code })}
        />
      </div>
    </div>
  );
}
