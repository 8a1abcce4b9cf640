// The Rates screen in happy-dom over the real bridge and a real ledger: the schedules in force,
// the calculator with its arithmetic, and the administrator's new version (a refusal at its field,
// then saved and shown as a future version).
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { signIn, startApp } from './harness';

async function openRates() {
  fireEvent.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Rates' }));
  await screen.findByRole('heading', { level: 1, name: 'Rates' });
  await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Rates' })));
}

describe('Rates screen', () => {
  it('shows the schedules and calculates "5,400 gallons residential inside → $39.75" with the arithmetic, for a clerk too (who cannot edit)', async () => {
    await startApp();
    await signIn('clerk', '2222');
    await openRates();
    const table = await screen.findByRole('table', { name: /^Rates in force on 2026-03-16/ });
    expect(within(table).getByRole('row', { name: /Water residential 2000-01-01 \$18\.50 base incl\. 2,000 gallons; \$6\.25 per 1,000 from 2,000; outside ×2\.00/ })).toBeTruthy();
    const calc = within(screen.getByRole('form', { name: 'Rate calculator' }));
    fireEvent.change(calc.getByLabelText('Units used (gallons or kWh)'), { target: { value: '5,400' } });
    fireEvent.submit(screen.getByRole('form', { name: 'Rate calculator' }));
    expect((await screen.findByRole('status', { name: 'Charge' })).textContent).toBe('5,400 gallons residential inside → $39.75');
    const arithmetic = screen.getByRole('table', { name: /^Arithmetic: schedule from 2000-01-01/ });
    expect(within(arithmetic).getByRole('row', { name: 'Base charge (includes 2,000 gallons) $18.50' })).toBeTruthy();
    expect(within(arithmetic).getByRole('row', { name: '3,400 gallons × $6.25 per 1,000 $21.25' })).toBeTruthy();
    // Outside the limits, by keyboard-driven form changes.
    fireEvent.change(calc.getByLabelText('Town limits'), { target: { value: 'outside' } });
    fireEvent.submit(screen.getByRole('form', { name: 'Rate calculator' }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Charge' }).textContent).toBe('5,400 gallons residential outside → $79.50'));
    // A bad number is named at its field and nothing is asked.
    fireEvent.change(calc.getByLabelText('Units used (gallons or kWh)'), { target: { value: 'lots' } });
    fireEvent.submit(screen.getByRole('form', { name: 'Rate calculator' }));
    await waitFor(() => expect(calc.getByLabelText('Units used (gallons or kWh)').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.queryByRole('form', { name: /^New version/ })).toBeNull();
  });

  it('lets the administrator save a future version: a past date is refused at its field, then it is saved and listed', async () => {
    const { transport } = await startApp();
    await signIn('admin', '0000');
    await openRates();
    await screen.findByRole('table', { name: /^Rates in force/ });
    const formEl = await screen.findByRole('form', { name: 'New version of Water residential' });
    const form = within(formEl);
    fireEvent.change(form.getByLabelText('Tier 1 price ($ per block)'), { target: { value: '6.60' } });
    fireEvent.change(form.getByLabelText('Effective from'), { target: { value: '2026-03-01' } });
    fireEvent.change(form.getByLabelText('Reason for the change'), { target: { value: 'FY2027 budget ordinance' } });
    fireEvent.submit(formEl);
    await waitFor(() => expect(form.getByLabelText('Effective from').getAttribute('aria-invalid')).toBe('true'));
    expect(form.getByText('on or after today (2026-03-16)')).toBeTruthy();
    fireEvent.change(form.getByLabelText('Effective from'), { target: { value: '2026-07-01' } });
    fireEvent.submit(formEl);
    await waitFor(() => expect(transport.calls.filter((c) => c.method === 'rates.save')).toHaveLength(2));
    expect((await screen.findByRole('status', { name: 'Saved' })).textContent).toBe('Saved Water residential from 2026-07-01.');
    const history = await screen.findByRole('table', { name: 'Versions of Water residential, newest first' });
    await within(history).findByRole('row', { name: /2026-07-01 Future \$18\.50 base incl\. 2,000 gallons; \$6\.60 per 1,000 from 2,000.* FY2027 budget ordinance admin/ });
    expect(within(history).getByRole('row', { name: /2000-01-01 In force/ })).toBeTruthy();
  });
});

describe('final bill on the account page', () => {
  it('opens with Alt+Shift+F, works the bill out from the final reading (Enter), posts it, and the account is final billed', async () => {
    const { t, seeded, transport } = await startApp();
    const db = t.core.deps.db;
    const loc = (db.prepare('SELECT location_id FROM accounts WHERE id = ?').get(seeded.smith.id) as { location_id: number }).location_id;
    db.prepare("INSERT INTO meters (location_id, service, number, dials, installed_on) VALUES (?, 'water', 'W-1001', 6, '2024-05-01')").run(loc);
    db.prepare("INSERT INTO meter_readings (location_id, service, meter_number, read_on, value, source, read_code, entered_at) VALUES (?, 'water', 'W-1001', '2026-02-10', 50000, 'handheld', 'ok', '2026-02-10T12:00:00Z')").run(loc);
    await signIn('clerk', '2222');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search accounts' }), { target: { value: seeded.smith.number } });
    fireEvent.click(await screen.findByRole('button', { name: `${seeded.smith.number} John Q. Smith` }));
    await screen.findByRole('heading', { level: 1, name: /John Q. Smith/ });
    expect(screen.getByRole('button', { name: /^Final bill/ }).getAttribute('aria-keyshortcuts')).toBe('Alt+Shift+F');
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'F', code: 'KeyF', altKey: true, shiftKey: true });
    const dialog = within(await screen.findByRole('dialog', { name: `Final bill for account ${seeded.smith.number}` }));
    fireEvent.change(dialog.getByLabelText('Final read date'), { target: { value: '2026-03-10' } });
    fireEvent.change(dialog.getByLabelText('Final reading, water meter W-1001'), { target: { value: '53,400' } });
    fireEvent.submit(dialog.getByRole('form', { name: 'Final bill' }));
    // 2026-02-11 .. 03-10 = 28 days: water 18.50×28/30 + 1,400 × 6.25/1,000 = 26.02; sewer 22.00×28/30 + 9.94 = 30.47.
    const table = await dialog.findByRole('table', { name: 'Final bill 2026-02-11 to 2026-03-10 (28 days)' });
    expect(within(table).getByRole('row', { name: 'Water $26.02' })).toBeTruthy();
    expect(within(table).getByRole('row', { name: 'Sewer $30.47' })).toBeTruthy();
    expect(within(table).getByRole('row', { name: 'Total $56.49' })).toBeTruthy();
    expect((db.prepare("SELECT count(*) AS n FROM bills WHERE bill_kind = 'final'").get() as { n: number }).n).toBe(0);
    // Changing the reading after working it out asks for Enter again before posting.
    fireEvent.change(dialog.getByLabelText('Final reading, water meter W-1001'), { target: { value: '53,4000' } });
    expect(dialog.getByRole<HTMLButtonElement>('button', { name: 'Post final bill' }).disabled).toBe(true);
    fireEvent.change(dialog.getByLabelText('Final reading, water meter W-1001'), { target: { value: '53400' } });
    fireEvent.submit(dialog.getByRole('form', { name: 'Final bill' }));
    await waitFor(() => expect(dialog.getByRole<HTMLButtonElement>('button', { name: 'Post final bill' }).disabled).toBe(false));
    fireEvent.click(dialog.getByRole('button', { name: 'Post final bill' }));
    await waitFor(() => expect(dialog.getByRole('status').textContent).toBe('Final bill posted: $56.49 for 2026-02-11 to 2026-03-10, due 2026-04-05. The account is final billed.'));
    expect(transport.calls.filter((c) => c.method === 'billing.finalBill').map((c) => (c.input as { preview: boolean }).preview)).toEqual([true, true, false]);
    expect((db.prepare('SELECT status FROM accounts WHERE id = ?').get(seeded.smith.id) as { status: string }).status).toBe('final_billed');
    fireEvent.click(dialog.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: /^Final bill/ })).toBeNull());
    t.close();
  });
});
