// The renderer end to end in happy-dom: the real App, the real bridge, a real SQLite ledger.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createCore } from '../../src-main/core/create-core';
import { createBridge } from '../../src-main/ipc/bridge';
import { App } from '../../src-renderer/app/App';
import { makeTestCore } from '../helpers/core';
import { bridgeTransport, seedAccounts, signIn, startApp } from './harness';

/** Alt+2: the Accounts screen (a cashier starts on the Counter). */
function openAccounts() {
  fireEvent.keyDown(document.body, { key: '2', code: 'Digit2', altKey: true });
  expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: 'Search accounts' }));
}

function searchFor(text: string) {
  fireEvent.change(screen.getByRole('searchbox', { name: 'Search accounts' }), { target: { value: text } });
}

describe('sign-in', () => {
  it('shows the town, station and business date, refuses a wrong PIN in an alert, then opens the frame', async () => {
    const { t } = await startApp();
    expect(screen.getByText('Town of Mayberry')).toBeTruthy();
    expect(screen.getByText('Station S1')).toBeTruthy();
    expect(screen.getByText('Business date 03/16/2026')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();

    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'cashier' } });
    fireEvent.change(screen.getByLabelText('PIN or password'), { target: { value: '0000' } });
    expect(screen.getByLabelText<HTMLInputElement>('PIN or password').type).toBe('password');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/\S/);
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
    // The PIN is cleared for the next try and focus goes back to it.
    expect(screen.getByLabelText<HTMLInputElement>('PIN or password').value).toBe('');
    expect(document.activeElement).toBe(screen.getByLabelText('PIN or password'));

    await signIn('cashier', '1111');
    const header = screen.getByRole('banner');
    expect(within(header).getByText('Cathy Cashier')).toBeTruthy();
    expect(within(header).getByText('Cashier')).toBeTruthy();
    expect(within(header).getByText('Station S1')).toBeTruthy();
    expect(within(header).getByText('Business date 03/16/2026')).toBeTruthy();
    expect(screen.getByRole('main')).toBeTruthy();
    // Keyboard-first: a cashier starts on the Counter; with no drawer open yet, focus is on the way to the Drawer.
    expect(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Counter' }).getAttribute('aria-current')).toBe('page');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Go to Drawer' })));
    t.close();
  });

  it('asks for the username before calling the ledger, and Escape clears the form', async () => {
    const { t, transport } = await startApp();
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Enter your username.');
    expect(transport.calls.some((c) => c.method === 'session.signIn')).toBe(false);
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'clerk' } });
    fireEvent.keyDown(screen.getByLabelText('Username'), { key: 'Escape' });
    expect(screen.getByLabelText<HTMLInputElement>('Username').value).toBe('');
    expect(screen.queryByRole('alert')).toBeNull();
    t.close();
  });

  it('sign out forgets the session and returns to the sign-in screen', async () => {
    const { t, transport } = await startApp();
    await signIn('clerk', '2222');
    const token = transport.calls.at(-1)?.token;
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByRole('button', { name: 'Sign in' });
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
    expect(transport.calls.some((c) => c.method === 'session.signOut' && c.token === token && token)).toBe(true);
    // The token is dead on the ledger side too.
    const after = await t.call('session.current', {}, token);
    expect(after.ok ? null : after.error.code).toBe('NOT_SIGNED_IN');
    t.close();
  });

  it('goes back to sign-in with a message when the session ends on the ledger side', async () => {
    const { t, transport } = await startApp();
    await signIn('clerk', '2222');
    const token = transport.calls.find((c) => c.token)?.token ?? null;
    await t.must('session.signOut', {}, token); // e.g. signed out from elsewhere, or expired
    searchFor('smith');
    await screen.findByRole('button', { name: 'Sign in' });
    expect(screen.getByText('Your session has ended. Sign in again.')).toBeTruthy();
    t.close();
  });
});

