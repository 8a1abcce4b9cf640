// Over-tender and repeated payments (issue 11 items 3, 4 and 5): change above a setting or above
// the drawer's cash asks for confirmation and, above a second setting, a supervisor; the preview
// says so up front and names the field each rule belongs to; a second payment of the same amount
// on the same account the same business day is warned about.
import { makeTestCore } from '../../helpers/core';
import { billAccount, makeAccount, STARTING_BANK } from '../../helpers/fixtures';

let n = 0;
const key = () => `over-tender-${String(++n).padStart(5, '0')}`;

async function counter() {
  const t = await makeTestCore({ now: '2026-03-16T15:00:00Z' });
  const db = t.core.deps.db;
  const a = makeAccount(db, { first: 'Andy', last: 'Taylor' });
  billAccount(db, a.id, '2026-02-05', { water: 3000, sewer: 2000 }); // owes $50.00
  const fife = makeAccount(db, { first: 'Barney', last: 'Fife', street: '22 Elm Ave', cashOnly: true });
  billAccount(db, fife.id, '2026-02-05', { water: 2500 });
  const cashier = await t.signIn('cashier');
  await t.must('drawer.open', { counts: STARTING_BANK }, cashier); // $200.00 in the drawer
  const line = [{ type: 'account' as const, accountId: a.id, amountCents: 5000 }];
  return { t, a, fife, cashier, line };
}

