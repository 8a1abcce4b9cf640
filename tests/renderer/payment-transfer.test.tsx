// Moving a misapplied payment from the account page (issue 11 item 14): a clerk opens the wrong
// account, chooses "Move to another account" on the payment, keys the right account and a reason;
// a transfer over the adjustment limit asks for a supervisor in the same dialog. Both account
// pages then show the transfer with the original receipt number.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { STARTING_BANK } from '../helpers/fixtures';
import { signIn, startApp } from './harness';

const focused = () => document.activeElement as HTMLElement;

describe('payment transfer on the account page', () => {
  it('moves a payment keyed to the wrong account onto the right one, with a supervisor over the limit', async () => {
    const { t, seeded } = await startApp();
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    // $155.25 keyed to John Q. Smith; it was Jones Hardware's.
    await t.must('payments.post', { idempotencyKey: 'renderer-transfer-1', lines: [{ type: 'account', accountId: seeded.smith.id, amountCents: 15525 }], tenders: [{ kind: 'cash', amountCents: 15525 }] }, cashier);

    await signIn('clerk', '2222');
    fireEvent.keyDown(document.body, { key: '2', code: 'Digit2', altKey: true });
    const box = await screen.findByRole('searchbox', { name: 'Search accounts' });
    fireEvent.change(box, { target: { value: seeded.smith.number } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await screen.findByRole('heading', { name: /John Q\. Smith/ });

    fireEvent.click(await screen.findByRole('button', { name: 'Move payment S1-000001 to another account' }));
    const dialog = await screen.findByRole('dialog', { name: 'Move payment S1-000001' });
    const to = within(dialog).getByLabelText('Move to account');
    await waitFor(() => expect(focused()).toBe(to));
    expect(within(dialog).getByLabelText<HTMLInputElement>('Amount to move').value).toBe('155.25');
    fireEvent.change(to, { target: { value: seeded.jones.number } });
    fireEvent.change(within(dialog).getByLabelText('Reason'), { target: { value: 'Keyed to the wrong account' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Move payment' }));

    // Over the $50.00 adjustment limit: the core asks for a supervisor, in the same dialog.
    await within(dialog).findByText(/needs a supervisor's approval/);
    fireEvent.change(within(dialog).getByLabelText('Supervisor username'), { target: { value: 'supervisor' } });
    fireEvent.change(within(dialog).getByLabelText('Supervisor PIN'), { target: { value: '9999' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Move payment' }));

    expect((await screen.findByText(/^Moved \$155\.25 of receipt S1-000001 to account/)).textContent).toContain('Jones Hardware');
    await waitFor(() => expect(screen.getAllByText('Payment transfer').length).toBeGreaterThan(0));
    const transfers = await t.must('payments.transfers', { accountId: seeded.jones.id }, cashier);
    expect(transfers.transfers).toEqual([expect.objectContaining({ receiptNumber: 'S1-000001', amountCents: 15525, approvedBy: 'Sam Supervisor', by: 'Clara Clerk' })]);
    expect((await t.must('accounts.get', { accountId: seeded.smith.id }, cashier)).balanceCents).toBe(15525);
    t.close();
  });
});
