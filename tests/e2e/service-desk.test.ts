// The service desk in real Chromium against the real host, by keyboard: a new service (a new
// customer, the deposit worked out and charged, the connect order), a transfer (final read at the
// old premise, connect at the new; the balance and the deposit move when the crew's final read is
// in) and a stop with its final bill and the close-out refund by check.
import type { Page } from 'playwright-core';
import { insertLocation } from '../../src-main/core/accounts/records';
import type { FixtureAccount } from '../helpers/fixtures';
import { moveOutAccount } from '../helpers/service-desk';
import { signInWithKeyboard, startE2EApp, waitForFocus, type E2EApp } from './helpers';

let app: E2EApp;
let page: Page;
let taylor: FixtureAccount;
let lou: FixtureAccount;

beforeAll(async () => {
  app = await startE2EApp({
    seed: (t) => {
      const db = t.core.deps.db;
      taylor = moveOutAccount(db, { first: 'Andy', last: 'Taylor', street: '14 Maple St', meter: 'W-1001' });
      lou = moveOutAccount(db, { first: 'Helen', last: 'Crump', street: '3 Oak Ave', meter: 'W-1002' });
      db.transaction(() => insertLocation(db, { street: '9 Elm St', city: 'Mayberry', state: 'NC', zip: '27030', serviceClass: 'residential', waterMeter: 'W-2002', services: ['water', 'sewer', 'solid_waste'] }))();
      db.transaction(() => insertLocation(db, { street: '21 Pine St', city: 'Mayberry', state: 'NC', zip: '27030', serviceClass: 'residential', waterMeter: 'W-5005', services: ['water', 'sewer', 'solid_waste'] }))();
    },
  });
  page = await app.openPage();
  await page.setViewportSize({ width: 1366, height: 900 });
  await signInWithKeyboard(page, 'clerk', '2222');
});

afterAll(async () => {
  await app?.close();
});

/** The crew reads the meter on an order (dispatch + complete), as the Work orders screen does. */
async function crewReads(orderNumber: string, reading: number) {
  const token = await app.t.signIn('supervisor');
  const order = await app.t.must('workOrders.get', { number: orderNumber }, token);
  const crew = (await app.t.must('workOrders.crews', { includeInactive: false }, token)).crews.find((c) => c.division === order.division)!;
  await app.t.must('workOrders.dispatch', { id: order.id, crewId: crew.id }, token);
  await app.t.must('workOrders.complete', { id: order.id, reading, readCode: 'ok', findings: 'read', confirmAnyway: true }, token);
}

