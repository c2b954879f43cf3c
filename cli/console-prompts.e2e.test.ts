import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi } from '../core/model-gateway/fake-openai-server';
import type { FakeModelServer } from '../core/model-gateway/fake-server-kit';
import { CHROMIUM_PATH, screenshot, seriousAxeViolations, unreachableByTab } from './console-browser';
import { requireBrowserInCi, startConsole, type ConsoleRun } from './console-e2e-kit';
import type { TestInstance } from './test-instance';

requireBrowserInCi('the console prompts pages in Chromium');

const KEY = 'weather-bot';

describe.skipIf(!CHROMIUM_PATH)('the console prompts pages (skipped: set SPANLOOP_TEST_CHROMIUM)', () => {
  let run: ConsoleRun;
  let spanloop: TestInstance;
  let fake: FakeModelServer;
  let page: Page;

  beforeAll(async () => {
    // The fake answers with the last user message: the output shows the template was rendered.
    fake = await startFakeOpenAi({ apiKey: 'sk-fake', fallback: { type: 'echo' } });
    run = await startConsole({ egressAllow: fake.hostPort });
    ({ spanloop, page } = run);
  });
  afterAll(async () => {
    await run?.stop();
    await fake?.close();
  });

  it('registers a model provider and a priced model', async () => {
    await page.goto(`${spanloop.api}/#/w/default/settings/providers`);
    const provider = page.getByRole('form', { name: 'Add a provider' });
    await provider.getByLabel('Name').fill('fake-openai');
    await provider.getByLabel(/Base URL/).fill(fake.url);
    await provider.getByLabel(/API key/).fill('sk-fake');
    await provider.getByRole('button', { name: 'Add provider' }).click();
    await page.getByRole('cell', { name: 'fake-openai' }).waitFor();
    const model = page.getByRole('form', { name: 'Add a model' });
    await model.getByLabel('Name in Spanloop').fill('fast');
    await model.getByLabel(/model id/).fill('gpt-4o-mini');
    await model.getByLabel(/Input price/).fill('2');
    await model.getByLabel(/Output price/).fill('8');
    await model.getByRole('button', { name: 'Add model' }).click();
    await page.getByRole('cell', { name: 'gpt-4o-mini' }).waitFor();
    expect(await page.getByRole('table', { name: 'Model providers' }).textContent()).toContain('set');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '10-settings-providers');
  });

  it('shows the egress refusal, and says a provider pointed elsewhere needs its key again', async () => {
    const add = page.getByRole('form', { name: 'Add a provider' });
    await add.getByLabel('Name').fill('metadata');
    await add.getByLabel(/Base URL/).fill('http://169.254.169.254/latest');
    await add.getByRole('button', { name: 'Add provider' }).click();
    const refusal = add.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain(
      'refusing to connect to 169.254.169.254 (link-local, cloud metadata): set SPANLOOP_EGRESS_ALLOW=',
    );

    await add.getByLabel('Name').fill('movable');
    await add.getByLabel(/Base URL/).fill(fake.url);
    await add.getByLabel(/API key/).fill('sk-fake');
    await add.getByRole('button', { name: 'Add provider' }).click();
    await page.getByRole('cell', { name: 'movable' }).waitFor();
    const move = page.getByRole('form', { name: "Change a provider's base URL" });
    expect(await move.getByRole('note').textContent()).toContain('removes it unless you enter the key again');
    await move.getByRole('combobox').selectOption({ label: 'movable' });
    await move.getByLabel(/New base URL/).fill(`${fake.origin}/elsewhere/v1`);
    await move.getByRole('button', { name: 'Change base URL' }).click();
    const status = move.getByRole('status');
    await status.waitFor();
    expect(await status.textContent()).toContain('Provider movable now has no API key');
    const row = page.getByRole('row').filter({ hasText: 'movable' });
    await row.getByRole('cell', { name: 'none' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('creates a prompt and commits two versions from the editor', async () => {
    await page.getByRole('link', { name: 'Prompts' }).click();
    const create = page.getByRole('form', { name: 'New prompt' });
    await create.getByLabel('New prompt key').fill(KEY);
    await create.getByLabel('Description').fill('answers weather questions');
    await create.getByRole('button', { name: 'Create prompt' }).click();
    await page.getByRole('heading', { name: KEY }).waitFor();
    await page.getByLabel('Content of message 1').fill('You answer weather questions.');
    await page.getByLabel('Content of message 2').fill('Weather in {{city}}, please.');
    await page.getByRole('cell', { name: 'city' }).waitFor();
    await page
      .getByRole('region', { name: 'Template' })
      .getByRole('combobox', { name: /^Model/ })
      .selectOption({ label: 'fast (gpt-4o-mini)' });
    await page.getByLabel('Temperature').fill('0.3');
    const commit = page.getByRole('form', { name: 'Commit a version' });
    await commit.getByLabel(/Version/).fill('1.0.0');
    await commit.getByLabel('Commit message').fill('first');
    await commit.getByRole('button', { name: 'Commit version' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Committed version 1.0.0');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '11-prompt-editor');

    await page.getByLabel('Content of message 2').fill('Weather in {{city}} today, please.');
    await commit.getByLabel('Commit message').fill('say today');
    await commit.getByRole('button', { name: 'Commit version' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Committed version 1.0.1');
  });

  it('shows the versions with a diff and moves a label from one version to the other', async () => {
    await page.getByRole('link', { name: 'Versions & labels' }).click();
    await page.getByRole('cell', { name: '1.0.1', exact: true }).waitFor();
    // Authors read as the member's email (from the members list), not as the stored `user:usr_…` id.
    const newest = page.getByRole('row', { name: /1\.0\.1/ });
    await expect.poll(() => newest.textContent()).toContain('admin@localhost');
    expect(await newest.textContent()).not.toContain('user:usr_');
    expect(await newest.getByRole('cell', { name: 'admin@localhost' }).getAttribute('title')).toMatch(
      /^user:usr_/,
    );
    await page.getByRole('button', { name: 'Show diff' }).click();
    const diff = page.getByRole('region', { name: 'Changes from 1.0.0 to 1.0.1' });
    await diff.waitFor();
    expect(await diff.locator('.del').allTextContents()).toContain('-Weather in {{city}}, please.');
    expect(await diff.locator('.add').allTextContents()).toContain('+Weather in {{city}} today, please.');

    const label = page.getByRole('form', { name: 'Set a label' });
    await label.getByLabel('Label').fill('production');
    await label.getByLabel('Points at version').selectOption('1.0.0');
    await label.getByRole('button', { name: 'Set label' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain('production now points at 1.0.0');
    await label.getByLabel('Label').fill('production');
    await label.getByLabel('Points at version').selectOption('1.0.1');
    await label.getByRole('button', { name: 'Set label' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain('production now points at 1.0.1');
    const fetched = await page.evaluate<unknown>(
      `fetch('api/v1/prompts/${KEY}?label=production').then((r) => r.json())`,
    );
    expect(JSON.stringify(fetched)).toContain('"1.0.1"');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '12-prompt-versions');
  });

  it('runs the labelled version in the playground against the fake model, streaming, with tokens and cost', async () => {
    await page.getByRole('link', { name: 'Playground' }).click();
    await page.getByRole('combobox', { name: /^Run/ }).selectOption({ label: 'Label production (1.0.1)' });
    await page.getByLabel(/^city/).fill('Paris');
    await page.getByRole('button', { name: 'Run' }).click();
    await expect
      .poll(() => page.getByTestId('playground-output').textContent())
      .toBe('Weather in Paris today, please.');
    const result = page.getByRole('definition').filter({ hasText: /in · / });
    await result.waitFor();
    const facts = (await page.locator('dl[aria-label="Run result"]').textContent()) ?? '';
    expect(facts).toContain('gpt-4o-mini');
    // 16 input and 8 output tokens at $2 and $8 per million.
    expect(facts).toContain('16 in · 8 out');
    expect(facts).toContain('$0.000096');
    const sent = fake.requests.at(-1)?.body as {
      messages: { role: string; content: string }[];
      stream: boolean;
    };
    expect(sent.stream).toBe(true);
    expect(sent.messages.map((m) => m.content)).toEqual([
      'You answer weather questions.',
      'Weather in Paris today, please.',
    ]);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '13-prompt-playground');

    await page.getByRole('link', { name: "Open the run's trace" }).click();
    await page.getByRole('tree', { name: 'Spans of this trace' }).waitFor();
    expect(await page.getByRole('tree').textContent()).toContain(`prompt_run ${KEY}`);
  });

  it('links a version to its traces', async () => {
    await page.goto(`${spanloop.api}/#/w/default/prompts/${KEY}/versions`);
    await page.getByRole('link', { name: 'Traces of 1.0.1' }).click();
    await page.getByRole('heading', { name: 'Traces' }).waitFor();
    expect(page.url()).toContain('promptVersion=1.0.1');
    const rows = page.locator('table.traces-table tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    expect(await rows.first().textContent()).toContain(`prompt_run ${KEY}`);
  });

  it('holds a two-turn conversation in the playground, the answer and the follow-up sent as history', async () => {
    await page.goto(`${spanloop.api}/#/w/default/prompts/${KEY}/playground`);
    await page.getByRole('combobox', { name: /^Run/ }).selectOption({ label: 'Label production (1.0.1)' });
    await page.getByLabel(/^city/).fill('Paris');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const output = page.getByTestId('playground-output');
    await expect.poll(() => output.textContent()).toBe('Weather in Paris today, please.');
    await page.getByLabel('Your follow-up message').fill('And tomorrow?');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => output.textContent()).toBe('And tomorrow?');
    await page.locator('dl[aria-label="Run result"]').waitFor();
    const conversation = page.getByRole('list', { name: 'Conversation' });
    expect(await conversation.locator('.message-text').allTextContents()).toEqual([
      'Weather in Paris today, please.',
      'And tomorrow?',
    ]);
    const sent = fake.requests.at(-1)?.body as { messages: { role: string; content: string }[] };
    expect(sent.messages.map((m) => [m.role, m.content])).toEqual([
      ['system', 'You answer weather questions.'],
      ['user', 'Weather in Paris today, please.'],
      ['assistant', 'Weather in Paris today, please.'],
      ['user', 'And tomorrow?'],
    ]);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '14-prompt-playground-conversation');
    await page.getByRole('button', { name: 'Clear conversation' }).click();
    expect(await conversation.count()).toBe(0);
    expect(await output.textContent()).toBe('');
  });

  it('shows a tool call and answers it with a mock response, the run continuing to a second model call', async () => {
    // No mock yet: the run stops at the call and offers to add one for it.
    fake.enqueue({ type: 'message', toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] });
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('note').filter({ hasText: 'get_weather without a mock response' }).waitFor();
    await page.getByRole('button', { name: 'Add mock responses for them' }).click();
    expect(await page.getByLabel('Tool name 1').inputValue()).toBe('get_weather');
    await page.getByLabel(/^Mock response 1/).fill('{"temp":21,"sky":"sunny"}');

    // The model parameters override the prompt's (temperature 0.3, no max tokens) for this run.
    await page.getByLabel('Temperature').fill('1.2');
    await page.getByLabel('Max tokens').fill('64');
    fake.enqueue(
      { type: 'message', toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] },
      { type: 'message', text: 'Sunny and 21 °C in Paris.' },
    );
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const output = page.getByTestId('playground-output');
    await expect.poll(() => output.textContent()).toBe('Sunny and 21 °C in Paris.');
    const calls = page.getByRole('list', { name: 'Tool calls' });
    expect(await calls.textContent()).toContain('get_weather');
    expect(JSON.parse((await calls.getByLabel('Arguments of get_weather').textContent()) ?? '')).toEqual({
      city: 'Paris',
    });
    expect(await calls.getByLabel('Mock response to get_weather').textContent()).toContain('"sky": "sunny"');
    expect(await page.locator('dl[aria-label="Run result"]').textContent()).toContain('after 2 model calls');
    const sent = fake.requests.at(-1)?.body as {
      messages: { role: string; content: string | null; tool_call_id?: string }[];
      temperature?: number;
      max_tokens?: number;
      max_completion_tokens?: number;
    };
    expect(sent.temperature).toBe(1.2);
    expect(sent.max_tokens ?? sent.max_completion_tokens).toBe(64);
    const tool = sent.messages.at(-1);
    expect(tool?.role).toBe('tool');
    expect(tool?.content).toBe('{"temp":21,"sky":"sunny"}');
    expect(sent.messages.at(-2)?.role).toBe('assistant');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('compares two variants side by side on the same variables, each with its output, tokens, cost and trace', async () => {
    await page.getByRole('tab', { name: 'Compare' }).click();
    const compare = page.getByRole('form', { name: 'Compare variants' });
    // The city typed in the single run is shared with the compare view.
    expect(await compare.getByLabel(/^city/).inputValue()).toBe('Paris');
    await compare.getByLabel('Run in column 1').selectOption({ label: 'Version 1.0.0' });
    await compare.getByLabel('Run in column 2').selectOption({ label: 'Label production (1.0.1)' });
    await compare.getByLabel('Temperature in column 2').fill('0.9');
    const before = fake.requests.length;
    await compare.getByRole('button', { name: 'Run 2 variants' }).click();
    await expect
      .poll(() => page.getByTestId('compare-output-1').textContent())
      .toBe('Weather in Paris, please.');
    expect(await page.getByTestId('compare-output-2').textContent()).toBe('Weather in Paris today, please.');
    for (const column of ['column 1', 'column 2']) {
      const facts = (await page.locator(`dl[aria-label="Result of ${column}"]`).textContent()) ?? '';
      expect(facts).toMatch(/\d+ in · \d+ out/);
      expect(facts).toContain('gpt-4o-mini');
      expect(facts).toMatch(/\$0\.0000\d+/);
    }
    const sent = fake.requests
      .slice(before)
      .map((r) => r.body as { temperature?: number; messages: unknown });
    expect(sent).toHaveLength(2);
    const byText = (text: string) => sent.find((b) => JSON.stringify(b.messages).includes(text));
    expect(byText('Paris today')?.temperature).toBe(0.9);
    expect(byText('Paris, please')?.temperature).toBe(0.3);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await unreachableByTab(page)).toEqual([]);
    await screenshot(page, '15-prompt-compare');

    await page
      .getByRole('region', { name: 'Column 2' })
      .getByRole('link', { name: "Open the run's trace" })
      .click();
    await page.getByRole('tree', { name: 'Spans of this trace' }).waitFor();
    const tree = (await page.getByRole('tree').textContent()) ?? '';
    expect(tree).toContain(`prompt_compare ${KEY}`);
    expect(tree).toContain(`prompt_run ${KEY}`);
  });
});
