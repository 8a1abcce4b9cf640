// Issue 14 part B on screen: the Deposits screen (Alt+E) previews refund eligibility with each
// criterion and shows the liability report; the account page's Deposit (Alt+Shift+E) and Letters
// (Alt+Shift+L) sections show what the account holds and issue a letter that is then listed.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { chargeDeposit } from '../../src-main/core/service-desk/deposits';
import { signIn, startApp } from './harness';

function searchFor(text: string) {
  fireEvent.change(screen.getByRole('searchbox', { name: 'Search accounts' }), { target: { value: text } });
}

describe('deposits on screen (issue 14 part B)', () => {
  it('Alt+E: previews the refund criteria per account and shows the liability totals', async () => {
    const { t, seeded } = await startApp();
    const db = t.core.deps.db;
    db.transaction(() => chargeDeposit(db, seeded.smithfield.id, 15000, { at: '2026-03-16T15:00:00Z', today: '2026-03-16', userId: 1, station: 'S1', idempotencyKey: 'dep-screen-0001' }))();
    await signIn('clerk', '2222');
    fireEvent.keyDown(document.body, { key: 'E', code: 'KeyE', altKey: true });
    await screen.findByRole('heading', { level: 1, name: 'Deposits' });

    const totals = await screen.findByRole('table', { name: 'Deposit totals as of 03/16/2026' });
    expect(within(totals).getByRole('row', { name: /Deposits held\s*\$150\.00/ })).toBeTruthy();
    expect(within(totals).getByRole('row', { name: /Charged, not yet paid\s*\$150\.00/ })).toBeTruthy();
    const byAccount = screen.getByRole('table', { name: /Deposits by account \(1/ });
    expect(within(byAccount).getByRole('row', { name: new RegExp(`${seeded.smithfield.number}.*Mary Smithfield`) })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Preview refunds' }));
    const table = await screen.findByRole('table', { name: 'Refund eligibility by account' });
    const row = within(table).getByRole('row', { name: new RegExp(seeded.smithfield.number) });
    expect(row.textContent).toContain('Not met 0 bills so far; 12 consecutive needed');
    // The deposit is due today: not past due yet.
    expect(row.textContent).toContain('Met nothing past due');
    const refunds = screen.getByRole('region', { name: 'Refund eligibility' });
    expect(within(refunds).getByRole('status').textContent).toBe('0 of 1 accounts eligible, $0.00 in all.');
    // A clerk does not post refunds.
    expect(screen.queryByRole('button', { name: /Refund \d+ eligible/ })).toBeNull();

    // A letter of credit for a customer found by name (a new customer has no account yet).
    const loc = screen.getByRole('region', { name: 'Letters of credit' });
    fireEvent.change(within(loc).getByLabelText('Customer'), { target: { value: 'Smithfield' } });
    fireEvent.click(within(loc).getByRole('button', { name: 'Find customer' }));
    fireEvent.click(await within(loc).findByRole('button', { name: 'Choose Mary Smithfield' }));
    expect(within(loc).getByText('For Mary Smithfield')).toBeTruthy();
    // Or by an account number: TownCounter's, or the old one printed on a converted customer's bill.
    db.prepare("UPDATE accounts SET legacy_number = '77-1234', legacy_key = '771234' WHERE id = ?").run(seeded.smithfield.id);
    fireEvent.change(within(loc).getByLabelText('Customer'), { target: { value: '77-1234' } });
    fireEvent.click(within(loc).getByRole('button', { name: 'Find customer' }));
    const byOld = await within(loc).findByRole('button', { name: 'Choose Mary Smithfield' });
    expect(within(within(loc).getByRole('list', { name: 'Customers found' })).getAllByRole('listitem')).toHaveLength(1);
    expect(within(loc).getByRole('list', { name: 'Customers found' }).textContent).toContain(`account ${seeded.smithfield.number}`);
    fireEvent.click(byOld);
    expect(within(loc).getByText('For Mary Smithfield')).toBeTruthy();
    fireEvent.change(within(loc).getByLabelText('Previous utility'), { target: { value: 'Mount Pilot Utilities' } });
    fireEvent.change(within(loc).getByLabelText('Received on'), { target: { value: '2026-03-10' } });
    fireEvent.change(within(loc).getByLabelText('Months of good payment'), { target: { value: '24' } });
    fireEvent.click(within(loc).getByRole('button', { name: 'Record letter of credit' }));
    await within(loc).findByText('Recorded the letter of credit from Mount Pilot Utilities for Mary Smithfield: it waives a deposit today.');
    const locTable = within(loc).getByRole('table', { name: 'Latest letters of credit' });
    await waitFor(() => expect(within(locTable).getByRole('row', { name: /Mary Smithfield\s*Mount Pilot Utilities\s*03\/10\/2026\s*24\s*Yes/ })).toBeTruthy());
    t.close();
  });

  it('the account page: Deposit section (Alt+Shift+E) and Letters (Alt+Shift+L) issue a credit reference in Spanish', async () => {
    const { t, seeded } = await startApp();
    const db = t.core.deps.db;
    db.transaction(() => chargeDeposit(db, seeded.smith.id, 20000, { at: '2026-03-16T15:00:00Z', today: '2026-03-16', userId: 1, station: 'S1', idempotencyKey: 'dep-screen-0002' }))();
    await signIn('clerk', '2222');
    searchFor(seeded.smith.number);
    fireEvent.click(await screen.findByRole('button', { name: `${seeded.smith.number} John Q. Smith` }));
    await screen.findByRole('heading', { level: 1, name: /John Q. Smith/ });

    fireEvent.keyDown(document.body, { key: 'E', code: 'KeyE', altKey: true, shiftKey: true });
    const deposit = screen.getByRole('region', { name: 'Deposit' });
    expect(document.activeElement).toBe(within(deposit).getByRole('heading', { level: 2 }));
    const held = await within(deposit).findByRole('table', { name: 'Deposit charged 03/16/2026' });
    expect(within(held).getByRole('row', { name: /Deposit held\s*\$200\.00/ })).toBeTruthy();
    expect(within(held).getByRole('row', { name: /Still to pay\s*\$200\.00/ })).toBeTruthy();
    const refund = within(deposit).getByRole('table', { name: 'Refund today: not eligible' });
    expect(within(refund).getByRole('row', { name: /Not past due\s*No\s*\$75\.00 past due/ })).toBeTruthy();

    const letters = screen.getByRole('region', { name: 'Letters' });
    await within(letters).findByText('No letters.');
    // A deposit receipt issued from the Deposit section shows up under Letters at once.
    fireEvent.click(within(deposit).getByRole('button', { name: 'Issue deposit receipt' }));
    await within(deposit).findByText(/Deposit receipt issued \(letter \d+\); print it from Letters\./);
    await within(letters).findByRole('row', { name: /Deposit receipt\s*Deposit receipt\s*English/ });

    fireEvent.keyDown(document.body, { key: 'L', code: 'KeyL', altKey: true, shiftKey: true });
    expect(document.activeElement).toBe(within(letters).getByRole('heading', { level: 2 }));
    fireEvent.change(within(letters).getByLabelText('Letter'), { target: { value: 'credit_reference' } });
    fireEvent.change(within(letters).getByLabelText('Language'), { target: { value: 'es' } });
    fireEvent.click(within(letters).getByRole('button', { name: 'Issue letter' }));
    await within(letters).findByText('Referencia de crédito issued (Spanish).');
    const list = within(letters).getByRole('table', { name: 'Letters on this account' });
    await waitFor(() => expect(within(list).getByRole('row', { name: /Credit reference\s*Referencia de crédito\s*Spanish/ })).toBeTruthy());
    expect(within(list).getByRole('button', { name: /Print Referencia de crédito letter \d+/ })).toBeTruthy();
    t.close();
  });
});
