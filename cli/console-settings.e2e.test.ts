import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, screenshot, seriousAxeViolations, type ConsoleBrowser } from './console-browser';
import {
  acceptAsNewUser,
  exportTurn,
  invite,
  logIn,
  requireBrowserInCi,
  startConsole,
  type ConsoleRun,
} from './console-e2e-kit';
import type { TestInstance } from './test-instance';

requireBrowserInCi('the console settings in Chromium');

describe.skipIf(!CHROMIUM_PATH)(
  'the console settings in Chromium (skipped: set SPANLOOP_TEST_CHROMIUM)',
  () => {
    let run: ConsoleRun;
    let spanloop: TestInstance;
    let browser: ConsoleBrowser;
    let page: Page;
    let firstTrace: string;

    beforeAll(async () => {
      run = await startConsole();
      ({ spanloop, browser, page } = run);
      firstTrace = await exportTurn(spanloop.otlpHttp, 'What is the weather in Paris?');
    });
    afterAll(async () => {
      await run?.stop();
    });

    it('creates an API key whose secret is shown once, and a viewer sees no write controls', async () => {
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('link', { name: 'API keys' }).click();
      await page.getByLabel('Name').fill('e2e key');
      await page.getByRole('button', { name: 'Create key' }).click();
      const secret = (await page.getByTestId('new-secret').textContent()) ?? '';
      expect(secret).toMatch(/^sl-sk-[A-Za-z0-9_-]{43}$/);
      const read = await fetch(`${spanloop.api}/api/v1/traces/${firstTrace}`, {
        headers: { authorization: `Bearer ${secret}` },
      });
      expect(read.status).toBe(200);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, '06-settings-keys');
      await page.reload();
      await page.getByRole('table').waitFor();
      expect(await page.content()).not.toContain(secret);

      await page.getByRole('link', { name: 'Members' }).click();
      const link = await invite(page, 'viewer@example.com', 'viewer');
      expect(link).toMatch(/\/#\/invitation\?token=[A-Za-z0-9_-]{43}$/);
      await screenshot(page, '07-settings-members');

      const viewer = await browser.newPage();
      await acceptAsNewUser(viewer.page, link, 'viewer-password-1');
      expect(await viewer.page.evaluate("fetch('api/v1/me').then((r) => r.json())")).toMatchObject({
        role: 'viewer',
      });
      await viewer.page.goto(`${spanloop.api}/#/w/default/settings/keys`);
      await viewer.page.getByRole('note').waitFor();
      expect(await viewer.page.getByRole('note').textContent()).toContain('viewer');
      expect(await viewer.page.getByRole('button', { name: 'Create key' }).count()).toBe(0);
      await viewer.context.close();
      // The invitation is used up: the members list shows the viewer, the pending list no longer does.
      await page.reload();
      await page.getByRole('cell', { name: 'viewer@example.com' }).waitFor();
      expect(await page.getByText('No pending invitations.').count()).toBe(1);
    });

    it('lets a member of another workspace only log in to it, after an admin creates it in the console', async () => {
      await page.goto(`${spanloop.api}/#/workspaces`);
      await page.getByLabel('New workspace name').fill('team-b');
      await page.getByRole('button', { name: 'Create workspace' }).click();
      await page.getByRole('heading', { name: 'Traces' }).waitFor();
      const teamB = /#\/w\/([^/]+)\/traces/.exec(page.url())?.[1] ?? '';
      expect(teamB).not.toBe('');
      await page.goto(`${spanloop.api}/#/w/${teamB}/settings/members`);
      const link = await invite(page, 'b@example.com', 'member');

      // Accepting as a new user lands in the workspace; logging in again later does too.
      const b = await browser.newPage();
      await acceptAsNewUser(b.page, link, 'member-b-password');
      expect(b.page.url()).toContain(`#/w/${teamB}/traces`);
      await b.context.clearCookies();
      await logIn(b.page, spanloop.api, 'b@example.com', 'member-b-password');
      expect(b.page.url()).toContain(`#/w/${teamB}/traces`);
      const listed = await b.page.evaluate<{ workspaces: { name: string }[] }>(
        "fetch('api/v1/workspaces').then((r) => r.json())",
      );
      expect(listed.workspaces.map((w) => w.name)).toEqual(['team-b']);
      await b.page.goto(`${spanloop.api}/#/w/default/traces`);
      expect(await b.page.getByRole('alert').textContent()).toContain('not a member of that workspace');
      await b.context.close();
      await page.goto(`${spanloop.api}/#/w/default/traces`);
    });
  },
);
