import { describe, expect, it } from 'vitest';
import type { ParamSchema } from '../../schemas/models';
import { effectiveParams, paramKey } from './model-params';

const schema: ParamSchema = [
  { name: 'temperature', type: 'float', min: 0, max: 1, default: 0.7 },
  { name: 'max_tokens', type: 'int', min: 1, max: 4096, default: 2048 },
  { name: 'thinking', type: 'bool', default: false },
];

describe('model parameters', () => {
  it('names ModelParams keys in snake_case or camelCase', () => {
    expect([paramKey('max_tokens'), paramKey('maxTokens'), paramKey('top_p'), paramKey('thinking')]).toEqual([
      'maxTokens',
      'maxTokens',
      'topP',
      undefined,
    ]);
  });

  it('layers schema defaults, model defaults and the call’s own values', () => {
    const model = { name: 'm', paramSchema: schema, defaultParams: { maxTokens: 512, topP: 0.5 } };
    expect(effectiveParams(model, undefined)).toEqual({
      ok: true,
      value: { temperature: 0.7, maxTokens: 512, topP: 0.5 },
    });
    expect(effectiveParams(model, { temperature: 0, stop: ['x'] })).toEqual({
      ok: true,
      value: { temperature: 0, maxTokens: 512, topP: 0.5, stop: ['x'] },
    });
  });

  it('refuses values outside the schema and names unknown ones', () => {
    const model = { name: 'm', paramSchema: schema, defaultParams: {} };
    const out = effectiveParams(model, { maxTokens: 5000 });
    expect(out.ok || out.error.message).toBe(
      'parameter max_tokens of model "m": 5000 is above the maximum 4096',
    );
    const unknown = effectiveParams(model, { thinking: true });
    expect(unknown.ok || unknown.error.message).toMatch(/params: .*thinking/);
  });
});
