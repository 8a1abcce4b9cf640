// Adjustments in real Chromium by keyboard: a clerk opens the account, jumps to Adjust with
// Alt+Shift+J and requests an adjustment over the approval limit (it waits); the supervisor
// opens Adjustments with Alt+J, approves it from the queue with Enter (it posts), and downloads
// the adjustment sheet, whose text says who asked, who approved and when (town time).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { tempDir } from '../helpers/core';
import { billAccount, makeAccount, type FixtureAccount } from '../helpers/fixtures';
import { signInWithKeyboard, signOut, startE2EApp, waitForFocus, type E2EApp } from './helpers';

let app: E2EApp;
let page: Page;
let taylor: FixtureAccount;

beforeAll(async () => {
  app = await startE2EApp({
    seed: (t) => {
      taylor = makeAccount(t.core.deps.db, { first: 'Andy', last: 'Taylor', street: '14 Maple St' });
      billAccount(t.core.deps.db, taylor.id, '2026-03-01', { water: 9000, sewer: 6000 });
    },
  });
  page = await app.openPage();
  await page.setViewportSize({ width: 1366, height: 768 });
});

afterAll(async () => {
  await app?.close();
});

it('clerk requests an adjustment by keyboard; the supervisor approves it from the queue and prints the sheet', async () => {
  await signInWithKeyboard(page, 'clerk', '2222');
  await page.keyboard.press('Alt+2');
  const search = page.getByRole('searchbox', { name: 'Search accounts' });
  await waitForFocus(page, search);
  await page.keyboard.type(taylor.number);
  await page.getByRole('button', { name: `${taylor.number} Andy Taylor` }).waitFor();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: /Andy Taylor/ }).waitFor();

  await page.keyboard.press('Alt+Shift+KeyJ');
  const adjust = page.getByRole('region', { name: 'Adjust' });
  await waitForFocus(page, adjust.getByRole('heading', { level: 2 }));
  const charge = adjust.getByRole('combobox', { name: 'Charge to correct' });
  await charge.getByRole('option', { name: /^Water/ }).waitFor({ state: 'attached' });
  await page.keyboard.press('Tab');
  await waitForFocus(page, charge);
  // Type-ahead picks the water charge.
  await page.keyboard.type('W');
  expect(await charge.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]!.textContent)).toMatch(/^Water .* open \$90\.00$/);
  await page.keyboard.press('Tab'); // Reason, by type-ahead
  await page.keyboard.type('M');
  expect(await adjust.getByRole('combobox', { name: 'Reason' }).inputValue()).toBe('meter_misread');
  await page.keyboard.press('Tab');
  await page.keyboard.type('62.50');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Reader transposed two digits');
  await page.keyboard.press('Enter');
  await adjust.getByRole('status').filter({ hasText: 'ADJ-2026-S1-000001 for $62.50 is over the approval limit: it waits for a supervisor.' }).waitFor();
  const pending = await app.t.must('adjustments.get', { adjustmentId: 1 }, await app.t.signIn('clerk'));
  expect(pending).toMatchObject({ status: 'pending', reasonCode: 'meter_misread', amountCents: 6250 });

  await signOut(page);
  await signInWithKeyboard(page, 'supervisor', '9999');
  await page.keyboard.press('Alt+J');
  await waitForFocus(page, page.getByRole('heading', { level: 1, name: 'Adjustments' }));
  const approve = page.getByRole('region', { name: 'Approval queue' }).getByRole('button', { name: 'Approve ADJ-2026-S1-000001' });
  await approve.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: `ADJ-2026-S1-000001 approved and posted: $62.50 off account ${taylor.number}.` }).waitFor();
  const acct = await app.t.must('accounts.get', { accountId: taylor.id }, await app.t.signIn('clerk'));
  expect(acct.balanceCents).toBe(15000 - 6250);

  const sheetButton = page.getByRole('region', { name: 'Recent adjustments' }).getByRole('button', { name: 'Adjustment sheet ADJ-2026-S1-000001' });
  await sheetButton.focus();
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(download.suggestedFilename()).toBe('ADJ-2026-S1-000001.pdf');
  const file = path.join(tempDir('tc-e2e-adj-'), 'sheet.pdf');
  await download.saveAs(file);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  for (const s of ['Adjustment sheet ADJ-2026-S1-000001', 'Meter misread', 'POSTED', 'Reader transposed two digits', '$62.50', 'Clara Clerk', 'Sam Supervisor', '03/16/2026 11:00 AM EDT']) expect(text).toContain(s);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  expect(app.pageErrors).toEqual([]);
});
