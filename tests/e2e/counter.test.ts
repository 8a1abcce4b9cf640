// The front counter end to end in real Chromium against the real host and a ledger file: a
// cashier opens the drawer, takes a cash payment with change using only the keyboard, a split
// check + card payment and a property-tax (revenue code) payment; a supervisor voids one. The
// screens must show the right receipts, change and balances, and the ledger must verify clean.
import type { Page } from 'playwright-core';
import { billAccount, makeAccount, type FixtureAccount } from '../helpers/fixtures';
import { figure, signInWithKeyboard, signOut, startE2EApp, waitForFocus, type E2EApp } from './helpers';

let app: E2EApp;
let page: Page;
let taylor: FixtureAccount;
let crump: FixtureAccount;

beforeAll(async () => {
  app = await startE2EApp({
    seed: (t) => {
      const db = t.core.deps.db;
      taylor = makeAccount(db, { first: 'Andy', last: 'Taylor' });
      billAccount(db, taylor.id, '2026-02-05', { water: 3000, sewer: 4000, solid_waste: 2000 }); // $90.00 due 02/25, past due
      billAccount(db, taylor.id, '2026-03-05', { water: 3100, sewer: 4025, solid_waste: 2000 }); // $91.25 due 03/25
      crump = makeAccount(db, { first: 'Helen', last: 'Crump', street: '8 Oak St' });
      billAccount(db, crump.id, '2026-03-01', { water: 4000, sewer: 5000, solid_waste: 3000 }); // $120.00
    },
  });
  page = await app.openPage();
});

afterAll(async () => {
  await app?.close();
});

const key = (k: string) => page.keyboard.press(k);
const receipt = (n: string) => page.getByRole('article', { name: `Receipt ${n}` });
const totals = () => page.getByRole('region', { name: 'Totals' });

