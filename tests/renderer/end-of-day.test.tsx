// The end of the day in happy-dom over the real bridge and ledger: a supervisor's cash pickup,
// the blind drawer close (nothing expected on screen until the count is in; $2.00 short closes,
// $20.00 over needs a supervisor's note and approval), the Reports screen's numbers, PDFs and
// printing, and closing the business day (refused while a drawer is open).
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { TestCore } from '../helpers/core';
import { STARTING_BANK } from '../helpers/fixtures';
import { signIn, startApp, type Seeded, captureDownloads } from './harness';

const focused = () => document.activeElement as HTMLElement;
const press = (key: string) => fireEvent.keyDown(focused(), { key });
const typeText = (value: string) => fireEvent.change(focused(), { target: { value } });
const altDigit = (d: string) => fireEvent.keyDown(document.body, { key: d, code: `Digit${d}`, altKey: true });
const SUP = { username: 'supervisor', secret: '9999' };

/** A figure in a <dl>: the <dd> next to the <dt> with this text. */
function figure(container: HTMLElement, label: string): string | null {
  const dt = within(container).getAllByText(label).find((e) => e.tagName === 'DT');
  return dt?.parentElement?.querySelector('dd')?.textContent ?? null;
}
const rowTexts = (table: HTMLElement) => within(table).getAllByRole('row').map((r) => r.textContent);

/**
 * The cashier's drawer (the $200.00 bank) with three receipts: $75.00 paid with $100.00 cash
 * ($25.00 change), a $40.00 recreation fee by check 1234, and $50.00 by card. Expected at the
 * close: cash $275.00, checks $40.00, card $50.00.
 */
async function cashierDay(t: TestCore, seeded: Seeded) {
  const cashier = await t.signIn('cashier');
  const drawer = await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
  await t.must('payments.post', { idempotencyKey: 'eod-cash-0001', lines: [{ type: 'account', accountId: seeded.smith.id, amountCents: 7500 }], tenders: [{ kind: 'cash', amountCents: 10000 }] }, cashier);
  await t.must('payments.post', { idempotencyKey: 'eod-check-0002', lines: [{ type: 'revenue', revenueCode: 'REC', amountCents: 4000, description: 'Pool pass' }], tenders: [{ kind: 'check', amountCents: 4000, checkNumber: '1234', payer: 'Opie Taylor' }] }, cashier);
  const card = await t.must('payments.post', { idempotencyKey: 'eod-card-0003', lines: [{ type: 'account', accountId: seeded.smith.id, amountCents: 5000 }], tenders: [{ kind: 'card', amountCents: 5000, brand: 'VISA', last4: '4242', authCode: 'A1B2' }] }, cashier);
  return { cashier, drawerId: drawer.id, cardReceipt: card.receipt.number };
}

/**
 * Types the blind count (keyboard only): cash by denomination; Enter from the last count goes
 * down the drawer's own checks (Space ticks the ones in `tick`); then other checks keyed by hand,
 * Enter following the columns (number, amount, payer) and opening the next row; then the card
 * batch total.
 */
