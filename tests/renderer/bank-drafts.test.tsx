// Bank drafts in happy-dom over the real bridge and ledger (with a real key file in a temp
// folder): a clerk enrols John Smith from the account page (a bad routing number is refused at
// the field, never sent), the enrolment shows masked and can be ended; a supervisor makes the
// debit file on the Bank drafts screen, saves it, posts it on the settlement date and imports
// the bank's returns file.
import fs from 'node:fs';
import path from 'node:path';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { tempDir, type TestCore } from '../helpers/core';
import { makeExportCore } from '../core/export/helpers';
import { checkAchFile, returnsFile } from '../core/drafts/ach-check';
import { signIn, startApp, type Seeded } from './harness';

const BANK = { immediateDestination: '053912349', bankName: 'First Example Bank', immediateOrigin: '1561234567', originName: 'Town of Mayberry', companyName: 'Town of Mayberry', companyId: '1561234567', odfiRouting: '053912349', prenote: false };
const AT_BANK = '80417736259014';

async function openSmith(number: string) {
  fireEvent.keyDown(document.body, { key: '2', code: 'Digit2', altKey: true });
  fireEvent.change(screen.getByRole('searchbox', { name: 'Search accounts' }), { target: { value: number } });
  const results = await screen.findByRole('table', { name: 'Search results' });
  fireEvent.click(within(results).getAllByRole('button')[0]!);
  return screen.findByRole('region', { name: 'Bank draft' });
}

