// Rates and the final bill in real Chromium against the real host: the clerk prices 5,400 gallons
// on the Rates screen by keyboard, then final-bills a moving-out account from its page
// (Alt+Shift+F, the final reading, Enter to work it out, Post final bill).
import type { Page } from 'playwright-core';
import { billAccount, makeAccount, type FixtureAccount } from '../helpers/fixtures';
import { signInWithKeyboard, startE2EApp, waitForFocus, type E2EApp } from './helpers';

let app: E2EApp;
let page: Page;
let taylor: FixtureAccount;

beforeAll(async () => {
  app = await startE2EApp({
    seed: (t) => {
      const db = t.core.deps.db;
      taylor = makeAccount(db, { first: 'Andy', last: 'Taylor', street: '14 Maple St', services: ['water', 'sewer', 'solid_waste'] });
      const loc = (db.prepare('SELECT location_id FROM accounts WHERE id = ?').get(taylor.id) as { location_id: number }).location_id;
      db.prepare("INSERT INTO meters (location_id, service, number, dials, installed_on) VALUES (?, 'water', 'W-1001', 6, '2024-01-01')").run(loc);
      // The last bill's period ended 2026-02-28 with the meter at 50,000.
      billAccount(db, taylor.id, '2026-03-01', { water: 3000, sewer: 4000, solid_waste: 1975 });
      db.prepare("INSERT INTO meter_readings (location_id, service, meter_number, read_on, value, source, read_code, entered_at) VALUES (?, 'water', 'W-1001', '2026-02-28', 50000, 'handheld', 'ok', '2026-02-28T15:00:00Z')").run(loc);
    },
  });
  page = await app.openPage();
  await page.setViewportSize({ width: 1366, height: 768 });
});

afterAll(async () => {
  await app?.close();
});

describe('rates and the final bill in Chromium', () => {
  it('prices 5,400 gallons on the Rates screen and final-bills a move-out from the account page', async () => {
    await signInWithKeyboard(page, 'clerk', '2222');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Rates' }).click();
    await waitForFocus(page, page.getByRole('heading', { level: 1, name: 'Rates' }));
    const calc = page.getByRole('form', { name: 'Rate calculator' });
    await calc.getByLabel('Units used (gallons or kWh)').fill('5400');
    await calc.getByLabel('Units used (gallons or kWh)').press('Enter');
    await expect(page.getByRole('status', { name: 'Charge' }).textContent()).resolves.toBe('5,400 gallons residential inside → $39.75');
    expect(await page.getByRole('table', { name: /^Arithmetic/ }).getByRole('row').allTextContents()).toEqual(['LineAmount', 'Base charge (includes 2,000 gallons)$18.50', '3,400 gallons × $6.25 per 1,000$21.25']);

    // The account page: Alt+Shift+F opens the final bill.
    await page.keyboard.press('Alt+2');
    await page.getByRole('searchbox', { name: 'Search accounts' }).fill(taylor.number);
    await page.getByRole('button', { name: new RegExp(`^${taylor.number}`) }).click();
    await page.getByRole('heading', { level: 1, name: /Andy Taylor/ }).waitFor();
    await page.keyboard.press('Alt+Shift+F');
    const dialog = page.getByRole('dialog', { name: `Final bill for account ${taylor.number}` });
    await dialog.getByLabel('Final read date').fill('2026-03-15');
    await dialog.getByLabel('Final reading, water meter W-1001').fill('53400');
    await dialog.getByLabel('Final reading, water meter W-1001').press('Enter');
    // 2026-03-01 .. 03-15 = 15 days: water 18.50/2 + 8.75 = 18.00; sewer 22.00/2 + 9.94 = 20.94; solid waste 19.75/2 = 9.875 → 9.88.
    const table = dialog.getByRole('table', { name: 'Final bill 2026-03-01 to 2026-03-15 (15 days)' });
    await table.waitFor();
    expect(await table.getByRole('row').allTextContents()).toEqual(['ServiceAmount', 'Solid waste$9.88', 'Sewer$20.94', 'Water$18.00', 'Total$48.82']);
    await dialog.getByRole('button', { name: 'Post final bill' }).click();
    await expect(dialog.getByRole('status').textContent()).resolves.toBe('Final bill posted: $48.82 for 2026-03-01 to 2026-03-15, due 2026-04-05. The account is final billed.');
    const db = app.t.core.deps.db;
    expect(db.prepare("SELECT total_cents, bill_kind FROM bills WHERE account_id = ? AND bill_kind = 'final'").get(taylor.id)).toEqual({ total_cents: 4882, bill_kind: 'final' });
  });
});
