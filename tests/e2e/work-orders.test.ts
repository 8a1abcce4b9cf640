// Work orders end to end, by keyboard only, in Chromium: a clerk opens an account and creates a
// leak check with Alt+N, goes to the board with Alt+W, dispatches it to a crew (D), saves its
// crew ticket (T; read back with pdftotext) and completes it with a reading (C) — an
// implausible reading is said before Enter and must be confirmed; a supervisor verifies it (V).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { insertAccount, insertCustomer, insertLocation } from '../../src-main/core/accounts/records';
import { postBill } from '../../src-main/core/billing/post-bill';
import { tempDir } from '../helpers/core';
import { signInWithKeyboard, signOut, startE2EApp, waitForFocus, type E2EApp } from './helpers';

let app: E2EApp;
let page: Page;
let accountNumber = '';
const downloads = tempDir('tc-e2e-wo-');

beforeAll(async () => {
  app = await startE2EApp({
    seed: (t) => {
      const db = t.core.deps.db;
      db.transaction(() => {
        const customerId = insertCustomer(db, { kind: 'person', firstName: 'Floyd', lastName: 'Lawson', businessName: null, phone: '(336) 555-0123', mailStreet: '31 Main St', mailCity: 'Mayberry', mailState: 'NC', mailZip: '27030', createdAt: '2024-01-02T12:00:00Z' });
        const locationId = insertLocation(db, { street: '31 Main St', city: 'Mayberry', state: 'NC', zip: '27030', serviceClass: 'commercial', waterMeter: 'W-3131', services: ['water', 'sewer'] });
        const a = insertAccount(db, { customerId, locationId, openedOn: '2024-01-02', services: ['water', 'sewer'] });
        accountNumber = a.number;
        for (let m = 1; m <= 12; m++) {
          const mm = String(m).padStart(2, '0');
          postBill(db, { accountId: a.id, billDate: `2025-${mm}-05`, dueDate: `2025-${mm}-25`, periodFrom: `2025-${mm}-01`, periodTo: `2025-${mm}-28`, waterGallons: 4000, lines: [{ service: 'water', amountCents: 3000 }], businessDate: `2025-${mm}-05`, postedAt: `2025-${mm}-05T12:00:00Z`, userId: null });
        }
        db.prepare("INSERT INTO meter_readings (service, meter_number, read_on, value, source, read_code, entered_at) VALUES ('water', 'W-3131', '2026-02-14', 70500, 'manual', 'ok', '2026-02-14T12:00:00Z')").run();
      })();
    },
  });
});

afterAll(async () => {
  await app?.close();
  fs.rmSync(downloads, { recursive: true, force: true });
});

