// Issue 16 item 3 in real Chromium against the real host: after a conversion a customer brings a
// bill from the previous system with its old account number. The cashier types that number at
// the Counter (Alt+1), Enter finds the account (its card shows the old number), and the payment
// posts to it; a scanned old bill stub (setting conversionScanLine) finds its account the same
// way. The ledger is prepared as the importer leaves it (old number and key set, search
// index rebuilt) before the host starts.
import type { Page } from 'playwright-core';
import { rebuildSearchIndex } from '../../src-main/core/accounts/search-index';
import { legacyKey } from '../../src-shared/legacy-number';
import { billAccount, makeAccount, STARTING_BANK, type FixtureAccount } from '../helpers/fixtures';
import { figure, signInWithKeyboard, startE2EApp, waitForFocus, type E2EApp } from './helpers';

let app: E2EApp;
let page: Page;
let taylor: FixtureAccount;
let crump: FixtureAccount;

beforeAll(async () => {
  app = await startE2EApp({
    seed: async (t) => {
      const db = t.core.deps.db;
      crump = makeAccount(db, { first: 'Helen', last: 'Crump', street: '8 Oak St' });
      billAccount(db, crump.id, '2026-03-05', { water: 2650 }); // $26.50 due 03/25
      taylor = makeAccount(db, { first: 'Andy', last: 'Taylor' });
      billAccount(db, taylor.id, '2026-03-05', { water: 3100, sewer: 4025, solid_waste: 2000 }); // $91.25 due 03/25
      db.transaction(() => {
        db.prepare('UPDATE accounts SET legacy_number = ?, legacy_key = ? WHERE id = ?').run('12-3456-6', legacyKey('12-3456-6'), taylor.id);
        db.prepare('UPDATE accounts SET legacy_number = ?, legacy_key = ? WHERE id = ?').run('77-1234', legacyKey('77-1234'), crump.id);
        rebuildSearchIndex(db);
      })();
      await t.must('drawer.open', { counts: STARTING_BANK }, await t.signIn('cashier'));
      // The old system's stubs: 24 digits, the old account number zero-padded in 3–12, the amount due in 13–22.
      await t.must('settings.update', { values: { conversionScanLine: 'length=24 account=3-12 amount=13-22' }, reason: 'old stubs' }, await t.signIn('admin'));
    },
  });
  page = await app.openPage();
});

afterAll(async () => {
  await app?.close();
});

it('the cashier types the old account number from the bill, finds the account and posts the payment', async () => {
  await signInWithKeyboard(page, 'cashier', '1111');
  await page.keyboard.press('Alt+1');
  const find = page.getByRole('searchbox', { name: 'Find account' });
  await waitForFocus(page, find);
  // As printed on the old bill, dashes and all.
  await page.keyboard.type('12-3456-6');
  await page.keyboard.press('Enter');
  const amount = page.getByLabel(`Amount for ${taylor.number}`);
  await waitForFocus(page, amount);
  expect(await amount.inputValue()).toBe('91.25');
  const line = page.getByRole('region', { name: `Line 1 Andy Taylor ${taylor.number}` });
  await line.getByText('Old number 12-3456-6').waitFor();

  // Enter takes it in cash; exact change.
  await page.keyboard.press('Enter');
  const cash = page.getByLabel('Cash amount');
  await waitForFocus(page, cash);
  await page.keyboard.press('F9');
  const r = page.getByRole('article', { name: 'Receipt S1-000001' });
  await r.waitFor();
  expect(await r.getByText('Remaining balance $0.00').count()).toBe(1);
  expect(await figure(r, 'Tendered')).toBe('$91.25');

  const db = app.t.core.deps.db;
  expect(db.prepare("SELECT rl.account_id AS accountId, rl.amount_cents AS cents FROM receipt_lines rl JOIN receipts r ON r.id = rl.receipt_id WHERE r.number = 'S1-000001'").all()).toEqual([{ accountId: taylor.id, cents: 9125 }]);
  expect((await app.t.must('ledger.verify', {}, await app.t.signIn('supervisor'))).violations).toEqual([]);
  expect(app.pageErrors).toEqual([]);
});

it('the cashier scans an old bill stub: its scan line finds the account, which fills in what is owed now', async () => {
  await page.keyboard.press('F2');
  const find = page.getByRole('searchbox', { name: 'Find account' });
  await waitForFocus(page, find);
  // A barcode scanner types the stub's 24 digits and Enter in one go (the stub says $20.00 due; $26.50 is owed today).
  await page.keyboard.type('070000771234000000200041', { delay: 0 });
  await page.keyboard.press('Enter');
  const amount = page.getByLabel(`Amount for ${crump.number}`);
  await waitForFocus(page, amount);
  expect(await amount.inputValue()).toBe('26.50');
  await page.getByRole('region', { name: `Line 1 Helen Crump ${crump.number}` }).getByText('Old number 77-1234').waitFor();
  await page.keyboard.press('Enter');
  await waitForFocus(page, page.getByLabel('Cash amount'));
  await page.keyboard.press('F9');
  await page.getByRole('article', { name: 'Receipt S1-000002' }).waitFor();
  const db = app.t.core.deps.db;
  expect(db.prepare("SELECT rl.account_id AS accountId, rl.amount_cents AS cents FROM receipt_lines rl JOIN receipts r ON r.id = rl.receipt_id WHERE r.number = 'S1-000002'").all()).toEqual([{ accountId: crump.id, cents: 2650 }]);
  expect(app.pageErrors).toEqual([]);
});
