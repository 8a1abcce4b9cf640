// Adjustments through the contract: the approval threshold (at the limit posts at once, a cent
// over waits for a supervisor who is not the requester), the posting (an 'adjustment' entry Dr
// the charge's GL / Cr 1200 with an allocation to the charge, ADJ numbers per station and year),
// amounts over what is open refused with nothing written, the adjustment sheet's text, bill
// research's average and flags, and the leak calculator to the cent with its once-a-year limit.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Service } from '../../../src-shared/domain';
import type { Envelope } from '../../../src-shared/ipc/envelope';
import { postBill } from '../../../src-main/core/billing/post-bill';
import { addDays } from '../../../src-main/core/deps';
import { verifyLedger } from '../../../src-main/core/ledger/verify';
import type { Db } from '../../../src-main/db/open-ledger';
import { pendingAdjustmentCents } from '../../../src-main/core/service-desk/adjustments';
import { makeTestCore, tempDir, type TestCore } from '../../helpers/core';
import { billAccount, chargePenalty, makeAccount } from '../../helpers/fixtures';

const errorOf = <T>(r: Envelope<T>) => (r.ok ? null : r.error);
let keys = 0;
const key = () => `adj-key-${String(++keys).padStart(4, '0')}`;

function pdfText(base64: string): string {
  const file = path.join(tempDir('tc-adj-'), 'sheet.pdf');
  fs.writeFileSync(file, Buffer.from(base64, 'base64'));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

function bill(db: Db, accountId: number, billDate: string, gallons: number, lines: Partial<Record<Service, number>>) {
  return postBill(db, {
    accountId,
    billDate,
    dueDate: addDays(billDate, 20),
    periodFrom: addDays(billDate, -31),
    periodTo: addDays(billDate, -1),
    waterGallons: gallons,
    lines: Object.entries(lines).map(([service, amountCents]) => ({ service: service as Service, amountCents })),
    businessDate: billDate,
    postedAt: `${billDate}T12:00:00Z`,
    userId: null,
  });
}

const chargeOf = (db: Db, billId: number, service: Service) => (db.prepare('SELECT id FROM charges WHERE bill_id = ? AND service = ?').get(billId, service) as { id: number }).id;

describe('adjustments', () => {
  let t: TestCore;
  let clerk: string;
  let sup: string;
  let db: Db;
  let accountId: number;
  let waterCharge: number;
  let penaltyCharge: number;
  beforeEach(async () => {
    t = await makeTestCore(); // 2026-03-16, approval limit $50.00
    clerk = await t.signIn('clerk');
    sup = await t.signIn('supervisor');
    db = t.core.deps.db;
    const a = makeAccount(db);
    accountId = a.id;
    const b = billAccount(db, a.id, '2026-02-20', { water: 9000, sewer: 6000 });
    waterCharge = chargeOf(db, b.billId, 'water');
    penaltyCharge = chargePenalty(db, a.id, '2026-03-13', 1000);
  });
  afterEach(() => t.close());

  const n = (sql: string, ...p: unknown[]) => (db.prepare(sql).get(...p) as { n: number }).n;

  it('posts at the approval limit at once: an adjustment entry against the charge, allocated to it', async () => {
    const adj = await t.must('adjustments.request', { accountId, chargeId: waterCharge, reasonCode: 'billing_error', amountCents: 5000, explanation: 'Read 10,000 gal as 100,000', idempotencyKey: key() }, clerk);
    expect(adj).toMatchObject({ number: 'ADJ-2026-S1-000001', status: 'posted', amountCents: 5000, needsApproval: false, chargeOpenCents: 4000, reasonLabel: 'Billing error', requestedBy: 'Clara Clerk' });
    expect(adj.entryId).not.toBeNull();
    const lines = db.prepare('SELECT gl_code, account_id, amount_cents FROM journal_lines WHERE entry_id = ? ORDER BY id').all(adj.entryId);
    expect(lines).toEqual([
      { gl_code: '4100', account_id: null, amount_cents: 5000 },
      { gl_code: '1200', account_id: accountId, amount_cents: -5000 },
    ]);
    expect(db.prepare('SELECT kind, business_date FROM journal_entries WHERE id = ?').get(adj.entryId)).toEqual({ kind: 'adjustment', business_date: '2026-03-16' });
    expect(db.prepare('SELECT charge_id, amount_cents FROM allocations WHERE entry_id = ?').all(adj.entryId)).toEqual([{ charge_id: waterCharge, amount_cents: 5000 }]);
    const acct = await t.must('accounts.get', { accountId }, clerk);
    expect(acct.balanceCents).toBe(9000 + 6000 + 1000 - 5000);
    expect(verifyLedger(db, new Date()).violations).toEqual([]);
    // The retry returns the same adjustment.
    const again = await t.must('adjustments.request', { accountId, chargeId: waterCharge, reasonCode: 'billing_error', amountCents: 5000, explanation: 'Read 10,000 gal as 100,000', idempotencyKey: `adj-key-${String(keys).padStart(4, '0')}` }, clerk);
    expect(again.id).toBe(adj.id);
    expect(n("SELECT count(*) AS n FROM journal_entries WHERE kind = 'adjustment'")).toBe(1);
  });

  it('over the limit waits for a supervisor other than the requester; approve posts, reject does not', async () => {
    const big = await t.must('adjustments.request', { accountId, chargeId: waterCharge, reasonCode: 'meter_misread', amountCents: 5001, explanation: 'Dials misread by the reader', idempotencyKey: key() }, clerk);
    expect(big).toMatchObject({ status: 'pending', needsApproval: true, entryId: null, chargeOpenCents: 9000 });
    expect(n("SELECT count(*) AS n FROM journal_entries WHERE kind = 'adjustment'")).toBe(0);
    expect(pendingAdjustmentCents(db, accountId)).toBe(5001); // the cut-off list leaves a disputed account alone
    // What is waiting counts against the open amount.
    const more = await t.call('adjustments.request', { accountId, chargeId: waterCharge, reasonCode: 'billing_error', amountCents: 4000, explanation: 'Second try', idempotencyKey: key() }, clerk);
    expect(errorOf(more)).toMatchObject({ code: 'BAD_INPUT', details: { field: 'amountCents', openCents: 9000, pendingCents: 5001 } });

    const clerkApproves = await t.call('adjustments.approve', { adjustmentId: big.id }, clerk);
    expect(errorOf(clerkApproves)?.code).toBe('FORBIDDEN');
    const queue = await t.must('adjustments.list', { status: 'pending' }, sup);
    expect(queue.adjustments.map((a) => a.number)).toEqual([big.number]);
    expect(queue.approvalLimitCents).toBe(5000);

    const approved = await t.must('adjustments.approve', { adjustmentId: big.id }, sup);
    expect(approved).toMatchObject({ status: 'posted', decidedBy: 'Sam Supervisor', chargeOpenCents: 9000 - 5001 });
    expect(db.prepare('SELECT approved_by FROM journal_entries WHERE id = ?').get(approved.entryId)).toEqual({ approved_by: (db.prepare("SELECT id FROM users WHERE username = 'supervisor'").get() as { id: number }).id });
    expect(errorOf(await t.call('adjustments.approve', { adjustmentId: big.id }, sup))?.code).toBe('BAD_TRANSITION');

    // A supervisor's own request over the limit needs another supervisor.
    const own = await t.must('adjustments.request', { accountId, chargeId: penaltyCharge, reasonCode: 'penalty_waiver', amountCents: 1000, explanation: 'First late payment in years', idempotencyKey: key() }, sup);
    expect(own.status).toBe('posted'); // $10.00 is within the limit
    const sewer = db.prepare("SELECT id FROM charges WHERE service = 'sewer'").get() as { id: number };
    const ownBig = await t.must('adjustments.request', { accountId, chargeId: sewer.id, reasonCode: 'courtesy_credit', amountCents: 6000, explanation: 'Main break week', idempotencyKey: key() }, sup);
    expect(errorOf(await t.call('adjustments.approve', { adjustmentId: ownBig.id }, sup))?.code).toBe('NEEDS_SUPERVISOR');
    const rejected = await t.must('adjustments.reject', { adjustmentId: ownBig.id, reason: 'Not town policy' }, sup);
    expect(rejected).toMatchObject({ status: 'rejected', decisionReason: 'Not town policy', entryId: null });
    expect(n("SELECT count(*) AS n FROM journal_entries WHERE kind = 'adjustment'")).toBe(2);
    expect(n("SELECT count(*) AS n FROM audit_log WHERE action IN ('adjustments.request', 'adjustments.approve', 'adjustments.reject')")).toBe(5);
    expect(verifyLedger(db, new Date()).violations).toEqual([]);
  });

  it('refuses what is more than open, a waiver of a non-penalty, another account’s charge, and bad input, writing nothing', async () => {
    const cases = [
      { accountId, chargeId: waterCharge, reasonCode: 'billing_error' as const, amountCents: 9001, explanation: 'Too much', idempotencyKey: key() },
      { accountId, chargeId: waterCharge, reasonCode: 'penalty_waiver' as const, amountCents: 100, explanation: 'Not a penalty', idempotencyKey: key() },
      { accountId: makeAccount(db, { last: 'Fife', street: '2 Elm St' }).id, chargeId: waterCharge, reasonCode: 'billing_error' as const, amountCents: 100, explanation: 'Wrong account', idempotencyKey: key() },
    ];
    for (const c of cases) expect(['BAD_INPUT', 'NOT_FOUND']).toContain(errorOf(await t.call('adjustments.request', c, clerk))?.code);
    const bad = [
      { accountId, chargeId: waterCharge, reasonCode: 'leak', amountCents: 100, explanation: 'Leak by hand', idempotencyKey: key() },
      { accountId, chargeId: waterCharge, reasonCode: 'billing_error', amountCents: 0, explanation: 'Zero', idempotencyKey: key() },
      { accountId, chargeId: waterCharge, reasonCode: 'billing_error', amountCents: 10.5, explanation: 'Fraction', idempotencyKey: key() },
      { accountId, chargeId: waterCharge, reasonCode: 'billing_error', amountCents: 100, explanation: '', idempotencyKey: key() },
      { accountId, chargeId: waterCharge, reasonCode: 'billing_error', amountCents: 100, explanation: 'Extra', idempotencyKey: key(), approvedBy: 1 },
    ];
    for (const b of bad) expect(errorOf(await t.call('adjustments.request', b as never, clerk))?.code).toBe('BAD_INPUT');
    expect(n('SELECT count(*) AS n FROM adjustments')).toBe(0);
    expect(n('SELECT count(*) AS n FROM adjustment_sequences')).toBe(0);
    const cashier = await t.signIn('cashier');
    expect(errorOf(await t.call('adjustments.request', { accountId, chargeId: waterCharge, reasonCode: 'billing_error', amountCents: 100, explanation: 'Cashier', idempotencyKey: key() }, cashier))?.code).toBe('FORBIDDEN');
  });

  it('prints the adjustment sheet with the reason, charge, amounts and who decided, times in the town’s zone', async () => {
    const adj = await t.must('adjustments.request', { accountId, chargeId: waterCharge, reasonCode: 'meter_misread', amountCents: 6000, explanation: 'Reader transposed digits', idempotencyKey: key() }, clerk);
    t.clock.set('2026-03-16T21:30:00Z');
    await t.must('adjustments.approve', { adjustmentId: adj.id }, sup);
    const pdf = await t.must('adjustments.sheet', { adjustmentId: adj.id }, clerk);
    expect(pdf.filename).toBe('ADJ-2026-S1-000001.pdf');
    const text = pdfText(pdf.contentBase64);
    for (const s of ['Adjustment sheet ADJ-2026-S1-000001', 'Meter misread', 'POSTED', 'Reader transposed digits', '$60.00', '$90.00', '$30.00', 'Clara Clerk', 'Sam Supervisor', '03/16/2026 11:00 AM EDT', '03/16/2026 5:30 PM EDT', 'Approved by (supervisor)']) {
      expect(text).toContain(s);
    }
  });
});

describe('bill research and the leak calculator', () => {
  let t: TestCore;
  let clerk: string;
  let sup: string;
  let db: Db;
  let accountId: number;
  let leakBill: number;
  beforeEach(async () => {
    t = await makeTestCore(); // 2026-03-16
    clerk = await t.signIn('clerk');
    sup = await t.signIn('supervisor');
    db = t.core.deps.db;
    accountId = makeAccount(db).id;
    // Eleven months at 4,000 gal (water $31.00, sewer $36.20 at the default rates), then a leak month of 24,000 gal.
    for (let m = 4; m <= 12; m++) bill(db, accountId, `2025-${String(m).padStart(2, '0')}-05`, 4000, { water: 3100, sewer: 3620 });
    bill(db, accountId, '2026-01-05', 4000, { water: 3100, sewer: 3620 });
    bill(db, accountId, '2026-02-05', 4000, { water: 3100, sewer: 3620 });
    // 24,000 gal: water 18.50 + 22 × 6.25 = 156.00; sewer 22.00 + 22 × 7.10 = 178.20.
    leakBill = bill(db, accountId, '2026-03-05', 24000, { water: 15600, sewer: 17820 }).billId;
  });
  afterEach(() => t.close());

  it('shows the consumption history with the 12-month average and flags the bill far from it', async () => {
    const r = await t.must('adjustments.research', { accountId }, clerk);
    // Bills dated 2025-04-05 .. 2026-03-05 (12): (11 × 4,000 + 24,000) / 12 = 5,667.
    expect(r).toMatchObject({ asOf: '2026-03-16', flagPercent: 50, averageWaterGallons: 5667, averageOverBills: 12, averageElectricKwh: null });
    expect(r.bills).toHaveLength(12);
    expect(r.bills[0]).toMatchObject({ billId: leakBill, waterGallons: 24000, waterPercentOff: 324, flagged: true, leakEligible: true });
    expect(r.bills[1]).toMatchObject({ waterGallons: 4000, waterPercentOff: -29, flagged: false });
    expect(r.bills.filter((b) => b.flagged)).toHaveLength(1);
  });

  it('bills the excess at the reduced rate to the cent and turns it into adjustments needing approval', async () => {
    const calc = await t.must('adjustments.leakCalc', { accountId, billId: leakBill }, clerk);
    expect(calc).toMatchObject({ gallons: 24000, averageGallons: 4000, averageOverBills: 11, excessGallons: 20000, ratePercent: 50, refusal: null });
    // Water: 156.00 − 31.00 = 125.00 excess; at 50% 62.50; adjustment 62.50. Sewer: 178.20 − 36.20 = 142.00; 71.00.
    expect(calc.lines.map((l) => [l.service, l.fullCents, l.averageCents, l.excessCents, l.reducedExcessCents, l.adjustmentCents])).toEqual([
      ['water', 15600, 3100, 12500, 6250, 6250],
      ['sewer', 17820, 3620, 14200, 7100, 7100],
    ]);
    expect(calc.totalCents).toBe(13350);
    expect(calc.arithmetic).toContain('Leak adjustment: $133.50');

    const k = key();
    const made = await t.must('adjustments.requestLeak', { accountId, billId: leakBill, explanation: 'Toilet flapper leak, repaired 03/10', idempotencyKey: k }, clerk);
    expect(made.adjustments.map((a) => [a.reasonCode, a.amountCents, a.status, a.leakBillId])).toEqual([
      ['leak', 6250, 'pending', leakBill],
      ['leak', 7100, 'pending', leakBill],
    ]);
    expect((await t.must('adjustments.requestLeak', { accountId, billId: leakBill, explanation: 'Toilet flapper leak, repaired 03/10', idempotencyKey: k }, clerk)).adjustments.map((a) => a.id)).toEqual(made.adjustments.map((a) => a.id));
    for (const a of made.adjustments) await t.must('adjustments.approve', { adjustmentId: a.id }, sup);
    const acct = await t.must('accounts.get', { accountId }, clerk);
    expect(acct.openCharges.filter((c) => c.dueDate === '2026-03-25').map((c) => c.openCents).sort()).toEqual([15600 - 6250, 17820 - 7100].sort());
    const sheet = pdfText((await t.must('adjustments.sheet', { adjustmentId: made.adjustments[0]!.id }, clerk)).contentBase64);
    expect(sheet).toContain('Leak calculation');
    expect(sheet).toContain('Excess: 24,000 - 4,000 = 20,000 gallons, billed at 50% of the rate');
    expect(verifyLedger(db, new Date()).violations).toEqual([]);

    // Once per 12 months: the next leak, on another bill, is refused with the reason.
    const later = bill(db, accountId, '2026-03-15', 30000, { water: 19350, sewer: 22080 }).billId;
    const next = await t.must('adjustments.leakCalc', { accountId, billId: later }, clerk);
    expect(next.refusal).toMatch(/1 leak adjustment\(s\) per 12 months/);
    const refused = await t.call('adjustments.requestLeak', { accountId, billId: later, explanation: 'Another leak', idempotencyKey: key() }, clerk);
    expect(errorOf(refused)).toMatchObject({ code: 'CONFLICT', details: { limit: 'leakMaxPer12Months' } });
    expect(next.limited).toBe(true);
    expect((db.prepare('SELECT count(*) AS n FROM adjustments').get() as { n: number }).n).toBe(2);
  });

  it('refuses a bill that is not above the average', async () => {
    const normal = db.prepare("SELECT id FROM bills WHERE bill_date = '2026-02-05'").get() as { id: number };
    expect(errorOf(await t.call('adjustments.leakCalc', { accountId, billId: normal.id }, clerk))?.code).toBe('BAD_INPUT');
  });
});
