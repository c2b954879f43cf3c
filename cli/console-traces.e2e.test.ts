import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, screenshot, seriousAxeViolations, unreachableByTab } from './console-browser';
import {
  exportTurn,
  MODEL,
  PASSWORD,
  requireBrowserInCi,
  RUN,
  startConsole,
  type ConsoleRun,
} from './console-e2e-kit';
import type { TestInstance } from './test-instance';

requireBrowserInCi('the console in Chromium');

const SESSION = `thread-${RUN}`;

describe.skipIf(!CHROMIUM_PATH)(
  'the console traces list in Chromium (skipped: set SPANLOOP_TEST_CHROMIUM)',
  () => {
    let run: ConsoleRun;
    let spanloop: TestInstance;
    let page: Page;

    beforeAll(async () => {
      run = await startConsole({ loggedIn: false });
      ({ spanloop, page } = run);
      await exportTurn(spanloop.otlpHttp, 'What is the weather in Paris?', { fail: true, session: SESSION });
      for (let i = 0; i < 3; i++) await exportTurn(spanloop.otlpHttp, `noise ${i}`, { model: 'gpt-other' });
    });
    afterAll(async () => {
      await run?.stop();
    });

    it('serves the console at / with cache headers, and leaves the API paths alone', async () => {
      const index = await fetch(`${spanloop.api}/`);
      expect(index.status).toBe(200);
      expect(index.headers.get('cache-control')).toBe('no-cache');
      const html = await index.text();
      const asset = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(asset).toBeDefined();
      const js = await fetch(`${spanloop.api}/${asset}`);
      expect(js.headers.get('cache-control')).toContain('immutable');
      expect(js.headers.get('content-type')).toContain('javascript');
      const missing = await fetch(`${spanloop.api}/api/v1/nope`, { headers: { accept: 'text/html' } });
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toContain('application/json');
      expect((await fetch(`${spanloop.api}/healthz`)).headers.get('content-type')).toContain('json');
    });

    it('logs in with the first administrator and shows the login page without axe violations', async () => {
      await page.goto(`${spanloop.api}/`);
      await page.getByRole('heading', { name: 'Log in to Spanloop' }).waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, '01-login');
      await page.getByLabel('Email').fill('admin@localhost');
      await page.getByLabel('Password').fill('wrong password!');
      await page.getByRole('button', { name: 'Log in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('wrong email or password');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Traces' }).waitFor();
      expect(page.url()).toContain('#/w/default/traces');
    });

    it('finds the trace by its model and shows duration, tokens, cost and status columns', async () => {
      await page.getByLabel('Model').fill(MODEL);
      await page.getByRole('button', { name: 'Search' }).click();
      const rows = page.locator('table.traces-table tbody tr');
      await expect.poll(() => rows.count()).toBe(1);
      const row = rows.first();
      expect(await row.textContent()).toContain('support-turn');
      expect(await row.textContent()).toContain('420 / 36');
      expect(await row.textContent()).toContain('1 error');
      expect(page.url()).toContain(`model=${MODEL}`);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, '02-traces');
    });

    it('shows a trace exported while the page is open, with the live indicator on', async () => {
      expect(await page.getByRole('button', { name: 'Live' }).getAttribute('aria-pressed')).toBe('true');
      await exportTurn(spanloop.otlpHttp, 'And in Lyon?', { session: SESSION });
      const rows = page.locator('table.traces-table tbody tr');
      await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
      expect(await page.locator('tr.fresh').count()).toBe(1);
    });

    it('reaches every control of the traces page by keyboard', async () => {
      expect(await unreachableByTab(page)).toEqual([]);
    });

    it('logs out', async () => {
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByRole('heading', { name: 'Log in to Spanloop' }).waitFor();
      const me = await page.evaluate(
        async () => (await fetch('api/v1/me')).json() as Promise<{ kind: string }>,
      );
      expect(me.kind).toBe('anonymous');
    });
  },
);
