import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, screenshot, seriousAxeViolations } from './console-browser';
import { exportTurn, requireBrowserInCi, RUN, startConsole, type ConsoleRun } from './console-e2e-kit';
import { gradientPng, ingestCozeloopImageSpan } from './console-media-fixtures';
import type { TestInstance } from './test-instance';

requireBrowserInCi('the console sessions, metrics and users in Chromium');

const SESSION = `thread-${RUN}`;
const PICS_USER = `u-pics-${RUN}`;

describe.skipIf(!CHROMIUM_PATH)(
  'the console sessions, metrics and users in Chromium (skipped: set SPANLOOP_TEST_CHROMIUM)',
  () => {
    let run: ConsoleRun;
    let spanloop: TestInstance;
    let page: Page;

    beforeAll(async () => {
      run = await startConsole();
      ({ spanloop, page } = run);
      // Five turns of user u-42: two in one session, three in none.
      await exportTurn(spanloop.otlpHttp, 'What is the weather in Paris?', { fail: true, session: SESSION });
      for (let i = 0; i < 3; i++) await exportTurn(spanloop.otlpHttp, `noise ${i}`, { model: 'gpt-other' });
      await exportTurn(spanloop.otlpHttp, 'And in Lyon?', { session: SESSION });
    });
    afterAll(async () => {
      await run?.stop();
    });

    it('shows the session as a conversation and the metrics as charts', async () => {
      await page.getByRole('link', { name: 'Sessions' }).click();
      await page.getByRole('link', { name: SESSION }).click();
      const turns = page.locator('ol.conversation > li');
      await expect.poll(() => turns.count()).toBe(2);
      await expect.poll(() => turns.first().textContent()).toContain('Paris is rainy today');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, '04-session');
      await page.getByRole('link', { name: 'Metrics' }).click();
      await page.getByRole('img', { name: 'Requests and errors' }).waitFor();
      await page.getByRole('img', { name: 'Cost by model' }).waitFor();
      expect(await page.locator('.tile').first().textContent()).toMatch(/Requests\s*5/);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, '05-metrics');
    });

    it('lists users with their traffic, sorts them, and links each to its traces', async () => {
      // Another user with two traces: an OTel turn and a Cozeloop span.
      await exportTurn(spanloop.otlpHttp, 'What is in this photo?', { user: PICS_USER });
      await ingestCozeloopImageSpan(spanloop, { userId: PICS_USER, png: gradientPng(64, [200, 60, 40]) });
      await page.getByRole('link', { name: 'Users', exact: true }).click();
      await page.getByRole('heading', { name: 'Users' }).waitFor();
      const rows = page.locator('table.users-table tbody tr');
      await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
      const pics = page.getByRole('row', { name: new RegExp(PICS_USER) });
      // The OTel turn and the Cozeloop span: two traces.
      expect(await pics.getByRole('cell').nth(1).textContent()).toBe('2');
      await page.getByRole('button', { name: 'Traces' }).click();
      await expect.poll(() => page.url()).toContain('sort=traceCount');
      // The server sorts: the row order follows the reloaded first page.
      await expect.poll(() => rows.first().textContent()).toContain('u-42');
      expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Traces');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, '16-users');
      await page.getByRole('button', { name: 'Traces' }).click();
      await expect.poll(() => page.url()).toContain('order=asc');
      await expect.poll(() => rows.first().textContent()).toContain(PICS_USER);
      expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain('Traces');
      await page.getByRole('link', { name: PICS_USER }).click();
      await page.getByRole('heading', { name: 'Traces' }).waitFor();
      expect(page.url()).toContain(`userId=${PICS_USER}`);
      const traces = page.locator('table.traces-table tbody tr');
      await expect.poll(() => traces.count()).toBe(2);
    });
  },
);
