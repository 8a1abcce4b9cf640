// The Aging (Alt+G) and Late penalties (Alt+L) screens and the account's Aging and penalties
// section (Alt+Shift+G) in happy-dom over the real bridge and ledger.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { makeTestCore, type TestCore } from '../helpers/core';
import { billAccount, makeAccount } from '../helpers/fixtures';
import { signIn, startApp } from './harness';

describe('Aging and Late penalties screens', () => {
  let t: TestCore;
  let pyle: { id: number; number: string };
  beforeEach(async () => {
    t = await makeTestCore(); // business date 2026-03-16
    pyle = makeAccount(t.core.deps.db, { first: 'Gomer', last: 'Pyle', street: '7 Garage Rd' });
    billAccount(t.core.deps.db, pyle.id, '2025-11-20', { water: 8743 }); // due 2025-12-10: 96 days past due
    billAccount(t.core.deps.db, pyle.id, '2026-03-01', { water: 2000 }); // due 2026-03-21: current
  });
  afterEach(() => t.close());

  it('shows the aging as of the business date with the chart, filters by bucket and opens an account', async () => {
    await startApp({ core: t, delay: (m) => (m === 'collections.aging' ? 400 : 0) });
    await signIn('clerk', '2222');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('button', { name: 'Aging' }).getAttribute('aria-keyshortcuts')).toBe('Alt+G');
    fireEvent.keyDown(document.body, { key: 'g', code: 'KeyG', altKey: true });
    await screen.findByRole('heading', { level: 1, name: 'Aging' });
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('As of').value).toBe('2026-03-16'));
    await screen.findByRole('heading', { name: 'Aging as of 03/16/2026' });
    expect(screen.getByRole('img', { name: /^Aging: Current \$[\d,.]+, 30–59 days/ }).getAttribute('aria-label')).toContain('90+ days');
    const rows = screen.getByRole('table', { name: 'Aging accounts' });
    expect(within(rows).getByRole('row', { name: new RegExp(`${pyle.number}.*Gomer Pyle.*\\$87\\.43`) })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Bucket'), { target: { value: '90' } });
    fireEvent.change(screen.getByLabelText('At least (open)'), { target: { value: '100.00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show aging' }));
    expect(await screen.findByRole('progressbar', { name: 'Aging progress' })).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('status', { name: 'Aging totals' }).textContent).toMatch(/1 shown by the filters/));
    const filtered = screen.getByRole('table', { name: 'Aging accounts' });
    expect(within(filtered).getAllByRole('row')).toHaveLength(2);
    fireEvent.click(within(filtered).getByRole('button', { name: `Open account ${pyle.number}` }));
    await screen.findByRole('heading', { level: 1, name: /Gomer Pyle/ });
    // The account's own section, Alt+Shift+G.
    fireEvent.keyDown(document.body, { key: 'G', code: 'KeyG', altKey: true, shiftKey: true });
    await waitFor(() => expect(document.activeElement?.id).toBe('acct-aging-items'));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Account aging totals' }).textContent).toContain('$107.43 open, $87.43 past due'));
    const items = screen.getByRole('table', { name: 'Open items by age' });
    expect(within(items).getByRole('row', { name: /12\/10\/2025 96 90\+ days \$87\.43/ })).toBeTruthy();
  });

  it('previews the late penalty run and runs it with progress, once', async () => {
    await startApp({ core: t, delay: (m) => (m === 'collections.penalties.run' ? 400 : 0) });
    await signIn('supervisor', '9999');
    fireEvent.keyDown(document.body, { key: 'l', code: 'KeyL', altKey: true });
    await screen.findByRole('heading', { level: 1, name: 'Late penalties' });
    fireEvent.click(screen.getByRole('button', { name: "Preview today's run" }));
    await screen.findByRole('heading', { name: 'Preview for 03/16/2026' });
    const samples = screen.getByRole('table', { name: 'Penalties to post (first bills)' });
    // 1.5 % of $87.43 is $1.31: the $10.00 minimum applies.
    expect(within(samples).getByRole('row', { name: new RegExp(`${pyle.number}.*12/10/2025 \\$87\\.43 \\$10\\.00`) })).toBeTruthy();
    const total = screen.getByRole('status', { name: 'Preview totals' }).textContent;
    const count = Number(/^(\d+) bills/.exec(total)![1]);
    fireEvent.click(screen.getByRole('button', { name: /^Post \d+ penalties/ }));
    expect(await screen.findByRole('progressbar', { name: 'Penalty run progress' })).toBeTruthy();
    const result = await screen.findByRole('status', { name: 'Run result' });
    expect(result.textContent).toContain(`${count} penalties posted now`);
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Penalty runs' })).getByRole('row', { name: new RegExp(`03/16/2026 Done ${count}`) })).toBeTruthy());
    expect(t.core.deps.db.prepare('SELECT count(*) AS n FROM bill_penalties WHERE account_id = ?').get(pyle.id)).toEqual({ n: 1 });
    // Previewing again: already run, nothing to post.
    fireEvent.click(screen.getByRole('button', { name: "Preview today's run" }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Preview totals' }).textContent).toMatch(/^Today's run is done; running again posts nothing new\. 0 bills/));
  });

  it('does not offer the run to a clerk', async () => {
    await startApp({ core: t });
    await signIn('clerk', '2222');
    fireEvent.keyDown(document.body, { key: 'l', code: 'KeyL', altKey: true });
    await screen.findByRole('heading', { level: 1, name: 'Late penalties' });
    fireEvent.click(screen.getByRole('button', { name: "Preview today's run" }));
    await screen.findByRole('heading', { name: 'Preview for 03/16/2026' });
    expect(screen.queryByRole('button', { name: /^Post \d+ penalties/ })).toBeNull();
    expect(screen.getByText('Running the penalties needs a supervisor.')).toBeTruthy();
  });
});
