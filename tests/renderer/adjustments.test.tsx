// The service desk's adjustments on screen, over the real bridge and ledger: the clerk reaches
// Adjust, Arrangement and Bill research on the account page by Alt+Shift+J/X/R, requests an
// adjustment over the limit (it waits) and makes a payment arrangement; the supervisor opens
// Adjustments (Alt+J) and approves it from the queue, and it posts.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { signIn, startApp } from './harness';

async function openSmith(number: string) {
  fireEvent.change(screen.getByRole('searchbox', { name: 'Search accounts' }), { target: { value: number } });
  fireEvent.click(await screen.findByRole('button', { name: `${number} John Q. Smith` }));
  await screen.findByRole('heading', { level: 1, name: /John Q. Smith/ });
}

describe('adjustments, arrangements and bill research on screen', () => {
  it('clerk requests an adjustment and makes an arrangement; the supervisor approves from the queue', async () => {
    const { t, seeded } = await startApp();
    const db = t.core.deps.db;
    await signIn('clerk', '2222');
    await openSmith(seeded.smith.number);

    // Bill research: the 12-month average of the two bills, neither far from it.
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'R', code: 'KeyR', altKey: true, shiftKey: true });
    const research = screen.getByRole('region', { name: 'Bill research' });
    expect(document.activeElement).toBe(within(research).getByRole('heading', { level: 2 }));
    await waitFor(() => expect(research.textContent).toContain('4,650 gallons over 2 bill(s)'));
    expect(within(research).queryByText('Far from average')).toBeNull();

    // Adjust: $50.10 off March's water charge ($50.25) is over the $50.00 limit and waits.
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'J', code: 'KeyJ', altKey: true, shiftKey: true });
    const adjust = screen.getByRole('region', { name: 'Adjust' });
    expect(document.activeElement).toBe(within(adjust).getByRole('heading', { level: 2 }));
    const water = db.prepare("SELECT id FROM charges WHERE account_id = ? AND service = 'water' AND due_date = '2026-03-21'").get(seeded.smith.id) as { id: number };
    const chargeSelect = within(adjust).getByRole<HTMLSelectElement>('combobox', { name: 'Charge to correct' });
    await waitFor(() => expect(within(chargeSelect).getAllByRole('option').length).toBeGreaterThan(1));
    fireEvent.change(chargeSelect, { target: { value: String(water.id) } });
    fireEvent.change(within(adjust).getByRole('combobox', { name: 'Reason' }), { target: { value: 'meter_misread' } });
    fireEvent.change(within(adjust).getByLabelText('Adjustment amount'), { target: { value: '50.10' } });
    fireEvent.change(within(adjust).getByLabelText('Adjustment explanation'), { target: { value: 'Reader transposed two digits' } });
    fireEvent.click(within(adjust).getByRole('button', { name: 'Request adjustment' }));
    expect((await within(adjust).findByRole('status')).textContent).toBe('ADJ-2026-S1-000001 for $50.10 is over the approval limit: it waits for a supervisor.');
    await waitFor(() => expect(within(adjust).getByRole('table', { name: /Adjustments on this account/ }).textContent).toContain('Waiting for approval'));

    // Arrangement: two installments for what is owed ($155.25).
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'X', code: 'KeyX', altKey: true, shiftKey: true });
    const arr = screen.getByRole('region', { name: 'Arrangement' });
    expect(document.activeElement).toBe(within(arr).getByRole('heading', { level: 2 }));
    await within(arr).findByRole('form', { name: 'New extension or arrangement' });
    fireEvent.change(within(arr).getByLabelText('Installment 1 due (YYYY-MM-DD)'), { target: { value: '2026-04-01' } });
    fireEvent.change(within(arr).getByLabelText('Installment 1 amount'), { target: { value: '75.25' } });
    fireEvent.change(within(arr).getByLabelText('Installment 2 due (YYYY-MM-DD)'), { target: { value: '2026-06-01' } });
    fireEvent.change(within(arr).getByLabelText('Installment 2 amount'), { target: { value: '80.00' } });
    fireEvent.click(within(arr).getByRole('button', { name: 'Make arrangement' }));
    // Past the two-month limit: refused with the last allowed date, nothing made.
    expect((await within(arr).findByRole('alert')).textContent).toContain('must be due by 2026-05-16');
    fireEvent.change(within(arr).getByLabelText('Installment 2 due (YYYY-MM-DD)'), { target: { value: '2026-05-01' } });
    fireEvent.click(within(arr).getByRole('button', { name: 'Make arrangement' }));
    expect((await within(arr).findByRole('status')).textContent).toBe('Arrangement made: $155.25 in 2 installment(s).');
    await waitFor(() => expect(arr.textContent).toContain('Kept so far (off the cut-off list)'));
    expect(within(arr).queryByRole('form')).toBeNull(); // one per 12 months
    expect(within(arr).getByRole('button', { name: 'Confirmation letter for the arrangement of 03/16/2026' })).toBeTruthy();
    expect(db.prepare("SELECT count(*) AS n FROM letters WHERE kind = 'arrangement' AND account_id = ?").get(seeded.smith.id)).toEqual({ n: 1 });
    expect(db.prepare('SELECT payment_arrangement FROM accounts WHERE id = ?').get(seeded.smith.id)).toEqual({ payment_arrangement: 1 });

    // The supervisor approves it from the queue.
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByRole('button', { name: 'Sign in' });
    await signIn('supervisor', '9999');
    fireEvent.keyDown(document.body, { key: 'j', code: 'KeyJ', altKey: true });
    await screen.findByRole('heading', { level: 1, name: 'Adjustments' });
    const queue = screen.getByRole('region', { name: 'Approval queue' });
    fireEvent.click(await within(queue).findByRole('button', { name: 'Approve ADJ-2026-S1-000001' }));
    expect((await screen.findByText(`ADJ-2026-S1-000001 approved and posted: $50.10 off account ${seeded.smith.number}.`)).getAttribute('role')).toBe('status');
    await waitFor(() => expect(within(queue).getByRole('table').textContent).toContain('No adjustments.'));
    expect(db.prepare("SELECT status FROM adjustments WHERE number = 'ADJ-2026-S1-000001'").get()).toEqual({ status: 'posted' });
    // The review of active arrangements: Smith's is kept so far, so nothing ends.
    fireEvent.click(screen.getByRole('button', { name: 'Review active arrangements' }));
    expect(await screen.findByText('Reviewed 1 active arrangement(s): 0 paid in full, 0 broken by a missed installment (ended, flag cleared).')).toBeTruthy();
    t.close();
  });
});