async function enterCount(form: HTMLElement, cash: Record<string, string>, tick: string[], keyed: Array<[string, string, string]>, card: string) {
  for (const [label, n] of Object.entries(cash)) fireEvent.change(within(form).getByLabelText(`${label} count`), { target: { value: n } });
  within(form).getByLabelText('Pennies count').focus();
  press('Enter');
  const boxes = within(form).getAllByRole('checkbox');
  for (const box of boxes) {
    expect(focused()).toBe(box);
    if (tick.some((name) => box.getAttribute('aria-label') === `In hand: ${name}`)) fireEvent.click(box);
    press('Enter');
  }
  expect(focused()).toBe(within(form).getByRole('button', { name: 'Add check' }));
  if (keyed.length > 0) fireEvent.click(focused());
  for (const [i, [number, amount, payer]] of keyed.entries()) {
    await waitFor(() => expect(focused()).toBe(within(form).getByLabelText(`Check ${i + 1} number`)));
    typeText(number);
    press('Enter');
    await waitFor(() => expect(focused()).toBe(within(form).getByLabelText(`Check ${i + 1} amount`)));
    typeText(amount);
    press('Enter');
    // Enter in the amount goes to the payer (the next column), not to the next row.
    await waitFor(() => expect(focused()).toBe(within(form).getByLabelText(`Check ${i + 1} payer`)));
    typeText(payer);
    press('Enter');
  }
  if (keyed.length > 0) {
    // Enter on the empty last row removes it and moves to the card batch total.
    await waitFor(() => expect(focused()).toBe(within(form).getByLabelText(`Check ${keyed.length + 1} number`)));
    press('Enter');
    expect(focused()).toBe(within(form).getByLabelText('Card terminal batch total'));
    expect(within(form).queryByLabelText(`Check ${keyed.length + 1} number`)).toBeNull();
  } else within(form).getByLabelText('Card terminal batch total').focus();
  typeText(card);
}

/** Records what a download would save: the <a download> click (kept from navigating) and its Blob. */
async function pdfBytes(blob: Blob | undefined): Promise<Uint8Array> {
  expect(blob?.type).toBe('application/pdf');
  return new Uint8Array(await blob!.arrayBuffer());
}

