// Issue 11 item 16: the Export screen's "Last delivery" reads the last files actually written
// (a run that found nothing to send is no delivery), and the header never shows a closed
// business day as if it were open.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { tempDir, type TestCore } from '../helpers/core';
import { makeExportCore, makeTownAccounts, manualTimers, workDay } from '../core/export/helpers';
import { signIn, startApp } from './harness';

function lastDelivery(): string {
  const dt = screen.getAllByText('Last delivery').find((e) => e.tagName === 'DT');
  return dt!.nextElementSibling!.textContent ?? '';
}

describe('Export screen: last delivery', () => {
  let t: TestCore;
  afterEach(() => t.close());

  it('says "None yet" after a run that found nothing to send, then names the delivered day', async () => {
    const timers = manualTimers();
    t = await makeExportCore({ now: '2026-03-16T13:00:00Z', exporting: { timers } });
    const accounts = makeTownAccounts(t, 4);
    await t.must('export.updateSettings', { values: { folder: tempDir('tc-export-last-') }, reason: 'finance share' }, await t.signIn('admin'));
    // The app starts: the catch-up run finds no closed day and ends without error.
    t.core.exporter.start();
    timers.fireNext();
    await t.core.exporter.idle();
    const sup = await t.signIn('supervisor');
    expect((await t.must('export.status', {}, sup)).lastSuccessAt).not.toBeNull();

    await startApp({ core: t });
    await signIn('supervisor', '9999');
    fireEvent.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Export' }));
    await screen.findByRole('heading', { name: 'Status' });
    expect(lastDelivery()).toBe('None yet');

    // A day is worked, closed and sent from the screen: now there is a delivery to name.
    await workDay(t, '2026-03-16', accounts, { payments: 2, seed: 5 });
    fireEvent.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Accounts' }));
    fireEvent.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Export' }));
    const table = await screen.findByRole('table', { name: 'Business days' });
    fireEvent.click(within(table).getByRole('button', { name: 'Send 03/16/2026 now' }));
    await screen.findByRole('heading', { name: 'Delivered: 03/16/2026 (station S1)' });
    await waitFor(() => expect(lastDelivery()).toMatch(/^03\/16\/2026, .+ \(business day 03\/16\/2026\)$/));
  }, 60_000);
});

describe('the header business date', () => {
  let t: TestCore;
  afterEach(() => t.close());

  it('shows the open day, and once it is closed says so and names the next business day', async () => {
    ({ t } = await startApp());
    // A clerk's mail batch opens the business day of 2026-03-16.
    const clerk = await t.signIn('clerk');
    const batch = await t.must('mailBatches.open', { controlCount: 1, controlTotalCents: 1000 }, clerk);
    await t.must('mailBatches.addItem', { batchId: batch.id, accountNumber: (t.core.deps.db.prepare('SELECT number FROM accounts ORDER BY id LIMIT 1').get() as { number: string }).number, amountCents: 1000 }, clerk);
    await t.must('mailBatches.post', { batchId: batch.id }, clerk);
    const status = await t.must('ledger.status', {});
    expect(status).toMatchObject({ businessDate: '2026-03-16', businessDayOpen: true, closedBusinessDate: null });

    await signIn('supervisor', '9999');
    const banner = screen.getByRole('banner');
    expect(within(banner).getByText('Business date 03/16/2026')).toBeTruthy();
    fireEvent.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: /^Reports/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'Close business day' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Close the day' }));
    await waitFor(() => expect(within(banner).getByText('Day 03/16/2026 closed — next: 03/17/2026')).toBeTruthy());
    expect(within(banner).queryByText('Business date 03/16/2026')).toBeNull();
    expect(await t.must('ledger.status', {})).toMatchObject({ businessDate: '2026-03-17', businessDayOpen: false, closedBusinessDate: '2026-03-16' });
  }, 30_000);
});
