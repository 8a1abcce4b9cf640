// Issue 11 item 2: the blind close can't be redone after the expected amounts were shown. The
// first submitted count is the cashier's count of record; a recount sits beside it (who, when),
// the supervisor rule still applies against the first count, and the drawer report (screen and
// PDF) and the audit log show every count.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTestCore, tempDir } from '../../helpers/core';
import { STARTING_BANK } from '../../helpers/fixtures';

const SUP = { username: 'supervisor', secret: '9999' };

/** Cash as $1 bills and pennies: exactly `cents`. */
const cashOf = (cents: number) => [
  { denominationCents: 100, count: Math.floor(cents / 100) },
  { denominationCents: 1, count: cents % 100 },
];

async function drawerExpecting54039() {
  const t = await makeTestCore({ now: '2026-03-16T15:00:00Z' });
  const cashier = await t.signIn('cashier');
  const drawer = await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
  // $200.00 starting bank + $340.39 taken in cash = $540.39 expected.
  await t.must('payments.post', { idempotencyKey: 'recount-0001', lines: [{ type: 'revenue', revenueCode: 'REC', amountCents: 34039, description: 'Pool passes' }], tenders: [{ kind: 'cash', amountCents: 34039 }] }, cashier);
  return { t, cashier, drawer };
}

describe('blind close recount (issue 11 item 2)', () => {
  it('keeps the short first count of record: a recount of the expected amount still needs a supervisor, and both counts are in the report and the audit', async () => {
    const { t, cashier, drawer } = await drawerExpecting54039();
    expect(drawer.startingCents).toBe(20000);
    const first = await t.must('drawer.count', { counts: cashOf(52000), checks: [], cardBatchCents: 0 }, cashier);
    expect(first).toMatchObject({ recount: false, expected: { cash: 54039 }, variances: { cash: -2039 }, needsSupervisor: true, countedBy: 'Cathy Cashier' });

    // Sign out and in: the drawer resumes at the submitted count, not at a fresh blind count.
    await t.must('session.signOut', {}, cashier);
    const again = await t.signIn('cashier');
    const resumed = await t.must('drawer.latestCount', {}, again);
    expect(resumed.count).toMatchObject({ countId: first.countId, variances: { cash: -2039 }, needsSupervisor: true });

    // The cashier now types the expected $540.39.
    t.clock.set('2026-03-16T15:05:00Z');
    const recount = await t.must('drawer.count', { counts: cashOf(54039), checks: [], cardBatchCents: 0 }, again);
    expect(recount.variances).toEqual({ cash: 0, checks: 0, card: 0 });
    expect(recount.recount).toBe(true);
    expect(recount.needsSupervisor).toBe(true);
    expect(recount.counts.map((c) => [c.recount, c.countedCashCents, c.variances.cash, c.countedBy])).toEqual([
      [false, 52000, -2039, 'Cathy Cashier'],
      [true, 54039, 0, 'Cathy Cashier'],
    ]);

    const refused = await t.call('drawer.close', { countId: recount.countId }, again);
    expect(refused.ok ? null : refused.error.code).toBe('NEEDS_SUPERVISOR');
    const noApproval = await t.call('drawer.close', { countId: recount.countId, note: 'recounted' }, again);
    expect(noApproval.ok ? null : noApproval.error.code).toBe('NEEDS_SUPERVISOR');
    expect((await t.must('drawer.current', {}, again)).drawer).not.toBeNull();

    const closed = await t.must('drawer.close', { countId: recount.countId, note: 'Found $20.39 under the tray on recount', override: SUP }, again);
    expect(closed.approvedBy).toBe('Sam Supervisor');
    expect(closed.counts.map((c) => [c.countId, c.recount, c.countedCashCents])).toEqual([
      [first.countId, false, 52000],
      [recount.countId, true, 54039],
    ]);
    const report = await t.must('reports.drawer', { drawerId: drawer.id }, await t.signIn('supervisor'));
    expect(report.counts).toHaveLength(2);
    expect(report.counts[0]).toMatchObject({ recount: false, variances: { cash: -2039 }, overLimit: true });

    const sup = await t.signIn('supervisor');
    const audit = (await t.must('audit.list', { limit: 50 }, sup)).rows;
    const countAudit = audit.find((a) => a.action === 'drawer.count');
    const recountAudit = audit.find((a) => a.action === 'drawer.recount');
    expect(countAudit?.details).toMatchObject({ countId: first.countId, variances: { cash: -2039 } });
    expect(recountAudit?.details).toMatchObject({ countId: recount.countId, variances: { cash: 0 }, countOfRecord: { countId: first.countId, variances: { cash: -2039 } } });
    const closeAudit = audit.find((a) => a.action === 'drawer.close.variance');
    expect(closeAudit).toMatchObject({ approvedBy: 'supervisor', reason: 'Found $20.39 under the tray on recount' });
    expect((closeAudit?.details as { counts: unknown[] }).counts).toHaveLength(2);

    // The drawer report PDF lists both counts with who counted.
    const pdf = await t.must('reports.pdf', { kind: 'drawer', drawerId: drawer.id }, sup);
    const file = path.join(tempDir('tc-recount-'), pdf.filename);
    fs.writeFileSync(file, Buffer.from(pdf.contentBase64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/Count of record[^\n]*Cathy Cashier[^\n]*\$520\.00[^\n]*-\$20\.39/);
    expect(text).toMatch(/Recount 1[^\n]*Cathy Cashier[^\n]*\$540\.39[^\n]*\$0\.00/);
    t.close();
  });

  it('a first count within the limit closes without a supervisor, and a recount of a balanced drawer does too', async () => {
    const { t, cashier } = await drawerExpecting54039();
    const first = await t.must('drawer.count', { counts: cashOf(54039 - 300), checks: [], cardBatchCents: 0 }, cashier);
    expect(first.needsSupervisor).toBe(false);
    const second = await t.must('drawer.count', { counts: cashOf(54039), checks: [], cardBatchCents: 0 }, cashier);
    expect(second).toMatchObject({ recount: true, needsSupervisor: false });
    // Closing on the count of record is refused once a recount exists (the close uses the latest count).
    const stale = await t.call('drawer.close', { countId: first.countId }, cashier);
    expect(stale.ok ? null : stale.error.code).toBe('CONFLICT');
    const closed = await t.must('drawer.close', { countId: second.countId }, cashier);
    expect(closed.counts).toHaveLength(2);
    t.close();
  });
});
