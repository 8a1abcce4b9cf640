// The receipt printer end to end in real Chromium against the real host (browser mode): a
// cashier's cash payment goes through the print queue over TCP to the virtual printer on
// 127.0.0.1, the counter says it printed, and the Virtual printer screen shows what the paper
// reads — the receipt number, the amount — with the cut, and the drawer pulse (a job of its own), byte for byte.
import type { Page } from 'playwright-core';
import { billAccount, makeAccount, STARTING_BANK, type FixtureAccount } from '../helpers/fixtures';
import { figure, signInWithKeyboard, startE2EApp, waitForFocus, type E2EApp } from './helpers';

let app: E2EApp;
let page: Page;
let taylor: FixtureAccount;

beforeAll(async () => {
  app = await startE2EApp({
    virtualPrinter: true,
    seed: async (t) => {
      taylor = makeAccount(t.core.deps.db, { first: 'Andy', last: 'Taylor' });
      billAccount(t.core.deps.db, taylor.id, '2026-03-05', { water: 3100, sewer: 4025, solid_waste: 2000 }); // $91.25
      await t.must('drawer.open', { counts: STARTING_BANK }, await t.signIn('cashier'));
    },
  });
  page = await app.openPage();
});

afterAll(async () => {
  await app?.close();
});

const key = (k: string) => page.keyboard.press(k);

describe('the receipt printer in browser mode', () => {
  it('prints a cash payment on the virtual printer, and the app shows it as text with the drawer pulse', async () => {
    await signInWithKeyboard(page, 'cashier', '1111');
    const printer = page.getByRole('status', { name: 'Printer status' });
    await expect.poll(() => printer.textContent()).toBe('Printer: ready (virtual)');

    // Take the bill in cash with the keyboard: find, Enter (cash for what is due), $100, F9.
    const find = page.getByRole('searchbox', { name: 'Find account' });
    await waitForFocus(page, find);
    await page.keyboard.type(taylor.number);
    await key('Enter');
    const amount = page.getByLabel(`Amount for ${taylor.number}`);
    await waitForFocus(page, amount);
    expect(await amount.inputValue()).toBe('91.25');
    await key('Enter');
    await waitForFocus(page, page.getByLabel('Cash amount'));
    await page.keyboard.type('100');
    await expect.poll(() => figure(page.getByRole('region', { name: 'Totals' }), 'Change')).toBe('$8.75');
    await key('F9');
    await page.getByRole('article', { name: 'Receipt S1-000001' }).waitFor();

    // The counter hears back from the printer; focus stays on New transaction.
    const printing = page.getByRole('region', { name: 'Receipt printing' });
    await expect.poll(() => printing.getByRole('status').first().textContent()).toBe('Printed');
    expect(await printing.getByRole('alert').count()).toBe(0);
    await waitForFocus(page, page.getByRole('button', { name: 'New transaction' }));

    // What reached the printer over TCP: the drawer pulse first, as a job of its own (one
    // well-formed ESC p), then the receipt with its cut.
    const [pulse, job] = app.printer!.jobs();
    expect(app.printer!.jobs()).toHaveLength(2);
    expect(pulse!.decoded.pulses.map((p) => p.hex)).toEqual(['1b 70 00 19 fa']);
    expect(pulse!.decoded.lines).toEqual([]);
    expect(job!.text).toContain('S1-000001');
    expect(job!.text).toContain('91.25');
    expect(job!.decoded.cuts).toBe(1);
    expect(job!.decoded.pulses).toEqual([]);

    // Alt+7: the Virtual printer screen shows that receipt as text, and the pulse.
    await key('Alt+7');
    await waitForFocus(page, page.getByRole('heading', { name: 'Virtual printer', level: 1 }));
    const paper = page.getByLabel('Printed text of job 2');
    await paper.waitFor();
    const text = (await paper.textContent()) ?? '';
    expect(text).toContain('S1-000001');
    expect(text).toContain('91.25');
    expect(text).toContain('Andy Taylor');
    expect(text).toBe(job!.text + '\n');
    const pulseArticle = page.getByRole('article', { name: /^Job 1 · / });
    expect(await pulseArticle.locator('code').allTextContents()).toEqual(['1b 70 00 19 fa']);
    expect(await pulseArticle.getByText(/^Drawer pulse: pin 2, 50 ms on, 500 ms off/).count()).toBe(1);
    const article = page.getByRole('article', { name: /^Job 2 · / });
    expect(await article.getByText('Paper cut').count()).toBe(1);
    expect(app.pageErrors).toEqual([]);
  });
});
