// Shared by the Chromium end-to-end tests: a real core on a temp-file ledger, the real
// browser-mode host serving the built renderer (dist/renderer), and Debian's Chromium driven
// through playwright-core. Nothing is mocked; the page talks HTTP to 127.0.0.1.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startVirtualPrinter, type VirtualPrinter } from '../../src-main/devices/virtual-printer';
import { startHost, type RunningHost } from '../../src-main/host/server';
import { createBridge } from '../../src-main/ipc/bridge';
import { makeTestCore, tempDir, type TestCore } from '../helpers/core';

export const RENDERER_DIR = path.resolve(__dirname, '../../dist/renderer');
/** Debian's Chromium, or TOWNCOUNTER_CHROMIUM (scripts/preflight.mjs checks the same path). */
export const CHROMIUM_PATH = process.env.TOWNCOUNTER_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Fails with a clear message when the renderer has not been built (npm test builds it first). */
export function requireBuiltRenderer(): void {
  const index = path.join(RENDERER_DIR, 'index.html');
  if (!fs.existsSync(index)) {
    throw new Error(`The renderer is not built: ${index} is missing. Run \`npm run build\` first (\`npm test\` and \`npm run test:e2e\` do it for you).`);
  }
}

/** Chromium with a fresh temporary profile (launch() makes one per browser). */
export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`Chromium is not installed at ${CHROMIUM_PATH} (apt-get install -y chromium).`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface E2EApp {
  t: TestCore;
  host: RunningHost;
  browser: Browser;
  /** Opens a new page on the app; errors thrown in the page or logged to its console are collected in pageErrors. */
  openPage(): Promise<Page>;
  pageErrors: string[];
  /** The virtual receipt printer this run prints to (with `virtualPrinter: true`), else null. */
  printer: VirtualPrinter | null;
  close(): Promise<void>;
}

/**
 * A core on a fresh ledger file (fixed clock, demo users), seeded by the caller, served by
 * the real host on a free port, and a Chromium to look at it. With `virtualPrinter`, the core
 * prints to a virtual printer on 127.0.0.1 with its print worker running, as `npm run host` does.
 */
export async function startE2EApp(opts: { seed?: (t: TestCore) => void | Promise<void>; now?: string; virtualPrinter?: boolean; /** Bank drafts: a key file (created on first use) in the run's folder. */ bankDrafts?: boolean } = {}): Promise<E2EApp> {
  requireBuiltRenderer();
  const dir = tempDir('tc-e2e-');
  const t = await makeTestCore({ file: path.join(dir, 'ledger.sqlite'), ...(opts.now ? { now: opts.now } : {}), ...(opts.bankDrafts ? { boot: { keyFile: path.join(dir, 'towncounter.key') } } : {}) });
  const pageErrors: string[] = [];
  let host: RunningHost | null = null;
  let browser: Browser | null = null;
  let printer: VirtualPrinter | null = null;
  try {
    await opts.seed?.(t);
    if (opts.virtualPrinter) {
      printer = await startVirtualPrinter();
      t.core.printing.attachVirtualPrinter(printer);
      t.core.printing.start();
    }
    host = await startHost({ bridge: createBridge(t.core, { validateOutput: true }), rendererDir: RENDERER_DIR, port: 0, log: (m, e) => pageErrors.push(`host: ${m} ${String(e ?? '')}`) });
    browser = await launchChromium();
  } catch (err) {
    await host?.close();
    t.close();
    await printer?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const b = browser;
  const h = host;
  return {
    t,
    host: h,
    browser: b,
    pageErrors,
    printer,
    async openPage() {
      const page = await b.newPage();
      page.on('pageerror', (e) => pageErrors.push(`page: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
      });
      await page.goto(h.url);
      return page;
    },
    async close() {
      await b.close();
      await h.close();
      t.close();
      await printer?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Signs in with the keyboard only (the username field has focus when the page opens). */
export async function signInWithKeyboard(page: Page, username: string, secret: string): Promise<void> {
  await page.getByLabel('Username').waitFor();
  await waitForFocus(page, page.getByLabel('Username'));
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(secret);
  await page.keyboard.press('Enter');
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
}

type Locator = ReturnType<Page['getByRole']>;

/** Waits until the element has keyboard focus. */
export async function waitForFocus(page: Page, locator: Locator, timeout = 5000): Promise<void> {
  // The locator is resolved again on each look: a screen that re-renders may replace the element
  // (a handle taken once would point at the detached one and never be focused).
  const deadline = Date.now() + timeout;
  for (;;) {
    const focused = await locator
      .first()
      .evaluate((el) => el === document.activeElement, undefined, { timeout: Math.max(1, deadline - Date.now()) })
      .catch(() => false);
    if (focused) return;
    if (Date.now() >= deadline) throw new Error(`waitForFocus: ${String(locator)} did not get the keyboard focus within ${timeout} ms (focus is on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120) ?? 'nothing')})`);
    await page.waitForTimeout(25);
  }
}

/** The <dd> next to the <dt> with this exact text, inside the locator. */
export async function figure(locator: Locator, label: string): Promise<string | null> {
  return locator.locator('dt', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).first().locator('xpath=following-sibling::dd[1]').textContent({ timeout: 5000 });
}
