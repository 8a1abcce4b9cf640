// The "Cut-off notices" panel of the Cut-off list screen (Alt+U) in happy-dom over the real
// bridge and ledger: a clerk prints the notices of a ready list (progress shown, the batch PDF
// saved, one notice recorded per account on the list); a mail date too close to the cut-off is
// refused with the core's reason.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { makeTestCore, type TestCore } from '../helpers/core';
import { billAccount, makeAccount } from '../helpers/fixtures';
import { signIn, startApp, captureDownloads } from './harness';

describe('Cut-off notices panel', () => {
  let t: TestCore;
  let pyle: { id: number; number: string };
  beforeEach(async () => {
    t = await makeTestCore(); // business date 2026-03-16, a Monday
    pyle = makeAccount(t.core.deps.db, { first: 'Gomer', last: 'Pyle', street: '7 Garage Rd' });
    billAccount(t.core.deps.db, pyle.id, '2026-02-01', { water: 8743 }); // due 2026-02-21
    const sup = await t.signIn('supervisor');
    await t.must('collections.cutoffList.generate', { cutoffDate: '2026-03-24' }, sup);
  });
  afterEach(() => t.close());

  it('prints the notices of a ready list with progress and saves the batch PDF', async () => {
    const downloads = captureDownloads();
    try {
      await startApp({ core: t, delay: (m) => (m === 'collections.cutoffNotices.issue' ? 400 : 0) });
      await signIn('clerk', '2222');
      fireEvent.keyDown(document.body, { key: 'u', code: 'KeyU', altKey: true });
      const panel = await screen.findByRole('region', { name: 'Cut-off notices' });
      await waitFor(() => expect(within(panel).getByRole('status', { name: 'Notices batch' }).textContent).toBe('0 of 1 notices issued.'));
      expect(within(panel).getByLabelText<HTMLInputElement>('Mail date').value).toBe('2026-03-16');
      fireEvent.click(within(panel).getByRole('button', { name: 'Print notices' }));
      expect(await within(panel).findByRole('progressbar', { name: 'Cut-off notices progress' })).toBeTruthy();
      await waitFor(() => expect(within(panel).getByRole('status', { name: 'Notices printed' }).textContent).toBe('1 new notice issued; 1 in the batch PDF.'));
      expect(downloads.saved.map((d) => d.filename)).toEqual([expect.stringMatching(/^cutoff-notices-2026-03-24-list\d+\.pdf$/)]);
      expect(downloads.saved[0]!.blob?.type).toBe('application/pdf');
      await waitFor(() => expect(within(panel).getByRole('status', { name: 'Notices batch' }).textContent).toBe('1 of 1 notices issued (mailed 03/16/2026).'));
      expect((t.core.deps.db.prepare("SELECT count(*) AS n FROM letters WHERE kind = 'cutoff_notice'").get() as { n: number }).n).toBe(1);
      // Too close to the cut-off: the core's reason, nothing more issued.
      fireEvent.change(within(panel).getByLabelText('Mail date'), { target: { value: '2026-03-20' } });
      fireEvent.click(within(panel).getByRole('button', { name: 'Print notices' }));
      await waitFor(() => expect(within(panel).getByRole('alert').textContent).toContain('only 4 days after the mail date 2026-03-20'));
    } finally {
      downloads.restore();
    }
  });

  it('lists the account’s notices in its Collections section (Alt+Shift+K) and reprints one', async () => {
    const sup = await t.signIn('supervisor');
    const [list] = (await t.must('collections.cutoffList.lists', {}, sup)).lists;
    await t.must('collections.cutoffNotices.issue', { listId: list!.id, mailedOn: '2026-03-16' }, sup);
    const wo = await t.must('workOrders.create', { type: 'disconnect_nonpay', accountId: pyle.id, source: 'counter', idempotencyKey: 'notices-wo-1' }, sup);
    const downloads = captureDownloads();
    try {
      await startApp({ core: t });
      await signIn('clerk', '2222');
      fireEvent.change(screen.getByRole('searchbox', { name: 'Search accounts' }), { target: { value: pyle.number } });
      fireEvent.click(await screen.findByRole('button', { name: `${pyle.number} Gomer Pyle` }));
      await screen.findByRole('heading', { level: 1, name: /Gomer Pyle/ });
      fireEvent.keyDown(document.activeElement ?? document.body, { key: 'K', code: 'KeyK', altKey: true, shiftKey: true });
      const section = screen.getByRole('region', { name: 'Collections' });
      expect(document.activeElement).toBe(within(section).getByRole('heading', { level: 2 }));
      const table = await within(section).findByRole('table', { name: 'Cut-off notices sent' });
      expect(within(table).getByRole('row', { name: /03\/16\/2026 03\/24\/2026 \$87\.43 English/ })).toBeTruthy();
      fireEvent.click(within(table).getByRole('button', { name: 'Reprint the cut-off notice for 03/24/2026 mailed 03/16/2026' }));
      const orders = await within(section).findByRole('table', { name: 'Disconnect and reconnect orders' });
      expect(within(orders).getByRole('cell', { name: wo.number })).toBeTruthy();
      await waitFor(() => expect(downloads.saved.map((d) => d.filename)).toEqual([expect.stringMatching(new RegExp(`^cutoff-notice-letter-${pyle.number}-\\d+\\.pdf$`))]));
    } finally {
      downloads.restore();
    }
  });
});
