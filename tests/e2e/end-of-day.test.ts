// The end of the day in real Chromium against the real host and a ledger file: a cashier takes
// two payments, closes the drawer blind — first counting $20.00 over, which is refused without a
// supervisor, then again $2.00 short, which closes — and downloads the deposit slip; the
// supervisor closes the business day and downloads the daily cash report PDF (read back with
// pdftotext).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { tempDir } from '../helpers/core';
import { billAccount, makeAccount, STARTING_BANK, type FixtureAccount } from '../helpers/fixtures';
import { figure, signInWithKeyboard, signOut, startE2EApp, waitForFocus, type E2EApp } from './helpers';

let app: E2EApp;
let page: Page;
let taylor: FixtureAccount;
let crump: FixtureAccount;
const downloadsDir = tempDir('tc-e2e-downloads-');

beforeAll(async () => {
  app = await startE2EApp({
    seed: async (t) => {
      const db = t.core.deps.db;
      taylor = makeAccount(db, { first: 'Andy', last: 'Taylor' });
      billAccount(db, taylor.id, '2026-03-01', { water: 3000, sewer: 4000, solid_waste: 2000 }); // $90.00
      crump = makeAccount(db, { first: 'Helen', last: 'Crump', street: '8 Oak St' });
      billAccount(db, crump.id, '2026-03-01', { water: 4000, sewer: 5000, solid_waste: 3000 }); // $120.00
      await t.must('drawer.open', { counts: STARTING_BANK }, await t.signIn('cashier')); // $200.00
    },
  });
  page = await app.openPage();
});

afterAll(async () => {
  await app?.close();
  fs.rmSync(downloadsDir, { recursive: true, force: true });
});

const key = (k: string) => page.keyboard.press(k);
const main = () => page.getByRole('main');

/** Clicks a button that saves a PDF and returns the file's name and its text (pdftotext). */
async function download(button: ReturnType<Page['getByRole']>): Promise<{ filename: string; size: number; text: string }> {
  const [d] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const file = path.join(downloadsDir, d.suggestedFilename());
  await d.saveAs(file);
  return { filename: d.suggestedFilename(), size: fs.statSync(file).size, text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }) };
}

/** Types the cash count from the focused first field: Enter moves down the denominations. */
async function typeCounts(counts: readonly string[]) {
  for (const n of counts) {
    if (n) await page.keyboard.type(n);
    await key('Enter');
  }
}

