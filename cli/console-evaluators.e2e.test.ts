import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi } from '../core/model-gateway/fake-openai-server';
import type { FakeModelServer, FakeReply, FakeRequest } from '../core/model-gateway/fake-server-kit';
import { CHROMIUM_PATH, screenshot, seriousAxeViolations, unreachableByTab } from './console-browser';
import { requireBrowserInCi, startConsole, type ConsoleRun } from './console-e2e-kit';
import type { TestInstance } from './test-instance';

requireBrowserInCi('the console evaluators pages in Chromium');

const JS_CODE = `function exec_evaluation(turn) {
  const output = turn.evaluate_target_output_fields.actual_output.text;
  const reference = turn.evaluate_dataset_fields.reference_output.text;
  console.log('comparing ' + output + ' with ' + reference);
  const same = output.toLowerCase() === reference.toLowerCase();
  return { score: same ? 1 : 0, reason: same ? 'same city' : 'another city' };
}`;

const PY_CODE = `def exec_evaluation(turn):
    output = turn["evaluate_target_output_fields"]["actual_output"]["text"]
    reference = turn["evaluate_dataset_fields"]["reference_output"]["text"]
    return {"score": 1.0 if output == reference else 0.0, "reason": "case matters in python"}`;

/** The judge model: a tool call to the forced tool when tools are offered, else the same verdict as JSON. */
function judgeReply(request: FakeRequest): FakeReply {
  const body = request.body as { tools?: { function?: { name?: string } }[] };
  const verdict = { reason: 'The answer names the right city and cites the context.', score: 0.8 };
  const usage = { inputTokens: 120, outputTokens: 20 };
  const tool = body.tools?.[0]?.function?.name;
  return tool === undefined
    ? { type: 'message', text: JSON.stringify(verdict), usage }
    : { type: 'message', toolCalls: [{ name: tool, arguments: JSON.stringify(verdict) }], usage };
}

/** Types into the CodeMirror editor named `label`, replacing its text. */
async function typeCode(page: Page, label: string, code: string) {
  const editor = page.getByRole('textbox', { name: label });
  await editor.fill(code);
  await expect.poll(() => editor.textContent()).toContain(code.split('\n')[0]);
}

async function runTest(page: Page, values: Record<string, string>) {
  const sample = page.getByRole('form', { name: 'Sample input' });
  for (const [name, value] of Object.entries(values))
    await sample.getByLabel(name, { exact: true }).fill(value);
  await sample.getByRole('button', { name: 'Run test' }).click();
  const facts = page.locator('dl[aria-label="Test result"]');
  await facts.waitFor({ timeout: 30_000 });
  return facts;
}

async function submitVersion(page: Page, version: string, description: string) {
  const form = page.getByRole('form', { name: 'Submit a version' });
  await form.getByLabel('Version', { exact: true }).fill(version);
  await form.getByLabel('Version description').fill(description);
  await form.getByRole('button', { name: 'Submit version' }).click();
  await expect.poll(() => page.getByRole('status').textContent()).toContain(`Submitted version ${version}`);
}

async function create(page: Page, name: string, from: string) {
  const form = page.getByRole('form', { name: 'New evaluator' });
  await form.getByLabel('New evaluator name').fill(name);
  await form.getByLabel('Start from').selectOption({ label: from });
  await form.getByRole('button', { name: 'Create evaluator' }).click();
  await page.getByRole('heading', { name, exact: true }).waitFor();
}

