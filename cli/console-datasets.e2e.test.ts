import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, screenshot, seriousAxeViolations } from './console-browser';
import { exportTurn, MODEL, requireBrowserInCi, RUN, startConsole, type ConsoleRun } from './console-e2e-kit';
import type { TestInstance } from './test-instance';

requireBrowserInCi('the console datasets pages in Chromium');

const NAME = `support-eval-${RUN}`;
// Columns named unlike the fields, one to skip, a quoted multi-line cell: the mapping decides what lands where.
const CSV = [
  'q,expected,notes',
  'How do I reset my password?,Use the link on the login page.,faq',
  '"Where is my order?",Track it under Orders.,orders',
  '"Two lines:\nwhat is the refund window?",30 days.,refunds',
].join('\n');

describe.skipIf(!CHROMIUM_PATH)('the console datasets pages (skipped: set SPANLOOP_TEST_CHROMIUM)', () => {
  let run: ConsoleRun;
  let spanloop: TestInstance;
  let page: Page;
  let traceId: string;
  let datasetHref: string;

  const grid = () => page.getByRole('table', { name: /^Items of/ });
  const tab = async (name: string) => {
    await page.getByRole('navigation', { name: 'Dataset sections' }).getByRole('link', { name }).click();
  };

  beforeAll(async () => {
    run = await startConsole();
    ({ spanloop, page } = run);
    traceId = await exportTurn(spanloop.otlpHttp, 'What is the weather in Paris?');
  });
  afterAll(async () => {
    await run?.stop();
  });

  it('creates a dataset with a schema of fields from the create dialog', async () => {
    await page.goto(`${spanloop.api}/#/w/default/traces`);
    await page.getByRole('link', { name: 'Datasets' }).click();
    await page.getByRole('heading', { name: 'Datasets' }).waitFor();
    await page.getByRole('button', { name: 'New dataset' }).click();
    const dialog = page.getByRole('dialog', { name: 'New dataset' });
    await dialog.getByLabel('Name', { exact: true }).fill(NAME);
    await dialog
      .getByLabel('Description', { exact: true })
      .fill('support questions and the answers we expect');
    expect(await dialog.getByLabel('Name of field 1').inputValue()).toBe('input');
    expect(await dialog.getByLabel('Name of field 2').inputValue()).toBe('reference_output');
    await dialog.getByRole('button', { name: 'Add field' }).click();
    await dialog.getByLabel('Name of field 3').fill('difficulty');
    await dialog.getByLabel('Value type of field 3').selectOption('integer');
    await dialog.getByLabel('Field 1 is required').check();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '20-dataset-create');
    await dialog.getByRole('button', { name: 'Create dataset' }).click();
    await page.getByRole('heading', { name: NAME }).waitFor();
    datasetHref = page.url();
    expect(datasetHref).toMatch(/#\/w\/default\/datasets\/[^/]+\/items$/);
    await expect.poll(() => grid().textContent()).toContain('difficulty');
    expect(await page.getByText('No items yet.').count()).toBe(1);
  });

  it('imports a CSV through the wizard: preview, column mapping, progress', async () => {
    await tab('Import');
    await page.getByLabel(/^File/).setInputFiles({
      name: 'questions.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV, 'utf8'),
    });
    const mapping = page.getByRole('table', { name: 'Column mapping' });
    await mapping.getByRole('cell', { name: 'expected', exact: true }).waitFor();
    await page.getByLabel('Field for column q').selectOption('input');
    await page.getByLabel('Field for column expected').selectOption('reference_output');
    await page.getByLabel('Field for column notes').selectOption({ label: '— skip —' });
    await page.getByRole('button', { name: 'Start import' }).click();
    const progress = page.getByRole('region', { name: 'Import progress' });
    await expect
      .poll(() => progress.getByRole('heading').textContent(), { timeout: 30_000 })
      .toBe('Import completed');
    expect(await progress.getByRole('status').textContent()).toContain('3 added · 0 failed');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '21-dataset-import');

    await tab('Items');
    await expect.poll(() => grid().textContent()).toContain('Where is my order?');
    const text = (await grid().textContent()) ?? '';
    expect(text).toContain('Use the link on the login page.');
    expect(text).toContain('what is the refund window?');
    // The skipped column went nowhere.
    expect(text).not.toContain('refunds');
  });

  it('edits a row of the draft inline and commits it as v1', async () => {
    await page.getByRole('button', { name: 'Edit row 1' }).click();
    const editor = page.getByRole('form', { name: 'Edit row 1' });
    await editor.getByLabel(/^reference_output/).fill('Use “Forgot password” on the login page.');
    await editor.getByLabel(/^difficulty/).fill('two');
    await editor.getByRole('button', { name: 'Save row' }).click();
    expect(await editor.getByRole('alert').textContent()).toContain('difficulty: an integer');
    await editor.getByLabel(/^difficulty/).fill('2');
    await editor.getByRole('button', { name: 'Save row' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toContain('Row saved to the draft.');
    await expect.poll(() => grid().textContent()).toContain('Use “Forgot password” on the login page.');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '22-dataset-items');

    await tab('Versions');
    const commit = page.getByRole('form', { name: 'Commit a version' });
    await commit.getByLabel('Version name').fill('v1');
    await commit.getByLabel('Description').fill('imported and checked');
    await commit.getByRole('button', { name: 'Commit version' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toContain('Committed version v1 with 3 items.');
  });

  it('adds an LLM span from its trace with a field mapping and a preview', async () => {
    await page.goto(`${spanloop.api}/#/w/default/traces/${traceId}`);
    await page.getByRole('treeitem', { name: new RegExp(`chat ${MODEL}`) }).click();
    const panel = page.getByRole('complementary', { name: `Span chat ${MODEL}` });
    await panel.getByRole('button', { name: 'Add to dataset' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add to dataset' });
    await dialog.getByLabel('Dataset').selectOption({ label: NAME });
    expect(await dialog.getByLabel('Source for input').inputValue()).toBe('input');
    expect(await dialog.getByLabel('Source for reference_output').inputValue()).toBe('output');
    // A JSONPath picks one attribute of the span for an integer field.
    await dialog.getByLabel('Source for difficulty').selectOption('attributes');
    await dialog.getByLabel('JSONPath for difficulty').fill("$['gen_ai.usage.output_tokens']");
    await dialog.getByRole('button', { name: 'Preview rows' }).click();
    const preview = dialog.getByRole('region', { name: 'Preview of the rows' });
    await preview.waitFor();
    const text = (await preview.textContent()) ?? '';
    expect(text).toContain('What is the weather in Paris?');
    expect(text).toContain('Paris is rainy today: 14°C.');
    expect(await preview.getByRole('cell', { name: '36', exact: true }).count()).toBe(1);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '23-dataset-add-span');
    await dialog.getByRole('button', { name: `Add 1 to ${NAME}` }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toContain(`Added 1 item to ${NAME}.`);
    await dialog.getByRole('link', { name: `Open ${NAME}` }).click();
    await expect.poll(() => grid().textContent()).toContain('Paris is rainy today: 14°C.');
    // The item keeps its link to the span it came from.
    expect(await grid().getByRole('link', { name: 'span' }).getAttribute('href')).toContain(traceId);
  });

  it('changes another row, commits v2 and shows both versions and their diff', async () => {
    await page.getByRole('button', { name: 'Edit row 2' }).click();
    const editor = page.getByRole('form', { name: 'Edit row 2' });
    await editor.getByLabel(/^reference_output/).fill('Track it under Orders → History.');
    await editor.getByRole('button', { name: 'Save row' }).click();
    await expect.poll(() => grid().textContent()).toContain('Track it under Orders → History.');

    await tab('Versions');
    const commit = page.getByRole('form', { name: 'Commit a version' });
    await commit.getByLabel('Version name').fill('v2');
    await commit.getByRole('button', { name: 'Commit version' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toContain('Committed version v2 with 4 items.');
    const versions = page.getByRole('table', { name: `Versions of ${NAME}` });
    await versions.getByRole('cell', { name: 'v2', exact: true }).waitFor();
    await versions.getByRole('cell', { name: 'v1', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Diff with v1' }).click();
    const diff = page.getByRole('region', { name: 'Changes from v1 to v2' });
    await diff.waitFor();
    expect(await diff.textContent()).toContain('1 added · 0 removed · 1 changed');
    const items = diff.getByRole('list', { name: 'Item changes' });
    expect(await items.locator('.add').textContent()).toContain('Paris is rainy today: 14°C.');
    const changed = (await items.locator('.chg').textContent()) ?? '';
    expect(changed).toContain('Track it under Orders.');
    expect(changed).toContain('Track it under Orders → History.');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '24-dataset-versions');
  });

  it('reads v1 read-only, exactly as committed', async () => {
    await page.getByRole('link', { name: 'Browse v1' }).click();
    await expect.poll(() => grid().textContent()).toContain('Track it under Orders.');
    const text = (await grid().textContent()) ?? '';
    expect(text).not.toContain('Track it under Orders → History.');
    expect(text).not.toContain('Paris is rainy');
    expect(await page.getByRole('button', { name: /^Edit row/ }).count()).toBe(0);
    expect(await page.getByRole('note').textContent()).toContain('Version v1 is read-only');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('pages through a large dataset by cursor, rendering only the rows in view', async () => {
    const id = await page.evaluate<string>(`(async () => {
      const post = async (path, body) => {
        const r = await fetch('api/v1' + path, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        if (!r.ok) throw new Error(path + ' answered ' + r.status + ' ' + await r.text());
        return r.json();
      };
      const field = { name: 'n', description: '', contentType: 'text', valueType: 'integer',
        displayFormat: 'plain_text', required: true };
      const d = await post('/datasets', { name: 'big-${RUN}', fields: [field] });
      for (let b = 0; b < 12; b++)
        await post('/datasets/' + d.id + '/items', { items: Array.from({ length: 100 }, (_, i) =>
          ({ turns: [{ fields: { n: { content_type: 'text', text: String(b * 100 + i + 1) } } }] })) });
      return d.id;
    })()`);
    await page.goto(`${spanloop.api}/#/w/default/datasets/${id}/items`);
    const foot = page.getByText(/items loaded|^1,200 items$/);
    await expect.poll(() => foot.textContent()).toBe('100 of 1,200 items loaded; scroll for more');
    expect(await grid().getByRole('row').count()).toBeLessThan(40);
    const scroller = grid().getByRole('rowgroup').nth(1);
    for (let i = 0; i < 40 && (await foot.textContent()) !== '1,200 items'; i++) {
      await scroller.hover();
      await page.mouse.wheel(0, 100_000);
      await page.waitForTimeout(100);
    }
    expect(await foot.textContent()).toBe('1,200 items');
    const last = grid().getByRole('row').last();
    await expect
      .poll(async () => {
        await page.mouse.wheel(0, 100_000);
        return last.getAttribute('aria-rowindex');
      })
      .toBe('1201');
    expect(await last.getByRole('cell').nth(2).textContent()).toBe('1200');
    // Only the rows in view (and a few either side) are in the page.
    expect(await grid().getByRole('row').count()).toBeLessThan(40);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('renames a field and deletes a column only after an explicit confirmation; versions keep theirs', async () => {
    await page.goto(datasetHref.replace(/\/items$/, '/schema'));
    const schema = page.getByRole('form', { name: 'Edit schema' });
    await schema.getByLabel('Name of field 2').fill('expected_answer');
    await schema.getByRole('button', { name: 'Remove field difficulty' }).click();
    await schema.getByRole('button', { name: 'Save schema' }).click();
    expect(await schema.getByRole('alert').textContent()).toContain('Confirm that the removed columns');
    const removed = schema.getByRole('group', { name: 'Removed columns' });
    expect(await removed.textContent()).toContain('difficulty');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '25-dataset-schema');
    await removed.getByLabel(/Yes, delete this column/).check();
    await schema.getByRole('button', { name: 'Save schema' }).click();
    await expect.poll(() => schema.getByRole('status').textContent()).toContain('Schema saved to the draft.');

    await tab('Items');
    const head = grid().getByRole('row').first();
    await expect.poll(() => head.textContent()).toContain('expected_answer');
    expect(await head.textContent()).not.toContain('difficulty');
    // The renamed column kept its values.
    await expect.poll(() => grid().textContent()).toContain('Track it under Orders → History.');
    await tab('Versions');
    const v2 = page.getByRole('table', { name: `Versions of ${NAME}` }).getByRole('row', { name: /^v2/ });
    expect(await v2.textContent()).toContain('input, reference_output, difficulty');
  });
});
