// The cut-off list and courtesy calls in real Chromium, by keyboard: a supervisor opens Cut-off
// list with Alt+U, a Friday is refused by the calendar with the next date offered, the list for
// that date is generated (Enter) and read; a clerk opens Courtesy calls with Alt+K, logs a promise
// to pay from the call list, and the account's Cut-off section (Alt+Shift+U) shows it left off.
import type { Page } from 'playwright-core';
import { billAccount, makeAccount, type FixtureAccount } from '../helpers/fixtures';
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

it('generates the cut-off list for a valid date and logs a courtesy call by keyboard', async () => {
  await signInWithKeyboard(page, 'supervisor', '9999');
  await page.keyboard.press('Alt+KeyU');
  await waitForFocus(page, page.getByRole('heading', { level: 1, name: 'Cut-off list' }));
  const date = page.getByLabel('Cut-off date');
  await page.waitForFunction(() => document.querySelector<HTMLInputElement>('input[type=date]')?.value === '2026-03-17');
  await date.fill('2026-03-20');
  const check = page.getByRole('status', { name: 'Calendar check' });
  await check.filter({ hasText: '2026-03-20 is a Friday' }).waitFor();
  await check.getByRole('button', { name: 'Use 03/23/2026' }).click();
  await check.filter({ hasText: 'A cut-off can happen on 03/23/2026' }).waitFor();
  await date.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Cut-off list for 03/23/2026 (Ready)' }).waitFor();
  const entries = page.getByRole('table', { name: 'Cut-off list entries' });
  await entries.getByRole('cell', { name: 'on the list: $87.43 past due since 2026-02-21' }).waitFor();
  expect(app.pageErrors).toEqual([]);
  await signOut(page);

  await signInWithKeyboard(page, 'clerk', '2222');
  await page.keyboard.press('Alt+KeyK');
  await waitForFocus(page, page.getByRole('heading', { level: 1, name: 'Courtesy calls' }));
  const call = page.getByRole('button', { name: `Log a call to Gomer Pyle (${pyle.number})` });
  await call.focus();
  await page.keyboard.press('Enter');
  const form = page.getByRole('form', { name: 'Call to Gomer Pyle' });
  await waitForFocus(page, form.getByLabel('Outcome'));
  await form.getByLabel('Outcome').selectOption('promise');
  await form.getByLabel('Promised to pay by').fill('2026-03-20');
  await form.getByLabel('Call note').focus();
  await page.keyboard.type('Paycheck Friday');
  await page.keyboard.press('Enter');
  await page.getByText(`Logged for ${pyle.number}: Promise to pay by 03/20/2026.`).waitFor();

  // The account's Cut-off section: left off while the promise runs.
  await page.keyboard.press('Alt+2');
  const search = page.getByRole('searchbox', { name: 'Search accounts' });
  await waitForFocus(page, search);
  await page.keyboard.type(pyle.number);
  await page.getByRole('button', { name: `${pyle.number} Gomer Pyle` }).waitFor();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: /Gomer Pyle/ }).waitFor();
  await page.keyboard.press('Alt+Shift+KeyU');
  const section = page.getByRole('region', { name: 'Cut-off' });
  await section.getByRole('status', { name: 'Cut-off standing' }).filter({ hasText: 'excluded: promise to pay until 2026-03-20' }).waitFor();
  await section.getByRole('cell', { name: 'Paycheck Friday' }).waitFor();
  expect(app.pageErrors).toEqual([]);
});
