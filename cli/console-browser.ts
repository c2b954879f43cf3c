// Test support: the real console in headless Chromium (Debian's package, driven by playwright-core).
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** The browser's path; e2e tests skip without it locally and fail without it in CI. */
export const CHROMIUM_PATH = process.env.SPANLOOP_TEST_CHROMIUM;

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const ROOT = join(import.meta.dirname, '..');
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');

/** Builds the console from its sources into a fresh folder, so a test never serves a stale or shared build. */
export async function buildConsole(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'spanloop-console-'));
  const { build } = await import('vite');
  await build({
    root: join(ROOT, 'console'),
    configFile: join(ROOT, 'console', 'vite.config.ts'),
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

export interface ConsoleBrowser {
  browser: Browser;
  /** A fresh context (no cookies, no storage): one user. */
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export async function launchBrowser(executablePath: string): Promise<ConsoleBrowser> {
  const browser = await chromium.launch({ executablePath, args: FLAGS, timeout: 30_000 });
  return {
    browser,
    newPage: async () => {
      // bypassCSP lets axe-core be injected into pages whose policy forbids inline scripts.
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      return { context, page };
    },
    close: () => browser.close(),
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// In-page scripts are text: this folder is compiled without the DOM library.
const AXE_RUN = `axe.run(document, { resultTypes: ['violations'] }).then((r) =>
  r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) })))`;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe-core in the page; returns its violations of serious or critical impact, one line each. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate<Violation[]>(AXE_RUN);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.join(' ')}`);
}

const CONTROLS = 'a[href], button, input, select, textarea, summary, [role="tab"], [role="treeitem"]';

const START_TAB_WALK = `(() => {
  window.__reached = new Set();
  document.addEventListener('focusin', (e) => window.__reached.add(e.target));
  document.activeElement?.blur();
  return document.querySelectorAll(${JSON.stringify(CONTROLS)}).length;
})()`;

const UNREACHED = `(() => {
  const reached = window.__reached;
  const visible = (el) => el.checkVisibility({ visibilityProperty: true });
  const groupOf = (el) => el.closest('[role="tablist"], [role="tree"]');
  const reachedGroups = new Set([...reached].map(groupOf).filter((g) => g !== null));
  return [...document.querySelectorAll(${JSON.stringify(CONTROLS)})]
    .filter((el) => visible(el) && !el.disabled && !el.classList.contains('skip-link'))
    .filter((el) => !reached.has(el))
    .filter((el) => { const g = groupOf(el); return g === null || !reachedGroups.has(g); })
    .map((el) => el.tagName.toLowerCase() + ' "' + (el.textContent ?? '').trim().slice(0, 40) + '"');
})()`;

/**
 * Presses Tab once per control on the page (and a few more), and returns the controls that were visible and
 * enabled but never focused: empty when every control is reachable by keyboard. Composite widgets with one tab
 * stop (tab lists, trees) count as reached when one of their items was.
 */
export async function unreachableByTab(page: Page): Promise<string[]> {
  const count = await page.evaluate<number>(START_TAB_WALK);
  for (let i = 0; i < count + 3; i++) await page.keyboard.press('Tab');
  return page.evaluate<string[]>(UNREACHED);
}
