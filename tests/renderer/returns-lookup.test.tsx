// Issue 11 item 8 on the Returned payment screen (happy-dom, the real core): the clerk finds the
// check from the bank's notice (check number, amount, date, account), records the return with a
// supervisor, and opens the recorded letter as a PDF.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { STARTING_BANK } from '../helpers/fixtures';
import { signIn, startApp, captureDownloads } from './harness';

const altDigit = (d: string) => fireEvent.keyDown(document.body, { key: d, code: `Digit${d}`, altKey: true });

/** Captures what a download would save (the <a download> click and its Blob). */
describe('returned payment lookup (issue 11 item 8)', () => {
  it('finds the check by number and amount from the bank’s notice, records the return and opens the letter', async () => {
    const { t, seeded } = await startApp();
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    await t.must('payments.post', { idempotencyKey: 'lookup-r-0001', lines: [{ type: 'account', accountId: seeded.smith.id, amountCents: 2000 }], tenders: [{ kind: 'check', amountCents: 2000, checkNumber: '1201', payer: 'Someone Else' }] }, cashier);
    const paid = await t.must('payments.post', { idempotencyKey: 'lookup-r-0002', lines: [{ type: 'account', accountId: seeded.smith.id, amountCents: 15525 }], tenders: [{ kind: 'cash', amountCents: 5525 }, { kind: 'check', amountCents: 10000, checkNumber: '1201', payer: 'John Q. Smith' }] }, cashier);

    await signIn('clerk', '2222');
    altDigit('5');
    const search = await screen.findByRole('form', { name: 'Find from the bank’s notice' });
    fireEvent.click(within(search).getByRole('button', { name: 'Search payments' }));
    expect(screen.getByText('Give the check number, the amount, the date it was taken or the account from the bank’s notice.')).toBeTruthy();
    fireEvent.change(within(search).getByLabelText('Check number'), { target: { value: '1201' } });
    fireEvent.change(within(search).getByLabelText('Amount'), { target: { value: '1o0' } });
    expect(within(search).getByText('Enter the amount in dollars and cents, like 70.00.')).toBeTruthy();
    fireEvent.change(within(search).getByLabelText('Amount'), { target: { value: '100.00' } });
    fireEvent.click(within(search).getByRole('button', { name: 'Search payments' }));
    const table = await screen.findByRole('table', { name: '1 matching' });
    expect(within(table).getAllByRole('row')[1]!.textContent).toContain(`${paid.receipt.number}Check1201John Q. Smith${seeded.smith.number}`);
    fireEvent.click(within(table).getByRole('button', { name: `Return check 1201 on ${paid.receipt.number}` }));

    // The form opens on the check tender (line 2 of a split cash + check payment).
    const form = await screen.findByRole('form', { name: `Record the return of receipt ${paid.receipt.number}` });
    expect(within(form).getByLabelText<HTMLSelectElement>('Returned tender').selectedOptions[0]!.textContent).toBe('Check 1201 — John Q. Smith, $100.00');
    fireEvent.change(within(form).getByLabelText('Supervisor username'), { target: { value: 'supervisor' } });
    fireEvent.change(within(form).getByLabelText('Supervisor PIN'), { target: { value: '9999' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Record returned payment' }));
    const done = await screen.findByRole('region', { name: 'Returned payment recorded' });

    const downloads = captureDownloads();
    try {
      fireEvent.click(within(done).getByRole('button', { name: 'Open letter (PDF)' }));
      await within(done).findByText(/^Saved returned-payment-letter-.+\.pdf: open it to print\.$/);
      expect(downloads.saved).toHaveLength(1);
      const bytes = new Uint8Array(await downloads.saved[0]!.blob!.arrayBuffer());
      expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');

      // Searching by the account again shows it returned, with its letter.
      fireEvent.change(within(search).getByLabelText('Check number'), { target: { value: '' } });
      fireEvent.change(within(search).getByLabelText('Amount'), { target: { value: '' } });
      fireEvent.change(within(search).getByLabelText('Account number'), { target: { value: seeded.smith.number } });
      fireEvent.click(within(search).getByRole('button', { name: 'Search payments' }));
      const again = await screen.findByRole('table', { name: '2 matching' });
      const row = within(again).getAllByRole('row').find((r) => r.textContent.includes(paid.receipt.number))!;
      expect(row.textContent).toMatch(/Returned 03\/16\/2026 \(NSF\)/);
      fireEvent.click(within(row).getByRole('button', { name: `Open the letter for ${paid.receipt.number}` }));
      await waitFor(() => expect(downloads.saved).toHaveLength(2));
    } finally {
      downloads.restore();
    }
    t.close();
  });
});
