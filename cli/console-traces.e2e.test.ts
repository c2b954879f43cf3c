import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildConsole,
  CHROMIUM_PATH,
  launchBrowser,
  screenshot,
  seriousAxeViolations,
  unreachableByTab,
  type ConsoleBrowser,
} from './console-browser';
import { gradientPng, ingestCozeloopImageSpan } from './console-media-fixtures';
import { hexId, sendOtlpJson, type JsonSpanInput } from './otlp-json-request';
import { startTestInstance, type TestInstance } from './test-instance';

if (!CHROMIUM_PATH && process.env.CI) {
  describe('the console in Chromium', () => {
    it('has a browser in CI', () =>
      expect(CHROMIUM_PATH, 'SPANLOOP_TEST_CHROMIUM is unset (scripts/chromium.sh path)').toBeDefined());
  });
}

const PASSWORD = 'console-e2e-password';
const run = randomBytes(3).toString('hex');
const MODEL = `gpt-e2e-${run}`;
const SESSION = `thread-${run}`;
const PICS_USER = `u-pics-${run}`;

/** One support-bot turn through the real OTel SDK and exporter: agent → LLM call (tool round trip) → tool. */
async function exportTurn(
  otlpHttp: string,
  question: string,
  opts: {
    model?: string;
    fail?: boolean;
    session?: string;
    user?: string;
    image?: Record<string, unknown>;
  } = {},
) {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'support-bot' }),
    spanProcessors: [
      new SimpleSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${otlpHttp}/v1/traces` }) }),
    ],
  });
  const tracer = provider.getTracer('console-e2e');
  const root = tracer.startSpan('support-turn', {
    attributes: {
      'user.id': opts.user ?? 'u-42',
      'gen_ai.operation.name': 'invoke_agent',
      ...(opts.session === undefined ? {} : { 'session.id': opts.session }),
    },
  });
  const inRoot = trace.setSpan(context.active(), root);
  const llm = tracer.startSpan(
    `chat ${opts.model ?? MODEL}`,
    {
      kind: 2,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': opts.model ?? MODEL,
        'gen_ai.request.temperature': 0.2,
        'gen_ai.usage.input_tokens': 420,
        'gen_ai.usage.output_tokens': 36,
        'gen_ai.usage.cost': 0.0125,
        'gen_ai.system_instructions': JSON.stringify([
          { type: 'text', content: 'You are a weather assistant.' },
        ]),
        'gen_ai.input.messages': JSON.stringify([
          {
            role: 'user',
            parts: [{ type: 'text', content: question }, ...(opts.image === undefined ? [] : [opts.image])],
          },
          {
            role: 'assistant',
            parts: [
              { type: 'tool_call', id: 'call_paris_1', name: 'get_weather', arguments: { city: 'Paris' } },
            ],
          },
          {
            role: 'tool',
            parts: [{ type: 'tool_call_response', id: 'call_paris_1', response: 'rainy, 14°C' }],
          },
        ]),
        'gen_ai.output.messages': JSON.stringify([
          { role: 'assistant', parts: [{ type: 'text', content: 'Paris is rainy today: 14°C.' }] },
        ]),
      },
    },
    inRoot,
  );
  const tool = tracer.startSpan(
    'execute_tool get_weather',
    { attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'get_weather' } },
    trace.setSpan(inRoot, llm),
  );
  if (opts.fail) {
    tool.recordException(new Error('weather service timed out'));
    tool.setStatus({ code: SpanStatusCode.ERROR, message: 'weather service timed out' });
  }
  tool.end();
  llm.end();
  root.end();
  await provider.forceFlush();
  await provider.shutdown();
  return root.spanContext().traceId;
}

async function logIn(page: Page, api: string, email: string, password: string) {
  await page.goto(`${api}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Traces' }).waitFor();
}

