import { useState } from 'react';
import type { HttpEvaluatorSpec } from '../api/evaluator-types';

const numberOrUndefined = (text: string): number | undefined =>
  text.trim() === '' ? undefined : Number(text);

/**
 * Cozeloop's evaluator SPI over HTTP. The stored HMAC secret is never shown: the field sets a new one, and the
 * editor only says whether one is set.
 */
export function HttpSpecEditor(props: {
  spec: HttpEvaluatorSpec;
  readOnly: boolean;
  onChange: (spec: HttpEvaluatorSpec) => void;
}) {
  const { spec, readOnly } = props;
  const set = (patch: { [K in keyof HttpEvaluatorSpec]?: HttpEvaluatorSpec[K] | undefined }) => {
    const next = { ...spec, ...patch };
    for (const k of ['timeoutMs', 'retries', 'secret'] as const) if (next[k] === undefined) delete next[k];
    props.onChange(next as HttpEvaluatorSpec);
  };
  const [headersText, setHeadersText] = useState(() => JSON.stringify(spec.headers ?? {}, null, 2));
  const [headersProblem, setHeadersProblem] = useState<string | undefined>();

  return (
    <div className="spec-editor">
      <div className="row">
        <label className="field grow">
          <span>Evaluator URL</span>
          <input
            type="url"
            required
            readOnly={readOnly}
            value={spec.url}
            placeholder="https://evaluators.example.com/evaluate"
            onChange={(e) => set({ url: e.target.value })}
          />
        </label>
      </div>
      <div className="row">
        <label className="inline-label">
          <input
            type="checkbox"
            disabled={readOnly}
            checked={spec.async === true}
            onChange={(e) => set({ async: e.target.checked })}
          />
          <span>Asynchronous (the service calls back with the invoke id)</span>
        </label>
        <label className="field">
          <span>Timeout (ms)</span>
          <input
            type="number"
            min={1}
            readOnly={readOnly}
            value={spec.timeoutMs ?? ''}
            onChange={(e) => set({ timeoutMs: numberOrUndefined(e.target.value) })}
          />
        </label>
        <label className="field">
          <span>Retries</span>
          <input
            type="number"
            min={0}
            max={5}
            readOnly={readOnly}
            value={spec.retries ?? ''}
            onChange={(e) => set({ retries: numberOrUndefined(e.target.value) })}
          />
        </label>
      </div>
      <div className="field">
        <label className="field">
          <span>Headers (JSON object)</span>
          <textarea
            rows={3}
            readOnly={readOnly}
            value={headersText}
            onChange={(e) => {
              setHeadersText(e.target.value);
              try {
                const parsed = JSON.parse(e.target.value === '' ? '{}' : e.target.value) as unknown;
                if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
                  throw new Error('an object of header names to values');
                setHeadersProblem(undefined);
                set({ headers: parsed as Record<string, string> });
              } catch (err) {
                setHeadersProblem(err instanceof Error ? err.message : String(err));
              }
            }}
          />
        </label>
        {headersProblem !== undefined && (
          <span className="error-text" role="alert">
            Headers are not valid yet: {headersProblem}
          </span>
        )}
      </div>
      {!readOnly ? (
        <div className="row">
          <label className="field grow secret">
            <span>
              Signing secret (HMAC-SHA256, 16 characters at least){' '}
              <span className="muted">
                {spec.hasSecret === true ? '— one is set; type a new one to replace it' : '— none set'}
              </span>
            </span>
            <input
              type="password"
              autoComplete="new-password"
              minLength={16}
              maxLength={512}
              disabled={spec.secret === null}
              value={spec.secret ?? ''}
              onChange={(e) => set({ secret: e.target.value === '' ? undefined : e.target.value })}
            />
          </label>
          {spec.hasSecret === true && (
            <label className="inline-label">
              <input
                type="checkbox"
                checked={spec.secret === null}
                onChange={(e) => set({ secret: e.target.checked ? null : undefined })}
              />
              <span>Remove the secret</span>
            </label>
          )}
        </div>
      ) : (
        <p className="small-text">Signing secret: {spec.hasSecret === true ? 'set (never shown)' : 'none'}</p>
      )}
    </div>
  );
}
