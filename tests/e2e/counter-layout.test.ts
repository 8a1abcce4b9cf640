// The counter at 1366×768, a common counter monitor (issue 9 item 12): a one-account cash
// payment — line, tender, totals, change, post — fits the screen without scrolling the page;
// once the cash amount is typed the Change figure and the Post button are in view.
import type { Locator, Page } from 'playwright-core';
import { billAccount, makeAccount, STARTING_BANK, type FixtureAccount } from '../helpers/fixtures';
import { signInWithKeyboard, startE2EApp, waitForFocus, type E2EApp } from './helpers';

let app: E2EApp;
// One account per screen size (each test pays its account in full).
const accounts: FixtureAccount[] = [];

beforeAll(async () => {
  app = await startE2EApp({
    seed: async (t) => {
      const db = t.core.deps.db;
      for (const street of ['14 Maple St', '16 Maple St']) {
        const a = makeAccount(db, { first: 'Andy', last: 'Taylor', street });
        billAccount(db, a.id, '2026-01-05', { water: 3000, sewer: 4000, solid_waste: 2000 });
        billAccount(db, a.id, '2026-02-05', { water: 3000, sewer: 4000, solid_waste: 2000 });
        billAccount(db, a.id, '2026-03-05', { water: 3100, sewer: 4025, solid_waste: 2000 });
        accounts.push(a);
      }
      await t.must('drawer.open', { counts: STARTING_BANK }, await t.signIn('cashier'));
    },
  });
});

afterAll(async () => {
  await app?.close();
});

async function inViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const vp = page.viewportSize()!;
  return box !== null && box.y >= 0 && box.x >= 0 && box.y + box.height <= vp.height && box.x + box.width <= vp.width;
}

async function cashPayment(page: Page, taylor: FixtureAccount) {
  await signInWithKeyboard(page, 'cashier', '1111');
  const find = page.getByRole('searchbox', { name: 'Find account' });
  await waitForFocus(page, find);
  await page.keyboard.type(taylor.number);
  await page.keyboard.press('Enter');
  await waitForFocus(page, page.getByLabel(`Amount for ${taylor.number}`));
  await page.keyboard.press('Enter');
  await waitForFocus(page, page.getByLabel('Cash amount'));
  await page.keyboard.type('300');
  const change = page.getByRole('region', { name: 'Totals' }).locator('.total-change dd');
  await expect.poll(() => change.textContent()).toBe('$28.75');
}

describe('the counter layout', () => {
  for (const [i, width, height] of [
    [0, 1366, 768],
    [1, 1920, 1080],
  ] as const) {
    it(`fits a one-account cash payment at ${width}×${height} without scrolling: Change and Post stay in view`, async () => {
      const page = await app.browser.newPage({ viewport: { width, height } });
      await page.goto(app.host.url);
      const taylor = accounts[i]!;
      await cashPayment(page, taylor);
      const post = page.getByRole('button', { name: 'Post payment' });
      const change = page.getByRole('region', { name: 'Totals' }).locator('.total-change');
      expect(await inViewport(page, page.getByLabel('Cash amount'))).toBe(true);
      expect(await inViewport(page, change)).toBe(true);
      expect(await inViewport(page, post)).toBe(true);
      expect(await inViewport(page, page.getByLabel(`Amount for ${taylor.number}`))).toBe(true);
      // No page scroll at all: the window did not move and nothing overflows it.
      const scroll = await page.evaluate(() => ({ y: window.scrollY, x: window.scrollX, height: document.documentElement.scrollHeight, inner: window.innerHeight }));
      expect(scroll.y).toBe(0);
      expect(scroll.x).toBe(0);
      expect(scroll.height).toBeLessThanOrEqual(scroll.inner);
      await page.keyboard.press('F9');
      await page.getByRole('article', { name: /Receipt S1-/ }).waitFor();
      await page.close();
    });
  }
});
