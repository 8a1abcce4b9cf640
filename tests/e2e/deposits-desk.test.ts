// Deposits in real Chromium by keyboard (issue 14 part B): a supervisor previews the refund
// eligibility on the Deposits screen (Alt+E), refunds the eligible deposit as account credit, and
// prints the deposit refund letter from the account page's Letters section (Alt+Shift+L); the
// PDF is read back with pdftotext.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openCharges } from '../../src-main/core/accounts/queries';
import { allocate } from '../../src-main/core/counter/allocation';
import { addDays } from '../../src-main/core/deps';
import { chargeDeposit } from '../../src-main/core/service-desk/deposits';
import { addMonths } from '../../src-main/core/deps';
import { DEFAULT_SETTINGS } from '../../src-main/core/settings';
import type { Db } from '../../src-main/db/open-ledger';
import { tempDir } from '../helpers/core';
import { billAccount, makeAccount, type FixtureAccount } from '../helpers/fixtures';
import { signInWithKeyboard, startE2EApp, waitForFocus, type E2EApp } from './helpers';

let app: E2EApp;
let page: Page;
let good: FixtureAccount;
let late: FixtureAccount;

/** A payment on a past business date, allocated in the normal order (as the counter posted it). */
function payOn(db: Db, accountId: number, day: string, cents: number): void {
  db.transaction(() => {
    const entryId = Number(db.prepare("INSERT INTO journal_entries (kind, business_date, posted_at, memo) VALUES ('payment', ?, ?, 'payment')").run(day, `${day}T15:00:00Z`).lastInsertRowid);
    db.prepare("INSERT INTO journal_lines (entry_id, gl_code, account_id, amount_cents) VALUES (?, '1010', NULL, ?), (?, '1200', ?, ?)").run(entryId, cents, entryId, accountId, -cents);
    for (const a of allocate(openCharges(db, accountId), cents, DEFAULT_SETTINGS.serviceOrder).allocations) db.prepare('INSERT INTO allocations (entry_id, charge_id, amount_cents) VALUES (?, ?, ?)').run(entryId, a.chargeId, a.amountCents);
  })();
}

function customer(db: Db, last: string, street: string, latePaid: number): FixtureAccount {
  const a = makeAccount(db, { last, street });
  db.transaction(() => chargeDeposit(db, a.id, 15000, { at: '2026-03-16T15:00:00Z', today: '2026-03-16', userId: 1, station: 'S1', idempotencyKey: `dep-${last}-0001` }))();
  payOn(db, a.id, '2026-03-16', 15000);
  for (let i = 12; i >= 1; i--) {
    const billDate = addMonths('2026-03-05', -i);
    billAccount(db, a.id, billDate, { water: 3000, sewer: 4000 });
    payOn(db, a.id, addDays(billDate, i <= latePaid ? 25 : 5), 7000);
  }
  return a;
}

beforeAll(async () => {
  app = await startE2EApp({
    seed: (t) => {
      const db = t.core.deps.db;
      good = customer(db, 'Taylor', '14 Maple St', 0);
      late = customer(db, 'Pyle', '9 Elm St', 3);
    },
  });
  page = await app.openPage();
  await page.setViewportSize({ width: 1366, height: 768 });
});

afterAll(async () => {
  await app?.close();
});

describe('deposits in Chromium, by keyboard', () => {
  it('previews eligibility, refunds the eligible deposit as credit and prints its letter', async () => {
    await signInWithKeyboard(page, 'supervisor', '9999');
    await page.keyboard.press('Alt+KeyE');
    await page.getByRole('heading', { level: 1, name: 'Deposits' }).waitFor();
    const preview = page.getByRole('button', { name: 'Preview refunds' });
    await preview.focus();
    await page.keyboard.press('Enter');
    const table = page.getByRole('table', { name: 'Refund eligibility by account' });
    await table.waitFor();
    const goodRow = table.getByRole('row', { name: new RegExp(good.number) });
    const lateRow = table.getByRole('row', { name: new RegExp(late.number) });
    expect(await goodRow.textContent()).toContain('Met the last 12 bills are paid');
    expect(await lateRow.textContent()).toContain('Not met 3 late of the last 12 bills (at most 2)');
    await page.getByRole('region', { name: 'Refund eligibility' }).getByRole('status').filter({ hasText: '1 of 2 accounts eligible, $150.00 in all.' }).waitFor();

    const refund = page.getByRole('button', { name: 'Refund 1 eligible deposits' });
    await refund.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: /Refund run \d+: 1 deposits refunded as credit, \$150\.00\./ }).waitFor();

    // The account page: the deposit is gone, the credit is there, the letter prints.
    await page.keyboard.press('Alt+2');
    const search = page.getByRole('searchbox', { name: 'Search accounts' });
    await search.fill(good.number);
    await page.getByRole('button', { name: `${good.number} Andy Taylor` }).click();
    await page.getByRole('heading', { level: 1, name: /Andy Taylor/ }).waitFor();
    await page.keyboard.press('Alt+Shift+KeyE');
    const deposit = page.getByRole('region', { name: 'Deposit' });
    await waitForFocus(page, deposit.getByRole('heading', { level: 2 }));
    await deposit.getByRole('table', { name: 'No deposit held' }).waitFor();

    await page.keyboard.press('Alt+Shift+KeyL');
    const letters = page.getByRole('region', { name: 'Letters' });
    await waitForFocus(page, letters.getByRole('heading', { level: 2 }));
    const print = letters.getByRole('button', { name: /^Print Deposit refund letter \d+$/ });
    await print.focus();
    const [dl] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const file = path.join(tempDir('tc-e2e-dep-'), dl.suggestedFilename());
    await dl.saveAs(file);
    expect(dl.suggestedFilename()).toMatch(new RegExp(`^deposit-refund-letter-${good.number}-\\d+\\.pdf$`));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Your account meets the requirements for a deposit refund. On March 16, 2026 we credited your deposit to your account.');
    expect(text).toMatch(/Deposit refunded \$150\.00 Applied to open charges \$0\.00 Credit on your account \$150\.00/);
    expect(app.pageErrors).toEqual([]);
  });
});
