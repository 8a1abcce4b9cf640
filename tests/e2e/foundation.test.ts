// The foundation end to end: a demo ledger made by the real generator, served by the real
// host, in Debian's Chromium: sign in, find a demo account by part of a name, open its page.
import path from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { bootLedger } from '../../src-main/boot';
import type { Core } from '../../src-main/core/create-core';
import { createDemoLedger } from '../../src-main/demo/demo-ledger';
import { startHost, type RunningHost } from '../../src-main/host/server';
import { createBridge } from '../../src-main/ipc/bridge';
import { MIGRATIONS_DIR, tempDir } from '../helpers/core';
import { launchChromium, RENDERER_DIR, requireBuiltRenderer } from './helpers';

/** Waits until the locator's text matches (the page updates asynchronously). */
async function textOf(l: Locator, match: string | RegExp): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const t = (await l.first().textContent().catch(() => null)) ?? '';
    if (typeof match === 'string' ? t.includes(match) : match.test(t)) return t;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${l.toString()} to contain ${String(match)}; it says: ${t}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('foundation in Chromium', () => {
  let core: Core;
  let host: RunningHost;
  let browser: Browser;
  let target: { number: string; name: string; lastName: string };

  beforeAll(async () => {
    requireBuiltRenderer();
    const file = path.join(tempDir('tc-e2e-demo-'), 'demo.sqlite');
    await createDemoLedger({ file, migrationsDir: MIGRATIONS_DIR, accounts: 400, seed: 7, today: '2026-03-16' });
    core = await bootLedger({ file, migrationsDir: MIGRATIONS_DIR, station: 'S1', appVersion: 'e2e' });
    target = core.deps.db
      .prepare(
        `SELECT a.number, c.display_name AS name, c.last_name AS lastName FROM accounts a JOIN customers c ON c.id = a.customer_id
          WHERE c.kind = 'person' AND length(c.last_name) >= 6 ORDER BY a.id LIMIT 1 OFFSET 17`,
      )
      .get() as typeof target;
    host = await startHost({ bridge: createBridge(core, { validateOutput: true }), rendererDir: RENDERER_DIR, port: 0, log: () => {} });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    core?.close();
  });

  it('signs in, finds a demo account by part of a name, and opens its page', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(host.url);
    await page.getByLabel('Username').fill('clerk');
    await page.getByLabel('PIN or password').fill('0000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await textOf(page.getByRole('alert'), /wrong PIN/i);
    await page.getByLabel('PIN or password').fill('2222');
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Main' }).waitFor();

    const search = page.getByRole('searchbox', { name: 'Search accounts' });
    await search.fill(target.lastName.slice(0, 4).toLowerCase());
    const row = page.getByRole('button', { name: `${target.number} ${target.name}` });
    await row.waitFor();
    await row.click();
    const heading = await textOf(page.getByRole('heading', { level: 1 }), target.number);
    expect(heading).toContain(target.name);
    await textOf(page.getByRole('region', { name: 'Summary' }), 'Balance');
    await page.getByRole('table', { name: 'Bills' }).waitFor();
    expect(await page.getByRole('table', { name: 'Bills' }).getByRole('row').count()).toBeGreaterThan(2);

    await page.keyboard.press('Escape');
    await search.waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the demo ledger verifies clean', async () => {
    const bridge = createBridge(core);
    const signIn = await bridge.invoke('session.signIn', { username: 'supervisor', secret: '9999' }, null);
    if (!signIn.ok) throw new Error(signIn.error.message);
    const report = await bridge.invoke('ledger.verify', {}, (signIn.value as { token: string }).token);
    expect(report).toMatchObject({ ok: true, value: { ok: true, violations: [] } });
  });
});
