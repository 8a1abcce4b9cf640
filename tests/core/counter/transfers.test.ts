// Payment transfers (issue 11 item 14): a payment posted to the wrong account, found after the
// drawer closed (no void any more), is moved to the right account as a pair of journal entries
// that keep the receipt, show on both account pages and in the day's report; a supervisor
// approves a transfer over the adjustment limit; the key makes a retry harmless.
import { makeTestCore } from '../../helpers/core';
import { billAccount, makeAccount, STARTING_BANK } from '../../helpers/fixtures';

async function setup() {
  const t = await makeTestCore({ now: '2026-03-16T15:00:00Z' });
  const db = t.core.deps.db;
  const wrong = makeAccount(db, { first: 'Andy', last: 'Taylor' });
  billAccount(db, wrong.id, '2026-02-05', { water: 3000, sewer: 2000 }); // owes $50.00
  const right = makeAccount(db, { first: 'Ruth', last: 'Howard', street: '9 Oak St' });
  billAccount(db, right.id, '2026-02-05', { water: 6000, sewer: 3000 }); // owes $90.00
  const cashier = await t.signIn('cashier');
  await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
  const paid = await t.must('payments.post', { idempotencyKey: 'transfer-pay-0001', lines: [{ type: 'account', accountId: wrong.id, amountCents: 5000 }], tenders: [{ kind: 'cash', amountCents: 5000 }] }, cashier);
  // The drawer is counted (exactly: the bank and one $50 bill) and closed.
  const count = await t.must('drawer.count', { counts: [...STARTING_BANK, { denominationCents: 5000, count: 1 }], checks: [], cardBatchCents: 0 }, cashier);
  await t.must('drawer.close', { countId: count.countId }, cashier);
  return { t, db, wrong, right, cashier, receipt: paid.receipt.number };
}

describe('payment transfers', () => {
  it('moves a payment to the right account after the drawer closed, keeping the receipt, on both account pages and in the day report', async () => {
    const { t, wrong, right, cashier, receipt } = await setup();
    const voided = await t.call('receipts.void', { number: receipt, reason: 'wrong account', override: { username: 'supervisor', secret: '9999' } }, cashier);
    expect(voided.ok ? null : voided.error.code).toBe('VOID_NOT_ALLOWED');

    const input = { receiptNumber: receipt, fromAccountId: wrong.id, toAccountId: right.id, amountCents: 5000, reason: 'Keyed to the neighbour’s account', idempotencyKey: 'transfer-key-0001' };
    const moved = await t.must('payments.transfer', input, cashier);
    expect(moved).toMatchObject({ receiptNumber: receipt, fromAccountNumber: wrong.number, toAccountNumber: right.number, amountCents: 5000, by: 'Cathy Cashier', approvedBy: null, replayed: false, businessDate: '2026-03-16' });
    // A retry with the same key returns the same transfer; nothing moves twice.
    expect(await t.must('payments.transfer', input, cashier)).toMatchObject({ id: moved.id, replayed: true });
    const conflict = await t.call('payments.transfer', { ...input, amountCents: 100 }, cashier);
    expect(conflict.ok ? null : conflict.error.code).toBe('IDEMPOTENCY_CONFLICT');

    const from = await t.must('accounts.get', { accountId: wrong.id }, cashier);
    const to = await t.must('accounts.get', { accountId: right.id }, cashier);
    expect(from.balanceCents).toBe(5000);
    expect(from.openCharges.reduce((s, c) => s + c.openCents, 0)).toBe(5000);
    expect(to.balanceCents).toBe(4000);
    expect(to.openCharges.reduce((s, c) => s + c.openCents, 0)).toBe(4000);
    expect(from.payments[0]).toMatchObject({ kind: 'transfer', amountCents: -5000, receiptNumber: receipt });
    expect(from.payments[0]!.memo).toContain(`Payment transfer to ${right.number}`);
    expect(from.payments[1]).toMatchObject({ kind: 'payment', amountCents: 5000, receiptNumber: receipt });
    expect(to.payments[0]).toMatchObject({ kind: 'transfer', amountCents: 5000, receiptNumber: receipt });
    expect((await t.must('payments.transfers', { accountId: right.id }, cashier)).transfers.map((x) => x.id)).toEqual([moved.id]);

    // The receipt itself is unchanged.
    const r = await t.must('receipts.get', { number: receipt }, cashier);
    expect(r).toMatchObject({ status: 'posted', totalCents: 5000 });
    expect(r.lines[0]!.accountNumber).toBe(wrong.number);

    const sup = await t.signIn('supervisor');
    const report = await t.must('reports.daily', { businessDate: '2026-03-16' }, sup);
    expect(report.transfers).toEqual([expect.objectContaining({ receiptNumber: receipt, fromAccountNumber: wrong.number, toAccountNumber: right.number, amountCents: 5000, reason: 'Keyed to the neighbour’s account' })]);
    expect((await t.must('ledger.verify', {}, sup)).violations).toEqual([]);
    const audit = await t.must('audit.list', { action: 'payment.transfer' }, sup);
    expect(audit.rows[0]).toMatchObject({ subject: receipt, reason: 'Keyed to the neighbour’s account' });

    // Nothing is left to move.
    const again = await t.call('payments.transfer', { ...input, amountCents: 1, idempotencyKey: 'transfer-key-0002' }, cashier);
    expect(again.ok ? null : again.error.code).toBe('TRANSFER_NOT_ALLOWED');
  });

  it('needs a supervisor over the adjustment limit, and refuses a transfer to the same account or of more than was paid', async () => {
    const { t, wrong, right, receipt } = await setup();
    const admin = await t.signIn('admin');
    await t.must('settings.update', { values: { adjustmentApprovalLimitCents: 2000 }, reason: 'test the limit' }, admin);
    const clerk = await t.signIn('clerk');
    const base = { receiptNumber: receipt, fromAccountId: wrong.id, toAccountId: right.id, reason: 'wrong account', idempotencyKey: 'transfer-key-0101' };
    const same = await t.call('payments.transfer', { ...base, toAccountId: wrong.id, amountCents: 1000 }, clerk);
    expect(same.ok ? null : same.error.code).toBe('TRANSFER_NOT_ALLOWED');
    const tooMuch = await t.call('payments.transfer', { ...base, amountCents: 5001 }, clerk);
    expect(tooMuch.ok ? null : tooMuch.error.code).toBe('TRANSFER_NOT_ALLOWED');
    expect(tooMuch.ok ? null : tooMuch.error.message).toContain('at most $50.00');
    const needs = await t.call('payments.transfer', { ...base, amountCents: 3000 }, clerk);
    expect(needs.ok ? null : needs.error.code).toBe('NEEDS_SUPERVISOR');
    expect(t.core.deps.db.prepare("SELECT count(*) AS n FROM journal_entries WHERE kind = 'transfer'").get()).toEqual({ n: 0 });
    const ok = await t.must('payments.transfer', { ...base, amountCents: 3000, override: { username: 'supervisor', secret: '9999' } }, clerk);
    expect(ok).toMatchObject({ approvedBy: 'Sam Supervisor', by: 'Clara Clerk', amountCents: 3000 });
    // Under the limit, no supervisor; the rest of the payment can still move.
    const rest = await t.must('payments.transfer', { ...base, amountCents: 2000, idempotencyKey: 'transfer-key-0102' }, clerk);
    expect(rest.approvedBy).toBeNull();
    expect((await t.must('accounts.get', { accountId: right.id }, clerk)).balanceCents).toBe(4000);
    expect((await t.must('ledger.verify', {}, await t.signIn('supervisor'))).violations).toEqual([]);
  });
});