describe('the front counter in Chromium', () => {
  it('a cashier opens the drawer and takes a cash payment with change using only the keyboard', async () => {
    await signInWithKeyboard(page, 'cashier', '1111');
    // No drawer yet: the Counter offers the Drawer screen, with focus on the button.
    const go = page.getByRole('button', { name: 'Go to Drawer' });
    await waitForFocus(page, go);
    await key('Enter');

    // Count the starting bank: Enter moves down the denominations, then to "Open drawer".
    await waitForFocus(page, page.getByLabel('$100 bills count'));
    for (const n of ['', '', '5', '6', '4', '', '15', '', '16', '10', '', '']) {
      if (n) await page.keyboard.type(n);
      await key('Enter');
    }
    const form = page.getByRole('form', { name: 'Open drawer' });
    expect(await figure(form, 'Total counted')).toBe('$200.00');
    expect(await figure(form, 'Difference')).toBe('Matches');
    await waitForFocus(page, form.getByRole('button', { name: 'Open drawer' }));
    await key('Enter');
    const journal = page.getByRole('region', { name: 'Today’s journal' });
    await expect.poll(() => figure(journal, 'Starting bank')).toBe('$200.00');
    expect(await journal.locator('dt', { hasText: 'Expected cash' }).count()).toBe(0); // the close is blind

    // Alt+1: the Counter, with focus in Find account.
    await key('Alt+1');
    const find = page.getByRole('searchbox', { name: 'Find account' });
    await waitForFocus(page, find);
    await page.keyboard.type(taylor.number);
    await key('Enter');
    const amount = page.getByLabel(`Amount for ${taylor.number}`);
    await waitForFocus(page, amount);
    expect(await amount.inputValue()).toBe('181.25');
    const line = page.getByRole('region', { name: `Line 1 Andy Taylor ${taylor.number}` });
    await expect.poll(() => figure(line, 'Past due')).toBe('$90.00');
    expect(await figure(line, 'Due date')).toBe('03/25/2026');

    // Enter takes the amount in cash; the cash tender starts at what is due, selected.
    await key('Enter');
    const cash = page.getByLabel('Cash amount');
    await waitForFocus(page, cash);
    await page.keyboard.type('200');
    expect(await cash.inputValue()).toBe('200');
    await expect.poll(() => figure(totals(), 'Change')).toBe('$18.75');
    expect(await figure(totals(), 'Due')).toBe('$181.25');
    const preview = page.getByRole('region', { name: 'Allocation preview' });
    expect(await preview.getByRole('table', { name: 'Charges paid by line 1' }).getByRole('row').count()).toBe(7);
    expect(await figure(preview, 'Balance after')).toBe('$0.00');

    await key('F9');
    const r1 = receipt('S1-000001');
    await r1.waitFor();
    expect(await figure(page.getByRole('main'), 'Change due')).toBe('$18.75');
    expect(await figure(r1, 'Change')).toBe('$18.75');
    expect(await figure(r1, 'Tendered')).toBe('$200.00');
    expect(await r1.getByText('Remaining balance $0.00').count()).toBe(1);
    expect(await figure(r1, 'Cashier')).toBe('Cathy Cashier');

    // Escape: the next transaction, focus back in Find account.
    await waitForFocus(page, page.getByRole('button', { name: 'New transaction' }));
    await key('Escape');
    await waitForFocus(page, find);
    expect(await find.inputValue()).toBe('');
  });

  it('takes a split check + card payment, posting once on a double click; the card field keeps four digits only', async () => {
    const find = page.getByRole('searchbox', { name: 'Find account' });
    await find.fill('crump');
    await key('Enter');
    const amount = page.getByLabel(`Amount for ${crump.number}`);
    await waitForFocus(page, amount);
    expect(await amount.inputValue()).toBe('120.00');

    await page.getByRole('button', { name: 'Add check' }).click();
    const check = page.getByRole('group', { name: 'Tender 1: Check' });
    await waitForFocus(page, check.getByLabel('Check amount'));
    await page.keyboard.type('70');
    await check.getByLabel('Check number').fill('1042');
    expect(await check.getByLabel('Payer').inputValue()).toBe('Helen Crump');

    await page.getByRole('button', { name: 'Add card' }).click();
    const card = page.getByRole('group', { name: 'Tender 2: Card' });
    expect(await card.getByLabel('Card amount').inputValue()).toBe('50.00');
    await card.getByLabel('Card brand').selectOption('VISA');
    const last4 = card.getByLabel('Last four digits');
    await last4.pressSequentially('42424');
    expect(await last4.inputValue()).toBe('4242');
    await last4.fill('');
    await last4.pressSequentially('4x2');
    expect(await last4.inputValue()).toBe('42');
    await last4.pressSequentially('42');
    expect(await last4.inputValue()).toBe('4242');
    await card.getByLabel('Authorization code').fill('a1b2c3');

    const post = page.getByRole('button', { name: 'Post payment' });
    await expect.poll(() => post.isEnabled()).toBe(true);
    expect(await figure(totals(), 'Tendered')).toBe('$120.00');
    expect(await figure(totals(), 'Change')).toBe('$0.00');
    // A double click posts once (the next receipt below is S1-000003, not S1-000004).
    await post.dblclick();
    const r2 = receipt('S1-000002');
    await r2.waitFor();
    expect(await r2.getByRole('table', { name: 'Tenders' }).getByRole('row').allTextContents()).toEqual(['Check 1042 — Helen Crump$70.00', 'VISA ending 4242, auth A1B2C3$50.00']);
    expect(await r2.getByText('Remaining balance $0.00').count()).toBe(1);
    expect(await figure(r2, 'Change')).toBe('$0.00');
    await key('F2');
    await waitForFocus(page, find);
  });

  it('takes a property tax payment by revenue code', async () => {
    await page.getByRole('button', { name: 'Add revenue line' }).click();
    const code = page.getByLabel('Revenue code');
    await waitForFocus(page, code);
    await code.selectOption('TAX');
    await page.getByLabel('Revenue amount').fill('250.00');
    await page.getByRole('button', { name: 'Add cash' }).click();
    await page.getByLabel('Cash amount').fill('300');
    const preview = page.getByRole('region', { name: 'Allocation preview' });
    await preview.getByText('Line 1: Property tax needs the bill number and the tax year.').waitFor();
    expect(await page.getByRole('button', { name: 'Post payment' }).isDisabled()).toBe(true);
    await page.getByLabel('Bill number').fill('2025-0042');
    await page.getByLabel('Tax year').fill('2025');
    await expect.poll(() => page.getByRole('button', { name: 'Post payment' }).isEnabled()).toBe(true);
    expect(await figure(totals(), 'Change')).toBe('$50.00');
    await key('F9');
    const r3 = receipt('S1-000003');
    await r3.waitFor();
    expect(await r3.getByRole('table', { name: 'Paid' }).getByRole('row').nth(1).getByRole('cell').allTextContents()).toEqual(['TAX', 'Property tax bill 2025-0042 (2025)', '$250.00']);
    expect(await figure(r3, 'Change')).toBe('$50.00');

    // The day's journal: three receipts, totals by tender and the cash expected in the drawer.
    await key('Alt+3');
    const journal = page.getByRole('region', { name: 'Today’s journal' });
    const rows = journal.getByRole('table', { name: /Receipts in this drawer/ }).getByRole('row');
    await expect.poll(() => rows.count()).toBe(4);
    expect(await journal.getByRole('table', { name: 'Totals by tender' }).getByRole('row', { name: /Net collected/ }).textContent()).toBe('Net collected$551.25$0.00');
  });

  it('a supervisor voids the split payment; the balance and the receipt show it', async () => {
    await signOut(page);
    await signInWithKeyboard(page, 'supervisor', '9999');
    await key('Alt+2');
    const search = page.getByRole('searchbox', { name: 'Search accounts' });
    await waitForFocus(page, search);
    await page.keyboard.type(crump.number);
    await key('Enter');
    await page.getByRole('heading', { level: 1, name: `Helen Crump Account ${crump.number}` }).waitFor();
    const summary = page.getByRole('region', { name: 'Summary' });
    expect(await figure(summary, 'Balance')).toBe('$0.00');

    await page.getByRole('region', { name: 'Payments and credits' }).getByRole('button', { name: 'Open receipt S1-000002' }).click();
    const dialog = page.getByRole('dialog', { name: 'Receipt S1-000002' });
    await dialog.getByText('DUPLICATE').waitFor();
    await dialog.getByRole('button', { name: 'Void receipt' }).click();
    // A supervisor approves for themselves: no override fields.
    expect(await dialog.getByLabel('Supervisor username').count()).toBe(0);
    await waitForFocus(page, dialog.getByLabel('Reason for void'));
    await page.keyboard.type('Wrong account');
    await key('Enter');
    await dialog.getByText('Receipt S1-000002 is void.').waitFor();
    expect(await dialog.getByRole('article', { name: 'Receipt S1-000002' }).getByText('VOID', { exact: true }).count()).toBe(1);
    await expect.poll(() => figure(summary, 'Balance')).toBe('$120.00');
    await key('Escape');
    await dialog.waitFor({ state: 'detached' });
    const payments = page.getByRole('region', { name: 'Payments and credits' });
    expect(await payments.getByRole('row', { name: /Void/ }).count()).toBe(1);

    // Found again by number on the Drawer screen: VOID, and DUPLICATE as a reprint.
    await key('Alt+3');
    // The supervisor has no drawer: wait for the Drawer screen to settle (its open-drawer form
    // takes focus when it appears) before typing into the receipt lookup.
    await page.getByRole('form', { name: 'Open drawer' }).waitFor();
    await page.getByLabel('Receipt number').fill('s1-000002');
    await key('Enter');
    const again = page.getByRole('dialog', { name: 'Receipt S1-000002' });
    await again.getByRole('article', { name: 'Receipt S1-000002' }).waitFor();
    expect(await again.getByText('VOID', { exact: true }).count()).toBe(1);
    expect(await again.getByText('DUPLICATE', { exact: true }).count()).toBe(1);
    expect(await again.getByRole('button', { name: 'Void receipt' }).count()).toBe(0);
    await key('Escape');

    // The cash payment stands; the ledger verifies clean.
    const sup = await app.t.signIn('supervisor');
    expect((await app.t.must('accounts.get', { accountId: taylor.id }, sup)).balanceCents).toBe(0);
    expect((await app.t.must('accounts.get', { accountId: crump.id }, sup)).balanceCents).toBe(12000);
    await key('Alt+8');
    await page.getByText('Ledger verified: no problems found').waitFor();
    expect(app.pageErrors).toEqual([]);
  });
});
