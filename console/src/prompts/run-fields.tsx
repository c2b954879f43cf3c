import { useId } from 'react';
import type { ChatTool, MockToolResponse, ModelParams, VariableDef } from '../api/prompt-types';

/** A variable's value from its text: strings as typed, anything else as JSON. */
function valueOf(type: string, text: string): unknown {
  if (type === 'string') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The run body's `variables` from the typed texts. */
export const variablesOf = (defs: readonly VariableDef[], values: Record<string, string>) =>
  Object.fromEntries(defs.map((v) => [v.key, valueOf(v.type, values[v.key] ?? '')]));

/** One input per template variable: text for strings, JSON for the rest. */
export function VariableFields(props: {
  defs: readonly VariableDef[];
  values: Record<string, string>;
  onChange: (key: string, text: string) => void;
}) {
  return (
    <>
      {props.defs.map((v) => (
        <label key={v.key} className="field">
          <span>
            {v.key}{' '}
            <span className="muted">
              ({v.type}
              {v.desc !== '' ? `: ${v.desc}` : ''})
            </span>
          </span>
          {v.type === 'string' ? (
            <input
              value={props.values[v.key] ?? ''}
              onChange={(e) => props.onChange(v.key, e.target.value)}
            />
          ) : (
            <textarea
              rows={3}
              value={props.values[v.key] ?? ''}
              placeholder="JSON"
              onChange={(e) => props.onChange(v.key, e.target.value)}
            />
          )}
        </label>
      ))}
    </>
  );
}

/** Texts of the parameter overrides; empty means the prompt's own value. */
export interface ParamTexts {
  temperature: string;
  maxTokens: string;
}

export const NO_PARAMS: ParamTexts = { temperature: '', maxTokens: '' };

/** The run body's `params`, or undefined when nothing is overridden (the inputs' own constraints validate). */
export function paramsOf(texts: Partial<ParamTexts>): ModelParams | undefined {
  const params: ModelParams = {};
  if (texts.temperature !== undefined && texts.temperature !== '')
    params.temperature = Number(texts.temperature);
  if (texts.maxTokens !== undefined && texts.maxTokens !== '') params.maxTokens = Number(texts.maxTokens);
  return Object.keys(params).length > 0 ? params : undefined;
}

/** Temperature input (0–2); `own` is the prompt's value, shown as the placeholder. */
export function TemperatureField(props: {
  value: string;
  own?: number | undefined;
  label?: string;
  onChange: (text: string) => void;
}) {
  return (
    <label className="field">
      <span>{props.label ?? 'Temperature'}</span>
      <input
        type="number"
        min={0}
        max={2}
        step={0.1}
        inputMode="decimal"
        value={props.value}
        placeholder={props.own !== undefined ? `prompt: ${props.own}` : 'prompt default'}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}

/** Temperature and max tokens overriding the prompt's model parameters for one run. */
export function ParamsFields(props: {
  value: ParamTexts;
  own?: ModelParams | undefined;
  onChange: (next: ParamTexts) => void;
}) {
  return (
    <fieldset className="inline-fields">
      <legend>Model parameters (empty: the prompt&apos;s)</legend>
      <TemperatureField
        value={props.value.temperature}
        own={props.own?.temperature}
        onChange={(temperature) => props.onChange({ ...props.value, temperature })}
      />
      <label className="field">
        <span>Max tokens</span>
        <input
          type="number"
          min={1}
          step={1}
          inputMode="numeric"
          value={props.value.maxTokens}
          placeholder={
            props.own?.maxTokens !== undefined ? `prompt: ${props.own.maxTokens}` : 'prompt default'
          }
          onChange={(e) => props.onChange({ ...props.value, maxTokens: e.target.value })}
        />
      </label>
    </fieldset>
  );
}

/** Mock answers per tool name: when the model calls that tool, the run feeds the answer back and continues. */
export function MockToolsEditor(props: {
  mocks: MockToolResponse[];
  tools: readonly ChatTool[];
  onChange: (next: MockToolResponse[]) => void;
}) {
  const listId = useId();
  const set = (i: number, patch: Partial<MockToolResponse>) =>
    props.onChange(props.mocks.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  const unused = props.tools.find((t) => !props.mocks.some((m) => m.name === t.name))?.name ?? '';
  return (
    <fieldset className="mock-tools">
      <legend>Mock tool responses</legend>
      <datalist id={listId}>
        {props.tools.map((t) => (
          <option key={t.name} value={t.name} />
        ))}
      </datalist>
      {props.mocks.length === 0 && (
        <p className="muted small-text">None: a tool call ends the run. Add one to answer it and continue.</p>
      )}
      {props.mocks.map((m, i) => (
        <div key={i} className="mock-tool">
          <label className="field">
            <span>Tool name {i + 1}</span>
            <input
              className="mono"
              list={listId}
              value={m.name}
              required
              maxLength={64}
              onChange={(e) => set(i, { name: e.target.value })}
            />
          </label>
          <label className="field">
            <span>Mock response {i + 1} (JSON or text)</span>
            <textarea
              rows={2}
              className="mono"
              value={m.response}
              onChange={(e) => set(i, { response: e.target.value })}
            />
          </label>
          <button type="button" onClick={() => props.onChange(props.mocks.filter((_, j) => j !== i))}>
            Remove mock {i + 1}
          </button>
        </div>
      ))}
      <button
        type="button"
        disabled={props.mocks.length >= 128}
        onClick={() => props.onChange([...props.mocks, { name: unused, response: '' }])}
      >
        Add mock response
      </button>
    </fieldset>
  );
}

/** The mocks to send: rows with a tool name, each name once (the last wins, as the server's map does). */
export const mocksToSend = (mocks: readonly MockToolResponse[]): MockToolResponse[] => [
  ...new Map(
    mocks
      .filter((m) => m.name.trim() !== '')
      .map((m) => [m.name.trim(), { name: m.name.trim(), response: m.response }] as const),
  ).values(),
];