describe('navigation by role', () => {
  it('shows a cashier the counter screens only; a supervisor also gets Ledger check (clean) and Audit log', async () => {
    const { t } = await startApp();
    await signIn('cashier', '1111');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getAllByRole('button').map((b) => b.textContent)).toEqual(['CounterAlt+1', 'AccountsAlt+2', 'DrawerAlt+3', 'Mail batchAlt+4', 'Returned paymentAlt+5', 'ReportsAlt+6', 'Work ordersAlt+W']);
    expect(within(nav).getByRole('button', { name: 'Counter' }).getAttribute('aria-current')).toBe('page');
    expect(within(nav).queryByRole('button', { name: 'Ledger check' })).toBeNull();
    fireEvent.keyDown(document.body, { key: '8', code: 'Digit8', altKey: true });
    expect(screen.queryByRole('heading', { name: 'Ledger check' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByRole('button', { name: 'Sign in' });

    await signIn('supervisor', '9999');
    const supNav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(supNav).getByRole('button', { name: 'Audit log' }).getAttribute('aria-keyshortcuts')).toBe('Alt+9');
    fireEvent.click(within(supNav).getByRole('button', { name: 'Ledger check' }));
    expect(screen.getByRole('heading', { name: 'Ledger check', level: 1 })).toBeTruthy();
    await screen.findByText('Ledger verified: no problems found');
    const counts = screen.getByRole('table', { name: 'What was checked' });
    expect(within(counts).getByRole('row', { name: /Accounts\s*3/ })).toBeTruthy();
    expect(within(counts).getByRole('row', { name: /Journal entries\s*2/ })).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Problems found' })).toBeNull();

    // Alt+9 jumps to the audit log, which lists the sign-ins and the check just run.
    fireEvent.keyDown(document.body, { key: '9', code: 'Digit9', altKey: true });
    const audit = await screen.findByRole('table', { name: 'Audit log entries, newest first' });
    expect(within(audit).getAllByText('ledger.verify').length).toBeGreaterThan(0);
    expect(within(audit).getAllByText('session.signIn').length).toBe(2);
    fireEvent.change(screen.getByLabelText('Action'), { target: { value: 'session.signOut' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Audit log entries, newest first' })).queryByText('session.signIn')).toBeNull());
    const signOuts = within(screen.getByRole('table', { name: 'Audit log entries, newest first' })).getAllByRole('row').slice(1);
    expect(signOuts).toHaveLength(1);
    expect(within(signOuts[0]!).getAllByText('cashier').length).toBeGreaterThan(0);
    t.close();
  });

  it('lists ledger violations when the check finds some', async () => {
    const { t } = await startApp();
    // Break an invariant behind the app's back: an entry whose lines do not sum to zero.
    const db = t.core.deps.db;
    const entry = db.prepare("SELECT id FROM journal_entries ORDER BY id LIMIT 1").get() as { id: number };
    db.exec('PRAGMA ignore_check_constraints = ON');
    const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'journal_lines'").all() as Array<{ name: string; sql: string }>;
    for (const tr of triggers) db.exec(`DROP TRIGGER ${tr.name}`);
    db.prepare('UPDATE journal_lines SET amount_cents = amount_cents + 1 WHERE id = (SELECT min(id) FROM journal_lines WHERE entry_id = ?)').run(entry.id);
    for (const tr of triggers) db.exec(tr.sql);
    await signIn('admin', '0000');
    fireEvent.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Ledger check' }));
    const problems = await screen.findByRole('table', { name: 'Problems found' });
    expect(within(problems).getAllByText('entry-balances').length).toBeGreaterThan(0);
    expect(screen.getByRole('alert').textContent).toMatch(/Ledger check found \d+ problems?/);
    expect(screen.queryByText('Ledger verified: no problems found')).toBeNull();
    t.close();
  });
});

describe('account lookup and inquiry', () => {
  it('finds accounts by part of a name and opens one with Enter, showing balance, past due and bills', async () => {
    const { t, seeded } = await startApp();
    await signIn('clerk', '2222');
    searchFor('smi');
    const results = await screen.findByRole('table', { name: 'Search results' });
    const smithRow = within(results).getByRole('button', { name: `${seeded.smith.number} John Q. Smith` });
    expect(within(results).getByRole('button', { name: `${seeded.smithfield.number} Mary Smithfield` })).toBeTruthy();
    expect(within(results).queryByText(/Jones/)).toBeNull();
    const row = smithRow.closest('tr')!;
    expect(within(row).getByText('$155.25')).toBeTruthy();
    expect(within(row).getByText('101 Elm St, Mayberry')).toBeTruthy();
    expect(within(row).getByText('Active')).toBeTruthy();
    expect(within(row).getByText('Medical alert until 06/30/2026')).toBeTruthy();
    expect(within(screen.getByRole('button', { name: `${seeded.smithfield.number} Mary Smithfield` }).closest('tr')!).getByText('Cash only')).toBeTruthy();

    fireEvent.keyDown(smithRow, { key: 'Enter' });
    const heading = await screen.findByRole('heading', { level: 1, name: `John Q. Smith Account ${seeded.smith.number}` });
    expect(document.activeElement).toBe(heading);
    const summary = screen.getByRole('region', { name: 'Summary' });
    const figure = (label: string) => within(summary).getByText(label).closest('div')!.querySelector('dd')!.textContent;
    expect(figure('Balance')).toBe('$155.25');
    expect(figure('Past due')).toBe('$75.00');
    expect(figure('Current due')).toBe('$80.25 due 03/21/2026');
    expect(figure('Deposit')).toBe('$0.00');
    expect(figure('Status')).toBe('Active');
    expect(within(summary).getByRole('list', { name: 'Account flags' }).textContent).toBe('Medical alert until 06/30/2026');

    const customer = screen.getByRole('region', { name: 'Customer' });
    expect(within(customer).getByText('PO Box 12, Mayberry NC 27030')).toBeTruthy();
    expect(within(customer).getByText('336-555-0142')).toBeTruthy();
    const location = screen.getByRole('region', { name: 'Location and services' });
    expect(within(location).getByText('Sewer, Water')).toBeTruthy();
    expect(within(location).getByText('W-1001')).toBeTruthy();

    const aging = screen.getByRole('table', { name: 'Aging' });
    expect(within(aging).getAllByRole('cell').map((c) => c.textContent)).toEqual(['$80.25', '$75.00', '$0.00', '$0.00']);

    const bills = screen.getByRole('table', { name: 'Bills' });
    const billRows = within(bills).getAllByRole('row').slice(1);
    expect(billRows).toHaveLength(2);
    const cells = (row: HTMLElement) => within(row).getAllByRole('cell').map((c) => c.textContent);
    expect(cells(billRows[0]!)).toEqual(['03/01/2026', '03/21/2026', '01/10/2026 – 02/10/2026', '5,100 gal', 'Sewer $30.00Water $50.25', '$80.25', '$0.00', '$80.25']);
    expect(cells(billRows[1]!)).toEqual(['01/15/2026', '02/04/2026', '12/10/2025 – 01/10/2026', '4,200 gal', 'Sewer $30.00Water $45.00', '$75.00', '$0.00', '$75.00']);
    const charges = within(screen.getByRole('table', { name: 'Open charges' })).getAllByRole('row').slice(1);
    expect(charges.map(cells)).toEqual([
      ['Sewer 2025-12-10 to 2026-01-10', '02/04/2026', '$30.00', '$30.00'],
      ['Water 2025-12-10 to 2026-01-10', '02/04/2026', '$45.00', '$45.00'],
      ['Sewer 2026-01-10 to 2026-02-10', '03/21/2026', '$30.00', '$30.00'],
      ['Water 2026-01-10 to 2026-02-10', '03/21/2026', '$50.25', '$50.25'],
    ]);
    expect(within(screen.getByRole('region', { name: 'Payments and credits' })).getByText('No payments yet.')).toBeTruthy();

    // Escape goes back to the results, with focus on the row that was opened.
    fireEvent.keyDown(heading, { key: 'Escape' });
    const again = await screen.findByRole('button', { name: `${seeded.smith.number} John Q. Smith` });
    expect(document.activeElement).toBe(again);
    expect(screen.getByRole<HTMLInputElement>('searchbox', { name: 'Search accounts' }).value).toBe('smi');
    t.close();
  });

  it('moves through results with the arrow keys and back to the search box', async () => {
    const { t, seeded } = await startApp();
    await signIn('cashier', '1111');
    openAccounts();
    const box = screen.getByRole('searchbox', { name: 'Search accounts' });
    searchFor('mayberry');
    const results = await screen.findByRole('table', { name: 'Search results' });
    const buttons = within(results).getAllByRole('button');
    expect(buttons).toHaveLength(3);
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(buttons[0]);
    fireEvent.keyDown(buttons[0]!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(buttons[1]);
    fireEvent.keyDown(buttons[1]!, { key: 'ArrowDown' });
    fireEvent.keyDown(buttons[2]!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(buttons[2]);
    fireEvent.keyDown(buttons[2]!, { key: 'Home' });
    expect(document.activeElement).toBe(buttons[0]);
    fireEvent.keyDown(buttons[0]!, { key: 'End' });
    fireEvent.keyDown(buttons[2]!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(buttons[1]);
    const second = buttons[1]!.textContent;
    fireEvent.keyDown(buttons[1]!, { key: 'Enter' });
    const heading = await screen.findByRole('heading', { level: 1 });
    expect(heading.textContent?.replace('Account', ' Account')).toContain(second?.split(' ').slice(1).join(' '));
    fireEvent.click(screen.getByRole('button', { name: /Back to search/ }));
    await screen.findByRole('table', { name: 'Search results' });
    fireEvent.keyDown(screen.getAllByRole('button', { name: /Mayberry|Smith|Jones/ })[0]!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: 'Search accounts' }));

    // Enter in the search box opens the first result; an exact account number finds just that one.
    searchFor(seeded.jones.number);
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Search results' })).getAllByRole('button')).toHaveLength(1));
    fireEvent.keyDown(screen.getByRole('searchbox', { name: 'Search accounts' }), { key: 'Enter' });
    await screen.findByRole('heading', { level: 1, name: `Jones Hardware Account ${seeded.jones.number}` });
    expect(within(screen.getByRole('region', { name: 'Customer' })).getByText('(Business)')).toBeTruthy();
    const jonesBills = within(screen.getByRole('table', { name: 'Bills' })).getAllByRole('row').slice(1);
    expect(jonesBills.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      ['11/01/2025converted', '11/21/2025', '09/25/2025 – 10/25/2025', '1,480 kWh', 'Electric $214.50', '$214.50', '$214.50', '$0.00'],
    ]);
    const jonesPayments = within(screen.getByRole('table', { name: 'Payments and credits' })).getAllByRole('row').slice(1);
    expect(within(jonesPayments[0]!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['11/18/2025', 'Payment (converted)', '$214.50', '', 'Payment recorded by the previous billing system']);

    // Escape in the search box clears it.
    fireEvent.keyDown(document.body, { key: 'Escape' });
    const box2 = await screen.findByRole<HTMLInputElement>('searchbox', { name: 'Search accounts' });
    fireEvent.keyDown(box2, { key: 'Escape' });
    expect(box2.value).toBe('');
    expect(screen.queryByRole('table', { name: 'Search results' })).toBeNull();
    t.close();
  });

  it('debounces typing into one search and ignores a slow answer to an older query', async () => {
    // The first search for "smi" is held back until after the search for "jones" answered.
    let held = true;
    const { t, transport } = await startApp({ searchDelayMs: 150, delay: (m, input) => (m === 'accounts.search' && (input as { query: string }).query === 'smi' && held ? 400 : 0) });
    await signIn('cashier', '1111');
    openAccounts();
    searchFor('s');
    searchFor('sm');
    searchFor('smi');
    await waitFor(() => expect(transport.calls.filter((c) => c.method === 'accounts.search')).toHaveLength(1));
    expect(transport.calls.filter((c) => c.method === 'accounts.search').map((c) => (c.input as { query: string }).query)).toEqual(['smi']);
    held = false;
    searchFor('jones');
    await screen.findByRole('button', { name: /Jones Hardware/ });
    await new Promise((r) => setTimeout(r, 450)); // the stale "smi" answer arrives now
    expect(screen.queryByRole('button', { name: /Smith/ })).toBeNull();
    expect(screen.getByRole('button', { name: /Jones Hardware/ })).toBeTruthy();
    searchFor('zzzz');
    expect((await screen.findByText('No accounts match “zzzz”.')).getAttribute('role')).toBe('status');
    t.close();
  });

  it('adds a note flagged for follow-up and resolves it', async () => {
    const { t, seeded } = await startApp();
    await signIn('clerk', '2222');
    searchFor('smithfield');
    fireEvent.click(await screen.findByRole('button', { name: `${seeded.smithfield.number} Mary Smithfield` }));
    await screen.findByRole('heading', { level: 1, name: /Mary Smithfield/ });
    const notes = screen.getByRole('region', { name: 'Notes' });
    expect(within(notes).getByText('No notes on this account.')).toBeTruthy();

    fireEvent.click(within(notes).getByRole('button', { name: 'Add note' }));
    expect((await within(notes).findByRole('alert')).textContent).toBe('Write the note first.');

    fireEvent.change(within(notes).getByLabelText('Note'), { target: { value: 'Needs a copy of the lease before the deposit is waived.' } });
    fireEvent.click(within(notes).getByRole('checkbox', { name: 'Flag for follow-up' }));
    fireEvent.click(within(notes).getByRole('button', { name: 'Add note' }));
    await within(notes).findByText('Note added and flagged for follow-up.');
    const list = within(notes).getByRole('list', { name: 'Account notes' });
    expect(within(list).getByText('Needs a copy of the lease before the deposit is waived.')).toBeTruthy();
    expect(within(list).getByText('Clara Clerk')).toBeTruthy();
    expect(within(list).getByText('Follow-up open')).toBeTruthy();
    expect(within(notes).getByRole('heading', { level: 2 }).textContent).toContain('1 open follow-up');
    expect(within(notes).getByLabelText<HTMLTextAreaElement>('Note').value).toBe('');
    expect(within(notes).getByRole<HTMLInputElement>('checkbox', { name: 'Flag for follow-up' }).checked).toBe(false);

    // Enter in the note box adds a plain note.
    fireEvent.change(within(notes).getByLabelText('Note'), { target: { value: 'Called; left a message.' } });
    fireEvent.keyDown(within(notes).getByLabelText('Note'), { key: 'Enter' });
    await within(notes).findByText('Called; left a message.');

    fireEvent.click(within(notes).getByRole('button', { name: 'Resolve follow-up: Needs a copy of the lease before the deposit is waived.' }));
    await within(notes).findByText('Follow-up resolved.');
    expect(within(notes).queryByRole('button', { name: /^Resolve/ })).toBeNull();
    expect(within(notes).getByText(/^Resolved /)).toBeTruthy();

    const stored = await t.must('accounts.get', { accountId: seeded.smithfield.id }, await t.signIn('supervisor'));
    expect(stored.notes.map((n) => [n.text, n.followUp, n.resolvedAt !== null])).toEqual([
      ['Called; left a message.', false, false],
      ['Needs a copy of the lease before the deposit is waived.', true, true],
    ]);
    t.close();
  });
});

describe('read-only roles', () => {
  it('lets an administrator read an account but offers no note writing', async () => {
    const { t, seeded } = await startApp();
    t.core.deps.db.prepare("INSERT INTO account_notes (account_id, at, user_id, text, follow_up) VALUES (?, '2026-03-10T14:00:00Z', NULL, 'Call back about the deposit', 1)").run(seeded.smith.id);
    await signIn('admin', '0000');
    searchFor(seeded.smith.number);
    fireEvent.click(await screen.findByRole('button', { name: `${seeded.smith.number} John Q. Smith` }));
    const notes = await screen.findByRole('region', { name: 'Notes' });
    expect(within(notes).getByText('Call back about the deposit')).toBeTruthy();
    expect(within(notes).queryByRole('button', { name: 'Add note' })).toBeNull();
    expect(within(notes).queryByRole('button', { name: /^Resolve/ })).toBeNull();
    t.close();
  });
});

describe('an unhealthy ledger', () => {
  it('shows the banner on sign-in and in the frame, and refuses to add a note', async () => {
    const base = await makeTestCore();
    const seeded = seedAccounts(base);
    const core = createCore({ ...base.core.deps, health: { ok: false, problems: ['row 12 missing from index idx_journal_lines_account'] } });
    const transport = bridgeTransport({ bridge: createBridge(core, { validateOutput: true }) });
    render(<App transport={transport} searchDelayMs={20} />);
    await screen.findByRole('button', { name: 'Sign in' });
    expect(screen.getByRole('alert').textContent).toContain('Ledger failed its start-up check — posting is stopped');
    expect(screen.getByText('row 12 missing from index idx_journal_lines_account')).toBeTruthy();
    await signIn('clerk', '2222');
    expect(screen.getByText('Ledger failed its start-up check — posting is stopped')).toBeTruthy();
    searchFor('jones');
    fireEvent.click(await screen.findByRole('button', { name: `${seeded.jones.number} Jones Hardware` }));
    const notes = await screen.findByRole('region', { name: 'Notes' });
    fireEvent.change(within(notes).getByLabelText('Note'), { target: { value: 'Test' } });
    fireEvent.click(within(notes).getByRole('button', { name: 'Add note' }));
    expect((await within(notes).findByRole('alert')).textContent).toMatch(/nothing can be posted/);
    // The banner is still there on the account page.
    expect(screen.getByText('Ledger failed its start-up check — posting is stopped')).toBeTruthy();
    core.close();
  });
});

describe('work orders screen', () => {
  it('opens with Alt+W and moves between orders with the arrow keys', async () => {
    const { t } = await startApp();
    const clerkToken = await t.signIn('clerk');
    for (const address of ['1 Elm St', '2 Elm St']) await t.must('workOrders.create', { type: 'pothole', address, source: 'phone', idempotencyKey: `render-${address.replace(/\W/g, '')}-key` }, clerkToken);
    await signIn('clerk', '2222');
    fireEvent.keyDown(document.body, { key: 'w', code: 'KeyW', altKey: true });
    expect(await screen.findByRole('heading', { name: 'Work orders', level: 1 })).toBeTruthy();
    const column = await screen.findByRole('list', { name: 'New orders' });
    const cards = await within(column).findAllByRole('button');
    expect(cards.map((c) => c.getAttribute('aria-label'))).toEqual([expect.stringMatching(/^WO-2026-S1-000001, Pothole, 1 Elm St/), expect.stringMatching(/^WO-2026-S1-000002, Pothole, 2 Elm St/)]);
    cards[0]!.focus();
    fireEvent.keyDown(cards[0]!, { key: 'ArrowDown' });
    await waitFor(() => expect(cards[1]!.getAttribute('aria-current')).toBe('true'));
    expect(screen.getByRole('toolbar', { name: 'Actions for WO-2026-S1-000002' })).toBeTruthy();
    fireEvent.keyDown(cards[1]!, { key: 'd' });
    expect(await screen.findByRole('dialog', { name: 'Dispatch WO-2026-S1-000002' })).toBeTruthy();
    t.close();
  });
});
