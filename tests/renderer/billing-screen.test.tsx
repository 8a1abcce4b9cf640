// The Billing screen in happy-dom over the real bridge and ledger: a clerk previews (held
// accounts with their reasons, totals) but can't post; a supervisor posts with the progress bar
// showing while the run posts, then sees the result and the run listed as posted.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { makeTestCore, type TestCore } from '../helpers/core';
import { makeAccount } from '../helpers/fixtures';
import { addReading, installMeter } from '../helpers/meters';
import { signIn, startApp } from './harness';

async function openBilling() {
  fireEvent.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Billing' }));
  await screen.findByRole('heading', { level: 1, name: 'Billing' });
  fireEvent.change(screen.getByLabelText('Billing cycle'), { target: { value: '1' } });
  fireEvent.change(screen.getByLabelText('Period (YYYY-MM)'), { target: { value: '2026-03' } });
  fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
  await screen.findByRole('heading', { name: 'Preview: cycle 1, 2026-03' });
}

describe('Billing screen', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await makeTestCore();
    const db = t.core.deps.db;
    for (let i = 0; i < 3; i++) {
      const a = makeAccount(db, { last: `Meter${i}`, street: `${i + 1} Birch St` });
      const m = installMeter(db, { accountId: a.id, number: `W-R${i}` });
      addReading(db, m, '2026-01-25', 1000);
      addReading(db, m, '2026-02-25', 5000 + i);
    }
  });
  afterEach(() => t.close());

  it('opens with Alt+B from anywhere', async () => {
    await startApp({ core: t });
    await signIn('clerk', '2222');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('button', { name: 'Billing' }).getAttribute('aria-keyshortcuts')).toBe('Alt+B');
    fireEvent.keyDown(document.body, { key: 'b', code: 'KeyB', altKey: true });
    await screen.findByRole('heading', { level: 1, name: 'Billing' });
  });

  it('lets a clerk preview, with held accounts and their reasons, but not post', async () => {
    await startApp({ core: t });
    await signIn('clerk', '2222');
    await openBilling();
    const held = screen.getByRole('region', { name: /Held accounts \(3\)/ });
    expect(within(held).getAllByRole('cell', { name: /^no (water|electric) meter in service/ }).length).toBe(2);
    // Smith already has the 2026-03-01 bill (the harness's own): not billed twice.
    expect(within(held).getByRole('cell', { name: 'already has a bill dated 2026-03-01 outside this run' })).toBeTruthy();
    const byService = screen.getByRole('table', { name: 'Totals by service' });
    expect(within(byService).getByRole('row', { name: /^Water 3/ })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Post/ })).toBeNull();
    expect(screen.getByText('Posting a run needs a supervisor.')).toBeTruthy();
  });

  it('posts as a supervisor with a progress bar, then lists the run as posted', async () => {
    await startApp({ core: t, delay: (m) => (m === 'billing.post' ? 300 : 0) });
    await signIn('supervisor', '9999');
    await openBilling();
    fireEvent.click(screen.getByRole('button', { name: 'Post 3 bills…' }));
    const confirm = screen.getByRole('button', { name: 'Post the run' });
    await waitFor(() => expect(document.activeElement).toBe(confirm));
    fireEvent.click(confirm);
    const bar = await screen.findByRole('progressbar', { name: 'Billing run progress' });
    expect(bar.getAttribute('max')).toBe('100');
    await screen.findByText(/3 bills posted now \(3 in the run/);
    expect(screen.queryByRole('progressbar', { name: 'Billing run progress' })).toBeNull();
    const runs = screen.getByRole('region', { name: 'Billing runs' });
    await waitFor(() => expect(within(runs).getByRole('cell', { name: 'Posted' })).toBeTruthy());
    expect(within(runs).getByRole('button', { name: 'Open bills PDF, cycle 1 2026-03' })).toBeTruthy();
  });
});
