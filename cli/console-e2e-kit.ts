// Test support for the console e2e files: traffic through the real OTel SDK, logging in, and one Spanloop with
// the built console and a Chromium per test file (the files run in parallel forks).
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildConsole, CHROMIUM_PATH, launchBrowser, type ConsoleBrowser } from './console-browser';
import { startTestInstance, type TestInstance } from './test-instance';

export const PASSWORD = 'console-e2e-password';
export const RUN = randomBytes(3).toString('hex');
export const MODEL = `gpt-e2e-${RUN}`;

/** In CI a missing browser is a failure, not a skip; call at the top of each e2e file. */
export function requireBrowserInCi(name: string): void {
  if (!CHROMIUM_PATH && process.env.CI)
    describe(name, () => {
      it('has a browser in CI', () =>
        expect(CHROMIUM_PATH, 'SPANLOOP_TEST_CHROMIUM is unset (scripts/chromium.sh path)').toBeDefined());
    });
}

/** One support-bot turn through the real OTel SDK and exporter: agent → LLM call (tool round trip) → tool. */
export async function exportTurn(
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

export async function logIn(page: Page, api: string, email: string, password: string) {
  await page.goto(`${api}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Traces' }).waitFor();
}

/** Invites `email` with `role` on the members page the admin's `page` shows; answers the link shown once. */
export async function invite(page: Page, email: string, role: string): Promise<string> {
  const form = page.getByRole('form', { name: 'Invite a member' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Role').selectOption(role);
  await form.getByRole('button', { name: 'Invite' }).click();
  await page.getByRole('cell', { name: email }).waitFor();
  return page.getByLabel('Invitation link').inputValue();
}

/** Opens an invitation link logged out, sets a password (creating the account) and lands in the workspace. */
export async function acceptAsNewUser(page: Page, link: string, password: string) {
  await page.goto(link);
  await page.getByLabel(/Choose a password/).fill(password);
  await page.getByRole('button', { name: 'Create account and accept' }).click();
  await page.getByRole('heading', { name: 'Traces' }).waitFor();
}

export interface ConsoleRun {
  spanloop: TestInstance;
  browser: ConsoleBrowser;
  /** The administrator's page (logged in unless `loggedIn: false`). */
  page: Page;
  stop(): Promise<void>;
}

/**
 * A fresh console build served by a fresh Spanloop with auth, and a browser page for the first administrator;
 * `egressAllow` is its SPANLOOP_EGRESS_ALLOW (a fake model server's `hostPort`).
 */
export async function startConsole(
  opts: { loggedIn?: boolean; egressAllow?: string } = {},
): Promise<ConsoleRun> {
  const consoleDir = await buildConsole();
  let spanloop: TestInstance | undefined;
  let browser: ConsoleBrowser | undefined;
  const stop = async () => {
    await browser?.close();
    await spanloop?.stop();
    rmSync(consoleDir, { recursive: true, force: true });
  };
  try {
    spanloop = await startTestInstance({
      auth: { adminPassword: PASSWORD },
      consoleDir,
      ...(opts.egressAllow === undefined ? {} : { egress: { allow: opts.egressAllow } }),
    });
    browser = await launchBrowser(CHROMIUM_PATH as string);
    const { page } = await browser.newPage();
    if (opts.loggedIn !== false) await logIn(page, spanloop.api, 'admin@localhost', PASSWORD);
    return { spanloop, browser, page, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
