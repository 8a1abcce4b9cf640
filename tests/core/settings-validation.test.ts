// Issue 9 item 2: a setting can't brick the office. Every setting is checked for meaning at
// settings.update; a bad value already stored (written by hand) falls back to its default, the
// app opens and reports it, and the administrator fixes it from the app. Dates crossing the
// contract are real calendar dates.
import path from 'node:path';
import { makeTestCore, tempDir } from '../helpers/core';
import { seedAccounts } from '../renderer/harness';

describe('settings.update refuses values that mean nothing', () => {
  it('refuses a made-up time zone, a non-permutation service order, bad amounts and bad text, and changes nothing', async () => {
    const t = await makeTestCore();
    const admin = await t.signIn('admin');
    const before = await t.must('settings.get', {}, admin);
    const refusals: Array<Record<string, unknown>> = [
      { timeZone: 'Mars/Olympus_Mons' },
      { timeZone: '+05:00' },
      { serviceOrder: ['water', 'water', 'sewer', 'electric', 'stormwater'] },
      { dueDays: 0 },
      { lateFeeBasisPoints: 50_000 },
      { returnedCheckFeeCents: 99_999 },
      { drawerStartingBankCents: -1 },
      { cutoffMinimumCents: 0 },
      { townName: 'Town of\u0007Mayberry' },
      { townPhone: ' (336) 555-0100' },
      { sessionIdleMinutes: 0 },
      { sessionMaxHours: 48 },
      { pinMinLength: { cashier: 3, clerk: 4, supervisor: 4, admin: 4 } },
      { pinMinLength: { cashier: 4 } },
      { townHolidays: [{ date: '2026-02-30', name: 'No such day' }] },
      { townHolidays: [{ date: '2026-07-03', name: 'Independence Day' }, { date: '2026-07-03', name: 'Again' }] },
      { townHolidays: [{ date: '2026-07-03', name: '' }] },
      { winterRuleFrom: '11-31' },
      { winterRuleTo: '3-31' },
      { setoffAgencyCode: '99' },
      { setoffAccountCode: 'utl' },
    ];
    for (const values of refusals) {
      const r = await t.call('settings.update', { values: values, reason: 'trying a bad value' }, admin);
      expect(r.ok ? 'accepted' : r.error.code, JSON.stringify(values)).toBe('BAD_INPUT');
    }
    expect(await t.must('settings.get', {}, admin)).toEqual(before);
    // The office still works.
    const cashier = await t.signIn('cashier');
    expect((await t.must('accounts.search', { query: 'smith' }, cashier)).results).toEqual([]);
    expect((await t.must('drawer.open', { counts: [{ denominationCents: 2000, count: 10 }] }, cashier)).id).toBeGreaterThan(0);
    // A real zone, a real permutation and longer PINs for supervisors are accepted.
    const ok = await t.must('settings.update', { values: { timeZone: 'America/Chicago', serviceOrder: ['water', 'sewer', 'electric', 'solid_waste', 'stormwater'], pinMinLength: { cashier: 4, clerk: 4, supervisor: 6, admin: 8 } }, reason: 'moving west' }, admin);
    expect(ok).toMatchObject({ timeZone: 'America/Chicago', pinMinLength: { supervisor: 6, admin: 8 } });
    t.close();
  });

  it('refuses dates that do not exist where a date crosses the contract', async () => {
    const t = await makeTestCore();
    const sup = await t.signIn('supervisor');
    const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'accepted' : r.error!.code);
    expect(code(await t.call('payments.return', { receiptNumber: 'S1-000001', reason: 'NSF', returnedOn: '2026-13-45' }, sup))).toBe('BAD_INPUT');
    expect(code(await t.call('payments.return', { receiptNumber: 'S1-000001', reason: 'NSF', returnedOn: '2026-02-29' }, sup))).toBe('BAD_INPUT');
    expect(code(await t.call('drafts.enroll', { accountId: 1, routingNumber: '011000015', accountType: 'checking', bankAccountNumber: '123456789', authorizedOn: '2026-02-31' }, sup))).toBe('BAD_INPUT');
    expect(code(await t.call('reports.daily', { businessDate: '2026-04-31' }, sup))).toBe('BAD_INPUT');
    expect(code(await t.call('day.close', { businessDate: '2026-00-10' }, sup))).toBe('BAD_INPUT');
    expect(code(await t.call('drafts.createFile', { draftDate: '2026-02-30' }, sup))).toBe('BAD_INPUT');
    // A leap day is a real date.
    expect(code(await t.call('reports.daily', { businessDate: '2028-02-29' }, sup))).not.toBe('BAD_INPUT');
    t.close();
  });
});

describe('a bad value stored in the settings table', () => {
  it('does not stop the app: that setting falls back to its default, the problem is shown, and the admin fixes it', async () => {
    const file = path.join(tempDir('tc-badsetting-'), 'ledger.sqlite');
    const first = await makeTestCore({ file });
    seedAccounts(first);
    first.core.deps.db.prepare("INSERT INTO settings (key, value) VALUES ('timeZone', ?), ('serviceOrder', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(
      JSON.stringify('Mars/Olympus_Mons'),
      JSON.stringify(['water']),
    );
    first.core.deps.db.prepare("INSERT INTO settings (key, value) VALUES ('dueDays', '\"soon\"') ON CONFLICT(key) DO UPDATE SET value = excluded.value").run();
    first.close();

    const t = await makeTestCore({ file });
    // The nightly scheduler starts without throwing.
    expect(() => t.core.exporter.start()).not.toThrow();
    await t.core.exporter.idle();
    const status = await t.must('ledger.status', {});
    expect(status.healthy).toBe(true);
    expect(status.businessDate).toBe('2026-03-16');
    expect(status.warnings?.join('\n')).toMatch(/timeZone holds "Mars\/Olympus_Mons"/);
    expect(status.warnings?.join('\n')).toMatch(/serviceOrder/);
    expect(status.warnings?.join('\n')).toMatch(/dueDays/);

    const cashier = await t.signIn('cashier');
    expect((await t.must('accounts.search', { query: 'smith' }, cashier)).results.length).toBeGreaterThan(0);
    await t.must('drawer.open', { counts: [{ denominationCents: 2000, count: 10 }] }, cashier);
    await t.must('mailBatches.open', { controlCount: 1, controlTotalCents: 1000 }, cashier);
    expect((await t.must('settings.get', {}, cashier)).timeZone).toBe('America/New_York');

    // The administrator sets the zone (even to the default in use) and the order; the warnings go.
    const admin = await t.signIn('admin');
    await t.must('settings.update', { values: { timeZone: 'America/New_York', serviceOrder: ['solid_waste', 'sewer', 'water', 'electric', 'stormwater'], dueDays: 20 }, reason: 'fix the bad values' }, admin);
    expect((await t.must('ledger.status', {})).warnings).toEqual([]);
    expect(t.core.deps.db.prepare("SELECT value FROM settings WHERE key = 'timeZone'").get()).toEqual({ value: '"America/New_York"' });
    t.close();
  });
});
