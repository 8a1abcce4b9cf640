// Times on screen are in the town's zone (setting timeZone, from ledger.status), never in the
// zone of the computer showing them: this file runs the renderer with the process in Tokyo
// while the town is in America/New_York. A payment taken at 23:06 town time on 12/03/2026
// (04:06 on 12/04 in UTC, 13:06 in Tokyo) reads 11:06 PM on business date 12/03/2026 on the
// receipt, in the drawer journal and in the audit log.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { formatClock, formatTimestamp, formatTownDate } from '../../src-renderer/ui/format';
import { makeTestCore, type TestCore } from '../helpers/core';
import { STARTING_BANK } from '../helpers/fixtures';
import { signIn, startApp } from './harness';

const savedTz = process.env.TZ;
process.env.TZ = 'Asia/Tokyo';
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

const AT = '2026-12-04T04:06:00Z';
const focused = () => document.activeElement as HTMLElement;

function figure(container: HTMLElement, label: string): string | null {
  const dt = within(container).getAllByText(label).find((e) => e.tagName === 'DT');
  return dt?.parentElement?.querySelector('dd')?.textContent ?? null;
}

describe('times on screen', () => {
  let t: TestCore;
  afterEach(() => t?.close());

  it('the process really is in another zone than the town', () => {
    expect(new Date(AT).getHours()).toBe(13);
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe('Asia/Tokyo');
  });

  it('formats an instant in the zone it is given, whatever the machine zone', () => {
    expect(formatTimestamp(AT, 'America/New_York')).toBe('12/03/2026, 11:06 PM');
    expect(formatClock(AT, 'America/New_York')).toBe('11:06 PM');
    expect(formatTownDate(AT, 'America/New_York')).toBe('12/03/2026');
    expect(formatTimestamp('2026-07-04T03:30:00Z', 'America/Chicago')).toBe('07/03/2026, 10:30 PM');
    // A zone that is no zone: shown in UTC and said so, never silently in the machine's zone.
    expect(formatTimestamp(AT, 'Mars/Olympus_Mons')).toBe('12/04/2026, 4:06 AM UTC');
    expect(formatTimestamp('not a time', 'America/New_York')).toBe('not a time');
  });

  it('a receipt taken at 23:06 town time shows 11:06 PM and business date 12/03/2026 (receipt and drawer journal)', async () => {
    t = await makeTestCore({ now: AT });
    const { seeded } = await startApp({ core: t });
    expect((await t.must('ledger.status', {}, null)).timeZone).toBe('America/New_York');
    await t.must('drawer.open', { counts: STARTING_BANK }, await t.signIn('cashier'));
    await signIn('cashier', '1111');
    const box = await screen.findByRole('searchbox', { name: 'Find account' });
    await waitFor(() => expect(focused()).toBe(box));
    fireEvent.change(box, { target: { value: seeded.smith.number } });
    fireEvent.keyDown(box, { key: 'Enter' });
    const amount = await screen.findByLabelText<HTMLInputElement>(`Amount for ${seeded.smith.number}`);
    await waitFor(() => expect(focused()).toBe(amount));
    fireEvent.keyDown(focused(), { key: 'Enter' });
    const cash = await screen.findByLabelText<HTMLInputElement>('Cash amount');
    await waitFor(() => expect(focused()).toBe(cash));
    fireEvent.keyDown(focused(), { key: 'F9' });

    const receipt = await screen.findByRole('article', { name: 'Receipt S1-000001' });
    expect(figure(receipt, 'Date and time')).toBe('12/03/2026, 11:06 PM');
    expect(figure(receipt, 'Business date')).toBe('12/03/2026');

    // The drawer journal lists it at the same town time.
    fireEvent.keyDown(document.body, { key: '3', code: 'Digit3', altKey: true });
    const journal = await screen.findByRole('region', { name: 'Today’s journal' });
    const row = (await within(journal).findByRole('button', { name: 'Open receipt S1-000001' })).closest('tr')!;
    expect(within(row).getAllByRole('cell')[1]!.textContent).toBe('12/03/2026, 11:06 PM');
  });

  it('the audit log shows its times in the town zone', async () => {
    t = await makeTestCore({ now: AT });
    await startApp({ core: t });
    await signIn('supervisor', '9999');
    fireEvent.keyDown(document.body, { key: '9', code: 'Digit9', altKey: true });
    const table = await screen.findByRole('table', { name: /audit/i });
    const signInRow = (await within(table).findAllByText('session.signIn'))[0]!.closest('tr')!;
    expect(within(signInRow).getAllByRole('cell')[0]!.textContent).toBe('12/03/2026, 11:06 PM');
  });
});
