// The Export screen in happy-dom over the real bridge and ledger: two closed days listed as
// waiting, "Send now" delivers one into a real temp folder and shows its files, a re-send needs
// a reason (and, for an administrator, a supervisor's approval) and rewrites the same bytes, and
// a missing export folder is refused with the error shown on the screen and in the app frame.
import fs from 'node:fs';
import path from 'node:path';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { tempDir, type TestCore } from '../helpers/core';
import { makeExportCore, makeTownAccounts, workDay } from '../core/export/helpers';
import { signIn, startApp } from './harness';

const DAY1 = '2026-03-16';
const DAY2 = '2026-03-17';

function row(table: HTMLElement, date: string): HTMLElement {
  const r = within(table).getAllByRole('row').find((x) => x.textContent?.startsWith(date));
  if (!r) throw new Error(`no row for ${date}`);
  return r;
}

describe('Export screen', () => {
  let t: TestCore;
  let target: string;

  beforeAll(async () => {
    t = await makeExportCore({ now: `${DAY1}T13:00:00Z` });
    const accounts = makeTownAccounts(t, 4);
    await workDay(t, DAY1, accounts, { payments: 4, seed: 3 });
    await workDay(t, DAY2, accounts, { payments: 3, seed: 4 });
    t.clock.set('2026-03-18T14:00:00Z');
    target = tempDir('tc-export-ui-');
    await t.must('export.updateSettings', { values: { folder: target }, reason: 'central finance share' }, await t.signIn('admin'));
  }, 60_000);

  afterAll(() => t.close());

  it('sends a closed day, re-sends it with a reason, and shows a missing folder in the frame', async () => {
    await startApp({ core: t });
    await signIn('supervisor', '9999');
    fireEvent.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Export' }));
    const table = await screen.findByRole('table', { name: 'Business days' });
    expect(row(table, '03/16/2026').textContent).toContain('Waiting');
    expect(row(table, '03/17/2026').textContent).toContain('Waiting');
    expect(within(screen.getByRole('banner')).getByText('Export: 2 days waiting')).toBeTruthy();

    // Send now: delivered into the folder, its files listed.
    fireEvent.click(within(row(table, '03/16/2026')).getByRole('button', { name: 'Send 03/16/2026 now' }));
    const heading = await screen.findByRole('heading', { name: 'Delivered: 03/16/2026 (station S1)' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    const files = screen.getByRole('table', { name: 'Files sent' });
    expect(within(files).getAllByRole('row').slice(1).map((r) => (r as HTMLTableRowElement).cells[0]!.textContent)).toEqual(expect.arrayContaining(['payments.csv', 'gl.csv', 'revenue.csv']));
    const folder = path.join(target, `${DAY1}_S1`);
    expect(screen.getAllByText(folder).some((e) => e.tagName === 'CODE')).toBe(true);
    expect(fs.readdirSync(folder)).toContain('manifest.json');
    await waitFor(() => expect(row(screen.getByRole('table', { name: 'Business days' }), '03/16/2026').textContent).toContain('Delivered'));
    await waitFor(() => expect(within(screen.getByRole('banner')).getByText('Export: 1 day waiting')).toBeTruthy());
    const before = fs.readFileSync(path.join(folder, 'payments.csv'));

    // Browser mode can't open folders: the button says where the folder is instead.
    fireEvent.click(within(row(screen.getByRole('table', { name: 'Business days' }), '03/16/2026')).getByRole('button', { name: 'Open the folder of 03/16/2026' }));
    await waitFor(() => expect(screen.getAllByRole('alert').some((e) => e.textContent?.includes(`open ${folder} in the file manager`))).toBe(true));

    // Re-send: the reason is required; a supervisor approves for themselves.
    fireEvent.click(within(row(screen.getByRole('table', { name: 'Business days' }), '03/16/2026')).getByRole('button', { name: 'Re-send 03/16/2026' }));
    const form = await screen.findByRole('form', { name: 'Re-send 03/16/2026' });
    expect(within(form).queryByLabelText('Supervisor PIN')).toBeNull();
    fireEvent.click(within(form).getByRole('button', { name: 'Re-send day' }));
    expect(within(form).getByText('Say why the day is sent again (at least 3 characters).')).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Reason for re-sending'), { target: { value: 'central finance lost the folder' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Re-send day' }));
    await screen.findByRole('heading', { name: 'Sent again: 03/16/2026 (station S1)' });
    expect(screen.getByText('The files are byte-identical to the first delivery.')).toBeTruthy();
    expect(fs.readFileSync(path.join(folder, 'payments.csv')).equals(before)).toBe(true);

    // A missing folder: refused, shown on the screen and in the frame's header.
    const missing = path.join(target, 'not-mounted');
    await t.must('export.updateSettings', { values: { folder: missing }, reason: 'share moved' }, await t.signIn('admin'));
    fireEvent.click(within(row(screen.getByRole('table', { name: 'Business days' }), '03/17/2026')).getByRole('button', { name: 'Send 03/17/2026 now' }));
    const refused = await screen.findByText(/^Not sent:/);
    expect(refused.getAttribute('role')).toBe('alert');
    expect(refused.textContent).toContain('does not exist');
    const frameAlert = await within(screen.getByRole('banner')).findByRole('alert');
    expect(frameAlert.textContent).toMatch(/^Export failed \(03\/17\/2026\): .*does not exist/);
    await waitFor(() => expect(row(screen.getByRole('table', { name: 'Business days' }), '03/17/2026').textContent).toContain('Failed'));
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('an administrator re-sends only with a supervisor’s approval, and sets the folder back', async () => {
    await startApp({ core: t });
    await signIn('admin', '0000');
    fireEvent.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Export' }));
    // The admin fixes the folder from the settings form.
    const settings = await screen.findByRole('form', { name: 'Export settings' });
    fireEvent.change(within(settings).getByLabelText('Export folder'), { target: { value: target } });
    fireEvent.click(within(settings).getByRole('button', { name: 'Save export settings' }));
    expect(await within(settings).findByText('Say why the settings change (at least 3 characters).')).toBeTruthy();
    fireEvent.change(within(settings).getByLabelText('Reason for the change'), { target: { value: 'share is back' } });
    fireEvent.click(within(settings).getByRole('button', { name: 'Save export settings' }));
    await within(settings).findByText('Export settings saved.');
    expect((await t.must('export.getSettings', {}, await t.signIn('admin'))).folder).toBe(target);

    const table = await screen.findByRole('table', { name: 'Business days' });
    fireEvent.click(within(row(table, '03/16/2026')).getByRole('button', { name: 'Re-send 03/16/2026' }));
    const form = await screen.findByRole('form', { name: 'Re-send 03/16/2026' });
    fireEvent.change(within(form).getByLabelText('Reason for re-sending'), { target: { value: 'central asked again' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Re-send day' }));
    expect(await within(form).findByText('Enter the supervisor’s username.')).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Supervisor username'), { target: { value: 'supervisor' } });
    fireEvent.change(within(form).getByLabelText('Supervisor PIN'), { target: { value: '1234' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Re-send day' }));
    expect((await within(form).findByRole('alert')).textContent).toMatch(/^Not sent:/);
    fireEvent.change(within(form).getByLabelText('Supervisor PIN'), { target: { value: '9999' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Re-send day' }));
    await screen.findByRole('heading', { name: 'Sent again: 03/16/2026 (station S1)' });
    const audit = (await t.must('audit.list', { limit: 5, action: 'export.resend' }, await t.signIn('supervisor'))).rows;
    expect(audit[0]).toMatchObject({ user: 'admin', approvedBy: 'supervisor', reason: 'central asked again' });
  });
});