describe('the end of the day in Chromium', () => {
  it('a cashier takes two payments at the counter', async () => {
    await signInWithKeyboard(page, 'cashier', '1111');
    const find = page.getByRole('searchbox', { name: 'Find account' });
    await waitForFocus(page, find);

    // $90.00 in cash from a $100.00 bill.
    await page.keyboard.type(taylor.number);
    await key('Enter');
    await waitForFocus(page, page.getByLabel(`Amount for ${taylor.number}`));
    await key('Enter');
    await waitForFocus(page, page.getByLabel('Cash amount'));
    await page.keyboard.type('100');
    await expect.poll(() => figure(page.getByRole('region', { name: 'Totals' }), 'Change')).toBe('$10.00');
    await key('F9');
    await page.getByRole('article', { name: 'Receipt S1-000001' }).waitFor();
    await waitForFocus(page, page.getByRole('button', { name: 'New transaction' }));
    await key('Escape');

    // $120.00 by check.
    await waitForFocus(page, find);
    await page.keyboard.type(crump.number);
    await key('Enter');
    await waitForFocus(page, page.getByLabel(`Amount for ${crump.number}`));
    await page.getByRole('button', { name: 'Add check' }).click();
    const check = page.getByRole('group', { name: 'Tender 1: Check' });
    await check.getByLabel('Check amount').fill('120.00');
    await check.getByLabel('Check number').fill('1042');
    const post = page.getByRole('button', { name: 'Post payment' });
    await expect.poll(() => post.isEnabled()).toBe(true);
    await key('F9');
    await page.getByRole('article', { name: 'Receipt S1-000002' }).waitFor();
  });

  it('closes the drawer blind: $20.00 over is refused without a supervisor; counted again $2.00 short, it closes', async () => {
    await key('Alt+3');
    await page.getByRole('button', { name: 'Close drawer (blind)' }).click();
    const form = page.getByRole('form', { name: 'Close drawer (blind)' });
    await waitForFocus(page, form.getByLabel('$100 bills count'));
    // Nothing on screen says what the drawer should hold ($290.00 cash, $120.00 in checks).
    expect(await page.getByRole('region', { name: 'Today’s journal' }).count()).toBe(0);

    // $310.00: 10 × $20, 6 × $10, 4 × $5, 25 × $1, 16 quarters, 10 dimes.
    await typeCounts(['', '', '10', '6', '4', '', '25', '', '16', '10', '', '']);
    // The drawer's check is offered to tick off (Space), and Enter goes on down the column.
    await waitForFocus(page, form.getByRole('checkbox', { name: /^In hand: Check 1042, .*\$120\.00$/ }));
    await key('Space');
    await key('Enter');
    await waitForFocus(page, form.getByRole('button', { name: 'Add check' }));
    await key('Tab');
    await waitForFocus(page, form.getByLabel('Card terminal batch total'));
    await page.keyboard.type('0');
    expect(await form.getByText('Cash counted: $310.00').count()).toBe(1);
    const before = (await main().textContent()) ?? '';
    expect(before).not.toMatch(/expected/i);
    expect(before).not.toContain('$290.00');
    await key('Enter'); // Submit count

    const result = page.getByRole('region', { name: 'Count result' });
    const rows = () => result.getByRole('table', { name: 'Counted and expected' }).getByRole('row');
    await rows().first().waitFor();
    expect(await rows().allTextContents()).toEqual([
      'TenderCountedExpectedOver/short',
      'Cash$310.00$290.00$20.00 over',
      'Checks and money orders$120.00$120.00Balanced',
      'Card batch$0.00$0.00Balanced',
      'Total$430.00$410.00$20.00 over',
    ]);
    expect(await result.getByRole('status').textContent()).toBe('Over the $5.00 limit ($20.00 over in all): a supervisor’s note and approval are needed to close.');

    // Without a supervisor's approval it does not close: the fields ask, and a cashier can't approve.
    await result.getByLabel('Supervisor note').fill('Extra $20 found');
    await result.getByRole('button', { name: 'Close drawer' }).click();
    await result.getByText('Enter the supervisor’s username.').waitFor();
    await result.getByLabel('Supervisor username').fill('cashier');
    await result.getByLabel('Supervisor PIN').fill('1111');
    await result.getByRole('button', { name: 'Close drawer' }).click();
    expect(await result.getByRole('alert').textContent()).toBe('The drawer was not closed: cashier is not a supervisor.');
    await waitForFocus(page, result.getByLabel('Supervisor PIN'));

    // Count again: one $1 stack was miscounted — $288.00 is $2.00 short, within the limit; but
    // the first count ($20.00 over) stays the count of record, so the supervisor still approves.
    await result.getByRole('button', { name: 'Count again' }).click();
    const again = page.getByRole('form', { name: 'Count again' });
    await waitForFocus(page, again.getByLabel('$100 bills count'));
    await again.getByLabel('$1 bills and coins count').fill('3');
    await again.getByRole('button', { name: 'Submit count' }).click();
    await expect.poll(() => rows().nth(1).textContent()).toBe('Cash$288.00$290.00$2.00 short');
    expect(await result.getByRole('status').textContent()).toMatch(/^Recount: \$2\.00 short in all, but the count of record \(Cathy Cashier, .+\) was \$20\.00 over/);
    expect(await result.getByRole('table', { name: 'Counts of this drawer (the first is the count of record)' }).getByRole('row').count()).toBe(3);
    await result.getByLabel('Supervisor note').fill('Miscounted a $1 stack; recounted');
    await result.getByLabel('Supervisor username').fill('supervisor');
    await result.getByLabel('Supervisor PIN').fill('9999');
    await result.getByRole('button', { name: 'Close drawer' }).click();

    const report = page.getByRole('region', { name: 'Drawer 1 report' });
    await report.waitFor();
    await page.getByText('Drawer 1 is closed. Over/short: $2.00 short.').waitFor();
    expect(await figure(report, 'Over/short')).toBe('$2.00 short');
    expect(await page.getByRole('button', { name: 'Close drawer (blind)' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Cash pickup' }).count()).toBe(0);

    const slip = await download(report.getByRole('button', { name: 'Download deposit slip PDF' }));
    expect(slip.filename).toBe('deposit-slip-2026-03-16-drawer-1.pdf');
    expect(slip.text).toContain('Deposit slip');
    expect(slip.text).toContain('Cathy Cashier');
    expect(slip.text).toMatch(/Total checks\s+\$120\.00/);
  });

  it('the supervisor closes the business day and downloads the daily cash report', async () => {
    await signOut(page);
    await signInWithKeyboard(page, 'supervisor', '9999');
    await key('Alt+6');
    await waitForFocus(page, page.getByLabel('Business day'));
    await page.getByText('Business day 03/16/2026: Open: 0 open drawers, 0 unposted mail batches.').waitFor();
    const daily = page.getByRole('region', { name: 'Daily cash report 03/16/2026' });
    expect(await figure(daily, 'Net collected')).toBe('$210.00');
    expect(await figure(daily, 'Over/short')).toBe('$2.00 short');

    await page.getByRole('button', { name: 'Close business day' }).click();
    const confirm = page.getByRole('dialog', { name: 'Close business day 03/16/2026' });
    await waitForFocus(page, confirm.getByRole('button', { name: 'Close the day' }));
    await key('Enter');
    await page.getByText('Business day 03/16/2026 is closed. The next posting opens the next business day.').waitFor();
    await expect.poll(() => figure(daily, 'Day')).toMatch(/^Closed .* by Sam Supervisor$/);
    expect(await page.getByRole('button', { name: 'Close business day' }).count()).toBe(0);

    const pdf = await download(daily.getByRole('button', { name: 'Download PDF' }));
    expect(pdf.filename).toBe('daily-cash-report-2026-03-16.pdf');
    expect(pdf.size).toBeGreaterThan(1000);
    expect(pdf.text).toContain('Daily cash report');
    expect(pdf.text).toContain('Business date 2026-03-16');
    expect(pdf.text).toMatch(/Net collected\s+\$210\.00/);
    expect(pdf.text).toMatch(/Total over \(short\)\s+-\$2\.00/);

    // Print shows only the report: with the print dialog kept closed (it would wait for a person),
    // the print style sheet leaves the report and hides the frame, the day picker and the tabs.
    await page.evaluate(() => {
      window.print = () => undefined;
    });
    await daily.getByRole('button', { name: 'Print' }).click();
    await page.emulateMedia({ media: 'print' });
    expect(await daily.isVisible()).toBe(true);
    expect(await daily.getByRole('table', { name: 'By GL account' }).isVisible()).toBe(true);
    for (const hidden of [page.getByRole('navigation', { name: 'Main' }), page.getByLabel('Business day'), page.getByRole('tab', { name: 'Receipt journal' }), daily.getByRole('button', { name: 'Print' }), page.getByRole('heading', { level: 1, name: 'Reports' })]) {
      expect(await hidden.isVisible()).toBe(false);
    }
    await page.emulateMedia({ media: 'screen' });
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    expect(await page.getByLabel('Business day').isVisible()).toBe(true);

    const sup = await app.t.signIn('supervisor');
    expect((await app.t.must('day.list', { limit: 5 }, sup)).days[0]).toMatchObject({ businessDate: '2026-03-16', closedBy: 'Sam Supervisor' });
    expect((await app.t.must('ledger.verify', {}, sup)).violations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