describe('the service desk in Chromium', () => {
  it('opens a new service by keyboard: a new customer, the deposit worked out and charged, the connect order', async () => {
    await page.keyboard.press('Alt+S');
    await waitForFocus(page, page.getByRole('heading', { level: 1, name: 'Service desk' }));
    await page.keyboard.press('Tab');
    await waitForFocus(page, page.getByRole('tab', { name: 'New service' }));
    await page.keyboard.press('Tab');
    await page.keyboard.type('Gomer Pyle');
    await page.keyboard.press('Enter');
    const newCustomer = page.getByRole('radio', { name: 'A new customer' });
    await newCustomer.focus();
    await page.keyboard.press('Space');
    const fields: Array<[string, string]> = [
      ['First name', 'Gomer'],
      ['Last name', 'Pyle'],
      ['Phone', '336-555-0199'],
      ['Mailing street', '7 Filling Station Rd'],
      ['Mailing city', 'Mayberry'],
      ['Mailing ZIP', '27030'],
    ];
    for (const [label, value] of fields) {
      await page.getByLabel(label, { exact: true }).focus();
      await page.keyboard.type(value);
    }
    await page.getByLabel('ID document checked').focus();
    await page.getByLabel('ID document checked').selectOption('drivers_license');
    await page.getByLabel('Issued by').focus();
    await page.keyboard.type('NC DMV');
    await page.getByLabel('ID last four').focus();
    await page.keyboard.type('4321');

    await page.getByLabel('Find premise by address').focus();
    await page.keyboard.type('21 Pine');
    await page.keyboard.press('Enter');
    const radio = page.getByRole('radio', { name: '21 Pine St, Mayberry — vacant' });
    await radio.focus();
    await page.keyboard.press('Space');
    await page.getByLabel('Start date (connect)').focus();
    await page.keyboard.press('Enter');
    // The deposit decision with its arithmetic, then Enter opens the service.
    const decision = page.getByRole('region', { name: 'Deposit decision' });
    await decision.waitFor();
    const shown = (await decision.getByRole('heading', { level: 2 }).textContent())!;
    expect(shown).toMatch(/^Deposit \$\d+\.\d{2}$/);
    expect(await decision.getByRole('list', { name: 'Deposit arithmetic' }).getByRole('listitem').count()).toBeGreaterThan(0);
    await decision.getByRole('button', { name: 'Open service' }).focus();
    await page.keyboard.press('Enter');

    const confirmation = page.getByRole('region', { name: 'Confirmation SR-2026-S1-000001' });
    await confirmation.waitFor();
    const text = (await confirmation.textContent())!;
    expect(text).toContain('Gomer Pyle');
    expect(text).toContain(`Deposit ${shown.slice('Deposit '.length)} charged (due now)`);
    expect(await confirmation.getByRole('list', { name: 'Work orders' }).getByRole('listitem').allTextContents()).toEqual([expect.stringMatching(/^Connect order WO-2026-S1-\d{6} \(new\)$/)]);
    const number = text.match(/Account(\d{7}-\d) \(Pending\)/)![1]!;
    const db = app.t.core.deps.db;
    const acct = db.prepare('SELECT id, status FROM accounts WHERE number = ?').get(number) as { id: number; status: string };
    expect(acct.status).toBe('pending');
    const cents = Math.round(Number(shown.slice('Deposit $'.length).replace(/,/g, '')) * 100);
    expect(db.prepare("SELECT kind, gl_code, amount_cents FROM charges WHERE account_id = ?").all(acct.id)).toEqual([{ kind: 'fee', gl_code: '2200', amount_cents: cents }]);
    expect(db.prepare("SELECT type, status FROM work_orders WHERE account_id = ?").all(acct.id)).toEqual([{ type: 'connect', status: 'new' }]);
  });

  it('transfers service by keyboard; the final read bills the old account and moves its balance and deposit', async () => {
    await page.keyboard.press('Alt+2');
    await page.keyboard.press('Alt+S');
    await waitForFocus(page, page.getByRole('heading', { level: 1, name: 'Service desk' }));
    await page.keyboard.press('Tab');
    await waitForFocus(page, page.getByRole('tab', { name: 'New service' }));
    await page.keyboard.press('ArrowRight');
    await waitForFocus(page, page.getByRole('tab', { name: 'Transfer' }));
    await page.keyboard.press('Tab');
    await page.keyboard.type(taylor.number);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status', { name: 'Account moving out found' }).textContent()).resolves.toContain(`${taylor.number} — Andy Taylor, 14 Maple St, Mayberry NC 27030 — Active, balance $50.00, deposit held $200.00`);

    const premise = page.getByLabel('Find premise by address');
    await premise.focus();
    await page.keyboard.type('9 Elm');
    await page.keyboard.press('Enter');
    const radio = page.getByRole('radio', { name: '9 Elm St, Mayberry — vacant' });
    await radio.focus();
    await page.keyboard.press('Space');
    await expect(radio.isChecked()).resolves.toBe(true);
    expect(await page.getByRole('group', { name: 'Services' }).getByRole('checkbox', { checked: true }).count()).toBe(3);
    await page.getByLabel('Move-in date (connect)').focus();
    await page.keyboard.press('Enter');

    const confirmation = page.getByRole('region', { name: 'Confirmation SR-2026-S1-000002' });
    await confirmation.waitFor();
    const orders = await confirmation.getByRole('list', { name: 'Work orders' }).getByRole('listitem').allTextContents();
    expect(orders).toHaveLength(2);
    expect(orders.some((o) => /^Connect order WO-2026-S1-\d{6} \(new\)$/.test(o))).toBe(true);
    const finalRead = /Final read order (WO-2026-S1-\d{6})/.exec(orders.join(' '))![1]!;
    const newNumber = (await confirmation.textContent())!.match(/Account(\d{7}-\d) \(Pending\)/)![1]!;

    // The crew reads the old meter: final bill, then balance and deposit move and the old account closes.
    await crewReads(finalRead, 50_800);
    const db = app.t.core.deps.db;
    const newId = (db.prepare('SELECT id FROM accounts WHERE number = ?').get(newNumber) as { id: number }).id;
    const finalTotal = (db.prepare("SELECT total_cents FROM bills WHERE account_id = ? AND bill_kind = 'final'").get(taylor.id) as { total_cents: number }).total_cents;
    expect(db.prepare('SELECT status FROM accounts WHERE id = ?').get(taylor.id)).toEqual({ status: 'closed' });
    expect((db.prepare("SELECT sum(amount_cents) AS s FROM journal_lines WHERE account_id = ? AND gl_code = '1200'").get(newId) as { s: number }).s).toBe(5000 + finalTotal);
    expect((db.prepare("SELECT -sum(amount_cents) AS s FROM journal_lines WHERE account_id = ? AND gl_code = '2200'").get(newId) as { s: number }).s).toBe(20000);

    // The new account's page shows the request in its Service section (Alt+Shift+V).
    await page.keyboard.press('Alt+2');
    await page.getByRole('searchbox', { name: 'Search accounts' }).fill(newNumber);
    await page.getByRole('button', { name: new RegExp(`^${newNumber}`) }).click();
    await page.getByRole('heading', { level: 1, name: /Andy Taylor/ }).waitFor();
    await page.keyboard.press('Alt+Shift+V');
    await waitForFocus(page, page.getByRole('heading', { level: 2, name: 'Service', exact: true }));
    await expect(page.getByRole('list', { name: 'Service requests' }).textContent()).resolves.toContain('SR-2026-S1-000002 — Transfer (open), 9 Elm St, Mayberry');
  });

  it('stops service by keyboard, bills the final read and closes out with the deposit refunded by check', async () => {
    await page.keyboard.press('Alt+S');
    await waitForFocus(page, page.getByRole('heading', { level: 1, name: 'Service desk' }));
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await waitForFocus(page, page.getByRole('tab', { name: 'Stop' }));
    await page.keyboard.press('Tab');
    await page.keyboard.type(lou.number);
    await page.keyboard.press('Enter');
    await page.getByRole('status', { name: 'Account to stop found' }).waitFor();
    await expect(page.getByLabel('Stop date').inputValue()).resolves.toBe('2026-03-16');
    await page.getByLabel('Reason (optional)').focus();
    await page.keyboard.type('moving to Raleigh');
    await page.keyboard.press('Enter');
    const confirmation = page.getByRole('region', { name: 'Confirmation SR-2026-S1-000003' });
    await confirmation.waitFor();
    const order = /Final read order (WO-2026-S1-\d{6})/.exec((await confirmation.textContent())!)![1]!;

    await crewReads(order, 50_800);
    const db = app.t.core.deps.db;
    const finalTotal = (db.prepare("SELECT total_cents FROM bills WHERE account_id = ? AND bill_kind = 'final'").get(lou.id) as { total_cents: number }).total_cents;
    const refund = 20000 - 5000 - finalTotal;
    const dollars = (c: number) => `$${(c / 100).toFixed(2)}`;

    // Close-out: the arithmetic first, then Enter on Close out.
    await page.getByRole('tab', { name: 'Stop' }).focus();
    await page.keyboard.press('ArrowRight');
    await waitForFocus(page, page.getByRole('tab', { name: 'Close-out' }));
    await page.keyboard.press('Tab');
    await page.keyboard.type(lou.number);
    await page.keyboard.press('Enter');
    const table = page.getByRole('table', { name: `Close-out of ${lou.number}` });
    await table.waitFor();
    expect(await table.getByRole('row').allTextContents()).toEqual([
      'LineAmount',
      `Final bill and other open charges${dollars(5000 + finalTotal)}`,
      'Credit on the account$0.00',
      `Balance before close-out${dollars(5000 + finalTotal)}`,
      'Deposit held, applied-$200.00',
      `Balance after the deposit-${dollars(refund)}`,
      `Refund by check${dollars(refund)}`,
    ]);
    await page.getByRole('button', { name: 'Close out account' }).focus();
    await page.keyboard.press('Enter');
    const done = page.getByRole('region', { name: 'Confirmation SR-2026-S1-000003' });
    await done.getByText(/Check request \d+ sent to finance/).waitFor();
    await expect(done.textContent()).resolves.toContain('(Closed)');
    expect(db.prepare('SELECT payee, amount_cents FROM check_requests WHERE account_id = ?').get(lou.id)).toEqual({ payee: 'Helen Crump', amount_cents: refund });
    expect(app.pageErrors).toEqual([]);
  });
});
