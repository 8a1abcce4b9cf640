// Collections from list to reconnect in real Chromium, by keyboard (issue 15): a supervisor
// generates the cut-off list (Alt+U) and prints the notices; a clerk logs a courtesy call (Alt+K,
// no answer: the account stays on); on the cut-off date the supervisor creates the disconnect
// orders (Alt+X); the crew disconnects; at the counter (Alt+1) the account says what reconnects
// it, the cashier takes that payment, and a reconnect order and the reconnect fee follow.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { tempDir } from '../helpers/core';
import { billAccount, makeAccount, STARTING_BANK, type FixtureAccount } from '../helpers/fixtures';
import { signInWithKeyboard, signOut, startE2EApp, waitForFocus, type E2EApp } from './helpers';

let app: E2EApp;
let page: Page;
let pyle: FixtureAccount;

beforeAll(async () => {
  app = await startE2EApp({
    seed: (t) => {
      pyle = makeAccount(t.core.deps.db, { first: 'Gomer', last: 'Pyle', street: '7 Garage Rd' });
      billAccount(t.core.deps.db, pyle.id, '2026-02-01', { water: 8743 }); // due 2026-02-21
    },
  });
  page = await app.openPage();
  await page.setViewportSize({ width: 1366, height: 768 });
});

afterAll(async () => {
  await app?.close();
});

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

it('cut-off list → courtesy call → notices → disconnect orders → payment at the counter → reconnect order and fee', async () => {
  const dir = tempDir('tc-e2e-collections-');
  const db = app.t.core.deps.db;

  // Monday 2026-03-16: the list for Tuesday 2026-03-24, and its notices.
  await signInWithKeyboard(page, 'supervisor', '9999');
  await page.keyboard.press('Alt+KeyU');
  await waitForFocus(page, page.getByRole('heading', { level: 1, name: 'Cut-off list' }));
  const date = page.getByLabel('Cut-off date');
  await page.waitForFunction(() => document.querySelector<HTMLInputElement>('input[type=date]')?.value === '2026-03-17');
  await date.fill('2026-03-24');
  await page.getByRole('status', { name: 'Calendar check' }).filter({ hasText: 'A cut-off can happen on 03/24/2026' }).waitFor();
  await date.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Cut-off list for 03/24/2026 (Ready)' }).waitFor();
  await page.getByRole('table', { name: 'Cut-off list entries' }).getByRole('cell', { name: 'on the list: $87.43 past due since 2026-02-21' }).waitFor();
  const panel = page.getByRole('region', { name: 'Cut-off notices' });
  const print = panel.getByRole('button', { name: 'Print notices' });
  await print.focus();
  const [batch] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  await batch.saveAs(path.join(dir, 'notices.pdf'));
  const text = pdfText(path.join(dir, 'notices.pdf'));
  for (const s of ['Gomer Pyle', 'Unless $87.43 is paid before March 24, 2026', 'How to contest the bill and ask for a hearing']) expect(text).toContain(s);
  await signOut(page);

  // The clerk calls: no answer — the account stays on the list.
  await signInWithKeyboard(page, 'clerk', '2222');
  await page.keyboard.press('Alt+KeyK');
  await waitForFocus(page, page.getByRole('heading', { level: 1, name: 'Courtesy calls' }));
  const call = page.getByRole('button', { name: `Log a call to Gomer Pyle (${pyle.number})` });
  await call.focus();
  await page.keyboard.press('Enter');
  const form = page.getByRole('form', { name: 'Call to Gomer Pyle' });
  await waitForFocus(page, form.getByLabel('Outcome'));
  await form.getByLabel('Outcome').selectOption('no_answer');
  await form.getByLabel('Call note').focus();
  await page.keyboard.type('Rang twice');
  await page.keyboard.press('Enter');
  await page.getByText(`Logged for ${pyle.number}:`).waitFor();
  await signOut(page);

  // Cut-off day: the disconnect orders.
  app.t.clock.set('2026-03-24T13:30:00Z');
  await signInWithKeyboard(page, 'supervisor', '9999');
  await page.keyboard.press('Alt+KeyX');
  await waitForFocus(page, page.getByRole('heading', { level: 1, name: 'Cut-off day' }));
  await expect.poll(() => page.getByLabel('Cut-off list').evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? '')).toMatch(/for 03\/24\/2026: 1 on the list$/);
  const create = page.getByRole('button', { name: 'Create disconnect orders' });
  await create.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('status', { name: 'Disconnect orders result' }).filter({ hasText: '1 disconnect order created; 0 accounts left off since the list was made.' }).waitFor();
  const disconnect = db.prepare("SELECT id, number FROM work_orders WHERE type = 'disconnect_nonpay' AND account_id = ?").get(pyle.id) as { id: number; number: string };
  await page.getByRole('table', { name: 'Disconnect orders created' }).getByRole('cell', { name: disconnect.number }).waitFor();
  await signOut(page);

  // The crew turns the water off.
  const clerk = await app.t.signIn('clerk');
  const crew = (db.prepare("SELECT id FROM crews WHERE division = 'water' ORDER BY id LIMIT 1").get() as { id: number }).id;
  await app.t.must('workOrders.dispatch', { id: disconnect.id, crewId: crew }, clerk);
  await app.t.must('workOrders.complete', { id: disconnect.id, reading: 1500, readCode: 'ok', findings: 'meter locked off', confirmAnyway: true }, clerk);

  // At the counter: the account says what reconnects it; the cashier takes it.
  const cashierApi = await app.t.signIn('cashier');
  await app.t.must('drawer.open', { counts: STARTING_BANK }, cashierApi);
  await signInWithKeyboard(page, 'cashier', '1111');
  await page.keyboard.press('Alt+1');
  const find = page.getByRole('searchbox', { name: 'Find account' });
  await waitForFocus(page, find);
  await page.keyboard.type(pyle.number);
  await page.keyboard.press('Enter');
  const amount = page.getByLabel(`Amount for ${pyle.number}`);
  await waitForFocus(page, amount);
  const line = page.getByRole('region', { name: `Line 1 Gomer Pyle ${pyle.number}` });
  await line.getByText('Disconnected 03/24/2026 — reconnect on payment of $137.43').waitFor();
  await amount.fill('137.43');
  await page.keyboard.press('Enter');
  await waitForFocus(page, page.getByLabel('Cash amount'));
  await page.keyboard.press('F9');
  await page.getByRole('article', { name: 'Receipt S1-000001' }).waitFor();

  const reconnect = db.prepare("SELECT number, status FROM work_orders WHERE type = 'reconnect' AND account_id = ?").all(pyle.id) as Array<{ number: string; status: string }>;
  expect(reconnect).toEqual([{ number: expect.stringMatching(/^WO-2026-S1-\d{6}$/), status: 'new' }]);
  expect(db.prepare("SELECT amount_cents, gl_code FROM charges WHERE account_id = ? AND description = 'Reconnect fee'").all(pyle.id)).toEqual([{ amount_cents: 5000, gl_code: '4210' }]);
  const acct = await app.t.must('accounts.get', { accountId: pyle.id }, clerk);
  expect(acct.balanceCents).toBe(0);
  expect(acct.flags).toMatchObject({ disconnectedOn: '2026-03-24', reconnectOrder: reconnect[0]!.number });
  fs.rmSync(dir, { recursive: true, force: true });
  expect(app.pageErrors).toEqual([]);
});
