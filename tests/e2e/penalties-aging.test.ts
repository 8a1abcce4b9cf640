// Late penalties and Aging in real Chromium, by keyboard: a supervisor opens Late penalties with
// Alt+L, previews today's run and posts it (Enter on the buttons), then opens Aging with Alt+G,
// filters to the 90+ bucket and opens the account with Enter; its Aging and penalties section
// (Alt+Shift+G) shows the penalty its bill got.
import type { Page } from 'playwright-core';
import { billAccount, makeAccount, type FixtureAccount } from '../helpers/fixtures';
import { signInWithKeyboard, startE2EApp, waitForFocus, type E2EApp } from './helpers';

let app: E2EApp;
let page: Page;
let pyle: FixtureAccount;

beforeAll(async () => {
  app = await startE2EApp({
    seed: (t) => {
      pyle = makeAccount(t.core.deps.db, { first: 'Gomer', last: 'Pyle', street: '7 Garage Rd' });
      billAccount(t.core.deps.db, pyle.id, '2025-11-20', { water: 8743 }); // due 2025-12-10: 96 days past due on 2026-03-16
    },
  });
  page = await app.openPage();
  await page.setViewportSize({ width: 1366, height: 768 });
});

afterAll(async () => {
  await app?.close();
});

it('previews and posts the late penalties, then reads the aging and opens the account', async () => {
  await signInWithKeyboard(page, 'supervisor', '9999');
  await page.keyboard.press('Alt+KeyL');
  await waitForFocus(page, page.getByRole('heading', { level: 1, name: 'Late penalties' }));
  await page.getByRole('button', { name: "Preview today's run" }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Preview for 03/16/2026' }).waitFor();
  await page.getByRole('table', { name: 'Penalties to post (first bills)' }).getByRole('row', { name: new RegExp(`${pyle.number}.*\\$87\\.43 \\$10\\.00`) }).waitFor();
  const post = page.getByRole('button', { name: /^Post \d+ penalties/ });
  await post.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('status', { name: 'Run result' }).filter({ hasText: 'penalties posted now' }).waitFor();

  await page.keyboard.press('Alt+KeyG');
  await waitForFocus(page, page.getByRole('heading', { level: 1, name: 'Aging' }));
  await page.getByRole('heading', { name: 'Aging as of 03/16/2026' }).waitFor();
  await page.getByRole('img', { name: /^Aging: Current/ }).waitFor();
  await page.getByLabel('Bucket', { exact: true }).selectOption('90');
  await page.getByRole('button', { name: 'Show aging' }).click();
  const open = page.getByRole('table', { name: 'Aging accounts' }).getByRole('button', { name: `Open account ${pyle.number}` });
  await open.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: /Gomer Pyle/ }).waitFor();
  await page.keyboard.press('Alt+Shift+KeyG');
  await waitForFocus(page, page.locator('#acct-aging-items'));
  await page.getByRole('table', { name: 'Late penalties' }).getByRole('row', { name: /12\/10\/2025 03\/16\/2026 \$87\.43 \$10\.00/ }).waitFor();
  expect(app.pageErrors).toEqual([]);
});
