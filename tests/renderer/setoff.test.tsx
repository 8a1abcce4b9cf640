// Issue 15 part D on screen: the Debt setoff screen (Alt+T) lists eligibility with each criterion,
// prints the notices batch, builds the submission file into a folder and
// imports a proceeds file; the account page's Setoff section (Alt+Shift+T) shows the standing,
// the notice, what was sent and the proceeds posted.
import fs from 'node:fs';
import path from 'node:path';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { makeTestCore, tempDir } from '../helpers/core';
import { billAccount, makeAccount } from '../helpers/fixtures';
import { signIn, startApp } from './harness';

describe('Debt setoff on screen (issue 15 part D)', () => {
  it('Alt+T: eligibility, notices, submission file and proceeds; Alt+Shift+T on the account', async () => {
    const dir = tempDir('tc-setoff-screen-');
    const core = await makeTestCore({ file: path.join(dir, 'ledger.sqlite'), boot: { keyFile: path.join(dir, 'keys', 'towncounter.key') } });
    const db = core.core.deps.db;
    const otis = makeAccount(db, { first: 'Otis', last: 'Campbell', street: '9 Jail St' });
    const clerkToken = await core.signIn('clerk');
    await core.must('customers.update', { customerId: otis.customerId, changes: { taxId: { kind: 'ssn', value: '234567891' } } }, clerkToken);
    billAccount(db, otis.id, '2025-11-15', { water: 7500 }); // due 2025-12-05
    const { t } = await startApp({ core });
    await signIn('supervisor', '9999');
    fireEvent.keyDown(document.body, { key: 'T', code: 'KeyT', altKey: true });
    await screen.findByRole('heading', { level: 1, name: 'Debt setoff' });

    const eligibility = screen.getByRole('region', { name: 'Eligibility' });
    const table = await within(eligibility).findByRole('table', { name: 'Setoff eligibility by account' });
    const row = within(table).getByRole('row', { name: new RegExp(otis.number) });
    expect(row.textContent).toContain('Not met no setoff notice mailed');
    expect(row.textContent).toContain('Notice due');
    expect(row.textContent).not.toContain('234567891');

    const notices = screen.getByRole('region', { name: 'Notices' });
    fireEvent.change(within(notices).getByLabelText('Mail date'), { target: { value: '2026-03-16' } });
    fireEvent.click(within(notices).getByRole('button', { name: 'Print notices batch' }));
    await within(notices).findByText(/1 setoff notices recorded as mailed 03\/16\/2026 \(1 pages saved as setoff-notices-2026-03-16\.pdf\)/);

    // 31 days later the hearing window has closed: eligible.
    t.clock.set('2026-04-16T15:00:00Z');
    fireEvent.click(within(eligibility).getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(within(eligibility).getByRole('status').textContent).toContain('1 eligible ($75.00)'));

    const submission = screen.getByRole('region', { name: 'Submission file' });
    fireEvent.click(within(submission).getByRole('button', { name: 'Preview next file' }));
    const next = await within(submission).findByRole('table', { name: 'Next file: 1 records, $75.00' });
    expect(within(next).getByRole('row', { name: new RegExp(`${otis.number}.*new.*\\$75\\.00.*Current balance`) })).toBeTruthy();
    const folder = path.join(dir, 'out');
    fs.mkdirSync(folder);
    fireEvent.change(within(submission).getByLabelText('Folder to write the file into'), { target: { value: folder } });
    fireEvent.click(within(submission).getByRole('button', { name: 'Build submission file' }));
    await within(submission).findByText(new RegExp(`Written ${folder}/SETOFF-0999-20260416-0001\\.txt: 1 records, \\$75\\.00\\.`));
    const line = fs.readFileSync(path.join(folder, 'SETOFF-0999-20260416-0001.txt'), 'latin1').split('\r\n')[0]!;

    // Proceeds: the whole $75.00 set off.
    const content = `${line.slice(0, 136)}04202026000750004202026 1015000007500\r\n`;
    const proceeds = screen.getByRole('region', { name: 'Import proceeds' });
    fireEvent.change(within(proceeds).getByLabelText('Setoff proceeds file'), { target: { files: [new File([content], 'setoff-0420.txt', { type: 'text/plain' })] } });
    fireEvent.click(within(proceeds).getByRole('button', { name: 'Import proceeds' }));
    await within(proceeds).findByText(/setoff-0420\.txt: 1 records, \$75\.00 set off, deposit \$75\.00; 1 posted \(\$75\.00\)\./);

    // The account page's Setoff section, opened from the eligibility list.
    fireEvent.click(within(await screen.findByRole('table', { name: 'Setoff eligibility by account' })).getByRole('button', { name: `Open account ${otis.number}` }));
    await screen.findByRole('heading', { level: 1, name: /Otis Campbell/ });
    fireEvent.keyDown(document.body, { key: 'T', code: 'KeyT', altKey: true, shiftKey: true });
    const section = screen.getByRole('region', { name: 'Setoff' });
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Setoff'));
    const sent = await within(section).findByRole('table', { name: 'Sent to the Clearinghouse' });
    expect(within(sent).getByRole('row', { name: /SETOFF-0999-20260416-0001\.txt\s*\$75\.00\s*Current balance/ })).toBeTruthy();
    expect(within(within(section).getByRole('table', { name: 'Setoff proceeds' })).getByRole('row', { name: /04\/20\/2026\s*\$75\.00\s*Posted/ })).toBeTruthy();
    expect(within(section).getByRole('button', { name: 'Reprint the setoff notice mailed 03/16/2026' })).toBeTruthy();
    expect(section.textContent).not.toContain('234567891');
    t.close();
  });

  it('a clerk records a hearing request on the account page (Alt+Shift+T); a supervisor decides it on the Debt setoff screen', async () => {
    const dir = tempDir('tc-setoff-hearing-');
    const core = await makeTestCore({ file: path.join(dir, 'ledger.sqlite'), boot: { keyFile: path.join(dir, 'keys', 'towncounter.key') } });
    const db = core.core.deps.db;
    const gomer = makeAccount(db, { first: 'Gomer', last: 'Pyle', street: '4 Filling Station Rd' });
    const clerkToken = await core.signIn('clerk');
    await core.must('customers.update', { customerId: gomer.customerId, changes: { taxId: { kind: 'ssn', value: '345678912' } } }, clerkToken);
    billAccount(db, gomer.id, '2025-11-15', { water: 9000 });
    await core.must('setoff.sendNotices', { mailedOn: '2026-03-16' }, clerkToken);
    const { t } = await startApp({ core });
    await signIn('clerk', '2222');
    // A clerk sees the screen without the supervisor's parts.
    fireEvent.keyDown(document.body, { key: 'T', code: 'KeyT', altKey: true });
    await screen.findByRole('heading', { level: 1, name: 'Debt setoff' });
    expect(screen.queryByRole('region', { name: 'Submission file' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Import proceeds' })).toBeNull();

    fireEvent.keyDown(document.body, { key: '2', code: 'Digit2', altKey: true });
    fireEvent.change(await screen.findByRole('searchbox', { name: 'Search accounts' }), { target: { value: gomer.number } });
    fireEvent.click(await screen.findByRole('button', { name: `${gomer.number} Gomer Pyle` }));
    await screen.findByRole('heading', { level: 1, name: /Gomer Pyle/ });
    const section = screen.getByRole('region', { name: 'Setoff' });
    const criteria = await within(section).findByRole('table', { name: 'Setoff criteria' });
    expect(within(criteria).getByRole('row', { name: /Notice\s*Not met\s*notice mailed 2026-03-16; hearing window open until 2026-04-15/ })).toBeTruthy();
    fireEvent.change(within(section).getByLabelText('Hearing request received on'), { target: { value: '2026-03-16' } });
    fireEvent.change(within(section).getByLabelText('Hearing request note'), { target: { value: 'Disputes the November bill' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Record hearing request' }));
    await within(section).findByText('Hearing request received 03/16/2026 recorded; the debt is not sent until it is decided.');
    const hearings = await within(section).findByRole('table', { name: 'Hearing requests' });
    expect(within(hearings).getByRole('row', { name: /03\/16\/2026\s*Disputes the November bill\s*Pending/ })).toBeTruthy();

    // The supervisor decides it.
    fireEvent.click(screen.getByRole('button', { name: /Sign out/ }));
    await screen.findByRole('button', { name: 'Sign in' });
    await signIn('supervisor', '9999');
    fireEvent.keyDown(document.body, { key: 'T', code: 'KeyT', altKey: true });
    const region = await screen.findByRole('region', { name: 'Hearing requests' });
    fireEvent.click(await within(region).findByRole('button', { name: `Decide the hearing for ${gomer.number}` }));
    const form = within(region).getByRole('form', { name: 'Decide hearing' });
    fireEvent.change(within(form).getByLabelText('Decided on'), { target: { value: '2026-03-16' } });
    fireEvent.change(within(form).getByLabelText('Outcome'), { target: { value: 'debtor' } });
    fireEvent.change(within(form).getByLabelText('Decision note'), { target: { value: 'Meter misread' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Record decision' }));
    await within(region).findByText(`Hearing for ${gomer.number} decided for the debtor.`);
    await within(region).findByText('No hearing request is waiting.');
    expect((db.prepare('SELECT outcome FROM setoff_hearings').get() as { outcome: string }).outcome).toBe('debtor');

    // After a hearing lost, a new notice from the account page starts a new window.
    fireEvent.click(await within(await screen.findByRole('table', { name: 'Setoff eligibility by account' })).findByRole('button', { name: `Open account ${gomer.number}` }));
    await screen.findByRole('heading', { level: 1, name: /Gomer Pyle/ });
    const again = await screen.findByRole('form', { name: 'Send a setoff notice' });
    fireEvent.change(within(again).getByLabelText('Notice mail date'), { target: { value: '2026-03-17' } });
    fireEvent.click(within(again).getByRole('button', { name: 'Send setoff notice' }));
    await screen.findByText('Setoff notice for $90.00 recorded as mailed 03/17/2026; the hearing window starts that day.');
    expect((db.prepare('SELECT count(*) AS n FROM setoff_notices').get() as { n: number }).n).toBe(2);
    t.close();
  });
});
