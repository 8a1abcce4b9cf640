import { makeTestCore, type TestCore } from '../../helpers/core';
import { billAccount, makeAccount, STARTING_BANK } from '../../helpers/fixtures';

async function verifyClean(t: TestCore) {
  expect((await t.must('ledger.verify', {}, await t.signIn('supervisor'))).violations).toEqual([]);
}

async function setup() {
  const t = await makeTestCore({ now: '2026-03-16T15:00:00Z' });
  const db = t.core.deps.db;
  const a = makeAccount(db, { first: 'Andy', last: 'Taylor' });
  const b = makeAccount(db, { first: 'Otis', last: 'Campbell', street: '9 Jail St' });
  billAccount(db, a.id, '2026-02-05', { water: 3000, sewer: 4000, solid_waste: 2000 });
  billAccount(db, b.id, '2026-02-05', { water: 2000, sewer: 2000 });
  return { t, db, a, b };
}

describe('mail payment batches', () => {
  it('posts only when count and total match the controls, and reports the batch', async () => {
    const { t, db, a, b } = await setup();
    const clerk = await t.signIn('clerk');
    const batch = await t.must('mailBatches.open', { controlCount: 2, controlTotalCents: 13000 }, clerk);
    const bad = await t.call('mailBatches.addItem', { batchId: batch.id, accountNumber: `${a.number.slice(0, -1)}${(Number(a.number.slice(-1)) + 1) % 10}`, amountCents: 9000 }, clerk);
    expect(bad.ok ? null : bad.error.code).toBe('BAD_ACCOUNT_NUMBER');
    let s = await t.must('mailBatches.addItem', { batchId: batch.id, accountNumber: a.number, amountCents: 9000, checkNumber: '3301' }, clerk);
    expect(s).toMatchObject({ count: 1, totalCents: 9000, countDifference: -1, totalDifferenceCents: -4000, balanced: false });
    s = await t.must('mailBatches.addItem', { batchId: batch.id, accountNumber: b.number.replace('-', ''), amountCents: 3000, checkNumber: '88' }, clerk);
    const early = await t.call('mailBatches.post', { batchId: batch.id }, clerk);
    expect(early.ok ? null : early.error.code).toBe('BATCH_OUT_OF_BALANCE');
    expect(db.prepare("SELECT count(*) AS n FROM journal_entries WHERE kind = 'payment'").get()).toEqual({ n: 0 });
    s = await t.must('mailBatches.removeItem', { batchId: batch.id, itemId: s.items[1]!.id }, clerk);
    s = await t.must('mailBatches.addItem', { batchId: batch.id, accountNumber: b.number, amountCents: 4000, checkNumber: '88', payer: 'Otis Campbell' }, clerk);
    expect(s.balanced).toBe(true);
    const posted = await t.must('mailBatches.post', { batchId: batch.id }, clerk);
    expect(posted.postedAt).not.toBeNull();
    expect(posted.items.map((i) => i.receiptNumber)).toEqual(['S1-000001', 'S1-000002']);
    expect((await t.must('accounts.get', { accountId: a.id }, clerk)).balanceCents).toBe(0);
    expect((await t.must('accounts.get', { accountId: b.id }, clerk)).balanceCents).toBe(0);
    const receipt = await t.must('receipts.get', { number: 'S1-000002' }, clerk);
    expect(receipt).toMatchObject({ source: 'mail', tenders: [{ kind: 'check', checkNumber: '88', payer: 'Otis Campbell' }] });
    const twice = await t.call('mailBatches.post', { batchId: batch.id }, clerk);
    expect(twice.ok ? null : twice.error.code).toBe('ALREADY_POSTED');
    const late = await t.call('mailBatches.addItem', { batchId: batch.id, accountNumber: a.number, amountCents: 100 }, clerk);
    expect(late.ok ? null : late.error.code).toBe('ALREADY_POSTED');
    // The message gives the time in the town's zone (15:00 UTC is 11:00 AM in New York), not UTC ISO.
    expect(late.ok ? null : late.error.message).toBe(`Mail batch ${batch.id} was posted at 03/16/2026, 11:00 AM; it can't change.`);
    await verifyClean(t);
  });

  it('catches a cash-only account at entry', async () => {
    const { t, db } = await setup();
    const c = makeAccount(db, { first: 'Ernest', last: 'Bass', street: '1 Hill Rd', cashOnly: true });
    const clerk = await t.signIn('clerk');
    const batch = await t.must('mailBatches.open', { controlCount: 1, controlTotalCents: 100 }, clerk);
    const r = await t.call('mailBatches.addItem', { batchId: batch.id, accountNumber: c.number, amountCents: 100, checkNumber: '501' }, clerk);
    expect(r.ok ? null : r.error.code).toBe('CASH_ONLY');
    // A money order (no check number) is fine on a cash-only account.
    const mo = await t.must('mailBatches.addItem', { batchId: batch.id, accountNumber: c.number, amountCents: 100 }, clerk);
    expect(mo.balanced).toBe(true);
    const posted = await t.must('mailBatches.post', { batchId: batch.id }, clerk);
    expect((await t.must('receipts.get', { number: posted.items[0]!.receiptNumber! }, clerk)).tenders[0]!.kind).toBe('money_order');
  });
});

