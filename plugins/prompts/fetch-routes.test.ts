import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchesEtag } from './fetch-routes';
import {
  bodyOf,
  chatTemplate,
  openPromptsTestbed,
  type ManageAnswer,
  type PromptsTestbed,
  type RunAnswer,
} from './prompts-test-kit';

let t: PromptsTestbed;
beforeAll(async () => {
  t = await openPromptsTestbed();
  await t.call('/api/v1/prompts', { body: { key: 'agent', template: chatTemplate() } });
  await t.call('/api/v1/prompts/agent/versions', { body: { template: chatTemplate() } });
  await t.call('/api/v1/prompts/agent/versions', {
    body: { template: chatTemplate({ metadata: { v: '2' } }) },
  });
  await t.call('/api/v1/prompts/agent/labels/production', { method: 'PUT', body: { version: '1.0.0' } });
});
afterAll(() => t.close());

const json = (res: Response) => bodyOf<ManageAnswer>(res);
const run = (res: Response) => bodyOf<RunAnswer>(res);

describe('GET /api/v1/prompts/:key with ETag', () => {
  it('resolves a label, answers 304 to a matching If-None-Match, and a new tag once the label moves', async () => {
    const first = await t.call('/api/v1/prompts/agent?label=production');
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]{40}"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    expect((await json(first)).version).toMatchObject({ version: '1.0.0', labels: ['production'] });

    const cached = await t.call('/api/v1/prompts/agent?label=production', {
      headers: { 'if-none-match': etag },
    });
    expect(cached.status).toBe(304);
    expect(cached.headers.get('etag')).toBe(etag);
    expect(await cached.text()).toBe('');

    await t.call('/api/v1/prompts/agent/labels/production', { method: 'PUT', body: { version: '1.0.1' } });
    const moved = await t.call('/api/v1/prompts/agent?label=production', {
      headers: { 'if-none-match': etag },
    });
    expect(moved.status).toBe(200);
    expect(moved.headers.get('etag')).not.toBe(etag);
    expect((await json(moved)).version.version).toBe('1.0.1');
    await t.call('/api/v1/prompts/agent/labels/production', { method: 'PUT', body: { version: '1.0.0' } });
  });

  it('caches a pinned version for a minute and serves the latest without a selector', async () => {
    const pinned = await t.call('/api/v1/prompts/agent?version=1.0.0');
    expect(pinned.headers.get('cache-control')).toBe('private, max-age=60');
    expect((await json(await t.call('/api/v1/prompts/agent'))).version.version).toBe('1.0.1');
    expect((await json(await t.call('/api/v1/prompts/agent?label=latest'))).version.version).toBe('1.0.1');
    const both = await t.call('/api/v1/prompts/agent?version=1.0.0&label=production');
    expect(both.status).toBe(400);
  });

  it('compares entity tags weakly and honours *', () => {
    expect(matchesEtag('W/"abc", "def"', '"abc"')).toBe(true);
    expect(matchesEtag('*', '"abc"')).toBe(true);
    expect(matchesEtag('"abd"', '"abc"')).toBe(false);
    expect(matchesEtag(undefined, '"abc"')).toBe(false);
  });
});

describe('POST /api/v1/prompts/:key/render', () => {
  it('renders a label, a version, the caller draft and an inline template', async () => {
    const variables = { company: 'Acme', days: 3, city: 'Lisbon' };
    const byLabel = await run(
      await t.call('/api/v1/prompts/agent/render', { body: { label: 'production', variables } }),
    );
    expect(byLabel).toMatchObject({
      key: 'agent',
      version: '1.0.0',
      messages: [
        { role: 'system', content: 'You are a travel agent for Acme.' },
        { role: 'user', content: 'Plan 3 days in Lisbon.' },
      ],
    });
    const draft = await run(
      await t.call('/api/v1/prompts/agent/render', { body: { draft: true, variables } }),
    );
    expect(draft.version).toBeNull();
    const inline = await run(
      await t.call('/api/v1/prompts/agent/render', {
        body: { template: { messages: [{ role: 'user', content: 'Only {{x}}' }] }, variables: { x: 'this' } },
      }),
    );
    expect(inline.messages).toEqual([{ role: 'user', content: 'Only this' }]);
  });

  it('answers 400 naming the variable: unknown, missing, mistyped, or failing in Jinja2', async () => {
    const render = (body: unknown) => t.call('/api/v1/prompts/agent/render', { body });
    const unknown = await render({ variables: { company: 'A', days: 1, city: 'B', budget: 10 } });
    expect(unknown.status).toBe(400);
    expect((await run(unknown)).error.message).toBe(
      'unknown variable "budget"; this prompt\'s variables are: city, company, days',
    );
    const missing = await render({ variables: { company: 'A', days: 1 } });
    expect((await run(missing)).error.message).toBe(
      'variable "city" is used by the template but has no value',
    );
    const mistyped = await render({ variables: { company: 'A', days: 'three', city: 'B' } });
    expect((await run(mistyped)).error.message).toBe('variable "days" must be an integer');
    const jinja = await render({
      template: {
        templateType: 'jinja2',
        messages: [{ role: 'user', content: 'Hello {{ user.name }}' }],
        variables: [{ key: 'user', type: 'object' }],
      },
      variables: { user: { id: 1 } },
    });
    expect(jinja.status).toBe(400);
    expect((await run(jinja)).error.message).toBe(
      'jinja2 message 1: variable "name" is undefined (line 1, column 7)',
    );
    const bad = await render({ template: { messages: [{ role: 'wizard', content: 'x' }] } });
    expect(bad.status).toBe(400);
    expect((await run(bad)).error.message).toMatch(/^template\.messages\.0\.role: /);
  });
});
