// The Readings screen by keyboard on the real core: the exceptions list with each resolution
// (accept with confirmation, correct, estimate refused after an estimate, re-read order,
// dismiss), importing a file with a dry run first, manual entry, and the account page's Meters.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { makeTestCore } from '../helpers/core';
import { b64, HEADER, place, row, TODAY_ISO } from '../core/billing/readings-fixture';
import { signIn, startApp } from './harness';

async function openReadings() {
  fireEvent.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: /^Readings/ }));
  await screen.findByRole('heading', { level: 1, name: 'Readings' });
}

const key = (el: Element, k: string) => fireEvent.keyDown(el, { key: k });

describe('the exceptions screen by keyboard', () => {
  it('accepts (confirmed), corrects, estimates, orders a re-read and dismisses', async () => {
    const t = await makeTestCore({ now: TODAY_ISO });
    const db = t.core.deps.db;
    const high = place(db);
    const wrong = place(db);
    const na = place(db);
    const twice = place(db, { last: { readOn: '2026-10-10', value: 100_000, readCode: 'estimated' } });
    const tamper = place(db);
    const clerk = await t.signIn('clerk');
    await t.must(
      'readings.import',
      {
        fileName: 'route03.csv',
        contentBase64: b64([HEADER, row({ meter: high.meter.number, value: '190000' }), row({ meter: wrong.meter.number, value: '150000' }), row({ meter: na.meter.number, value: '', code: 'NA' }), row({ meter: twice.meter.number, value: '', code: 'NA' }), row({ meter: tamper.meter.number, value: '105000', code: 'TM' })].join('\n')),
        profile: 'default',
      },
      clerk,
    );
    await startApp({ core: t });
    await signIn('clerk', '2222');
    await openReadings();
    await screen.findByText('5 open exceptions');

    // The first row has the focus target; its columns show account, last reading and the average.
    const first = await screen.findByRole('button', { name: `Meter ${high.meter.number}: High consumption, account ${high.accountNumber}` });
    const tr = first.closest('tr')!;
    expect(tr.textContent).toContain('100,00010/10/2026');
    expect(tr.textContent).toContain('High consumption: 90,000 gallons in 31 days');
    expect(tr.textContent).toContain('5,000 gal');
    first.focus();

    // A: accept as read — implausible, so the core asks for confirmation first.
    key(first, 'a');
    let dialog = await screen.findByRole('dialog', { name: 'Accept the reading as read' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Accept' }));
    await within(dialog).findByText(/Accept it as read anyway\?/);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record it anyway' }));
    await screen.findByText(`Meter ${high.meter.number}: accepted: 190,000 on 11/10/2026.`);
    await waitFor(() => expect(screen.queryByRole('button', { name: new RegExp(`^Meter ${high.meter.number}:`) })).toBeNull());

    // C: correct the next one (ArrowDown / ArrowUp move the selection).
    const wrongRow = await screen.findByRole('button', { name: new RegExp(`^Meter ${wrong.meter.number}:`) });
    await waitFor(() => expect(document.activeElement).toBe(wrongRow));
    key(wrongRow, 'c');
    dialog = await screen.findByRole('dialog', { name: 'Correct the reading' });
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByLabelText('Correct reading')));
    fireEvent.change(within(dialog).getByLabelText('Correct reading'), { target: { value: '105200' } });
    fireEvent.submit(within(dialog).getByLabelText('Correct reading').closest('form')!);
    await screen.findByText(`Meter ${wrong.meter.number}: corrected: 105,200 on 11/10/2026.`);

    // E: estimate a no-access meter from its average.
    const naRow = await screen.findByRole('button', { name: new RegExp(`^Meter ${na.meter.number}:`) });
    naRow.focus();
    key(naRow, 'e');
    dialog = await screen.findByRole('dialog', { name: 'Estimate the reading' });
    expect(dialog.textContent).toContain('Estimate: 105,167 on 11/10/2026');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record estimate' }));
    await screen.findByText(`Meter ${na.meter.number}: estimated: 105,167 on 11/10/2026.`);

    // E on a meter whose last reading was an estimate: refused, only a re-read. R orders it.
    const twiceRow = await screen.findByRole('button', { name: new RegExp(`^Meter ${twice.meter.number}:`) });
    twiceRow.focus();
    key(twiceRow, 'e');
    expect((await screen.findByRole('alert')).textContent).toContain('already an estimate: only a re-read');
    expect(screen.queryByRole('dialog')).toBeNull();
    key(twiceRow, 'r');
    dialog = await screen.findByRole('dialog', { name: 'Send a re-read work order' });
    fireEvent.change(within(dialog).getByLabelText('Instructions for the crew (optional)'), { target: { value: 'Gate code 1234' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create re-read order' }));
    const done = await screen.findByText(/re-read order WO-2026-S1-\d{6} created/);
    const number = /WO-2026-S1-\d{6}/.exec(done.textContent)![0];
    expect(db.prepare('SELECT type, instructions FROM work_orders WHERE number = ?').get(number)).toEqual({ type: 'reread', instructions: 'Gate code 1234' });

    // X: dismiss needs a reason.
    const tmRow = await screen.findByRole('button', { name: new RegExp(`^Meter ${tamper.meter.number}:`) });
    tmRow.focus();
    key(tmRow, 'x');
    dialog = await screen.findByRole('dialog', { name: 'Dismiss the exception' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Dismiss exception' }));
    expect(await within(dialog).findByText('Say why it is dismissed.')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('Reason'), { target: { value: 'seal replaced by the water crew' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Dismiss exception' }));
    await screen.findByText(`Meter ${tamper.meter.number}: dismissed.`);
    await screen.findByText('No open exceptions.');
    expect(db.prepare("SELECT status, count(*) AS n FROM reading_exceptions GROUP BY status ORDER BY status").all()).toEqual([
      { status: 'accepted', n: 1 },
      { status: 'corrected', n: 1 },
      { status: 'dismissed', n: 1 },
      { status: 'estimated', n: 1 },
      { status: 'reread', n: 1 },
    ]);
    t.close();
  });
});

describe('import and manual entry', () => {
  it('dry-runs, then imports a chosen file with the picked profile and shows the counts; keys one reading by hand', async () => {
    const t = await makeTestCore({ now: TODAY_ISO });
    const db = t.core.deps.db;
    const good = place(db);
    const high = place(db);
    place(db); // on the route, not in the file
    await startApp({ core: t });
    await signIn('clerk', '2222');
    await openReadings();
    fireEvent.click(screen.getByRole('button', { name: 'Import a file' }));
    const text = ['Route\tSeq\tMeter ID\tAccount\tRead Date\tRead Time\tReading\tRead Type\tReader ID\tNotes', `03\t1\t${good.meter.number}\t\t11/10/2026\t09:12\t0105100\tA\tKM\t`, `03\t2\t${high.meter.number}\t\t11/10/2026\t09:15\t0190000\tA\tKM\t`].join('\n');
    const file = new File([text], 'badger-route03.txt', { type: 'text/plain' });
    fireEvent.change(screen.getByLabelText('Reading file'), { target: { files: [file] } });
    const profile = await screen.findByRole<HTMLSelectElement>('combobox', { name: 'Vendor profile' });
    await waitFor(() => expect(within(profile).getAllByRole('option').length).toBe(2));
    // The default profile refuses a tab-separated file whole, naming the line.
    fireEvent.click(screen.getByRole('button', { name: 'Dry run (check only)' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/badger-route03.txt was not imported: Line 1: the header is one column; the file looks separated by tabs/);
    fireEvent.change(profile, { target: { value: 'badger-handheld' } });
    fireEvent.click(screen.getByRole('button', { name: 'Dry run (check only)' }));
    let result = await screen.findByRole('status', { name: 'Import result' });
    expect(result.textContent).toContain('Dry run of badger-route03.txt');
    expect(db.prepare('SELECT count(*) AS n FROM reading_imports').get()).toEqual({ n: 0 });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    });
    result = await screen.findByRole('status', { name: 'Import result' });
    await waitFor(() => expect(result.textContent).toContain('Imported badger-route03.txt'));
    const counts = within(result).getByRole('table', { name: 'Counts' });
    const cell = (label: string) => within(counts).getByRole('rowheader', { name: label }).nextElementSibling!.textContent;
    expect([cell('Rows read'), cell('Accepted'), cell('Held as exceptions'), cell('— High consumption'), cell('Meters on the route not read')]).toEqual(['2', '1', '1', '1', '1']);
    // The import is listed with its time in the town's zone (15:00 UTC is 10:00 AM in Mayberry).
    const history = await screen.findByRole('table', { name: 'Recent imports, newest first' });
    expect(within(history).getAllByRole('row')[1]!.textContent).toMatch(/badger-route03\.txtbadger-handheld11\/16\/2026, 10:00 AM by clerk21101/);

    fireEvent.click(screen.getByRole('button', { name: 'Manual entry' }));
    const meter = await screen.findByLabelText('Meter number');
    fireEvent.change(meter, { target: { value: 'W-NOPE' } });
    fireEvent.change(screen.getByLabelText('Read date'), { target: { value: '2026-11-12' } });
    fireEvent.change(screen.getByLabelText('Reading'), { target: { value: '0105000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Record reading' }));
    expect(await screen.findByText('No meter numbered W-NOPE.')).toBeTruthy();
    expect(screen.getByLabelText('Meter number').getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(meter, { target: { value: good.meter.number } });
    fireEvent.change(screen.getByLabelText('Reading'), { target: { value: '0105300' } });
    fireEvent.click(screen.getByRole('button', { name: 'Record reading' }));
    expect(await screen.findByText(`Recorded: meter ${good.meter.number}, 105,300 on 11/12/2026.`)).toBeTruthy();
    t.close();
  });
});

describe('the account page', () => {
  it('has a Meters section (Alt+Shift+M) with the meters and the last readings', async () => {
    const t = await makeTestCore({ now: TODAY_ISO });
    const p = place(t.core.deps.db, { meter: { size: '1"', dials: 6, number: 'W-7001' } });
    await startApp({ core: t });
    await signIn('clerk', '2222');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search accounts' }), { target: { value: p.accountNumber } });
    fireEvent.click(await screen.findByRole('button', { name: new RegExp(`^${p.accountNumber}`) }));
    await screen.findByRole('heading', { level: 1, name: /Campbell/ });
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'M', code: 'KeyM', altKey: true, shiftKey: true });
    const section = screen.getByRole('region', { name: 'Meters' });
    expect(document.activeElement).toBe(within(section).getByRole('heading', { level: 2, name: 'Meters' }));
    const meters = await within(section).findByRole('table', { name: 'Meters at the service location' });
    await waitFor(() => expect(meters.textContent).toContain('W-7001'));
    expect(meters.textContent).toContain('1"');
    expect(meters.textContent).toContain('01/02/2024 at 0');
    const readings = within(section).getByRole('table', { name: /readings, newest first/ });
    await waitFor(() => expect(readings.textContent).toContain('10/10/2026'));
    expect(readings.textContent).toContain('100,000');
    expect(readings.textContent).toContain('Keyed by hand');

    // Change the meter: the dialog opens on its first field; a missing reason is said at the field.
    fireEvent.click(within(section).getByRole('button', { name: 'Change meter W-7001' }));
    const dialog = await screen.findByRole('dialog', { name: 'Change meter W-7001' });
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByLabelText('Change date')));
    fireEvent.change(within(dialog).getByLabelText('Change date'), { target: { value: '2026-11-12' } });
    fireEvent.change(within(dialog).getByLabelText('Final reading of the old meter'), { target: { value: '104200' } });
    fireEvent.change(within(dialog).getByLabelText('New meter number'), { target: { value: 'W-7002' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Change meter' }));
    expect(await within(dialog).findByText('Say why (work order, complaint, test).')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('Reason'), { target: { value: 'register stuck' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Change meter' }));
    await within(section).findByText('Meter W-7001 changed to W-7002.');
    await waitFor(() => expect(meters.textContent).toContain('W-7001 (removed)'));
    expect(meters.textContent).toContain('11/12/2026 at 104,200');
    expect(within(section).getByRole('button', { name: 'Change meter W-7002' })).toBeTruthy();
    t.close();
  });
});

describe('vendor profiles', () => {
  it('shows each profile’s columns; an administrator edits them as JSON with a reason, a bad one refused at the field', async () => {
    const t = await makeTestCore({ now: TODAY_ISO });
    await startApp({ core: t });
    await signIn('admin', '0000');
    await openReadings();
    expect(screen.queryByRole('button', { name: 'Import a file' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Vendor profiles' }));
    const badger = await screen.findByRole('table', { name: /Badger-style handheld export .*tab-separated, dates MM\/DD\/YYYY or M\/D\/YYYY/ });
    expect(within(badger).getByRole('rowheader', { name: 'meter number (required)' }).nextElementSibling!.textContent).toBe('Meter ID');
    fireEvent.click(screen.getByRole('button', { name: 'Edit profiles (JSON)' }));
    const box = screen.getByLabelText<HTMLTextAreaElement>('Profiles (JSON)');
    const profiles = JSON.parse(box.value) as Array<{ name: string; columns: Record<string, string> }>;
    const broken = [...profiles, { ...profiles[0]!, name: 'broken', columns: { read_date: 'd', reading: 'r' } }];
    fireEvent.change(box, { target: { value: JSON.stringify(broken) } });
    fireEvent.change(screen.getByLabelText('Reason for the change'), { target: { value: 'new vendor' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save profiles' }));
    expect((await screen.findByText(/the meter_number column is required/)).id).toBe('rd-profiles-json-error');
    const renamed = [...profiles, { ...profiles[0]!, name: 'sensus', label: 'Sensus route export', columns: { ...profiles[0]!.columns, meter_number: 'MeterNo' } }];
    fireEvent.change(box, { target: { value: JSON.stringify(renamed) } });
    fireEvent.click(screen.getByRole('button', { name: 'Save profiles' }));
    await screen.findByText('Vendor profiles saved.');
    expect(await screen.findByRole('table', { name: /Sensus route export/ })).toBeTruthy();
    expect(t.core.deps.db.prepare("SELECT reason FROM audit_log WHERE action = 'settings.update'").get()).toEqual({ reason: 'new vendor' });
    t.close();
  });
});