it('creates, dispatches, prints, completes and verifies a work order by keyboard', async () => {
  page = await app.openPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  await signInWithKeyboard(page, 'clerk', '2222');
  await page.keyboard.press('Alt+2');
  const search = page.getByRole('searchbox', { name: 'Search accounts' });
  await waitForFocus(page, search);
  await page.keyboard.type(accountNumber);
  await page.getByRole('button', { name: new RegExp(accountNumber) }).waitFor();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: new RegExp(accountNumber) }).waitFor();

  // Alt+N: a new work order for this account.
  await page.keyboard.press('Alt+N');
  const dialog = page.getByRole('dialog', { name: `New work order for account ${accountNumber}` });
  await dialog.waitFor();
  await waitForFocus(page, dialog.getByLabel('Type'));
  await page.keyboard.type('Leak');
  await page.keyboard.press('Tab'); // Meter (default)
  await page.keyboard.press('Tab'); // Directions
  await page.keyboard.type('meter box by the barber pole');
  await page.keyboard.press('Tab'); // Priority
  await page.keyboard.press('Tab'); // Received by
  await page.keyboard.press('Tab'); // What the customer said
  await page.keyboard.type('Water bubbling up by the sidewalk');
  await page.keyboard.press('Control+Enter');
  const created = page.getByRole('status').filter({ hasText: /WO-2026-S1-\d{6} created/ });
  await created.waitFor();
  const number = /WO-2026-S1-\d{6}/.exec((await created.textContent()) ?? '')![0];
  await page.getByRole('table', { name: /Orders for this account/ }).getByRole('button', { name: `Open work order ${number}` }).waitFor();

  // Alt+W: the board. The new order is selected; D dispatches it.
  await page.keyboard.press('Alt+W');
  await page.getByRole('heading', { level: 1, name: 'Work orders' }).waitFor();
  const card = page.getByRole('button', { name: new RegExp(`^${number}, Leak check`) });
  await card.waitFor();
  await card.focus(); // the roving focus target of the board (Tab lands here too)
  await page.keyboard.press('d');
  const dispatch = page.getByRole('dialog', { name: `Dispatch ${number}` });
  await dispatch.waitFor();
  await waitForFocus(page, dispatch.getByLabel('Crew'));
  await page.keyboard.press('ArrowDown'); // Water 1
  await page.keyboard.press('ArrowDown'); // Water 2
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: `${number} dispatched to Water 2` }).waitFor();
  await page.getByRole('region', { name: /^Dispatched/ }).getByRole('button', { name: new RegExp(`^${number}`) }).waitFor();
  await waitForFocus(page, page.getByRole('button', { name: new RegExp(`^${number}, Leak check`) }));

  // T: the crew ticket as PDF.
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('t')]);
  const file = path.join(downloads, download.suggestedFilename());
  await download.saveAs(file);
  const ticket = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  expect(ticket).toContain(`Work order ${number}`);
  expect(ticket).toContain('31 Main St, Mayberry');
  expect(ticket).toContain('meter box by the barber pole');
  expect(ticket).toContain('Water bubbling up by the sidewalk');
  expect(ticket).toContain('70,500 on 2026-02-14');
  expect(ticket).toContain('Water 2');

  // C: complete with a reading. A reading below the last is said at once and must be confirmed.
  await page.keyboard.press('c');
  const complete = page.getByRole('dialog', { name: `Complete ${number}` });
  await complete.waitFor();
  const reading = complete.getByLabel('Reading of meter W-3131');
  await waitForFocus(page, reading);
  await page.keyboard.type('70400');
  await complete.getByRole('status').filter({ hasText: /lower than the last reading/ }).waitFor();
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('620'); // 70,620: 120 gallons since mid-February — low, but a leak check
  await complete.getByRole('status').filter({ hasText: /.+/ }).waitFor();
  await page.keyboard.press('Tab');
  if (await complete.getByLabel('Record this reading anyway (it will be flagged)').isVisible()) {
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
  }
  await page.keyboard.type('Service line leak repaired at the curb stop');
  await page.keyboard.press('Tab');
  await page.keyboard.type('1 repair clamp');
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: `${number} completed` }).waitFor();
  await page.getByRole('region', { name: /^Completed/ }).getByRole('button', { name: new RegExp(`^${number}`) }).waitFor();

  // A clerk can't verify; a supervisor does (V).
  await signOut(page);
  await signInWithKeyboard(page, 'supervisor', '9999');
  await page.keyboard.press('Alt+W');
  const done = page.getByRole('region', { name: /^Completed/ }).getByRole('button', { name: new RegExp(`^${number}`) });
  await done.waitFor();
  await done.focus();
  await page.keyboard.press('v');
  const verify = page.getByRole('dialog', { name: `Verify ${number}` });
  await verify.waitFor();
  await page.keyboard.type('Checked with the crew');
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: `${number} verified` }).waitFor();

  const order = await app.t.must('workOrders.get', { number }, await app.t.signIn('clerk'));
  expect(order).toMatchObject({ status: 'verified', reading: 70620, findings: 'Service line leak repaired at the curb stop', materials: '1 repair clamp', crewName: 'Water 2', verifiedBy: 'supervisor' });
  expect(order.history.map((h) => h.to)).toEqual(['new', 'dispatched', 'completed', 'verified']);
  expect(app.pageErrors).toEqual([]);
  await page.close();
});
