// Mail payment batches and returned payments in happy-dom, over the real bridge and ledger.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { STARTING_BANK } from '../helpers/fixtures';
import { signIn, startApp } from './harness';

const focused = () => document.activeElement as HTMLElement;
const press = (key: string) => fireEvent.keyDown(focused(), { key });
const typeText = (value: string) => fireEvent.change(focused(), { target: { value } });
const altDigit = (d: string) => fireEvent.keyDown(document.body, { key: d, code: `Digit${d}`, altKey: true });

/** Types one row the way a clerk does: account number, Tab, amount, Tab, check number, Enter. */
function keyRow(account: string, amount: string, check = '') {
  typeText(account);
  screen.getByLabelText('Amount').focus();
  typeText(amount);
  screen.getByLabelText('Check number').focus();
  typeText(check);
  press('Enter');
}

describe('mail payment batches', () => {
  it('keys rows fast, refuses a bad account number at entry, stays out of balance until it matches, then posts with a report', async () => {
    const { t, seeded } = await startApp();
    await signIn('clerk', '2222');
    altDigit('4');
    const count = await screen.findByLabelText('Control count');
    await waitFor(() => expect(focused()).toBe(count));
    expect(screen.getByText('No mail batches today yet.')).toBeTruthy();
    typeText('2');
    fireEvent.change(screen.getByLabelText('Control total'), { target: { value: '195.2x' } });
    expect(screen.getByText('Enter an amount in dollars and cents, like 12.50.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Control total'), { target: { value: '195.25' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start batch' }));
    await screen.findByRole('heading', { level: 1, name: 'Mail batch 1' });
    const account = screen.getByLabelText<HTMLInputElement>('Account number');
    await waitFor(() => expect(focused()).toBe(account));
    const status = () => screen.getByText(/^(Balanced|Out of balance)/).textContent;
    expect(status()).toBe('Out of balance: 2 items short, $195.25 short.');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Post batch' }).disabled).toBe(true);

    // A mistyped check digit is refused at entry; focus goes back to the account number.
    const bad = `${seeded.smith.number.slice(0, -1)}${(Number(seeded.smith.number.slice(-1)) + 1) % 10}`;
    keyRow(bad, '155.25', '3301');
    expect((await screen.findByRole('alert')).textContent).toBe(`Not added: ${bad} fails its check digit; re-key it from the stub.`);
    expect(focused()).toBe(account);
    expect(account.value).toBe(bad);
    typeText(seeded.smith.number);
    press('Enter');
    await screen.findByText(`Added ${seeded.smith.number} John Q. Smith, $155.25.`);
    expect(focused()).toBe(account);
    expect(account.value).toBe('');
    expect(screen.getByLabelText<HTMLInputElement>('Amount').value).toBe('');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(status()).toBe('Out of balance: 1 item short, $40.00 short.');

    keyRow(seeded.jones.number, '50.00');
    await screen.findByText(`Added ${seeded.jones.number} Jones Hardware, $50.00.`);
    expect(status()).toBe('Out of balance: $10.00 over.');
    const control = screen.getByRole('region', { name: 'Control' });
    expect(within(control).getAllByRole('row').map((r) => r.textContent)).toEqual(['KeyedControlDifference', 'Count220', 'Total$205.25$195.25+$10.00']);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Post batch' }).disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: `Remove item 2: ${seeded.jones.number} $50.00` }));
    await screen.findByText('Item removed.');
    keyRow(seeded.jones.number, '40', '88');
    await screen.findByText(`Added ${seeded.jones.number} Jones Hardware, $40.00.`);
    expect(status()).toBe('Balanced: count and total match the controls.');
    const post = screen.getByRole<HTMLButtonElement>('button', { name: 'Post batch' });
    expect(post.disabled).toBe(false);
    fireEvent.click(post);

    const report = await screen.findByRole('region', { name: 'Mail batch 1 report' });
    const rows = within(within(report).getByRole('table', { name: 'Payments posted' })).getAllByRole('row').slice(1, -1);
    expect(rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      ['S1-000001', seeded.smith.number, 'John Q. Smith', 'Check 3301', '$155.25'],
      ['S1-000002', seeded.jones.number, 'Jones Hardware', 'Check 88', '$40.00'],
    ]);
    expect(within(report).getByText('Total, 2 payments').closest('tr')!.textContent).toContain('$195.25');
    const posted = within(report).getByText('Posted', { selector: 'dt' }).parentElement!.querySelector('dd')!.textContent;
    expect(posted).toMatch(/^Clara Clerk, 03\/16\/2026/);
    expect(within(report).getByRole('button', { name: 'Print report' })).toBeTruthy();
    const clerk = await t.signIn('clerk');
    expect((await t.must('accounts.get', { accountId: seeded.smith.id }, clerk)).balanceCents).toBe(0);
    expect((await t.must('accounts.get', { accountId: seeded.jones.id }, clerk)).balanceCents).toBe(-4000);

    // Back in the list, the batch shows as posted.
    fireEvent.click(screen.getByRole('button', { name: 'Back to batches' }));
    const list = await screen.findByRole('table', { name: 'Today’s mail batches' });
    expect(within(list).getByText('Posted')).toBeTruthy();
    expect(within(list).getByRole('button', { name: 'View report of batch 1' })).toBeTruthy();
    t.close();
  });
});

describe('returned payments', () => {
  it('records a returned check with a supervisor’s approval and shows the fee, cash-only and the letter', async () => {
    const { t, seeded } = await startApp();
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    const paid = await t.must('payments.post', { idempotencyKey: 'renderer-return-1', lines: [{ type: 'account', accountId: seeded.smith.id, amountCents: 15525 }], tenders: [{ kind: 'check', amountCents: 15525, checkNumber: '1201', payer: 'John Q. Smith' }] }, cashier);
    await signIn('clerk', '2222');
    altDigit('5');
    const number = await screen.findByLabelText('Receipt number');
    await waitFor(() => expect(focused()).toBe(number));
    typeText('S1-999999');
    fireEvent.click(screen.getByRole('button', { name: 'Find receipt' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Could not find the receipt: No receipt S1-999999.');
    fireEvent.change(number, { target: { value: paid.receipt.number.toLowerCase() } });
    fireEvent.click(screen.getByRole('button', { name: 'Find receipt' }));
    const form = await screen.findByRole('form', { name: `Record the return of receipt ${paid.receipt.number}` });
    expect(screen.getByRole('article', { name: `Receipt ${paid.receipt.number}` })).toBeTruthy();
    expect(within(form).getByLabelText<HTMLSelectElement>('Returned tender').selectedOptions[0]!.textContent).toBe('Check 1201 — John Q. Smith, $155.25');
    expect(within(form).getByLabelText<HTMLInputElement>('Returned on').value).toBe('2026-03-16');
    expect(within(form).getByLabelText<HTMLSelectElement>('Reason').value).toBe('NSF');
    fireEvent.change(within(form).getByLabelText('Reason'), { target: { value: 'Other' } });
    fireEvent.change(within(form).getByLabelText('Other reason'), { target: { value: 'Signature missing' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Record returned payment' }));
    expect(within(form).getByText('The supervisor enters their PIN.')).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Supervisor username'), { target: { value: 'supervisor' } });
    fireEvent.change(within(form).getByLabelText('Supervisor PIN'), { target: { value: '9999' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Record returned payment' }));

    const done = await screen.findByRole('region', { name: 'Returned payment recorded' });
    const detail = (label: string) => within(done).getByText(label).parentElement!.querySelector('dd')!.textContent;
    expect(detail('Returned-check fee')).toBe('$35.00 charged to the account');
    expect(detail('Cash only')).toBe('Not set');
    expect(detail('Letter')).toMatch(/^Recorded to send \(letter \d+\)$/);
    expect(within(screen.getByRole('article', { name: `Receipt ${paid.receipt.number}` })).getByText('RETURNED 03/16/2026: Signature missing')).toBeTruthy();
    const after = await t.must('accounts.get', { accountId: seeded.smith.id }, cashier);
    expect(after.balanceCents).toBe(15525 + 3500);
    t.close();
  });
});
