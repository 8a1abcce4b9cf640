// The Cut-off day screen (Alt+N) in happy-dom over the real bridge and ledger: on the cut-off
// date a supervisor creates the disconnect orders of the ready list; once the crew has
// disconnected, the account is listed with what reconnects it, and its flags say so.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { makeTestCore, type TestCore } from '../helpers/core';
import { billAccount, makeAccount } from '../helpers/fixtures';
import { signIn, startApp } from './harness';

describe('Cut-off day screen', () => {
  let t: TestCore;
  let pyle: { id: number; number: string };
  beforeEach(async () => {
    t = await makeTestCore(); // business date 2026-03-16, a Monday
    pyle = makeAccount(t.core.deps.db, { first: 'Gomer', last: 'Pyle', street: '7 Garage Rd' });
    billAccount(t.core.deps.db, pyle.id, '2026-02-01', { water: 8743 }); // due 2026-02-21
    const sup = await t.signIn('supervisor');
    await t.must('collections.cutoffList.generate', { cutoffDate: '2026-03-24' }, sup);
    t.clock.set('2026-03-24T14:00:00Z');
  });
  afterEach(() => t.close());

  it('creates the disconnect orders on the cut-off date and lists the disconnected account with what reconnects it', async () => {
    await startApp({ core: t });
    await signIn('supervisor', '9999');
    fireEvent.keyDown(document.body, { key: 'x', code: 'KeyX', altKey: true });
    await screen.findByRole('heading', { name: 'Cut-off day' }, { timeout: 10_000 });
    const form = screen.getByRole('form', { name: 'Disconnect orders' });
    await waitFor(() => expect(within(form).getByLabelText<HTMLSelectElement>('Cut-off list').selectedOptions[0]!.textContent).toMatch(/for 03\/24\/2026: 1 on the list$/), { timeout: 10_000 });
    fireEvent.click(within(form).getByRole('button', { name: 'Create disconnect orders' }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Disconnect orders result' }).textContent).toBe('1 disconnect order created; 0 accounts left off since the list was made.'), { timeout: 10_000 });
    const created = screen.getByRole('table', { name: 'Disconnect orders created' });
    const wo = t.core.deps.db.prepare("SELECT id, number FROM work_orders WHERE type = 'disconnect_nonpay' AND account_id = ?").get(pyle.id) as { id: number; number: string };
    expect(within(created).getByText(wo.number)).toBeTruthy();
    expect(screen.getByText('No account is disconnected for non-payment.')).toBeTruthy();

    // The crew disconnects; the screen, opened again, lists the account and what reconnects it.
    const clerk = await t.signIn('clerk');
    const crew = (t.core.deps.db.prepare("SELECT id FROM crews WHERE division = 'water' ORDER BY id LIMIT 1").get() as { id: number }).id;
    await t.must('workOrders.dispatch', { id: wo.id, crewId: crew }, clerk);
    await t.must('workOrders.complete', { id: wo.id, reading: 1500, readCode: 'ok', findings: 'off', confirmAnyway: true }, clerk);
    fireEvent.keyDown(document.body, { key: '2', code: 'Digit2', altKey: true });
    fireEvent.keyDown(document.body, { key: 'x', code: 'KeyX', altKey: true });
    const table = await screen.findByRole('table', { name: 'Disconnected accounts' }, { timeout: 10_000 });
    const row = within(table).getByRole('button', { name: `Open account ${pyle.number}` }).closest('tr')!;
    expect(row.textContent).toContain('03/24/2026');
    expect(row.textContent).toContain('On payment of $137.43');
    const flags = (await t.must('accounts.get', { accountId: pyle.id }, clerk)).flags;
    expect(flags).toMatchObject({ disconnectedOn: '2026-03-24', reconnectCents: 13743 });
  });
});
