import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, screenshot, seriousAxeViolations, type ConsoleBrowser } from './console-browser';
import {
  exportTurn,
  MODEL,
  PASSWORD,
  requireBrowserInCi,
  RUN,
  startConsole,
  type ConsoleRun,
} from './console-e2e-kit';
import { gradientPng, ingestCozeloopImageSpan } from './console-media-fixtures';
import { hexId, sendOtlpJson, type JsonSpanInput } from './otlp-json-request';
import type { TestInstance } from './test-instance';

requireBrowserInCi('the console trace page in Chromium');

const PICS_USER = `u-pics-${RUN}`;

describe.skipIf(!CHROMIUM_PATH)(
  'the console trace page in Chromium (skipped: set SPANLOOP_TEST_CHROMIUM)',
  () => {
    let run: ConsoleRun;
    let spanloop: TestInstance;
    let browser: ConsoleBrowser;
    let page: Page;
    let firstTrace: string;

    beforeAll(async () => {
      run = await startConsole();
      ({ spanloop, browser, page } = run);
      firstTrace = await exportTurn(spanloop.otlpHttp, 'What is the weather in Paris?', { fail: true });
      await page.goto(`${spanloop.api}/#/w/default/traces`);
    });
    afterAll(async () => {
      await run?.stop();
    });

    it('opens the trace and reads the LLM span as a chat with its tool call and result', async () => {
      await page.locator(`a[href$="/traces/${firstTrace}"]`).click();
      await page.getByRole('tree', { name: 'Spans of this trace' }).waitFor();
      expect(await page.getByRole('treeitem').count()).toBe(3);
      await page.getByRole('treeitem', { name: new RegExp(`chat ${MODEL}`) }).click();
      const panel = page.getByRole('complementary', { name: `Span chat ${MODEL}` });
      const input = panel.getByRole('list', { name: 'Input messages' });
      await input.waitFor();
      const text = (await input.textContent()) ?? '';
      expect(text).toContain('You are a weather assistant.');
      expect(text).toContain('What is the weather in Paris?');
      expect(text).toContain('get_weather');
      expect(text).toContain('"city": "Paris"');
      expect(text).toContain('result of get_weather');
      expect(text).toContain('rainy, 14°C');
      expect(await panel.getByRole('list', { name: 'Output messages' }).textContent()).toContain(
        'Paris is rainy today: 14°C.',
      );
      const facts = (await panel.getByRole('region', { name: 'Model call' }).textContent()) ?? '';
      expect(facts).toContain(MODEL);
      expect(facts).toContain('420 in · 36 out');
      expect(facts).toContain('temperature');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, '03-trace-llm-span');
    });

    it('moves through the span tree with the keyboard and shows the failed tool span with its exception', async () => {
      await page.getByRole('treeitem', { name: new RegExp(`chat ${MODEL}`) }).focus();
      await page.keyboard.press('ArrowDown');
      const tool = page.getByRole('treeitem', { name: /execute_tool get_weather/ });
      await expect.poll(() => tool.getAttribute('aria-selected')).toBe('true');
      await expect.poll(() => page.locator(':focus').textContent()).toContain('(error)');
      const panel = page.getByRole('complementary', { name: 'Span execute_tool get_weather' });
      expect(await panel.getByRole('group', { name: 'Exception' }).textContent()).toContain(
        'weather service timed out',
      );
      await panel.getByRole('tab', { name: /Attributes/ }).click();
      expect(await panel.getByRole('table', { name: 'Span attributes' }).textContent()).toContain(
        'gen_ai.tool.name',
      );
      await panel.getByRole('tab', { name: 'JSON' }).click();
      expect(await panel.locator('pre.raw-json').textContent()).toContain('"statusCode": "Error"');
      await page.keyboard.press('ArrowLeft');
    });

    it('keeps a 10,000-span trace responsive: virtualized rows, keyboard jumps', async () => {
      const traceId = hexId(16);
      const rootId = hexId(8);
      const startNs = BigInt(Date.now() - 60_000) * 1_000_000n;
      const spans: JsonSpanInput[] = [
        { traceId, spanId: rootId, name: 'bulk-root', startNs, durationNs: 10_000_000_000n },
      ];
      for (let i = 1; i < 10_000; i++)
        spans.push({
          traceId,
          parentSpanId: rootId,
          name: `step-${i}`,
          startNs: startNs + BigInt(i) * 1_000_000n,
          durationNs: 500_000n,
          attributes: { i },
        });
      await sendOtlpJson(spanloop.otlpHttp, [{ service: 'bulk', spans }]);
      const opened = Date.now();
      await page.goto(`${spanloop.api}/#/w/default/traces/${traceId}`);
      await page.getByRole('treeitem', { name: /bulk-root/ }).waitFor({ timeout: 30_000 });
      const openMs = Date.now() - opened;
      expect(await page.getByRole('treeitem').count()).toBeLessThan(100);
      expect(await page.locator('.facts.summary').textContent()).toContain('10000');
      await page.getByRole('treeitem', { name: /bulk-root/ }).click();
      const jumped = Date.now();
      await page.keyboard.press('End');
      await page.getByRole('treeitem', { name: /step-9999/ }).waitFor();
      await expect.poll(() => page.locator(':focus').textContent()).toContain('step-9999');
      const jumpMs = Date.now() - jumped;
      await page.keyboard.press('ArrowUp');
      await expect.poll(() => page.locator(':focus').textContent()).toContain('step-9998');
      expect(
        await page.getByRole('complementary').getByRole('heading', { level: 2 }).textContent(),
      ).toContain('step-9998');
      // Generous bounds for a shared 2-core machine; typical runs are far below them.
      expect(openMs).toBeLessThan(20_000);
      expect(jumpMs).toBeLessThan(3_000);
      await screenshot(page, '08-trace-10k-spans');
    });

    it('shows image parts as thumbnails: an OTel blob inline, a Cozeloop upload by its key, with its attachment', async () => {
      const png = gradientPng(96, [20, 110, 220]);
      const otelTrace = await exportTurn(spanloop.otlpHttp, 'What is in this photo?', {
        user: PICS_USER,
        image: { type: 'blob', modality: 'image', mime_type: 'image/png', content: png.toString('base64') },
      });
      const cozeloop = await ingestCozeloopImageSpan(spanloop, {
        userId: PICS_USER,
        png: gradientPng(64, [200, 60, 40]),
      });

      // A context without bypassCSP: the images must load under the console's real Content-Security-Policy.
      const strict = await browser.browser.newContext({ viewport: { width: 1440, height: 900 } });
      strict.setDefaultTimeout(15_000);
      const page = await strict.newPage();
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      // A fresh context lands on Traces, or on the workspace picker when the administrator has several.
      await page.goto(`${spanloop.api}/`);
      await page.getByLabel('Email').fill('admin@localhost');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Log in to Spanloop' }).waitFor({ state: 'detached' });

      const openSpan = async (traceId: string, spanName: string) => {
        await page.goto(`${spanloop.api}/#/w/default/traces/${traceId}`);
        await page.getByRole('treeitem', { name: new RegExp(spanName.replace(/[()]/g, '\\$&')) }).click();
        return page.getByRole('complementary', { name: `Span ${spanName}` });
      };
      // The root tsconfig has no DOM types: the element is read structurally.
      const loadedWidth = (img: ReturnType<Page['locator']>) =>
        img.evaluate((el) => {
          const image = el as unknown as { complete: boolean; naturalWidth: number };
          return image.complete ? image.naturalWidth : 0;
        });

      const otelPanel = await openSpan(otelTrace, `chat ${MODEL}`);
      const inline = otelPanel.getByRole('list', { name: 'Input messages' }).getByRole('img');
      await inline.waitFor();
      expect(await inline.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
      await expect.poll(() => loadedWidth(inline)).toBe(96);
      await screenshot(page, '17-trace-image');

      const coze = await openSpan(cozeloop.traceId, cozeloop.spanName);
      const uploaded = coze
        .getByRole('list', { name: 'Input messages' })
        .getByRole('img', { name: 'room.png' });
      await uploaded.waitFor();
      // Fetched with the workspace header and shown as a data: URL: the page's CSP stays img-src 'self' data:.
      expect(await uploaded.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
      await expect.poll(() => loadedWidth(uploaded)).toBe(64);
      const attachments = coze.getByRole('region', { name: 'Attachments' });
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        attachments.getByRole('link', { name: 'room.png' }).click(),
      ]);
      // Chromium appends the extension of the served type to the key.
      expect(download.suggestedFilename()).toBe(`${cozeloop.imageKey}.png`);
      const saved = await download.path();
      expect(saved).toBeTruthy();
      expect(readFileSync(saved).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      expect(violations).toEqual([]);
      await strict.close();
    });
  },
);
