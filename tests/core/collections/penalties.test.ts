// The late penalty run through the contract: preview (counts, total, samples, skipped by reason),
// run (one penalty per past-due bill: max(minimum, basis points of the bill's open amount)),
// idempotence (a second run, the same day or later, posts nothing new for the same bills),
// skips recorded with their reasons, permissions and bad input.
import type { Envelope } from '../../../src-shared/ipc/envelope';
import type { Db } from '../../../src-main/db/open-ledger';
import { penaltyFor } from '../../../src-main/core/collections/penalties';
import { makeTestCore, type TestCore } from '../../helpers/core';
import { billAccount, makeAccount, STARTING_BANK } from '../../helpers/fixtures';

const errorOf = (r: Envelope<unknown>) => (r.ok ? null : r.error);

/**
 * A converted balance forward, as the conversion writes it: no bill, or (as the demo town has it)
 * linked to the converted bill whose unpaid part it carries.
 */
function balanceForward(db: Db, accountId: number, dueDate: string, cents: number, linked = false): void {
  db.transaction(() => {
    const bill = linked
      ? Number(
          db
            .prepare("INSERT INTO bills (account_id, bill_date, due_date, period_from, period_to, water_cents, total_cents, converted_paid_cents, entry_id) VALUES (?, '2025-12-26', ?, '2025-11-01', '2025-11-30', ?, ?, 0, NULL)")
            .run(accountId, dueDate, cents, cents).lastInsertRowid,
        )
      : null;
    const e = Number(db.prepare("INSERT INTO journal_entries (kind, business_date, posted_at, memo) VALUES ('opening_balance', ?, ?, 'Converted balance')").run(dueDate, `${dueDate}T12:00:00Z`).lastInsertRowid);
    db.prepare("INSERT INTO journal_lines (entry_id, gl_code, account_id, amount_cents) VALUES (?, '1200', ?, ?), (?, '3900', NULL, ?)").run(e, accountId, cents, e, -cents);
    db.prepare("INSERT INTO charges (account_id, bill_id, entry_id, kind, description, gl_code, amount_cents, due_date) VALUES (?, ?, ?, 'balance_forward', 'Balance forward', '1200', ?, ?)").run(accountId, bill, e, cents, dueDate);
  })();
}

const count = (db: Db, sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number }).n;