describe('change above a setting or above the drawer’s cash', () => {
  it('posts ordinary change without a word', async () => {
    const { t, cashier, line } = await counter();
    const p = await t.must('payments.preview', { lines: line, tenders: [{ kind: 'cash', amountCents: 6000 }] }, cashier);
    expect(p).toMatchObject({ changeCents: 1000, confirmations: [], supervisor: null, drawerCashCents: 20000, canPost: true });
    await t.must('payments.post', { idempotencyKey: key(), lines: line, tenders: [{ kind: 'cash', amountCents: 6000 }] }, cashier);
    expect((await t.must('payments.preview', { lines: line, tenders: [{ kind: 'cash', amountCents: 5000 }] }, cashier)).drawerCashCents).toBe(20000 + 5000);
  });

  it('asks for confirmation above the change setting, and refuses without it', async () => {
    const { t, cashier, line } = await counter();
    const sup = await t.signIn('admin');
    await t.must('settings.update', { values: { changeConfirmAboveCents: 2000 }, reason: 'test the confirmation' }, sup);
    const tenders = [{ kind: 'cash' as const, amountCents: 7500 }]; // $25.00 change, the drawer holds $200
    const p = await t.must('payments.preview', { lines: line, tenders }, cashier);
    expect(p.confirmations).toEqual([expect.objectContaining({ code: 'CONFIRM_CHANGE', tender: 0 })]);
    expect(p.confirmations[0]!.message).toBe('Change of $25.00 is over $20.00. Check the cash amount; confirm only if it is right.');
    expect(p.canPost).toBe(true);
    const k = key();
    const refused = await t.call('payments.post', { idempotencyKey: k, lines: line, tenders }, cashier);
    expect(refused.ok ? null : refused.error.code).toBe('CONFIRM_CHANGE');
    expect(t.core.deps.db.prepare("SELECT count(*) AS n FROM journal_entries WHERE kind = 'payment'").get()).toEqual({ n: 0 });
    const ok = await t.must('payments.post', { idempotencyKey: k, lines: line, tenders, confirmed: true }, cashier);
    expect(ok.receipt.changeCents).toBe(2500);
    const audit = await t.must('audit.list', { action: 'payment.confirmed' }, await t.signIn('supervisor'));
    expect(audit.rows[0]).toMatchObject({ subject: ok.receipt.number });
  });

  it('asks for confirmation when the change is more than the drawer holds, and a supervisor above the second setting ($5,000 for $50)', async () => {
    const { t, cashier, line } = await counter();
    const tenders = [{ kind: 'cash' as const, amountCents: 500000 }];
    const p = await t.must('payments.preview', { lines: line, tenders }, cashier);
    expect(p.changeCents).toBe(495000);
    expect(p.confirmations.map((c) => c.code)).toEqual(['CONFIRM_CHANGE']);
    expect(p.confirmations[0]!.message).toBe('Change of $4,950.00 is more than the $200.00 cash in the drawer. Check the cash amount; confirm only if it is right.');
    expect(p.supervisor).toBe('Change of $4,950.00 is over $500.00: a supervisor must approve.');
    const k = key();
    const unconfirmed = await t.call('payments.post', { idempotencyKey: k, lines: line, tenders }, cashier);
    expect(unconfirmed.ok ? null : unconfirmed.error.code).toBe('CONFIRM_CHANGE');
    const noSupervisor = await t.call('payments.post', { idempotencyKey: k, lines: line, tenders, confirmed: true }, cashier);
    expect(noSupervisor.ok ? null : noSupervisor.error).toMatchObject({ code: 'NEEDS_SUPERVISOR', message: 'Giving $4,950.00 in change needs a supervisor\u2019s approval.'.replace('\u2019', "'") });
    const wrongPin = await t.call('payments.post', { idempotencyKey: k, lines: line, tenders, confirmed: true, override: { username: 'supervisor', secret: '0000' } }, cashier);
    expect(wrongPin.ok ? null : wrongPin.error.code).toBe('NEEDS_SUPERVISOR');
    expect(t.core.deps.db.prepare("SELECT count(*) AS n FROM journal_entries WHERE kind = 'payment'").get()).toEqual({ n: 0 });
    const ok = await t.must('payments.post', { idempotencyKey: k, lines: line, tenders, confirmed: true, override: { username: 'supervisor', secret: '9999' } }, cashier);
    expect(ok.receipt.changeCents).toBe(495000);
    const audit = await t.must('audit.list', { action: 'payment.confirmed' }, await t.signIn('supervisor'));
    expect(audit.rows[0]).toMatchObject({ subject: ok.receipt.number, approvedBy: 'supervisor' });
  });

  it('tells the preview which tender each refusal belongs to (a check on a cash-only account, a card over the amount due)', async () => {
    const { t, fife, cashier } = await counter();
    const p = await t.must(
      'payments.preview',
      { lines: [{ type: 'account', accountId: fife.id, amountCents: 2500 }], tenders: [{ kind: 'cash', amountCents: 500 }, { kind: 'check', amountCents: 2000, checkNumber: '9', payer: 'B' }] },
      cashier,
    );
    expect(p.problems).toEqual([expect.objectContaining({ code: 'CASH_ONLY', line: 0, tender: 1 })]);
    const card = await t.must('payments.preview', { lines: [{ type: 'account', accountId: fife.id, amountCents: 2500 }], tenders: [{ kind: 'card', amountCents: 3000, brand: 'VISA', last4: '1111', authCode: 'A1' }] }, cashier);
    expect(card.problems).toEqual([expect.objectContaining({ code: 'OVER_TENDER', tender: 0 })]);
  });
});

describe('the same stub paid again', () => {
  it('warns when the same account was paid the same amount earlier the same business day', async () => {
    const { t, a, cashier, line } = await counter();
    const tenders = [{ kind: 'cash' as const, amountCents: 5000 }];
    expect((await t.must('payments.preview', { lines: line, tenders }, cashier)).warnings).toEqual([]);
    const first = await t.must('payments.post', { idempotencyKey: key(), lines: line, tenders }, cashier);
    const again = await t.must('payments.preview', { lines: line, tenders }, cashier);
    expect(again.warnings).toEqual([
      { code: 'DUPLICATE_PAYMENT', line: 0, message: `Account ${a.number} was already paid $50.00 today (receipt ${first.receipt.number}). Is this the same bill stub again?` },
    ]);
    // A different amount is not a repeat; a voided receipt does not count.
    expect((await t.must('payments.preview', { lines: [{ ...line[0]!, amountCents: 4000 }], tenders: [{ kind: 'cash', amountCents: 4000 }] }, cashier)).warnings).toEqual([]);
    await t.must('receipts.void', { number: first.receipt.number, reason: 'keyed twice', override: { username: 'supervisor', secret: '9999' } }, cashier);
    expect((await t.must('payments.preview', { lines: line, tenders }, cashier)).warnings).toEqual([]);
  });
});
