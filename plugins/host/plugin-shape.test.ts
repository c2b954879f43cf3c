import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import prompts from '../prompts/index';
import example from '../sdk/example/index';
import { validatePlugin } from './plugin-shape';

const problems = (value: unknown) => {
  const r = validatePlugin(value, './x.mjs');
  return r.ok ? 'valid' : r.error.message;
};

describe('plugin validation', () => {
  it('accepts the example plugin, the prompts plugin and a bare name', () => {
    expect(problems(example)).toBe('valid');
    expect(problems(prompts)).toBe('valid');
    expect(problems({ name: 'x' })).toBe('valid');
  });

  it('names the plugin, its source and every problem', () => {
    expect(problems({ name: 'Bad Name', start: 'soon', consumers: [{ name: 'c' }] })).toBe(
      'plugin "Bad Name" from ./x.mjs is invalid: name: a lower-case letter, then up to 39 lower-case letters, ' +
        'digits or "-"; consumers.0.handle: must be a function; start: must be a function',
    );
    expect(problems(undefined)).toMatch(/^plugin from \.\/x\.mjs is invalid: /);
    expect(problems({ name: 'a'.repeat(41) })).toMatch(/name: a lower-case letter/);
  });

  it('refuses duplicate consumers or evaluators, bad evaluator names and unordered migrations', () => {
    const handle = () => Promise.resolve();
    const evaluate = () => Promise.resolve({ score: 1 });
    expect(
      problems({
        name: 'x',
        consumers: [
          { name: 'c', handle },
          { name: 'c', handle },
        ],
      }),
    ).toMatch(/consumer "c" is declared twice/);
    expect(
      problems({
        name: 'x',
        evaluators: [
          { name: 'e', description: '', evaluate },
          { name: 'e', description: '', evaluate },
        ],
      }),
    ).toMatch(/evaluator "e" is declared twice/);
    expect(problems({ name: 'x', evaluators: [{ name: 'Has Space', description: '', evaluate }] })).toMatch(
      /evaluators\.0\.name/,
    );
    const migration = (version: number) => ({ version, name: `m${version}`, statements: ['SELECT 1'] });
    expect(problems({ name: 'x', migrations: { postgres: [migration(2), migration(1)] } })).toMatch(
      /migrations\.postgres: versions must strictly increase/,
    );
    expect(
      problems({ name: 'x', migrations: { postgres: [{ version: 1, name: 'm', statements: [] }] } }),
    ).toMatch(/statements/);
  });

  it('refuses an openapi whose operations do not hold together', () => {
    const Thing = z.object({ id: z.string() });
    const op = { path: '/things/{id}', operationId: 'getThing', summary: 'a thing' };
    const openapi = (operations: unknown[], components: unknown = { Thing }) => ({
      name: 'x',
      openapi: { components, operations },
    });
    const ok = { ...op, pathParams: { id: z.string() }, response: { description: 'it', body: 'Thing' } };
    expect(problems(openapi([ok]))).toBe('valid');
    expect(problems(openapi([{ ...ok, response: { description: 'it', body: 'Other' } }]))).toMatch(
      /openapi\.operations\.0: no component named Other/,
    );
    expect(problems(openapi([{ ...ok, pathParams: undefined }]))).toMatch(/no schema for path parameter id/);
    expect(problems(openapi([ok, { ...ok, path: '/other' }]))).toMatch(/operation id getThing repeats/);
    expect(problems(openapi([ok, { ...ok, operationId: 'again' }]))).toMatch(
      /get \/things\/\{id\} is documented twice/,
    );
    expect(problems(openapi([{ ...ok, path: 'things' }]))).toMatch(
      /openapi\.operations\.0\.path: a path like/,
    );
    expect(problems(openapi([{ ...ok, body: { type: 'object' } }]))).toMatch(/body: must be a zod 4 schema/);
    expect(problems(openapi([ok], { Thing: { type: 'object' } }))).toMatch(
      /components\.Thing: must be a zod 4 schema/,
    );
    expect(problems(openapi([{ ...ok, errors: ['418'] }]))).toMatch(/errors\.0/);
  });
});