describe.skipIf(!CHROMIUM_PATH)('the console in Chromium (skipped: set SPANLOOP_TEST_CHROMIUM)', () => {
  let spanloop: TestInstance;
  let browser: ConsoleBrowser;
  let page: Page;
  let consoleDir: string;
  let firstTrace: string;

  beforeAll(async () => {
    consoleDir = await buildConsole();
    spanloop = await startTestInstance({ auth: { adminPassword: PASSWORD }, consoleDir });
    browser = await launchBrowser(CHROMIUM_PATH as string);
    ({ page } = await browser.newPage());
    firstTrace = await exportTurn(spanloop.otlpHttp, 'What is the weather in Paris?', {
      fail: true,
      session: SESSION,
    });
    for (let i = 0; i < 3; i++) await exportTurn(spanloop.otlpHttp, `noise ${i}`, { model: 'gpt-other' });
  });
  afterAll(async () => {
    await browser?.close();
    await spanloop?.stop();
    if (consoleDir) rmSync(consoleDir, { recursive: true, force: true });
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
    const add = page.getByRole('form', { name: 'Add a member' });
    await add.getByLabel('Email').fill('viewer@example.com');
    await add.getByLabel('Role').selectOption('viewer');
    await add.getByLabel(/Initial password/).fill('viewer-password-1');
    await add.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('cell', { name: 'viewer@example.com' }).waitFor();
    await screenshot(page, '07-settings-members');

    const viewer = await browser.newPage();
    await logIn(viewer.page, spanloop.api, 'viewer@example.com', 'viewer-password-1');
    await viewer.page.goto(`${spanloop.api}/#/w/default/settings/keys`);
    await viewer.page.getByRole('note').waitFor();
    expect(await viewer.page.getByRole('note').textContent()).toContain('viewer');
    expect(await viewer.page.getByRole('button', { name: 'Create key' }).count()).toBe(0);
    await viewer.context.close();
  });

  it('lets a member of another workspace only log in to it, after an admin creates it in the console', async () => {
    await page.goto(`${spanloop.api}/#/workspaces`);
    await page.getByLabel('New workspace name').fill('team-b');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.getByRole('heading', { name: 'Traces' }).waitFor();
    const teamB = /#\/w\/([^/]+)\/traces/.exec(page.url())?.[1] ?? '';
    expect(teamB).not.toBe('');
    await page.goto(`${spanloop.api}/#/w/${teamB}/settings/members`);
    const add = page.getByRole('form', { name: 'Add a member' });
    await add.getByLabel('Email').fill('b@example.com');
    await add.getByLabel('Role').selectOption('member');
    await add.getByLabel(/Initial password/).fill('member-b-password');
    await add.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('cell', { name: 'b@example.com' }).waitFor();

    const b = await browser.newPage();
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
    expect(await page.getByRole('complementary').getByRole('heading', { level: 2 }).textContent()).toContain(
      'step-9998',
    );
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
    // The administrator now has two workspaces: a fresh context lands on the picker, not on Traces.
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

  it('lists users with their traffic, sorts them, and links each to its traces', async () => {
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    const rows = page.locator('table.users-table tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    const pics = page.getByRole('row', { name: new RegExp(PICS_USER) });
    // The OTel turn and the Cozeloop span: two traces.
    expect(await pics.getByRole('cell').nth(1).textContent()).toBe('2');
    await page.getByRole('button', { name: 'Traces' }).click();
    await expect.poll(() => page.url()).toContain('sort=traceCount');
    expect(await rows.first().textContent()).toContain('u-42');
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Traces');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '16-users');
    await page.getByRole('link', { name: PICS_USER }).click();
    await page.getByRole('heading', { name: 'Traces' }).waitFor();
    expect(page.url()).toContain(`userId=${PICS_USER}`);
    const traces = page.locator('table.traces-table tbody tr');
    await expect.poll(() => traces.count()).toBe(2);
  });

  it('logs out', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in to Spanloop' }).waitFor();
    const me = await page.evaluate(
      async () => (await fetch('api/v1/me')).json() as Promise<{ kind: string }>,
    );
    expect(me.kind).toBe('anonymous');
  });
});
