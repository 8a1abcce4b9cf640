// Issue 11 items 2 and 7 on the Drawer screen (happy-dom, the real core): after a count is
// submitted, signing out and in resumes at its result — never a fresh blind count — and a recount
// of the expected amount still needs a supervisor, with both counts listed; the blind close
// offers the drawer's checks to tick off, refuses letters in a keyed check number, and Enter in a
// check's amount goes to its payer.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { STARTING_BANK } from '../helpers/fixtures';
import { signIn, startApp } from './harness';

const focused = () => document.activeElement as HTMLElement;
const press = (key: string) => fireEvent.keyDown(focused(), { key });
const typeText = (value: string) => fireEvent.change(focused(), { target: { value } });
const altDigit = (d: string) => fireEvent.keyDown(document.body, { key: d, code: `Digit${d}`, altKey: true });
const rowTexts = (table: HTMLElement) => within(table).getAllByRole('row').map((r) => r.textContent);

describe('blind close (issue 11 items 2 and 7)', () => {
  it('resumes at the submitted count after sign-out; a recount of the expected amount still needs a supervisor and both counts show', async () => {
    const { t, transport } = await startApp();
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    // $200.00 bank + $340.39 cash = $540.39 expected.
    await t.must('payments.post', { idempotencyKey: 'rblind-0001', lines: [{ type: 'revenue', revenueCode: 'REC', amountCents: 34039, description: 'Pool passes' }], tenders: [{ kind: 'cash', amountCents: 34039 }] }, cashier);

    await signIn('cashier', '1111');
    altDigit('3');
    fireEvent.click(await screen.findByRole('button', { name: 'Close drawer (blind)' }));
    let form = await screen.findByRole('form', { name: 'Close drawer (blind)' });
    // $520.00: $20.39 short.
    fireEvent.change(within(form).getByLabelText('$100 bills count'), { target: { value: '5' } });
    fireEvent.change(within(form).getByLabelText('$20 bills count'), { target: { value: '1' } });
    fireEvent.change(within(form).getByLabelText('Card terminal batch total'), { target: { value: '0' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Submit count' }));
    let result = await screen.findByRole('region', { name: 'Count result' });
    expect(within(result).getByRole('status').textContent).toBe('Over the $5.00 limit ($20.39 short in all): a supervisor’s note and approval are needed to close.');

    // Sign out and in again: the close resumes at the count already submitted.
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByRole('button', { name: 'Sign in' });
    await signIn('cashier', '1111');
    altDigit('3');
    fireEvent.click(await screen.findByRole('button', { name: 'Close drawer (blind)' }));
    result = await screen.findByRole('region', { name: 'Count result' });
    expect(screen.queryByRole('form', { name: 'Close drawer (blind)' })).toBeNull();
    expect(rowTexts(within(result).getByRole('table', { name: 'Counted and expected' }))[1]).toBe('Cash$520.00$540.39$20.39 short');

    // Recount, typing the expected $540.39.
    fireEvent.click(within(result).getByRole('button', { name: 'Count again' }));
    form = await screen.findByRole('form', { name: 'Count again' });
    expect(within(form).getByText('A recount is recorded beside your first count, which stays the count of record.')).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('$100 bills count'), { target: { value: '5' } });
    fireEvent.change(within(form).getByLabelText('$20 bills count'), { target: { value: '2' } });
    fireEvent.change(within(form).getByLabelText('Quarters count'), { target: { value: '1' } });
    fireEvent.change(within(form).getByLabelText('Dimes count'), { target: { value: '1' } });
    fireEvent.change(within(form).getByLabelText('Pennies count'), { target: { value: '4' } });
    fireEvent.change(within(form).getByLabelText('Card terminal batch total'), { target: { value: '0' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Submit count' }));
    result = await screen.findByRole('region', { name: 'Count result' });
    await waitFor(() => expect(rowTexts(within(result).getByRole('table', { name: 'Counted and expected' }))[1]).toBe('Cash$540.39$540.39Balanced'));
    expect(within(result).getByRole('status').textContent).toMatch(/^Recount: Balanced in all, but the count of record \(Cathy Cashier, .+\) was \$20\.39 short, over the \$5\.00 limit: a supervisor’s note and approval are needed to close\.$/);
    const counts = within(result).getByRole('table', { name: 'Counts of this drawer (the first is the count of record)' });
    expect(rowTexts(counts).slice(1).map((r) => r.replace(/Cathy Cashier.*?\$/, 'Cathy Cashier|$'))).toEqual(['Count of recordCathy Cashier|$520.00$0.00$0.00$20.39 short', 'Recount 1Cathy Cashier|$540.39$0.00$0.00Balanced']);
    expect(within(result).getByLabelText('Supervisor note')).toBeTruthy();
    expect(within(result).getByLabelText('Supervisor username')).toBeTruthy();
    fireEvent.click(within(result).getByRole('button', { name: 'Close drawer' }));
    expect(transport.calls.filter((c) => c.method === 'drawer.close')).toHaveLength(0);

    fireEvent.change(within(result).getByLabelText('Supervisor note'), { target: { value: 'Recounted with the supervisor' } });
    fireEvent.change(within(result).getByLabelText('Supervisor username'), { target: { value: 'supervisor' } });
    fireEvent.change(within(result).getByLabelText('Supervisor PIN'), { target: { value: '9999' } });
    fireEvent.click(within(result).getByRole('button', { name: 'Close drawer' }));
    const report = await screen.findByRole('region', { name: 'Drawer 1 report' });
    expect(rowTexts(within(report).getByRole('table', { name: 'Counts of this drawer (the first is the count of record)' })).slice(1)).toHaveLength(2);
    t.close();
  });

  it('offers the drawer’s checks to tick off, refuses letters in a keyed check number, and Enter in the amount goes to the payer', async () => {
    const { t, transport } = await startApp();
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    await t.must('payments.post', { idempotencyKey: 'rblind-0002', lines: [{ type: 'revenue', revenueCode: 'REC', amountCents: 4000, description: 'Pool pass' }], tenders: [{ kind: 'check', amountCents: 4000, checkNumber: '1234', payer: 'Opie Taylor' }] }, cashier);
    await t.must('payments.post', { idempotencyKey: 'rblind-0003', lines: [{ type: 'revenue', revenueCode: 'REC', amountCents: 2500, description: 'Pool pass' }], tenders: [{ kind: 'money_order', amountCents: 2500, reference: 'MO-778' }] }, cashier);

    await signIn('cashier', '1111');
    altDigit('3');
    fireEvent.click(await screen.findByRole('button', { name: 'Close drawer (blind)' }));
    const form = await screen.findByRole('form', { name: 'Close drawer (blind)' });
    const list = within(form).getByRole('table', { name: 'Checks this drawer took: tick each one you hold' });
    expect(rowTexts(list).slice(1)).toEqual(['Check1234Opie Taylor$40.00S1-000001', 'Money orderMO-778$25.00S1-000002']);
    // Nothing says how many checks the drawer should hold or what they total.
    expect(form.textContent).not.toContain('$65.00');
    expect(form.textContent).not.toMatch(/2 (checks|items)/);

    // Tab order follows the tick column: Enter from the pennies goes to the first tick, Enter goes down.
    within(form).getByLabelText('Pennies count').focus();
    press('Enter');
    expect(focused()).toBe(within(form).getByRole('checkbox', { name: 'In hand: Check 1234, Opie Taylor, $40.00' }));
    fireEvent.click(focused());
    press('Enter');
    expect(focused()).toBe(within(form).getByRole('checkbox', { name: 'In hand: Money order MO-778, no payer, $25.00' }));
    press('Enter');
    expect(focused()).toBe(within(form).getByRole('button', { name: 'Add check' }));

    // Another check keyed by hand: letters in its number are refused at the field.
    fireEvent.click(focused());
    await waitFor(() => expect(focused()).toBe(within(form).getByLabelText('Check 1 number')));
    typeText('12a4');
    expect(within(form).getByText('A check or money order number is digits only.')).toBeTruthy();
    typeText('1299');
    press('Enter');
    expect(focused()).toBe(within(form).getByLabelText('Check 1 amount'));
    typeText('12.50');
    press('Enter');
    await waitFor(() => expect(focused()).toBe(within(form).getByLabelText('Check 1 payer')));
    typeText('Aunt Bee');
    press('Enter');
    await waitFor(() => expect(focused()).toBe(within(form).getByLabelText('Check 2 number')));
    press('Enter');
    fireEvent.change(within(form).getByLabelText('$100 bills count'), { target: { value: '2' } });
    fireEvent.change(within(form).getByLabelText('Card terminal batch total'), { target: { value: '0' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Submit count' }));
    const result = await screen.findByRole('region', { name: 'Count result' });
    const sent = transport.calls.find((c) => c.method === 'drawer.count')!.input as { checks: unknown[] };
    expect(sent.checks).toEqual([{ receiptNumber: 'S1-000001', tenderLineNo: 1 }, { checkNumber: '1299', amountCents: 1250, payer: 'Aunt Bee' }]);
    // The unticked money order is missing: $40.00 + $12.50 counted against $65.00 expected.
    expect(rowTexts(within(result).getByRole('table', { name: 'Counted and expected' }))[2]).toBe('Checks and money orders$52.50$65.00$12.50 short');
    t.close();
  });
});
