// Write-offs in real Chromium by keyboard (issue 15): a clerk asks to write off a final-billed
// account's balance (an active account is refused with the reason), the supervisor approves it,
// refers the other old final balance to the collection agency (the CSV downloads and is read
// back; a second preview finds nothing more to refer) and sees a year-old credit in the
// unclaimed property report. The ledger is read afterwards: the balance is gone, the accounts
// are marked.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { tempDir } from '../helpers/core';
import { billAccount, makeAccount, type FixtureAccount } from '../helpers/fixtures';
import { signInWithKeyboard, signOut, startE2EApp, waitForFocus, type E2EApp } from './helpers';

let app: E2EApp;
let page: Page;
let pyle: FixtureAccount;
let fife: FixtureAccount;
let active: FixtureAccount;
let credit: FixtureAccount;
const out = tempDir('tc-e2e-wo-');

// A fresh app per attempt: a retry starts again from the same ledger.
beforeEach(async () => {
  app = await startE2EApp({
    seed: (t) => {
      const db = t.core.deps.db;
      pyle = makeAccount(db, { first: 'Gomer', last: 'Pyle', street: '7 Garage Rd' });
      fife = makeAccount(db, { first: 'Barney', last: 'Fife', street: '3 Courthouse Sq' });
      active = makeAccount(db, { first: 'Andy', last: 'Taylor', street: '14 Maple St' });
      credit = makeAccount(db, { first: 'Ellie', last: 'Walker', street: '2 Drugstore Row' });
      billAccount(db, pyle.id, '2025-10-01', { water: 12345 });
      billAccount(db, fife.id, '2025-09-01', { water: 9876 });
      billAccount(db, active.id, '2025-10-01', { water: 4000 });
      db.prepare("UPDATE accounts SET status = 'final_billed' WHERE id IN (?, ?)").run(pyle.id, fife.id);
      // A refund owed to Ellie since January 2025: a credit nobody claimed for over a year.
      const e = Number(db.prepare("INSERT INTO journal_entries (kind, business_date, posted_at) VALUES ('refund', '2025-01-10', '2025-01-10T12:00:00Z')").run().lastInsertRowid);
      db.prepare("INSERT INTO journal_lines (entry_id, gl_code, account_id, amount_cents) VALUES (?, '1200', ?, -2500), (?, '2400', NULL, 2500)").run(e, credit.id, e);
      db.prepare("UPDATE accounts SET status = 'closed' WHERE id = ?").run(credit.id);
    },
  });
  page = await app.openPage();
  await page.setViewportSize({ width: 1366, height: 768 });
});

afterEach(async () => {
  await app?.close();
});

afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe('write-offs in Chromium, by keyboard', () => {
  it('request, refusal, approval by a supervisor, agency referral CSV and unclaimed property', async () => {
    await signInWithKeyboard(page, 'clerk', '2222');
    await page.keyboard.press('Alt+KeyO');
    const heading = page.getByRole('heading', { level: 1, name: 'Write-offs' });
    await waitForFocus(page, heading);
    const form = page.getByRole('form', { name: 'Request a write-off' });

    // An active account's balance is not written off: the reason is said, nothing is recorded.
    await page.keyboard.press('Tab');
    await waitForFocus(page, form.getByLabel('Account number'));
    await page.keyboard.type(active.number);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Customer says the bill is wrong');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: `Account ${active.number} is active: only a final-billed or closed account's balance is written off.` }).waitFor();

    // Gomer's final balance: asked for, waiting for a supervisor; a clerk has no Approve button.
    await form.getByLabel('Account number').fill('');
    await form.getByLabel('Account number').focus();
    await page.keyboard.type(pyle.number);
    await page.keyboard.press('Tab');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Moved away, no forwarding address');
    await page.keyboard.press('Enter');
    await page.getByRole('status', { name: 'Write-off result' }).filter({ hasText: `WOF-2026-S1-000001: $123.45 on ${pyle.number} waits for a supervisor.` }).waitFor();
    const waiting = page.getByRole('table', { name: 'Waiting for approval' });
    await waiting.getByRole('row', { name: new RegExp(`WOF-2026-S1-000001.*${pyle.number}.*\\$123\\.45.*Moved away`) }).waitFor();
    expect(await page.getByRole('button', { name: 'Approve WOF-2026-S1-000001' }).count()).toBe(0);
    await signOut(page);

    // The supervisor approves it from the keyboard.
    await signInWithKeyboard(page, 'supervisor', '9999');
    await page.keyboard.press('Alt+KeyO');
    await waitForFocus(page, heading);
    const approve = page.getByRole('button', { name: 'Approve WOF-2026-S1-000001' });
    await approve.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status', { name: 'Write-off result' }).filter({ hasText: `WOF-2026-S1-000001 posted: $123.45 written off ${pyle.number}.` }).waitFor();
    await page.getByText('No write-off is waiting.').waitFor();

    // Barney's balance, due over 90 days and not written off, goes to the collection agency.
    await page.getByRole('button', { name: 'Preview referral' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status', { name: 'Referral preview' }).filter({ hasText: '1 final balances due for referral, $98.76.' }).waitFor();
    await page.getByRole('button', { name: 'Export referral CSV' }).focus();
    const [dl] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(dl.suggestedFilename()).toBe('agency-referral-2026-03-16.csv');
    const csvFile = path.join(out, `${Date.now()}-${dl.suggestedFilename()}`);
    await dl.saveAs(csvFile);
    const lines = fs.readFileSync(csvFile, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('account,name,mailing_address,phone,status,balance,oldest_due,last_payment');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(fife.number);
    expect(lines[1]).toContain('Barney Fife');
    expect(lines[1]).toContain('98.76');
    expect(lines[1]).not.toContain(pyle.number);
    await page.getByRole('status', { name: 'Write-off result' }).filter({ hasText: '1 accounts referred to the collection agency ($98.76).' }).waitFor();
    // Never referred twice.
    await page.getByRole('button', { name: 'Preview referral' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status', { name: 'Referral preview' }).filter({ hasText: '0 final balances due for referral, $0.00.' }).waitFor();

    // Unclaimed property: Ellie's credit, unclaimed since 01/10/2025.
    await page.getByRole('button', { name: 'Show unclaimed property' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status', { name: 'Unclaimed property total' }).filter({ hasText: '1 items, $25.00, as of 03/16/2026.' }).waitFor();
    const unclaimed = page.getByRole('table', { name: 'Unclaimed property' });
    expect(await unclaimed.getByRole('row', { name: new RegExp(credit.number) }).textContent()).toMatch(/Credit balance.*Ellie Walker.*\$25\.00.*01\/10\/2025/);
    expect(app.pageErrors).toEqual([]);

    // The ledger: Gomer owes nothing now, Barney is in collections, the active account was untouched.
    const sup = await app.t.signIn('supervisor');
    expect((await app.t.must('accounts.get', { accountId: pyle.id }, sup)).balanceCents).toBe(0);
    expect((await app.t.must('accounts.get', { accountId: fife.id }, sup)).flags.inCollections).toBe(true);
    expect((await app.t.must('accounts.get', { accountId: active.id }, sup)).balanceCents).toBe(4000);
    expect((await app.t.must('ledger.verify', {}, sup)).ok).toBe(true);
  });
});