describe('bank drafts', () => {
  let t: TestCore;
  let seeded: Seeded;
  let folder: string;

  beforeEach(async () => {
    const dir = tempDir('tc-drafts-ui-');
    folder = tempDir('tc-drafts-ui-out-');
    t = await makeExportCore({ now: '2026-03-16T14:00:00Z', keyFile: path.join(dir, 'towncounter.key') });
    const admin = await t.signIn('admin');
    await t.must('drafts.updateSettings', { values: BANK, reason: 'from the bank' }, admin);
    await t.must('export.updateSettings', { values: { folder }, reason: 'share' }, admin);
  });

  afterEach(() => t.close());

  it('enrols from the account page (routing checked at the field), shows it masked, and ends it', async () => {
    ({ seeded } = await startApp({ core: t }));
    await signIn('clerk', '2222');
    const section = await openSmith(seeded.smith.number);
    fireEvent.click(await within(section).findByRole('button', { name: 'Enrol in bank draft' }));
    const form = within(section).getByRole('form', { name: 'Enrol in bank draft' });
    const routing = within(form).getByLabelText('Routing number');
    expect(document.activeElement).toBe(routing);
    fireEvent.change(routing, { target: { value: '062198768' } });
    expect(within(form).getByText('The check digit does not match: check the routing number on the check.')).toBeTruthy();
    expect(routing.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(within(form).getByLabelText('Account type'), { target: { value: 'checking' } });
    const number = within(form).getByLabelText<HTMLInputElement>('Bank account number');
    expect(number.type).toBe('password');
    fireEvent.change(number, { target: { value: AT_BANK } });
    fireEvent.click(within(form).getByLabelText('Show the bank account number'));
    expect(number.type).toBe('text');
    fireEvent.click(within(form).getByRole('button', { name: 'Enrol' }));
    expect(t.core.deps.db.prepare('SELECT count(*) AS n FROM draft_enrolments').get()).toEqual({ n: 0 });

    fireEvent.change(routing, { target: { value: '062198769' } });
    expect(routing.getAttribute('aria-invalid')).toBeNull();
    fireEvent.click(within(form).getByRole('button', { name: 'Enrol' }));
    await within(section).findByText('Enrolled: checking ••••9014 at 062198769 (active).');
    const table = within(section).getByRole('table', { name: 'Bank draft enrolments' });
    expect(within(table).getByText('••••9014')).toBeTruthy();
    expect(within(table).getAllByRole('row')[1]!.textContent).toContain('Smith');
    expect(document.body.textContent).not.toContain(AT_BANK);
    // The account's flags follow (the page reloads the account).
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Account flags' })).getByText('Bank draft')).toBeTruthy());
    // A clerk cannot reveal the number.
    expect(within(table).queryByRole('button', { name: /^Reveal/ })).toBeNull();

    fireEvent.click(within(table).getByRole('button', { name: 'End bank draft ••••9014' }));
    const end = within(section).getByRole('form', { name: 'End bank draft ••••9014' });
    fireEvent.change(within(end).getByLabelText('Reason for ending the draft'), { target: { value: 'customer revoked it' } });
    fireEvent.click(within(end).getByRole('button', { name: 'End bank draft' }));
    await within(section).findByText('The bank draft was ended.');
    expect((within(within(section).getByRole('table', { name: 'Bank draft enrolments' })).getAllByRole('row')[1] as HTMLTableRowElement).cells[0]!.textContent).toBe('Ended');
    expect(within(section).getByRole('button', { name: 'Enrol in bank draft' })).toBeTruthy();
    expect((await t.must('drafts.list', { accountId: seeded.smith.id }, await t.signIn('clerk'))).enrolments[0]).toMatchObject({ status: 'ended', endReason: 'Cancelled: customer revoked it' });
  });

  it('makes the debit file, posts it on the settlement date and imports a returns file', async () => {
    ({ seeded } = await startApp({ core: t }));
    const sup = await t.signIn('supervisor');
    await t.must('drafts.enroll', { accountId: seeded.smith.id, routingNumber: '062198769', accountType: 'checking', bankAccountNumber: AT_BANK, authorizedOn: '2026-03-10' }, sup);
    const balance = (await t.must('accounts.get', { accountId: seeded.smith.id }, sup)).balanceCents;
    await signIn('supervisor', '9999');

    // The supervisor reveals the number from the account page for a moment.
    const section = await openSmith(seeded.smith.number);
    fireEvent.click(await within(section).findByRole('button', { name: 'Reveal bank account ••••9014' }));
    fireEvent.change(within(section).getByLabelText('Reason for revealing'), { target: { value: 'customer asked which account' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Reveal number' }));
    expect((await within(section).findByLabelText(/^Bank account number of enrolment/)).textContent).toBe(AT_BANK);
    fireEvent.click(within(section).getByRole('button', { name: 'Hide' }));
    expect(document.body.textContent).not.toContain(AT_BANK);

    fireEvent.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Bank drafts' }));
    fireEvent.change(await screen.findByLabelText('Draft date'), { target: { value: '2026-03-17' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create debit file' }));
    const made = await screen.findByRole('heading', { name: /^Made / });
    const fileName = made.textContent.replace('Made ', '');
    const result = made.closest('section')!;
    expect(within(result).getByText('$' + (balance / 100).toFixed(2))).toBeTruthy();
    expect(within(result).getByText(path.join(folder, fileName))).toBeTruthy();
    const written = fs.readFileSync(path.join(folder, fileName), 'ascii');
    expect(checkAchFile(written).batches[0]!.entries.map((e) => [e.amount, e.account])).toEqual([[balance, AT_BANK]]);

    // Saved from the screen: a Blob behind an <a download>.
    const saved: Array<{ name: string; blob: Blob }> = [];
    const blobs = new Map<string, Blob>();
    const create = URL.createObjectURL.bind(URL);
    const spy = vi.spyOn(URL, 'createObjectURL').mockImplementation((b: Blob | MediaSource) => {
      const url = create(b);
      if (b instanceof Blob) blobs.set(url, b);
      return url;
    });
    const onClick = (e: MouseEvent) => {
      if (e.target instanceof HTMLAnchorElement && e.target.download) {
        e.preventDefault();
        saved.push({ name: e.target.download, blob: blobs.get(e.target.href)! });
      }
    };
    document.addEventListener('click', onClick);
    try {
      fireEvent.click(within(result).getByRole('button', { name: `Save ${fileName}` }));
      expect(saved.map((s) => s.name)).toEqual([fileName]);
      expect(await saved[0]!.blob.text()).toBe(written);
    } finally {
      document.removeEventListener('click', onClick);
      spy.mockRestore();
    }

    // Too early to post; on the 17th it posts as a payment.
    const files = screen.getByRole('table', { name: 'Files made' });
    fireEvent.click(within(files).getByRole('button', { name: `Post ${fileName} as payments` }));
    expect((await screen.findByText(/^Not done:/)).textContent).toContain('2026-03-17');
    t.clock.set('2026-03-17T14:00:00Z');
    fireEvent.click(within(files).getByRole('button', { name: `Post ${fileName} as payments` }));
    expect(await screen.findByText(`Posted 1 draft from ${fileName} as payments: $${(balance / 100).toFixed(2)}.`)).toBeTruthy();
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Files made' })).queryByRole('button', { name: /^Post / })).toBeNull());
    expect((await t.must('accounts.get', { accountId: seeded.smith.id }, sup)).balanceCents).toBe(0);

    // The bank returns it (R01); pasted into the screen.
    t.clock.set('2026-03-19T14:00:00Z');
    const item = t.core.deps.db.prepare('SELECT trace_number FROM draft_items').get() as { trace_number: string };
    const file = returnsFile([{ code: '26', rdfi: '062198769', account: AT_BANK, amount: balance, individualId: seeded.smith.number, name: 'JOHN SMITH', addendaType: '99', reason: 'R01', originalTrace: item.trace_number, trace: '062198760000101' }]);
    fireEvent.change(screen.getByLabelText('Returns file contents'), { target: { value: file } });
    fireEvent.click(screen.getByRole('button', { name: 'Import returns' }));
    const returned = await screen.findByRole('table', { name: 'Returned drafts' });
    const cells = within(returned).getAllByRole('row')[1]!.textContent;
    expect(cells).toContain(item.trace_number);
    expect(cells).toContain('R01');
    expect(cells).toContain('Payment reversed');
    expect(cells).toContain('$35.00');
    expect((await t.must('accounts.get', { accountId: seeded.smith.id }, sup)).balanceCents).toBe(balance + 3500);
  });
});