describe('returned payments', () => {
  it('reverses the check, reopens the charges, charges the fee, records a letter, and sets cash-only on the second return', async () => {
    const { t, db, a } = await setup();
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    const before = await t.must('accounts.get', { accountId: a.id }, cashier);
    const paid = await t.must('payments.post', { idempotencyKey: 'ret-0000001', lines: [{ type: 'account', accountId: a.id, amountCents: 9500 }], tenders: [{ kind: 'check', amountCents: 9500, checkNumber: '1201', payer: 'Andy Taylor' }] }, cashier);
    expect((await t.must('accounts.get', { accountId: a.id }, cashier)).balanceCents).toBe(-500);

    const clerk = await t.signIn('clerk');
    const noSup = await t.call('payments.return', { receiptNumber: paid.receipt.number, reason: 'NSF', returnedOn: '2026-03-16' }, clerk);
    expect(noSup.ok ? null : noSup.error.code).toBe('NEEDS_SUPERVISOR');
    const ret = await t.must('payments.return', { receiptNumber: paid.receipt.number, reason: 'NSF', returnedOn: '2026-03-16', override: { username: 'supervisor', secret: '9999' } }, clerk);
    expect(ret).toMatchObject({ feeCents: 3500, cashOnlySet: false });
    expect(ret.receipt.returned).toEqual([{ tenderLineNo: 1, amountCents: 9500, returnedOn: '2026-03-16', reason: 'NSF' }]);
    const after = await t.must('accounts.get', { accountId: a.id }, clerk);
    expect(after.balanceCents).toBe(before.balanceCents + 3500);
    expect(after.openCharges.map((c) => [c.description, c.openCents])).toEqual([...before.openCharges.map((c) => [c.description, c.openCents]), ['Returned check fee (check 1201)', 3500]]);
    expect(db.prepare("SELECT kind, subject FROM letters WHERE account_id = ?").all(a.id)).toEqual([{ kind: 'returned_payment', subject: `Returned check on receipt ${paid.receipt.number}` }]);
    const twice = await t.call('payments.return', { receiptNumber: paid.receipt.number, reason: 'NSF', returnedOn: '2026-03-16', override: { username: 'supervisor', secret: '9999' } }, clerk);
    expect(twice.ok ? null : twice.error.code).toBe('ALREADY_RETURNED');

    const paid2 = await t.must('payments.post', { idempotencyKey: 'ret-0000002', lines: [{ type: 'account', accountId: a.id, amountCents: 2000 }], tenders: [{ kind: 'check', amountCents: 2000, checkNumber: '1202', payer: 'Andy Taylor' }] }, cashier);
    const ret2 = await t.must('payments.return', { receiptNumber: paid2.receipt.number, reason: 'Account closed', returnedOn: '2026-03-16', override: { username: 'supervisor', secret: '9999' } }, clerk);
    expect(ret2.cashOnlySet).toBe(true);
    expect((await t.must('accounts.get', { accountId: a.id }, clerk)).flags.cashOnly).toBe(true);
    await verifyClean(t);
  });

  it('returns only the check of a split tender and refuses cash', async () => {
    const { t, a } = await setup();
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    const paid = await t.must('payments.post', { idempotencyKey: 'ret-0000003', lines: [{ type: 'account', accountId: a.id, amountCents: 9000 }], tenders: [{ kind: 'cash', amountCents: 4000 }, { kind: 'check', amountCents: 5000, checkNumber: '77', payer: 'A' }] }, cashier);
    const sup = await t.signIn('supervisor');
    const cash = await t.call('payments.return', { receiptNumber: paid.receipt.number, tenderLineNo: 1, reason: 'x', returnedOn: '2026-03-16' }, sup);
    expect(cash.ok ? null : cash.error.code).toBe('BAD_INPUT');
    await t.must('payments.return', { receiptNumber: paid.receipt.number, reason: 'NSF', returnedOn: '2026-03-16' }, sup);
    const after = await t.must('accounts.get', { accountId: a.id }, sup);
    expect(after.balanceCents).toBe(5000 + 3500);
    await verifyClean(t);
  });
});
