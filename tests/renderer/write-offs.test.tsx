// The Write-offs screen (Alt+O) in happy-dom over the real bridge and ledger: a clerk requests
// the write-off of a final-billed account's balance; a second supervisor approves it; the
// agency referral preview and the unclaimed property report show.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createUser } from '../../src-main/core/auth/users';
import { makeTestCore, type TestCore } from '../helpers/core';
import { billAccount, makeAccount } from '../helpers/fixtures';
import { signIn, startApp } from './harness';

describe('Write-offs screen', () => {
  let t: TestCore;
  let pyle: { id: number; number: string };
  beforeEach(async () => {
    t = await makeTestCore(); // 2026-03-16
    createUser(t.core.deps.db, { username: 'super2', displayName: 'Second Supervisor', role: 'supervisor', secret: '8888', at: '2026-01-01T00:00:00Z' });
    pyle = makeAccount(t.core.deps.db, { first: 'Gomer', last: 'Pyle', street: '7 Garage Rd' });
    billAccount(t.core.deps.db, pyle.id, '2025-10-01', { water: 12345 });
    t.core.deps.db.prepare("UPDATE accounts SET status = 'final_billed' WHERE id = ?").run(pyle.id);
  });
  afterEach(() => t.close());

  it('requests a write-off, another supervisor approves it, and the referral preview counts it before', async () => {
    await startApp({ core: t });
    await signIn('clerk', '2222');
    fireEvent.keyDown(document.body, { key: 'o', code: 'KeyO', altKey: true });
    await screen.findByRole('heading', { level: 1, name: 'Write-offs' }, { timeout: 10_000 });
    const form = screen.getByRole('form', { name: 'Request a write-off' });
    fireEvent.change(within(form).getByLabelText('Account number'), { target: { value: pyle.number } });
    fireEvent.change(within(form).getByLabelText('Reason for the write-off'), { target: { value: 'Moved away, no address' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Request write-off' }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Write-off result' }).textContent).toBe(`WOF-2026-S1-000001: $123.45 on ${pyle.number} waits for a supervisor.`), { timeout: 10_000 });
    expect(screen.queryByRole('button', { name: 'Approve WOF-2026-S1-000001' })).toBeNull(); // a clerk doesn't approve
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByLabelText('Username');

    await signIn('super2', '8888');
    fireEvent.keyDown(document.body, { key: 'o', code: 'KeyO', altKey: true });
    await screen.findByRole('heading', { level: 1, name: 'Write-offs' }, { timeout: 10_000 });
    fireEvent.click(screen.getByRole('button', { name: 'Preview referral' }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Referral preview' }).textContent).toBe('1 final balances due for referral, $123.45.'), { timeout: 10_000 });
    fireEvent.click(await screen.findByRole('button', { name: 'Approve WOF-2026-S1-000001' }, { timeout: 10_000 }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Write-off result' }).textContent).toBe(`WOF-2026-S1-000001 posted: $123.45 written off ${pyle.number}.`), { timeout: 10_000 });
    await screen.findByText('No write-off is waiting.', undefined, { timeout: 10_000 });
    fireEvent.click(screen.getByRole('button', { name: 'Show unclaimed property' }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Unclaimed property total' }).textContent).toBe('0 items, $0.00, as of 03/16/2026.'), { timeout: 10_000 });
  });
});