describe.skipIf(!CHROMIUM_PATH)('the console evaluators pages (skipped: set SPANLOOP_TEST_CHROMIUM)', () => {
  let run: ConsoleRun;
  let spanloop: TestInstance;
  let fake: FakeModelServer;
  let page: Page;

  beforeAll(async () => {
    fake = await startFakeOpenAi({ apiKey: 'sk-fake', script: (request) => judgeReply(request) });
    run = await startConsole({ egressAllow: fake.hostPort });
    ({ spanloop, page } = run);
    await page.goto(`${spanloop.api}/#/w/default/settings/providers`);
    const provider = page.getByRole('form', { name: 'Add a provider' });
    await provider.getByLabel('Name').fill('fake-openai');
    await provider.getByLabel(/Base URL/).fill(fake.url);
    await provider.getByLabel(/API key/).fill('sk-fake');
    await provider.getByRole('button', { name: 'Add provider' }).click();
    await page.getByRole('cell', { name: 'fake-openai' }).waitFor();
    const model = page.getByRole('form', { name: 'Add a model' });
    await model.getByLabel('Name in Spanloop').fill('judge');
    await model.getByLabel(/model id/).fill('gpt-4o-mini');
    await model.getByLabel(/Input price/).fill('2');
    await model.getByLabel(/Output price/).fill('8');
    await model.getByRole('button', { name: 'Add model' }).click();
    await page.getByRole('cell', { name: 'gpt-4o-mini' }).waitFor();
  });
  afterAll(async () => {
    await run?.stop();
    await fake?.close();
  });

  it('lists the built-in templates: 14 judges and 6 code templates per language', async () => {
    await page.getByRole('link', { name: 'Evaluators' }).click();
    await page.getByRole('heading', { name: 'Evaluators', exact: true }).waitFor();
    const judges = page.getByRole('table', { name: /^LLM judge templates/ });
    await judges.waitFor();
    expect(await judges.locator('tbody tr').count()).toBe(14);
    expect(await judges.textContent()).toMatch(/relevance/i);
    const code = page.getByRole('table', { name: /^Code templates/ });
    expect(await code.locator('tbody tr').count()).toBe(12);
    expect(await code.textContent()).toContain('(Python)');
    expect(await code.textContent()).toContain('(JavaScript)');
    expect(await page.getByText('No evaluators yet').count()).toBe(1);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '30-evaluators-list');
  });

  it('writes a JavaScript code evaluator, tests it on a sample, then a Python draft, and submits both', async () => {
    await page.goto(`${spanloop.api}/#/w/default/evaluators`);
    await create(page, 'city-match', 'Blank code (JavaScript)');
    await typeCode(page, 'Code', JS_CODE);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Draft saved');

    const facts = await runTest(page, {
      input: 'Where is it rainy?',
      output: 'Paris',
      reference_output: 'paris',
    });
    expect(await facts.textContent()).toContain('success');
    expect(await facts.getByRole('definition').nth(1).textContent()).toBe('1');
    const result = page.getByRole('region', { name: 'Test on a sample' });
    expect(await result.getByRole('region', { name: 'Stdout' }).textContent()).toContain(
      'comparing Paris with paris',
    );
    expect(await result.getByRole('region', { name: 'Reasoning' }).textContent()).toContain('same city');
    expect(
      await facts.getByRole('link', { name: "Open the evaluation's trace" }).getAttribute('href'),
    ).toMatch(/^#\/w\/default\/traces\/[0-9a-f]{32}/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await unreachableByTab(page)).toEqual([]);
    await screenshot(page, '31-evaluator-code-test');
    await submitVersion(page, '0.0.1', 'case-insensitive city match');

    // Python: the language switch; saving checks the code in the sandbox, then it is submitted as a version.
    await page.getByLabel('Language').selectOption('python');
    await typeCode(page, 'Code', PY_CODE);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent(), { timeout: 60_000 })
      .toContain('Draft saved');
    // The same sample through Pyodide (a cold interpreter takes seconds): case matters there, so it scores 0.
    await page.getByRole('form', { name: 'Sample input' }).getByRole('button', { name: 'Run test' }).click();
    await expect
      .poll(() => result.getByRole('region', { name: 'Reasoning' }).textContent(), { timeout: 120_000 })
      .toContain('case matters in python');
    expect(await facts.getByRole('definition').nth(1).textContent()).toBe('0');
    await submitVersion(page, '0.0.2', 'python');

    await page.getByRole('link', { name: 'Versions' }).click();
    await page.getByRole('cell', { name: '0.0.2', exact: true }).waitFor();
    expect(await page.locator('table tbody tr').count()).toBe(2);
    await page.getByRole('button', { name: 'View 0.0.1' }).click();
    const frozen = page.getByRole('textbox', { name: 'Code of version 0.0.1' });
    await expect.poll(() => frozen.textContent()).toContain('console.log');
    expect(await frozen.getAttribute('contenteditable')).toBe('false');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '32-evaluator-versions');
  });

  it('writes an LLM judge with its own variable, tests it against the fake model, and submits it', async () => {
    await page.getByRole('link', { name: '← Evaluators' }).click();
    await create(page, 'helpfulness', 'Blank LLM judge');
    await page
      .getByLabel('Content of message 2')
      .fill('Question: {{input}}\nAnswer: {{output}}\nContext: {{context}}');
    // The variables are marked in the preview and listed; the test panel gets a field for the new one.
    await expect
      .poll(() => page.locator('mark.template-var').allTextContents())
      .toEqual(['{{input}}', '{{output}}', '{{context}}']);
    await page.getByLabel('Judge model').selectOption({ label: 'judge (gpt-4o-mini)' });
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Draft saved');

    const before = fake.requests.length;
    const facts = await runTest(page, {
      input: 'Is it raining in Paris?',
      output: 'Yes, 14°C and rain.',
      context: 'Paris: rainy, 14°C',
    });
    expect(await facts.getByRole('definition').nth(1).textContent()).toBe('0.8');
    const text = (await facts.textContent()) ?? '';
    expect(text).toContain('120 in · 20 out');
    // 120 input and 20 output tokens at $2 and $8 per million.
    expect(text).toContain('$0.0004');
    expect(
      await page
        .getByRole('region', { name: 'Test on a sample' })
        .getByRole('region', { name: 'Reasoning' })
        .textContent(),
    ).toContain('right city');
    const sent = fake.requests.slice(before).map((r) => JSON.stringify(r.body));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('Question: Is it raining in Paris?');
    expect(sent[0]).toContain('Context: Paris: rainy, 14°C');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '33-evaluator-judge-test');
    await submitVersion(page, '1.0.0', 'first judge');

    await facts.getByRole('link', { name: "Open the evaluation's trace" }).click();
    await page.getByRole('tree', { name: 'Spans of this trace' }).waitFor({ timeout: 15_000 });
    await expect
      .poll(() => page.getByRole('tree').textContent(), { timeout: 15_000 })
      .toContain('evaluation helpfulness');
  });

  it('corrects a record by hand, keeping the evaluator’s own score', async () => {
    await page.getByRole('link', { name: 'Evaluators', exact: true }).click();
    await page.getByRole('link', { name: 'helpfulness' }).click();
    await page.getByRole('link', { name: 'Records' }).click();
    const rows = page.locator('table tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    await rows
      .first()
      .getByRole('button', { name: /^Details/ })
      .click();
    const form = page.getByRole('form', { name: 'Correct this record' });
    await form.getByLabel('Corrected score').fill('0.5');
    await form.getByLabel('Explanation').fill('the answer ignores the temperature');
    await form.getByRole('button', { name: 'Save correction' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain('Corrected to 0.5; original score 0.8 kept.');
    await expect.poll(() => rows.first().textContent()).toMatch(/0\.8.*0\.5/);
    expect(await page.getByLabel('Current correction').textContent()).toContain(
      'the answer ignores the temperature',
    );
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '34-evaluator-records');
  });

  it('keeps an HTTP evaluator’s secret write-only', async () => {
    await page.getByRole('link', { name: 'Evaluators', exact: true }).click();
    const form = page.getByRole('form', { name: 'New evaluator' });
    await form.getByLabel('New evaluator name').fill('remote-judge');
    await form.getByLabel('Start from').selectOption({ label: 'Blank HTTP evaluator' });
    await form.getByRole('button', { name: 'Create evaluator' }).click();
    await page.getByRole('heading', { name: 'remote-judge', exact: true }).waitFor();
    await page.getByLabel('Evaluator URL').fill(`${fake.origin}/evaluate`);
    await page.getByLabel(/Signing secret/).fill('e2e-signing-secret-0123');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Draft saved');
    await page.reload();
    const secret = page.getByLabel(/Signing secret/);
    await secret.waitFor();
    expect(await secret.inputValue()).toBe('');
    expect(await page.getByText('one is set').count()).toBe(1);
    expect(await page.content()).not.toContain('e2e-signing-secret-0123');
    const api = await page.evaluate<string>(
      `fetch('api/v1/evaluators?search=remote-judge').then((r) => r.text())`,
    );
    expect(api).toContain('remote-judge');
    expect(api).not.toContain('e2e-signing-secret-0123');
  });
});