describe('the late penalty run', () => {
  let t: TestCore;
  let sup: string;
  const ids: Record<string, number> = {};
  const bills: Record<string, number> = {};

  beforeEach(async () => {
    t = await makeTestCore({ now: '2026-02-22T14:00:00Z' });
    const db = t.core.deps.db;
    const mk = (k: string) => (ids[k] = makeAccount(db, { last: k, street: `${Object.keys(ids).length + 1} Oak St` }).id);
    for (const k of ['Small', 'Large', 'Partly', 'Paid', 'NoPenalty', 'Closed', 'Arranged', 'Forward', 'LinkedForward', 'NotDue']) mk(k);
    // Bills dated 2026-02-01 are due 2026-02-21: past due on the run date 2026-02-22.
    bills.Small = billAccount(db, ids.Small!, '2026-02-01', { water: 4000, sewer: 2000 }).billId; // 60.00 -> 0.90 -> minimum 10.00
    bills.Large = billAccount(db, ids.Large!, '2026-02-01', { water: 90000, sewer: 30033 }).billId; // 1,200.33 -> 18.00495 -> 18.00
    bills.Large2 = billAccount(db, ids.Large!, '2026-01-01', { water: 100000 }).billId; // a second past-due bill: its own penalty 15.00
    bills.Partly = billAccount(db, ids.Partly!, '2026-02-01', { water: 100000 }).billId;
    bills.Paid = billAccount(db, ids.Paid!, '2026-02-01', { water: 5000 }).billId;
    for (const k of ['NoPenalty', 'Closed', 'Arranged']) bills[k] = billAccount(db, ids[k]!, '2026-02-01', { water: 5000 }).billId;
    db.prepare("UPDATE accounts SET no_penalty_until = '2026-02-22' WHERE id = ?").run(ids.NoPenalty);
    db.prepare("UPDATE accounts SET status = 'closed', closed_on = '2026-02-10' WHERE id = ?").run(ids.Closed);
    db.prepare('UPDATE accounts SET payment_arrangement = 1 WHERE id = ?').run(ids.Arranged);
    balanceForward(db, ids.Forward!, '2026-01-15', 7000);
    balanceForward(db, ids.LinkedForward!, '2026-01-15', 8000, true);
    bills.NotDue = billAccount(db, ids.NotDue!, '2026-02-02', { water: 5000 }).billId; // due 2026-02-22: not yet past due
    sup = await t.signIn('supervisor');
    // Payments at the counter the day before: Paid pays in full, Partly pays 600.00 of 1,000.00.
    t.clock.set('2026-02-21T15:00:00Z');
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    await t.must('payments.post', { idempotencyKey: 'pen-pay-0001', lines: [{ type: 'account', accountId: ids.Paid!, amountCents: 5000 }], tenders: [{ kind: 'cash', amountCents: 5000 }] } as never, cashier);
    await t.must('payments.post', { idempotencyKey: 'pen-pay-0002', lines: [{ type: 'account', accountId: ids.Partly!, amountCents: 60000 }], tenders: [{ kind: 'cash', amountCents: 60000 }] } as never, cashier);
    t.clock.set('2026-02-22T14:00:00Z');
  });
  afterEach(() => t.close());

  it('computes max(minimum, basis points of the past due), rounded to the cent', () => {
    const s = { lateFeeMinimumCents: 1000, lateFeeBasisPoints: 150 };
    expect(penaltyFor(6000, s)).toBe(1000);
    expect(penaltyFor(66666, s)).toBe(1000);
    expect(penaltyFor(66667, s)).toBe(1000); // 1,000.005 -> 1,000
    expect(penaltyFor(120033, s)).toBe(1800);
    expect(penaltyFor(120100, s)).toBe(1802); // 1,801.5 rounds half up
    expect(penaltyFor(100000, { lateFeeMinimumCents: 500, lateFeeBasisPoints: 0 })).toBe(500);
  });

  it('previews, runs once per bill with skips recorded, and a second run posts nothing', async () => {
    const db = t.core.deps.db;
    const entriesBefore = count(db, 'SELECT count(*) AS n FROM journal_entries');
    const p = await t.must('collections.penalties.preview', {}, sup);
    expect(p).toMatchObject({ runDate: '2026-02-22', toPenalizeCount: 4, toPenalizeAccounts: 3, totalCents: 1000 + 1800 + 1500 + 1000, alreadyRun: false });
    expect(p.skipped).toEqual([
      { code: 'closed', count: 1, pastDueCents: 5000 },
      { code: 'no_penalty', count: 1, pastDueCents: 5000 },
      { code: 'arrangement', count: 1, pastDueCents: 5000 },
    ]);
    expect(p.samples.map((s) => [s.billId, s.pastDueCents, s.penaltyCents])).toEqual([
      [bills.Small, 6000, 1000],
      [bills.Large, 120033, 1800],
      [bills.Large2, 100000, 1500],
      [bills.Partly, 40000, 1000],
    ]);
    expect(p.samples[0]).toMatchObject({ accountNumber: expect.any(String), name: expect.stringContaining('Small') });
    // The preview wrote nothing.
    expect(count(db, 'SELECT count(*) AS n FROM journal_entries')).toBe(entriesBefore);
    expect(count(db, 'SELECT count(*) AS n FROM penalty_runs')).toBe(0);

    const r = await t.must('collections.penalties.run', { confirm: true }, sup);
    expect(r).toMatchObject({ penalizedNow: 4, penalizedCentsNow: 5300, run: { runDate: '2026-02-22', status: 'done', penalizedCount: 4, penalizedCents: 5300, skippedCount: 3, progress: 1 } });
    const charges = db.prepare("SELECT account_id AS accountId, amount_cents AS cents, due_date AS due, gl_code AS gl FROM charges WHERE kind = 'penalty' ORDER BY id").all();
    expect(charges).toEqual([
      { accountId: ids.Small, cents: 1000, due: '2026-02-22', gl: '4200' },
      { accountId: ids.Large, cents: 1800, due: '2026-02-22', gl: '4200' },
      { accountId: ids.Large, cents: 1500, due: '2026-02-22', gl: '4200' },
      { accountId: ids.Partly, cents: 1000, due: '2026-02-22', gl: '4200' },
    ]);
    // Each penalty is its own balanced entry: Dr 1200 (the account) / Cr 4200.
    const lines = db.prepare("SELECT l.gl_code AS gl, l.account_id AS accountId, l.amount_cents AS cents FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.kind = 'penalty' AND e.idempotency_key = ? ORDER BY l.id").all(`penalty:bill:${bills.Small}`);
    expect(lines).toEqual([
      { gl: '1200', accountId: ids.Small, cents: 1000 },
      { gl: '4200', accountId: null, cents: -1000 },
    ]);
    const skips = db.prepare('SELECT account_id AS accountId, reason_code AS code, reason FROM penalty_run_skips ORDER BY account_id').all();
    expect(skips).toEqual([
      { accountId: ids.NoPenalty, code: 'no_penalty', reason: 'no penalty until 2026-02-22' },
      { accountId: ids.Closed, code: 'closed', reason: 'account closed' },
      { accountId: ids.Arranged, code: 'arrangement', reason: 'payment arrangement (converted flag)' },
    ]);
    // Nothing for the paid bill, the balances forward (linked to its converted bill or not: the
    // previous system penalized those), the bill not yet past due.
    for (const k of ['Paid', 'Forward', 'LinkedForward', 'NotDue']) expect(count(db, 'SELECT count(*) AS n FROM bill_penalties WHERE account_id = ?', ids[k])).toBe(0);
    expect((await t.must('ledger.verify', {}, sup)).ok).toBe(true);

    // The account's aging shows the penalties its bills got.
    const aging = await t.must('collections.accountAging', { accountId: ids.Large! }, sup);
    expect(aging.penalties.map((x) => [x.billId, x.penaltyCents])).toEqual([
      [bills.Large2, 1500],
      [bills.Large, 1800],
    ].sort((a, b) => b[0]! - a[0]!));

    // Again the same day: nothing new.
    const again = await t.must('collections.penalties.run', { confirm: true }, sup);
    expect(again).toMatchObject({ penalizedNow: 0, run: { id: r.run.id, penalizedCount: 4 } });
    expect((await t.must('collections.penalties.preview', {}, sup)).alreadyRun).toBe(true);
    // Each run call is audited with what it posted.
    const audits = db.prepare("SELECT subject, json_extract(details, '$.penalizedNow') AS now FROM audit_log WHERE action = 'penalties.run' ORDER BY id").all();
    expect(audits).toEqual([
      { subject: `penalty run ${r.run.id}`, now: 4 },
      { subject: `penalty run ${r.run.id}`, now: 0 },
    ]);

    // The next day: the skipped no-penalty account is judged again (its date has passed) and the
    // bill not past due yesterday is now; nobody already penalized is penalized again.
    t.clock.set('2026-02-23T14:00:00Z');
    const next = await t.must('collections.penalties.preview', {}, sup);
    expect(next.samples.map((s) => s.billId).sort()).toEqual([bills.NoPenalty, bills.NotDue].sort());
    const second = await t.must('collections.penalties.run', { confirm: true }, sup);
    expect(second).toMatchObject({ penalizedNow: 2, penalizedCentsNow: 2000 });
    expect(count(db, 'SELECT count(*) AS n FROM bill_penalties')).toBe(6);
    expect(count(db, "SELECT count(*) AS n FROM charges WHERE kind = 'penalty'")).toBe(6);
    expect((await t.must('collections.penalties.runs', {}, sup)).runs.map((x) => [x.runDate, x.penalizedCount])).toEqual([
      ['2026-02-23', 2],
      ['2026-02-22', 4],
    ]);
    expect((await t.must('ledger.verify', {}, sup)).ok).toBe(true);
  });

  it('is refused without confirm, to a clerk, and a refused call writes nothing', async () => {
    const db = t.core.deps.db;
    expect(errorOf(await t.call('collections.penalties.run', {} as never, sup))?.code).toBe('BAD_INPUT');
    expect(errorOf(await t.call('collections.penalties.run', { confirm: false } as never, sup))?.code).toBe('BAD_INPUT');
    const clerk = await t.signIn('clerk');
    expect(errorOf(await t.call('collections.penalties.run', { confirm: true }, clerk))?.code).toBe('FORBIDDEN');
    // A clerk may look.
    expect((await t.must('collections.penalties.preview', {}, clerk)).toPenalizeCount).toBe(4);
    expect(count(db, 'SELECT count(*) AS n FROM penalty_runs')).toBe(0);
    expect(count(db, "SELECT count(*) AS n FROM charges WHERE kind = 'penalty'")).toBe(0);
  });
});