describe('cash pickup and the blind drawer close', () => {
  it('records a pickup with both names, hides what is expected until the count is in, and closes $2.00 short', async () => {
    const { t, seeded, transport } = await startApp();
    const { drawerId } = await cashierDay(t, seeded);
    await signIn('cashier', '1111');
    altDigit('3');
    const journal = await screen.findByRole('region', { name: 'Today’s journal' });
    await within(journal).findByRole('table', { name: /Receipts in this drawer/ });
    expect(within(journal).queryByText('Expected cash')).toBeNull();

    // A pickup at the cashier's station: the supervisor types their username and PIN.
    fireEvent.click(within(journal).getByRole('button', { name: 'Cash pickup' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cash pickup' });
    await waitFor(() => expect(focused()).toBe(within(dialog).getByLabelText('$100 bills count')));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record pickup' }));
    expect(within(dialog).getByText('Count the cash being picked up.')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('$20 bills count'), { target: { value: '5' } });
    expect(figure(dialog, 'Pickup total')).toBe('$100.00');
    fireEvent.change(within(dialog).getByLabelText('Pickup note'), { target: { value: 'Midday pickup' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record pickup' }));
    expect(within(dialog).getByText('The supervisor enters their PIN.')).toBeTruthy();
    expect(transport.calls.filter((c) => c.method === 'drawer.pickup')).toHaveLength(0);
    fireEvent.change(within(dialog).getByLabelText('Supervisor username'), { target: { value: 'supervisor' } });
    fireEvent.change(within(dialog).getByLabelText('Supervisor PIN'), { target: { value: '9999' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record pickup' }));
    await within(dialog).findByText('Pickup recorded: $100.00 from drawer 1.');
    const slip = within(dialog).getByRole('region', { name: 'Pickup slip' });
    expect(figure(slip, 'Cashier')).toBe('Cathy Cashier');
    expect(figure(slip, 'Supervisor')).toBe('Sam Supervisor');
    expect(figure(slip, 'Amount')).toBe('$100.00');
    expect(within(slip).getByText('$20 bills: 5 ($100.00)')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const pickups = await screen.findByRole('table', { name: 'Cash pickups' });
    expect(rowTexts(pickups).slice(1, -1)[0]).toMatch(/Sam SupervisorCathy CashierMidday pickup\$100\.00$/);

    // The blind count: the journal goes away and no expected amount is on screen.
    fireEvent.click(screen.getByRole('button', { name: 'Close drawer (blind)' }));
    const form = await screen.findByRole('form', { name: 'Close drawer (blind)' });
    await waitFor(() => expect(focused()).toBe(within(form).getByLabelText('$100 bills count')));
    expect(screen.queryByRole('region', { name: 'Today’s journal' })).toBeNull();
    const main = screen.getByRole('main');
    expect(within(main).queryAllByText(/expected/i)).toEqual([]);
    expect(main.textContent).not.toContain('$175.00');
    expect(main.textContent).not.toContain('$275.00');
    // $173.00 in cash: $2.00 short.
    // The drawer's check is offered to tick off: number, payer and amount, but no count or total of the drawer's checks.
    expect(within(form).getByRole('table', { name: 'Checks this drawer took: tick each one you hold' })).toBeTruthy();
    expect(within(main).queryByText(/\d+ checks?\b/i)).toBeNull();
    await enterCount(form, { '$20 bills': '5', '$10 bills': '6', '$5 bills': '2', '$1 bills and coins': '3' }, ['Check 1234, Opie Taylor, $40.00'], [], '50');
    expect(within(form).getByText('Cash counted: $173.00')).toBeTruthy();
    expect(within(form).getByText(/^Ticked: 1\./)).toBeTruthy();
    expect(main.textContent).not.toContain('$175.00');
    fireEvent.click(within(form).getByRole('button', { name: 'Submit count' }));

    const result = await screen.findByRole('region', { name: 'Count result' });
    expect(rowTexts(within(result).getByRole('table', { name: 'Counted and expected' }))).toEqual([
      'TenderCountedExpectedOver/short',
      'Cash$173.00$175.00$2.00 short',
      'Checks and money orders$40.00$40.00Balanced',
      'Card batch$50.00$50.00Balanced',
      'Total$263.00$265.00$2.00 short',
    ]);
    expect(within(result).getByRole('status').textContent).toBe('$2.00 short in all, within the $5.00 limit. Over/short posts when the drawer closes.');
    expect(within(result).queryByLabelText('Supervisor note')).toBeNull();
    expect(within(result).queryByLabelText('Supervisor username')).toBeNull();
    fireEvent.click(within(result).getByRole('button', { name: 'Close drawer' }));

    const report = await screen.findByRole('region', { name: 'Drawer 1 report' });
    expect(screen.getByText('Drawer 1 is closed. Over/short: $2.00 short.')).toBeTruthy();
    expect(figure(report, 'Over/short')).toBe('$2.00 short');
    expect(figure(report, 'Status')).toMatch(/^Closed /);
    expect(rowTexts(within(report).getByRole('table', { name: /counted and expected$/ }))[1]).toBe('Cash$173.00$175.00$2.00 short');
    expect(rowTexts(within(report).getByRole('table', { name: 'Checks and money orders counted' })).slice(1)).toEqual(['1234Opie Taylor$40.00', '1 item$40.00']);
    // A closed drawer offers nothing that posts.
    for (const name of ['Cash pickup', 'Close drawer (blind)', 'Close drawer', 'Submit count', 'Open drawer']) expect(screen.queryByRole('button', { name })).toBeNull();
    expect((await t.must('reports.drawer', { drawerId }, await t.signIn('supervisor'))).overShortCents).toBe(-200);

    // The deposit slip PDF: decoded to a Blob and saved through an <a download>; the URL is revoked afterwards.
    const downloads = captureDownloads();
    try {
      fireEvent.click(within(report).getByRole('button', { name: 'Download deposit slip PDF' }));
      await within(report).findByText('Saved deposit-slip-2026-03-16-drawer-1.pdf (1 page).');
      expect(downloads.saved.map((d) => d.filename)).toEqual(['deposit-slip-2026-03-16-drawer-1.pdf']);
      const bytes = await pdfBytes(downloads.saved[0]!.blob);
      expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
      expect(bytes.length).toBeGreaterThan(1000);
      await waitFor(() => expect(downloads.revoked).toEqual([downloads.saved[0]!.url]), { timeout: 3000 });
    } finally {
      downloads.restore();
    }

    // Print prints only the report (it is marked as the print target while the dialog is up).
    const printed: Array<string | null> = [];
    window.print = () => printed.push(document.querySelector('.print-target')?.getAttribute('aria-labelledby') ?? null);
    try {
      fireEvent.click(within(report).getByRole('button', { name: 'Print' }));
      expect(printed).toEqual([report.getAttribute('aria-labelledby')]);
      expect(document.body.classList.contains('printing-section')).toBe(true);
      window.dispatchEvent(new Event('afterprint'));
      expect(document.body.classList.contains('printing-section')).toBe(false);
      expect(document.querySelector('.print-target')).toBeNull();
    } finally {
      delete (window as { print?: unknown }).print;
    }
    t.close();
  });

  it('refuses a $20.00 variance without a supervisor, counts again, then closes with a note and approval', async () => {
    const { t, seeded, transport } = await startApp();
    await cashierDay(t, seeded);
    await signIn('cashier', '1111');
    altDigit('3');
    fireEvent.click(await screen.findByRole('button', { name: 'Close drawer (blind)' }));
    const form = await screen.findByRole('form', { name: 'Close drawer (blind)' });
    // The card batch total is required (0 when the terminal took no cards).
    fireEvent.click(within(form).getByRole('button', { name: 'Submit count' }));
    expect(within(form).getByText('Enter the card terminal’s batch total (0 if it took no cards).')).toBeTruthy();
    expect(focused()).toBe(within(form).getByLabelText('Card terminal batch total'));
    // $295.00 in cash: $20.00 over.
    await enterCount(form, { '$20 bills': '10', '$10 bills': '9', '$5 bills': '1' }, [], [['1234', '40', 'Opie Taylor']], '50.00');
    fireEvent.click(within(form).getByRole('button', { name: 'Submit count' }));

    let result = await screen.findByRole('region', { name: 'Count result' });
    // The result takes focus (its heading) when it appears; let that happen before acting.
    await waitFor(() => expect(focused()?.id).toBe('count-result-heading'));
    expect(rowTexts(within(result).getByRole('table', { name: 'Counted and expected' }))[1]).toBe('Cash$295.00$275.00$20.00 over');
    expect(within(result).getByRole('status').textContent).toBe('Over the $5.00 limit ($20.00 over in all): a supervisor’s note and approval are needed to close.');
    const close = () => fireEvent.click(within(result).getByRole('button', { name: 'Close drawer' }));
    close();
    expect(within(result).getByText('A variance over the limit needs a supervisor note (at least 3 characters).')).toBeTruthy();
    expect(focused()).toBe(within(result).getByLabelText('Supervisor note'));
    expect(transport.calls.filter((c) => c.method === 'drawer.close')).toHaveLength(0);

    // The core refuses a wrong supervisor PIN; the PIN is cleared and takes focus.
    fireEvent.change(within(result).getByLabelText('Supervisor note'), { target: { value: 'Found a $20 under the tray' } });
    fireEvent.change(within(result).getByLabelText('Supervisor username'), { target: { value: 'supervisor' } });
    fireEvent.change(within(result).getByLabelText('Supervisor PIN'), { target: { value: '1234' } });
    close();
    expect((await within(result).findByRole('alert')).textContent).toMatch(/^The drawer was not closed: Supervisor approval failed/);
    expect(within(result).getByLabelText<HTMLInputElement>('Supervisor PIN').value).toBe('');
    expect(focused()).toBe(within(result).getByLabelText('Supervisor PIN'));
    expect((await t.must('drawer.current', {}, await t.signIn('cashier'))).drawer).not.toBeNull();

    // Count again: the counts are kept and a new count is recorded; the close uses it.
    fireEvent.click(within(result).getByRole('button', { name: 'Count again' }));
    const again = await screen.findByRole('form', { name: 'Count again' });
    await waitFor(() => expect(focused()).toBe(within(again).getByLabelText('$100 bills count')));
    expect(within(again).getByLabelText<HTMLInputElement>('$20 bills count').value).toBe('10');
    expect(within(again).getByLabelText<HTMLInputElement>('Check 1 number').value).toBe('1234');
    // A row added by mistake goes with Backspace in its empty number; focus returns to the row above.
    fireEvent.click(within(again).getByRole('button', { name: 'Add check' }));
    await waitFor(() => expect(focused()).toBe(within(again).getByLabelText('Check 2 number')));
    press('Backspace');
    await waitFor(() => expect(focused()).toBe(within(again).getByLabelText('Check 1 payer')));
    expect(within(again).queryByLabelText('Check 2 number')).toBeNull();
    fireEvent.click(within(again).getByRole('button', { name: 'Submit count' }));
    result = await screen.findByRole('region', { name: 'Count result' });
    await waitFor(() => expect(focused()?.id).toBe('count-result-heading'));
    const counts = transport.calls.filter((c) => c.method === 'drawer.count');
    expect(counts).toHaveLength(2);
    fireEvent.change(within(result).getByLabelText('Supervisor note'), { target: { value: 'Found a $20 under the tray' } });
    fireEvent.change(within(result).getByLabelText('Supervisor username'), { target: { value: 'supervisor' } });
    fireEvent.change(within(result).getByLabelText('Supervisor PIN'), { target: { value: '9999' } });
    close();

    const report = await screen.findByRole('region', { name: 'Drawer 1 report' });
    expect(figure(report, 'Over/short')).toBe('$20.00 over');
    expect(figure(report, 'Close note')).toBe('Found a $20 under the tray');
    expect(figure(report, 'Approved by')).toBe('Sam Supervisor');
    const closes = transport.calls.filter((c) => c.method === 'drawer.close');
    expect(closes.at(-1)!.input).toEqual({ countId: 2, note: 'Found a $20 under the tray', override: { username: 'supervisor', secret: '9999' } });
    t.close();
  });
});

describe('reports and closing the day', () => {
  it('lets a supervisor pick a drawer and take a pickup, shows the day’s reports, and closes the day once every drawer is closed', async () => {
    const { t, seeded } = await startApp();
    const { cashier, cardReceipt } = await cashierDay(t, seeded);
    await t.must('receipts.void', { number: cardReceipt, reason: 'Wrong account', override: SUP }, cashier);
    const clerk = await t.signIn('clerk');
    const batch = await t.must('mailBatches.open', { controlCount: 1, controlTotalCents: 1000 }, clerk);
    await t.must('mailBatches.addItem', { batchId: batch.id, accountNumber: seeded.smith.number, amountCents: 1000, checkNumber: '555' }, clerk);
    await t.must('mailBatches.post', { batchId: batch.id }, clerk);

    // The Drawer screen: the supervisor has no drawer, and picks the cashier's from today's list.
    await signIn('supervisor', '9999');
    altDigit('3');
    const today = await screen.findByRole('region', { name: 'Drawers today' });
    await within(today).findByRole('button', { name: 'Show drawer 1' });
    expect(rowTexts(within(today).getByRole('table')).slice(1)[0]).toMatch(/^Drawer 1Cathy CashierS1.*Open$/);
    fireEvent.click(within(today).getByRole('button', { name: 'Show drawer 1' }));
    const journal = await screen.findByRole('region', { name: 'Drawer 1 journal (Cathy Cashier)' });
    await waitFor(() => expect(figure(journal, 'Expected cash')).toBe('$275.00'));
    expect(within(journal).queryByRole('button', { name: 'Close drawer (blind)' })).toBeNull();
    fireEvent.click(within(journal).getByRole('button', { name: 'Cash pickup' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cash pickup' });
    // A signed-in supervisor approves for themselves.
    expect(within(dialog).queryByLabelText('Supervisor username')).toBeNull();
    fireEvent.change(within(dialog).getByLabelText('$50 bills count'), { target: { value: '1' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record pickup' }));
    const slip = await within(dialog).findByRole('region', { name: 'Pickup slip' });
    expect([figure(slip, 'Supervisor'), figure(slip, 'Cashier'), figure(slip, 'Amount')]).toEqual(['Sam Supervisor', 'Cathy Cashier', '$50.00']);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(figure(screen.getByRole('region', { name: 'Drawer 1 journal (Cathy Cashier)' }), 'Expected cash')).toBe('$225.00'));
    expect(rowTexts(await screen.findByRole('table', { name: 'Cash pickups' })).at(-1)).toBe('Total picked up$50.00');

    // Reports (Alt+6): the newest day, open, with its daily cash report.
    altDigit('6');
    const day = await screen.findByLabelText<HTMLSelectElement>('Business day');
    await waitFor(() => expect(focused()).toBe(day));
    expect(day.value).toBe('2026-03-16');
    expect(day.selectedOptions[0]!.textContent).toBe('03/16/2026 — open');
    expect(screen.getByText('Business day 03/16/2026: Open: 1 open drawer, 0 unposted mail batches.')).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Daily cash report' }).getAttribute('aria-selected')).toBe('true');
    const daily = await screen.findByRole('region', { name: 'Daily cash report 03/16/2026' });
    expect(figure(daily, 'Net collected')).toBe('$125.00');
    expect(figure(daily, 'Receipts')).toBe('3');
    expect(rowTexts(within(daily).getByRole('table', { name: 'Totals by tender' }))).toEqual(['TenderAmount', 'Cash$100.00', 'Checks$50.00', 'Cards$0.00', 'Money orders$0.00', 'Remittances$0.00', 'Change given-$25.00', 'Net collected$125.00']);
    expect(rowTexts(within(daily).getByRole('table', { name: 'By revenue' })).slice(1)).toEqual(['Utility accounts1200$85.00', 'REC Recreation fee4320$40.00', 'Total$125.00']);
    expect(rowTexts(within(daily).getByRole('table', { name: 'By cashier' })).slice(1)).toEqual(['Cathy Cashier21$115.00', 'Clara Clerk10$10.00', 'Total31$125.00']);
    const core = await t.must('reports.daily', { businessDate: '2026-03-16' }, await t.signIn('supervisor'));
    const debit = core.byGl.reduce((s, g) => s + g.debitCents, 0);
    expect(debit).toBe(core.byGl.reduce((s, g) => s + g.creditCents, 0));
    const glRows = rowTexts(within(daily).getByRole('table', { name: 'By GL account' }));
    expect(glRows).toHaveLength(core.byGl.length + 2);
    expect(glRows.at(-1)).toBe(`Totals$${(debit / 100).toFixed(2)}$${(debit / 100).toFixed(2)}`);
    expect(rowTexts(within(daily).getByRole('table', { name: 'Drawers' })).slice(1)).toEqual(['1Cathy CashierS1OpenNot closed', 'Over/shortBalanced']);
    expect(rowTexts(within(daily).getByRole('table', { name: 'Voids' })).slice(1)).toEqual([`${cardReceipt}Cathy Cashier${core.voids[0]!.reason ?? ''}Sam Supervisor$50.00`]);
    expect(rowTexts(within(daily).getByRole('table', { name: 'Returned payments' })).slice(1)).toEqual(['None']);
    expect(rowTexts(within(daily).getByRole('table', { name: 'Mail batches' }))[1]).toMatch(/^Batch 11\$10\.0003\/16\/2026/);
    // The reconciliation ties the tender totals to the GL section; the mail batch's check is on its deposit slip, the open drawer's check on none yet.
    expect(rowTexts(within(daily).getByRole('table', { name: 'Reconciliation: tender totals to the GL section' })).slice(-1)).toEqual(['Difference (ties out)$0.00']);
    expect(rowTexts(within(daily).getByRole('table', { name: 'Deposit slips' })).slice(1)).toEqual(['Mail batch 1 (S1)$0.001$10.00$10.00']);
    expect(rowTexts(within(daily).getByRole('table', { name: 'Checks and money orders on no deposit slip' })).slice(1)).toEqual(['S1-000002Check1234drawer 1 is not counted yet$40.00']);

    // The receipt journal, reached with the arrow key: every receipt with its status.
    screen.getByRole('tab', { name: 'Daily cash report' }).focus();
    press('ArrowRight');
    expect(focused()).toBe(screen.getByRole('tab', { name: 'Receipt journal' }));
    const rj = await screen.findByRole('region', { name: 'Receipt journal 03/16/2026' });
    const rjTable = within(rj).getByRole('table', { name: 'Receipts of 03/16/2026: 4 (1 void)' });
    const cells = within(rjTable)
      .getAllByRole('row')
      .slice(1, -2)
      .map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    // Each receipt names what it paid for (issue 11 item 12), even without a payer.
    expect(cells.map((c) => [c[0], c[2], c[3], c[5], c[6], c[7], c[8]])).toEqual([
      ['S1-000001', 'Cathy Cashier', 'Counter', `${seeded.smith.number} John Q. Smith`, 'Cash $100.00', '$75.00', 'Posted'],
      ['S1-000002', 'Cathy Cashier', 'Counter', 'REC Recreation fee', 'Check $40.00', '$40.00', 'Posted'],
      ['S1-000003', 'Cathy Cashier', 'Counter', `${seeded.smith.number} John Q. Smith`, 'Card $50.00', '$50.00', 'VOID'],
      ['S1-000004', 'Clara Clerk', 'Mail', `${seeded.smith.number} John Q. Smith`, 'Check $10.00', '$10.00', 'Posted'],
    ]);
    expect(rowTexts(rjTable).slice(-2)).toEqual(['Total posted (not void)$125.00', 'Total void$50.00']);

    // Drawer reports: the open drawer, with what it should hold now (a supervisor's view).
    fireEvent.click(screen.getByRole('tab', { name: 'Drawer reports' }));
    fireEvent.click(await screen.findByRole('button', { name: 'View drawer 1 report' }));
    const dr = await screen.findByRole('region', { name: 'Drawer 1 report' });
    expect(within(dr).getByText('Not counted yet.')).toBeTruthy();
    expect(figure(dr, 'Expected cash now')).toBe('$225.00');
    expect(within(dr).queryByRole('button', { name: 'Download deposit slip PDF' })).toBeNull();

    // Closing the day: refused while the drawer is open.
    fireEvent.click(screen.getByRole('button', { name: 'Close business day' }));
    let confirm = await screen.findByRole('dialog', { name: 'Close business day 03/16/2026' });
    await waitFor(() => expect(focused()).toBe(within(confirm).getByRole('button', { name: 'Close the day' })));
    fireEvent.click(within(confirm).getByRole('button', { name: 'Close the day' }));
    expect((await within(confirm).findByRole('alert')).textContent).toBe('The day was not closed: Business day 2026-03-16 still has 1 open drawer(s) and 0 unposted mail batch(es).');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    // The cashier closes the drawer (exactly); now the day closes.
    const counted = await t.must('drawer.count', { counts: [{ denominationCents: 100, count: 225 }], checks: [{ checkNumber: '1234', amountCents: 4000 }], cardBatchCents: 0 }, cashier);
    expect(counted.variances).toEqual({ cash: 0, checks: 0, card: 0 });
    await t.must('drawer.close', { countId: counted.countId }, cashier);
    fireEvent.click(screen.getByRole('button', { name: 'Close business day' }));
    confirm = await screen.findByRole('dialog', { name: 'Close business day 03/16/2026' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Close the day' }));
    await screen.findByText('Business day 03/16/2026 is closed. The next posting opens the next business day.');
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(screen.getByLabelText<HTMLSelectElement>('Business day').selectedOptions[0]!.textContent).toBe('03/16/2026 — closed'));
    expect(screen.queryByRole('button', { name: 'Close business day' })).toBeNull();
    fireEvent.click(screen.getByRole('tab', { name: 'Daily cash report' }));
    const closedDaily = await screen.findByRole('region', { name: 'Daily cash report 03/16/2026' });
    expect(figure(closedDaily, 'Day')).toMatch(/^Closed 03\/16\/2026.* by Sam Supervisor$/);
    expect(rowTexts(within(closedDaily).getByRole('table', { name: 'Drawers' }))[1]).toBe('1Cathy CashierS1ClosedBalanced');

    // The daily cash report PDF.
    const downloads = captureDownloads();
    try {
      fireEvent.click(within(closedDaily).getByRole('button', { name: 'Download PDF' }));
      await within(closedDaily).findByText(/^Saved daily-cash-report-2026-03-16\.pdf \(\d+ pages?\)\.$/);
      expect(downloads.saved.map((d) => d.filename)).toEqual(['daily-cash-report-2026-03-16.pdf']);
      expect(new TextDecoder().decode((await pdfBytes(downloads.saved[0]!.blob)).slice(0, 5))).toBe('%PDF-');
    } finally {
      downloads.restore();
    }
    expect(t.core.deps.db.prepare("SELECT action FROM audit_log WHERE action = 'day.close'").all()).toHaveLength(1);
    t.close();
  });

  it('shows a cashier only their own drawer reports, and an administrator the day reports without PDFs', async () => {
    const { t, seeded } = await startApp();
    await cashierDay(t, seeded);
    // A second cashier with a drawer at station S2 (a second core over the same ledger).
    const { createUser } = await import('../../src-main/core/auth/users');
    const { createCore } = await import('../../src-main/core/create-core');
    const { createBridge } = await import('../../src-main/ipc/bridge');
    const { sequentialIds } = await import('../../src-main/core/deps');
    createUser(t.core.deps.db, { username: 'cashier2', displayName: 'Carl Cashier', role: 'cashier', secret: '3333', at: '2026-03-01T00:00:00Z' });
    const s2 = createBridge(createCore({ db: t.core.deps.db, clock: t.clock, ids: sequentialIds('s2'), station: 'S2', ledgerFile: ':memory:', appVersion: 'test' }));
    const signedIn = await s2.invoke('session.signIn', { username: 'cashier2', secret: '3333' }, null);
    expect(signedIn.ok).toBe(true);
    expect((await s2.invoke('drawer.open', { counts: STARTING_BANK }, (signedIn as { value: { token: string } }).value.token)).ok).toBe(true);

    await signIn('cashier', '1111');
    altDigit('6');
    await screen.findByRole('heading', { level: 1, name: 'Reports' });
    const table = await screen.findByRole('table', { name: 'Drawers of 03/16/2026' });
    expect(screen.queryByRole('tablist')).toBeNull();
    expect(screen.queryByRole('region', { name: /Daily cash report/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Close business day' })).toBeNull();
    expect(rowTexts(table).slice(1)).toEqual(['Drawer 1Cathy CashierS1Open$165.00Not closed']);
    fireEvent.click(within(table).getByRole('button', { name: 'View drawer 1 report' }));
    const dr = await screen.findByRole('region', { name: 'Drawer 1 report' });
    // Still open: the cashier does not see what it should hold (the close is blind).
    expect(within(dr).getByText('Not counted yet.')).toBeTruthy();
    expect(within(dr).queryByText(/Expected/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByRole('button', { name: 'Sign in' });

    await signIn('admin', '0000');
    altDigit('6');
    const daily = await screen.findByRole('region', { name: 'Daily cash report 03/16/2026' });
    expect(figure(daily, 'Net collected')).toBe('$165.00');
    expect(screen.queryByRole('tab', { name: 'Drawer reports' })).toBeNull();
    expect(within(daily).queryByRole('button', { name: 'Download PDF' })).toBeNull();
    expect(within(daily).getByRole('button', { name: 'Print' })).toBeTruthy();
    t.close();
  });
});
