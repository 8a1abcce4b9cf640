// Bringing a town in, in real Chromium over the real host, on a fresh (non-demo) ledger file:
// the administrator opens Conversion (Alt+I), checks a conversion set by keyboard (progress,
// control totals, rejected rows), loads it after confirming (the run goes on a worker thread with
// its own ledger connection), and a cashier then finds an imported account at the Counter by the
// number on the customer's old bill and takes its payment.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { tempDir } from '../helpers/core';
import { SET_ACCOUNTS, writeConversionSet } from '../helpers/conversion-set';
import { figure, signInWithKeyboard, signOut, startE2EApp, waitForFocus, type E2EApp } from './helpers';

let app: E2EApp;
let page: Page;
let setDir: string;
let set: string;

beforeAll(() => {
  setDir = tempDir('tc-e2e-set-');
  set = writeConversionSet(path.join(setDir, 'conversion'));
});

// A fresh app and ledger for each attempt, so a retry starts from an empty ledger too.
beforeEach(async () => {
  app = await startE2EApp();
  page = await app.openPage();
  await page.setViewportSize({ width: 1366, height: 900 });
});

afterEach(async () => {
  await app?.close();
});

afterAll(() => {
  fs.rmSync(setDir, { recursive: true, force: true });
});

const key = (k: string) => page.keyboard.press(k);

it('an administrator checks and loads a conversion set; a cashier takes a payment on an imported account', async () => {
  expect(app.t.core.deps.db.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: 0 });
  await signInWithKeyboard(page, 'admin', '0000');
  await key('Alt+KeyI');
  await waitForFocus(page, page.getByRole('heading', { level: 1, name: 'Conversion' }));
  await page.getByText('No conversion has been run on this ledger.').waitFor();
  const folder = page.getByLabel('Folder with the conversion files');
  await folder.focus();
  await page.keyboard.type(set);
  await key('Enter'); // Check (dry run)
  const result = page.getByRole('status', { name: 'Conversion result' });
  await result.filter({ hasText: 'Checked.' }).waitFor({ timeout: 30_000 });
  await waitForFocus(page, result); // the buttons were disabled while it ran: the result has focus
  expect(await page.getByRole('progressbar', { name: 'Check progress' }).getAttribute('value')).toBe('100');
  await page.getByRole('table', { name: 'Accounts by status' }).getByRole('row', { name: 'All accounts 3' }).waitFor();
  await page.getByRole('table', { name: 'Receivable' }).getByRole('row', { name: /^Receivable \(3 open charges\) \$95\.00$/ }).waitFor();
  await page.getByRole('img', { name: /^Aging: Current \$20\.00.*90\+ days \$75\.00/ }).waitFor();
  await page.getByText('No row was rejected.').waitFor();
  expect(app.t.core.deps.db.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: 0 });

  // Load: asks first; Enter on "Load now".
  await page.getByRole('button', { name: 'Load', exact: true }).focus();
  await key('Enter');
  const dialog = page.getByRole('dialog', { name: 'Load the conversion set' });
  await dialog.waitFor();
  expect(await dialog.textContent()).toContain('holds the ledger');
  await dialog.getByRole('button', { name: 'Load now' }).focus();
  await key('Enter');
  await result.filter({ hasText: 'Loaded.' }).waitFor({ timeout: 30_000 });
  await waitForFocus(page, result);
  await page.getByRole('table', { name: 'File groups' }).getByRole('row', { name: /^Balances \(open charges, deposits, past bills\) Loaded/ }).waitFor();
  const runs = page.getByRole('table', { name: 'Conversion runs' });
  await expect.poll(() => runs.getByRole('row').count()).toBe(3);
  expect(await runs.getByRole('row').nth(1).textContent()).toMatch(/admin\s*Load/);
  await signOut(page);

  // The cashier: open a drawer, then find Andy Taylor at the Counter by his old number.
  await signInWithKeyboard(page, 'cashier', '1111');
  await waitForFocus(page, page.getByRole('button', { name: 'Go to Drawer' }));
  await key('Enter');
  await waitForFocus(page, page.getByLabel('$100 bills count'));
  for (const n of ['', '', '5', '6', '4', '', '15', '', '16', '10', '', '']) {
    if (n) await page.keyboard.type(n);
    await key('Enter');
  }
  await waitForFocus(page, page.getByRole('form', { name: 'Open drawer' }).getByRole('button', { name: 'Open drawer' }));
  await key('Enter');
  await page.getByRole('region', { name: 'Today’s journal' }).waitFor();
  await key('Alt+1');
  const find = page.getByRole('searchbox', { name: 'Find account' });
  await waitForFocus(page, find);
  const taylor = app.t.core.deps.db.prepare('SELECT number FROM accounts WHERE legacy_number = ?').get(SET_ACCOUNTS[0].number) as { number: string };
  // The number on his old bill (kept as the account's old number; the account has a TownCounter number too).
  await page.keyboard.type(SET_ACCOUNTS[0].number);
  await key('Enter');
  const amount = page.getByLabel(`Amount for ${taylor.number}`);
  await waitForFocus(page, amount);
  expect(await amount.inputValue()).toBe('75.00');
  const line = page.getByRole('region', { name: `Line 1 Andy Taylor ${taylor.number}` });
  await expect.poll(() => figure(line, 'Past due')).toBe('$75.00');
  await key('Enter');
  await waitForFocus(page, page.getByLabel('Cash amount'));
  await page.keyboard.type('75');
  await key('F9');
  const receipt = page.getByRole('article', { name: 'Receipt S1-000001' });
  await receipt.waitFor();
  expect(await receipt.getByText('Remaining balance $0.00').count()).toBe(1);
  expect(app.pageErrors).toEqual([]);
});
