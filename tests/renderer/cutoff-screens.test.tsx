// The Cut-off list (Alt+U) and Courtesy calls (Alt+K) screens in happy-dom over the real bridge
// and ledger: the calendar check offers the next valid date, a supervisor generates the list with
// its progress, reads each entry's reason; a clerk logs a promise to pay from the call list.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { makeTestCore, type TestCore } from '../helpers/core';
import { billAccount, makeAccount } from '../helpers/fixtures';
import { signIn, startApp } from './harness';

describe('Cut-off list and Courtesy calls screens', () => {
  let t: TestCore;
  let pyle: { id: number; number: string };
  beforeEach(async () => {
    t = await makeTestCore(); // business date 2026-03-16, a Monday
    pyle = makeAccount(t.core.deps.db, { first: 'Gomer', last: 'Pyle', street: '7 Garage Rd' });
    billAccount(t.core.deps.db, pyle.id, '2026-02-01', { water: 8743 }); // due 2026-02-21
  });
  afterEach(() => t.close());

  it('checks the date against the calendar, generates the list with progress and shows each reason', async () => {
    await startApp({ core: t, delay: (m) => (m === 'collections.cutoffList.generate' ? 400 : 0) });
    await signIn('supervisor', '9999');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('button', { name: 'Cut-off list' }).getAttribute('aria-keyshortcuts')).toBe('Alt+U');
    fireEvent.keyDown(document.body, { key: 'u', code: 'KeyU', altKey: true });
    await screen.findByRole('heading', { level: 1, name: 'Cut-off list' });
    // The first date after the business date a cut-off can happen.
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('Cut-off date').value).toBe('2026-03-17'));
    fireEvent.change(screen.getByLabelText('Cut-off date'), { target: { value: '2026-03-20' } });
    const check = await screen.findByRole('status', { name: 'Calendar check' });
    await waitFor(() => expect(check.textContent).toContain('2026-03-20 is a Friday'));
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Generate list' }).disabled).toBe(true);
    fireEvent.click(within(check).getByRole('button', { name: 'Use 03/23/2026' }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Calendar check' }).textContent).toContain('A cut-off can happen on 03/23/2026'));
    fireEvent.click(screen.getByRole('button', { name: 'Generate list' }));
    expect(await screen.findByRole('progressbar', { name: 'Cut-off list progress' })).toBeTruthy();
    await screen.findByRole('heading', { name: 'Cut-off list for 03/23/2026 (Ready)' });
    expect(screen.getByRole('status', { name: 'List totals' }).textContent).toMatch(/^1 on the list \(\$87\.43 past due\), 1 left off/);
    const entries = screen.getByRole('table', { name: 'Cut-off list entries' });
    expect(within(entries).getByRole('row', { name: new RegExp(`${pyle.number}.*on the list: \\$87\\.43 past due since 2026-02-21`) })).toBeTruthy();
    // John Q. Smith (harness) is past due but on the Medical Alert list until 2026-06-30.
    expect(within(entries).getByRole('cell', { name: 'excluded: Medical Alert until 2026-06-30' })).toBeTruthy();
    expect(screen.getByRole('img', { name: '1 accounts on the list, 1 left off, by reason' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'off' } });
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Cut-off list entries' })).queryByRole('cell', { name: /^on the list/ })).toBeNull());
  });

  it('lets a clerk log a promise to pay from the call list (Alt+K), and the core refuses a promise too far out', async () => {
    const sup = await t.signIn('supervisor');
    await t.must('collections.cutoffList.generate', { cutoffDate: '2026-03-24' }, sup);
    await startApp({ core: t });
    await signIn('clerk', '2222');
    fireEvent.keyDown(document.body, { key: 'k', code: 'KeyK', altKey: true });
    await screen.findByRole('heading', { level: 1, name: 'Courtesy calls' });
    const toCall = await screen.findByRole('table', { name: 'Accounts to call' });
    fireEvent.click(within(toCall).getByRole('button', { name: `Log a call to Gomer Pyle (${pyle.number})` }));
    const form = await screen.findByRole('form', { name: 'Call to Gomer Pyle' });
    await waitFor(() => expect(document.activeElement).toBe(within(form).getByLabelText('Outcome')));
    fireEvent.change(within(form).getByLabelText('Outcome'), { target: { value: 'promise' } });
    fireEvent.change(within(form).getByLabelText('Promised to pay by'), { target: { value: '2026-04-30' } });
    fireEvent.change(within(form).getByLabelText('Call note'), { target: { value: 'Paycheck Friday' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Log the call' }));
    expect((await screen.findByRole('alert')).textContent).toContain('at most 14 days');
    fireEvent.change(within(form).getByLabelText('Promised to pay by'), { target: { value: '2026-03-20' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Log the call' }));
    await screen.findByText(`Logged for ${pyle.number}: Promise to pay by 03/20/2026.`);
    const logged = screen.getByRole('table', { name: 'Calls logged' });
    expect(within(logged).getByRole('cell', { name: 'Promise to pay by 03/20/2026' })).toBeTruthy();
    expect(within(logged).getByRole('cell', { name: 'Paycheck Friday' })).toBeTruthy();
    expect(screen.getByText('Every account on the list with a phone has been called.')).toBeTruthy();
    // Nobody left to call: the focus is on the list's heading, ready for the next list.
    await waitFor(() => expect(document.activeElement?.id).toBe('calls-to-make'));
  });

  it('shows the account standing, its calls and the winter certification form in the Cut-off section (Alt+Shift+U)', async () => {
    await startApp({ core: t });
    await signIn('clerk', '2222');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search accounts' }), { target: { value: pyle.number } });
    fireEvent.click(await screen.findByRole('button', { name: `${pyle.number} Gomer Pyle` }));
    await screen.findByRole('heading', { level: 1, name: /Gomer Pyle/ });
    fireEvent.keyDown(document.body, { key: 'U', code: 'KeyU', altKey: true, shiftKey: true });
    await waitFor(() => expect(document.activeElement?.closest('h2')?.id ?? document.activeElement?.id).toBe('acct-cutoff'));
    const section = screen.getByRole('region', { name: 'Cut-off' });
    // The next date a cut-off can happen after Monday 2026-03-16 is Tuesday 2026-03-17.
    await waitFor(() => expect(within(section).getByRole('status', { name: 'Cut-off standing' }).textContent).toBe('Next cut-off date 03/17/2026: on the list: $87.43 past due since 2026-02-21.'));
    expect(within(section).getByText('No courtesy call logged.')).toBeTruthy();
    const form = within(section).getByRole('form', { name: 'Certify for the winter rule' });
    fireEvent.change(within(form).getByLabelText('Certified as'), { target: { value: 'disabled' } });
    fireEvent.change(within(form).getByLabelText('Certified by'), { target: { value: 'Surry County DSS' } });
    fireEvent.change(within(form).getByLabelText('Winter certification date'), { target: { value: '2026-03-02' } });
    fireEvent.change(within(form).getByLabelText('Winter certification valid until'), { target: { value: '2027-03-31' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Record winter certification' }));
    await within(section).findByText('Winter-rule certification recorded: disabled until 03/31/2027.');
    const certs = within(section).getByRole('table', { name: 'Winter rule certifications' });
    expect(within(certs).getByRole('row', { name: /Disabled Surry County DSS 03\/02\/2026 03\/31\/2027 In force/ })).toBeTruthy();
  });
});

describe('Town holidays on the Policy settings screen', () => {
  it('lists, adds and removes holidays and saves them with a reason; the cut-off calendar follows', async () => {
    const { t } = await startApp();
    await signIn('admin', '0000');
    fireEvent.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Policy settings' }));
    const section = within(await screen.findByRole('region', { name: 'Town holidays' }));
    const table = await section.findByRole('table', { name: 'Town holidays' });
    expect(within(table).getByRole('row', { name: '07/03/2026 Friday Independence Day (observed) Remove' })).toBeTruthy();
    fireEvent.click(section.getByRole('button', { name: 'Remove Independence Day (observed) 07/03/2026' }));
    const add = within(section.getByRole('form', { name: 'Add a town holiday' }));
    fireEvent.change(add.getByLabelText('Holiday date'), { target: { value: '2026-07-06' } });
    fireEvent.change(add.getByLabelText('Holiday name'), { target: { value: 'Independence Day (town)' } });
    fireEvent.click(add.getByRole('button', { name: 'Add holiday' }));
    fireEvent.change(add.getByLabelText('Holiday date'), { target: { value: '2026-07-06' } });
    fireEvent.change(add.getByLabelText('Holiday name'), { target: { value: 'Again' } });
    fireEvent.click(add.getByRole('button', { name: 'Add holiday' }));
    expect(section.getByText('07/06/2026 is already a holiday.')).toBeTruthy();
    fireEvent.change(section.getByLabelText('Reason for the holiday change'), { target: { value: 'Council moved the holiday' } });
    fireEvent.click(section.getByRole('button', { name: 'Save holidays' }));
    await section.findByText('Town holidays saved (22).');
    const admin = await t.signIn('admin');
    const saved = (await t.must('settings.get', {}, admin)).townHolidays;
    expect(saved.find((h) => h.date === '2026-07-06')).toEqual({ date: '2026-07-06', name: 'Independence Day (town)' });
    expect(saved.some((h) => h.date === '2026-07-03')).toBe(false);
    const sup = await t.signIn('supervisor');
    expect(await t.must('collections.cutoffCalendar', { date: '2026-07-02' }, sup)).toMatchObject({ problem: null });
    expect(await t.must('collections.cutoffCalendar', { date: '2026-07-06' }, sup)).toMatchObject({ problem: '2026-07-06 is a town holiday (Independence Day (town))', nextValid: '2026-07-07' });
    t.close();
  });
});
