import { makeTestCore, type TestCore } from '../../helpers/core';
import { billAccount, chargePenalty, makeAccount, STARTING_BANK } from '../../helpers/fixtures';

let key = 0;
const nextKey = () => `test-key-${String(++key).padStart(6, '0')}`;

async function counter() {
  const t = await makeTestCore({ now: '2026-03-16T15:00:00Z' });
  const db = t.core.deps.db;
  const taylor = makeAccount(db, { first: 'Andy', last: 'Taylor' });
  billAccount(db, taylor.id, '2026-01-05', { water: 3000, sewer: 4000, solid_waste: 2000 }); // due 01-25
  billAccount(db, taylor.id, '2026-02-05', { water: 3100, sewer: 4100, solid_waste: 2000 }); // due 02-25
  chargePenalty(db, taylor.id, '2026-02-25', 1000);
  const fife = makeAccount(db, { first: 'Barney', last: 'Fife', street: '22 Elm Ave', cashOnly: true });
  billAccount(db, fife.id, '2026-02-05', { water: 2500, sewer: 2500 });
  const cashier = await t.signIn('cashier');
  await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
  return { t, db, taylor, fife, cashier };
}

async function verifyClean(t: TestCore) {
  const report = await t.must('ledger.verify', {}, await t.signIn('supervisor'));
  expect(report.violations).toEqual([]);
}

const balance = async (t: TestCore, token: string, accountId: number) => (await t.must('accounts.get', { accountId }, token)).balanceCents;

describe('drawer', () => {
  it('opens with the counted starting bank, one per cashier and station', async () => {
    const { t, cashier } = await counter();
    const d = (await t.must('drawer.current', {}, cashier)).drawer!;
    expect(d).toMatchObject({ station: 'S1', startingCents: 20000, businessDate: '2026-03-16', cashier: 'Cathy Cashier' });
    const again = await t.call('drawer.open', { counts: STARTING_BANK }, cashier);
    expect(again.ok ? null : again.error.code).toBe('DRAWER_ALREADY_OPEN');
    const sup = await t.signIn('supervisor');
    const sameStation = await t.call('drawer.open', { counts: STARTING_BANK }, sup);
    expect(sameStation.ok ? null : sameStation.error.code).toBe('DRAWER_ALREADY_OPEN');
    const clerk = await t.signIn('clerk');
    const forbidden = await t.call('drawer.open', { counts: STARTING_BANK }, clerk);
    expect(forbidden.ok ? null : forbidden.error.code).toBe('FORBIDDEN');
    const badCoin = await t.call('drawer.open', { counts: [{ denominationCents: 3, count: 1 }] }, sup);
    expect(badCoin.ok ? null : badCoin.error.code).toBe('BAD_INPUT');
  });

  it('refuses payments without an open drawer', async () => {
    const t = await makeTestCore();
    const a = makeAccount(t.core.deps.db);
    const sup = await t.signIn('supervisor');
    const r = await t.call('payments.post', { idempotencyKey: nextKey(), lines: [{ type: 'account', accountId: a.id, amountCents: 100 }], tenders: [{ kind: 'cash', amountCents: 100 }] }, sup);
    expect(r.ok ? null : r.error.code).toBe('DRAWER_NOT_OPEN');
    expect(t.core.deps.db.prepare('SELECT count(*) AS n FROM journal_entries').get()).toEqual({ n: 0 });
  });
});

describe('allocation', () => {
  it('pays oldest due date first, penalties before services, services in the configured order', async () => {
    const { t, taylor, cashier } = await counter();
    const p = await t.must('payments.preview', { lines: [{ type: 'account', accountId: taylor.id, amountCents: 12500 }], tenders: [{ kind: 'cash', amountCents: 12500 }] }, cashier);
    expect(p.lines[0]!.allocations.map((a) => [a.description.split(' ')[0], a.dueDate, a.amountCents])).toEqual([
      ['Solid', '2026-01-25', 2000],
      ['Sewer', '2026-01-25', 4000],
      ['Water', '2026-01-25', 3000],
      ['Late', '2026-02-25', 1000],
      ['Solid', '2026-02-25', 2000],
      ['Sewer', '2026-02-25', 500],
    ]);
    expect(p.lines[0]).toMatchObject({ creditCents: 0, balanceBeforeCents: 9000 + 9200 + 1000, balanceAfterCents: 19200 - 12500 });
    expect(p.canPost).toBe(true);
  });

  it('posts partial, full and over payments; an overpayment becomes a credit', async () => {
    const { t, taylor, cashier } = await counter();
    const post = (amountCents: number) => t.must('payments.post', { idempotencyKey: nextKey(), lines: [{ type: 'account', accountId: taylor.id, amountCents }], tenders: [{ kind: 'cash', amountCents }] }, cashier);
    await post(5000);
    let a = await t.must('accounts.get', { accountId: taylor.id }, cashier);
    expect(a.balanceCents).toBe(19200 - 5000);
    expect(a.openCharges.find((c) => c.description.startsWith('Sewer') && c.dueDate === '2026-01-25')!.openCents).toBe(1000);
    await post(14200);
    a = await t.must('accounts.get', { accountId: taylor.id }, cashier);
    expect(a.balanceCents).toBe(0);
    expect(a.openCharges).toEqual([]);
    const over = await post(2500);
    expect(over.receipt.lines[0]!.remainingBalanceCents).toBe(-2500);
    a = await t.must('accounts.get', { accountId: taylor.id }, cashier);
    expect(a).toMatchObject({ balanceCents: -2500, creditCents: 2500, pastDueCents: 0 });
    await verifyClean(t);
  });

  it('splits one transaction across several accounts and a revenue code', async () => {
    const { t, db, taylor, cashier } = await counter();
    const other = makeAccount(db, { first: 'Helen', last: 'Crump', street: '8 Oak St' });
    billAccount(db, other.id, '2026-02-10', { water: 4000 });
    const r = await t.must('payments.post', {
      idempotencyKey: nextKey(),
      lines: [
        { type: 'account', accountId: taylor.id, amountCents: 9000 },
        { type: 'account', accountId: other.id, amountCents: 4000 },
        { type: 'revenue', revenueCode: 'rec', amountCents: 2500, description: 'Summer camp' },
      ],
      tenders: [{ kind: 'cash', amountCents: 20000 }],
    }, cashier);
    expect(r.receipt).toMatchObject({ totalCents: 15500, tenderedCents: 20000, changeCents: 4500, number: 'S1-000001', status: 'posted', cashier: 'Cathy Cashier' });
    expect(r.receipt.lines.map((l) => [l.type, l.accountNumber ?? l.revenueCode, l.amountCents, l.remainingBalanceCents])).toEqual([
      ['account', taylor.number, 9000, 10200],
      ['account', other.number, 4000, 0],
      ['revenue', 'REC', 2500, null],
    ]);
    expect(r.receipt.lines[2]!.description).toBe('Recreation fee - Summer camp');
    const gl = db.prepare('SELECT gl_code, sum(amount_cents) AS amt FROM journal_lines WHERE entry_id = (SELECT entry_id FROM receipts WHERE number = ?) GROUP BY gl_code ORDER BY gl_code').all('S1-000001');
    expect(gl).toEqual([{ gl_code: '1010', amt: 15500 }, { gl_code: '1200', amt: -13000 }, { gl_code: '4320', amt: -2500 }]);
    await verifyClean(t);
  });
});

describe('tenders', () => {
  it('gives change only from cash and keeps cards within the amount due', async () => {
    const { t, taylor, cashier } = await counter();
    const line = [{ type: 'account' as const, accountId: taylor.id, amountCents: 5000 }];
    const card = await t.call('payments.post', { idempotencyKey: nextKey(), lines: line, tenders: [{ kind: 'card', amountCents: 6000, brand: 'VISA', last4: '4242', authCode: 'A1B2C3' }] }, cashier);
    expect(card.ok ? null : card.error.code).toBe('OVER_TENDER');
    const short = await t.call('payments.post', { idempotencyKey: nextKey(), lines: line, tenders: [{ kind: 'cash', amountCents: 4999 }] }, cashier);
    expect(short.ok ? null : short.error.code).toBe('UNDER_TENDER');
    const cardPlusCash = await t.must('payments.post', { idempotencyKey: nextKey(), lines: line, tenders: [{ kind: 'card', amountCents: 3000, brand: 'MASTERCARD', last4: '5454', authCode: 'ok123' }, { kind: 'cash', amountCents: 4000 }] }, cashier);
    expect(cardPlusCash.receipt).toMatchObject({ changeCents: 2000, tenderedCents: 7000 });
    expect(cardPlusCash.receipt.tenders[0]).toMatchObject({ kind: 'card', cardBrand: 'MASTERCARD', cardLast4: '5454', authCode: 'OK123' });
  });

  it('never stores more than the last four card digits', async () => {
    const { t, taylor, cashier } = await counter();
    const r = await t.call('payments.post', { idempotencyKey: nextKey(), lines: [{ type: 'account', accountId: taylor.id, amountCents: 100 }], tenders: [{ kind: 'card', amountCents: 100, brand: 'VISA', last4: '4111111111111111', authCode: 'X1' }] }, cashier);
    expect(r.ok ? null : r.error.code).toBe('BAD_INPUT');
  });

  it('credits a check over the amount due to the account, with no cash back', async () => {
    const { t, taylor, cashier } = await counter();
    const req = { lines: [{ type: 'account' as const, accountId: taylor.id, amountCents: 19200 }], tenders: [{ kind: 'check' as const, amountCents: 20000, checkNumber: '1042', payer: 'Andy Taylor' }] };
    // Said before posting (issue 11 item 3): the preview asks, and the core refuses without the confirmation.
    const p = await t.must('payments.preview', req, cashier);
    expect(p.confirmations).toEqual([expect.objectContaining({ code: 'CONFIRM_CREDIT', line: 0, tender: 0 })]);
    expect(p.confirmations[0]!.message).toContain('$8.00 more than is due');
    const key = nextKey();
    const unconfirmed = await t.call('payments.post', { idempotencyKey: key, ...req }, cashier);
    expect(unconfirmed.ok ? null : unconfirmed.error.code).toBe('CONFIRM_CREDIT');
    expect(await balance(t, cashier, taylor.id)).toBe(19200);
    const r = await t.must('payments.post', { idempotencyKey: key, ...req, confirmed: true }, cashier);
    expect(r.receipt).toMatchObject({ totalCents: 20000, changeCents: 0 });
    expect(r.receipt.lines[0]!.remainingBalanceCents).toBe(-800);
    const taxByCheck = await t.call('payments.post', { idempotencyKey: nextKey(), lines: [{ type: 'revenue', revenueCode: 'TAX', amountCents: 10000, billRef: '2025-118', taxYear: 2025 }], tenders: [{ kind: 'check', amountCents: 12000, checkNumber: '77', payer: 'A' }] }, cashier);
    expect(taxByCheck.ok ? null : taxByCheck.error.code).toBe('OVER_TENDER');
    await verifyClean(t);
  });

  it('refuses checks on a cash-only account', async () => {
    const { t, fife, cashier } = await counter();
    const r = await t.call('payments.post', { idempotencyKey: nextKey(), lines: [{ type: 'account', accountId: fife.id, amountCents: 5000 }], tenders: [{ kind: 'check', amountCents: 5000, checkNumber: '9', payer: 'Barney Fife' }] }, cashier);
    expect(r.ok ? null : r.error.code).toBe('CASH_ONLY');
    expect((await t.must('payments.post', { idempotencyKey: nextKey(), lines: [{ type: 'account', accountId: fife.id, amountCents: 5000 }], tenders: [{ kind: 'money_order', amountCents: 5000, reference: 'MO-1' }] }, cashier)).receipt.totalCents).toBe(5000);
  });

  it('asks for the details each revenue code needs', async () => {
    const { t, cashier } = await counter();
    const post = (line: object) => t.call('payments.post', { idempotencyKey: nextKey(), lines: [{ type: 'revenue', amountCents: 1000, ...line } as never], tenders: [{ kind: 'cash', amountCents: 1000 }] }, cashier);
    expect(((await post({ revenueCode: 'TAX' })) as { error: { code: string } }).error.code).toBe('REVENUE_DETAILS');
    expect(((await post({ revenueCode: 'DEP' })) as { error: { code: string } }).error.code).toBe('REVENUE_DETAILS');
    expect(((await post({ revenueCode: 'MISC' })) as { error: { code: string } }).error.code).toBe('REVENUE_DETAILS');
    expect(((await post({ revenueCode: 'NOPE' })) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const tax = await post({ revenueCode: 'TAX', billRef: '2025-0042', taxYear: 2025 });
    expect(tax.ok && tax.value.receipt.lines[0]!.description).toBe('Property tax bill 2025-0042 (2025)');
    expect((await post({ revenueCode: 'DEP', department: 'Parks' })).ok).toBe(true);
    expect((await post({ revenueCode: 'MISC', description: 'Copies of minutes' })).ok).toBe(true);
    expect((await post({ revenueCode: 'PERMIT' })).ok).toBe(true);
  });

  it('turns a payment on a closed account into a credit to refund', async () => {
    const { t, db, cashier } = await counter();
    const gone = makeAccount(db, { first: 'Floyd', last: 'Lawson', street: '3 Barber Ln' });
    db.prepare("UPDATE accounts SET status = 'closed', closed_on = '2026-01-01' WHERE id = ?").run(gone.id);
    const p = await t.must('payments.preview', { lines: [{ type: 'account', accountId: gone.id, amountCents: 3000 }], tenders: [{ kind: 'cash', amountCents: 3000 }] }, cashier);
    expect(p.lines[0]!.notes.join(' ')).toContain('credit to refund');
    await t.must('payments.post', { idempotencyKey: nextKey(), lines: [{ type: 'account', accountId: gone.id, amountCents: 3000 }], tenders: [{ kind: 'cash', amountCents: 3000 }] }, cashier);
    expect(await balance(t, cashier, gone.id)).toBe(-3000);
  });
});

describe('idempotency and receipt numbers', () => {
  it('returns the first result for a repeated key and refuses the key for another payment', async () => {
    const { t, db, taylor, cashier } = await counter();
    const req = { idempotencyKey: 'double-click-0001', lines: [{ type: 'account' as const, accountId: taylor.id, amountCents: 2500 }], tenders: [{ kind: 'cash' as const, amountCents: 3000 }] };
    const [a, b] = await Promise.all([t.must('payments.post', req, cashier), t.must('payments.post', req, cashier)]);
    const c = await t.must('payments.post', req, cashier);
    expect([a.replayed, b.replayed, c.replayed]).toEqual([false, true, true]);
    expect(b.receipt).toEqual(a.receipt);
    expect(db.prepare("SELECT count(*) AS n FROM journal_entries WHERE kind = 'payment'").get()).toEqual({ n: 1 });
    const conflict = await t.call('payments.post', { ...req, tenders: [{ kind: 'cash', amountCents: 2500 }] }, cashier);
    expect(conflict.ok ? null : conflict.error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(await balance(t, cashier, taylor.id)).toBe(19200 - 2500);
  });

  it('numbers receipts per station without gaps, even around refused postings', async () => {
    const { t, taylor, fife, cashier } = await counter();
    const numbers: string[] = [];
    for (let i = 0; i < 4; i++) {
      const bad = await t.call('payments.post', { idempotencyKey: nextKey(), lines: [{ type: 'account', accountId: fife.id, amountCents: 100 }], tenders: [{ kind: 'check', amountCents: 100, checkNumber: '1', payer: 'x' }] }, cashier);
      expect(bad.ok).toBe(false);
      numbers.push((await t.must('payments.post', { idempotencyKey: nextKey(), lines: [{ type: 'account', accountId: taylor.id, amountCents: 100 }], tenders: [{ kind: 'cash', amountCents: 100 }] }, cashier)).receipt.number);
    }
    expect(numbers).toEqual(['S1-000001', 'S1-000002', 'S1-000003', 'S1-000004']);
  });
});

describe('bad input changes nothing', () => {
  it.each([
    ['negative', { amountCents: -500 }],
    ['zero', { amountCents: 0 }],
    ['fractional cents', { amountCents: 12.5 }],
    ['NaN (sent as null)', { amountCents: null }],
    ['huge', { amountCents: 1e15 }],
    ['a string', { amountCents: '50.00' }],
    ['unknown account', { accountId: 987654 }],
  ])('%s', async (_name, patch) => {
    const { t, db, taylor, cashier } = await counter();
    const before = db.prepare('SELECT (SELECT count(*) FROM journal_entries) AS e, (SELECT count(*) FROM receipts) AS r, (SELECT count(*) FROM allocations) AS a').get();
    const line = { type: 'account', accountId: taylor.id, amountCents: 500, ...patch };
    const r = await t.bridge.invoke('payments.post', { idempotencyKey: nextKey(), lines: [line], tenders: [{ kind: 'cash', amountCents: 500 }] }, cashier);
    expect(r.ok).toBe(false);
    expect(['BAD_INPUT', 'NOT_FOUND', 'UNDER_TENDER']).toContain(r.ok ? '' : r.error.code);
    expect(db.prepare('SELECT (SELECT count(*) FROM journal_entries) AS e, (SELECT count(*) FROM receipts) AS r, (SELECT count(*) FROM allocations) AS a').get()).toEqual(before);
  });

  it('refuses the wrong role', async () => {
    const { t, taylor } = await counter();
    const clerk = await t.signIn('clerk');
    const r = await t.call('payments.post', { idempotencyKey: nextKey(), lines: [{ type: 'account', accountId: taylor.id, amountCents: 500 }], tenders: [{ kind: 'cash', amountCents: 500 }] }, clerk);
    expect(r.ok ? null : r.error.code).toBe('FORBIDDEN');
  });
});

describe('voids', () => {
  it('needs a supervisor and a reason, reverses exactly, and keeps the receipt number', async () => {
    const { t, db, taylor, cashier } = await counter();
    const before = await t.must('accounts.get', { accountId: taylor.id }, cashier);
    const posted = await t.must('payments.post', { idempotencyKey: nextKey(), lines: [{ type: 'account', accountId: taylor.id, amountCents: 12500 }], tenders: [{ kind: 'cash', amountCents: 13000 }] }, cashier);
    const noSup = await t.call('receipts.void', { number: posted.receipt.number, reason: 'wrong account' }, cashier);
    expect(noSup.ok ? null : noSup.error.code).toBe('NEEDS_SUPERVISOR');
    const noReason = await t.call('receipts.void', { number: posted.receipt.number, reason: '', override: { username: 'supervisor', secret: '9999' } }, cashier);
    expect(noReason.ok ? null : noReason.error.code).toBe('BAD_INPUT');
    const voided = await t.must('receipts.void', { number: posted.receipt.number.toLowerCase(), reason: 'wrong account', override: { username: 'supervisor', secret: '9999' } }, cashier);
    expect(voided).toMatchObject({ number: posted.receipt.number, status: 'void', voidReason: 'wrong account', voidedBy: 'Sam Supervisor' });
    const after = await t.must('accounts.get', { accountId: taylor.id }, cashier);
    expect(after.balanceCents).toBe(before.balanceCents);
    expect(after.openCharges).toEqual(before.openCharges);
    const again = await t.call('receipts.void', { number: posted.receipt.number, reason: 'again', override: { username: 'supervisor', secret: '9999' } }, cashier);
    expect(again.ok ? null : again.error.code).toBe('ALREADY_VOID');
    const journal = await t.must('drawer.journal', {}, cashier);
    expect(journal).toMatchObject({ receiptCount: 0, voidCount: 1, expectedCashCents: null });
    const asSupervisor = await t.must('drawer.journal', { drawerId: journal.drawer.id }, await t.signIn('supervisor'));
    expect(asSupervisor.expectedCashCents).toBe(20000);
    expect(db.prepare("SELECT action, reason FROM audit_log WHERE action = 'receipt.void'").all()).toEqual([{ action: 'receipt.void', reason: 'wrong account' }]);
    await verifyClean(t);
  });

  it('refuses voids once the drawer is closed', async () => {
    const { t, db, taylor, cashier } = await counter();
    const posted = await t.must('payments.post', { idempotencyKey: nextKey(), lines: [{ type: 'account', accountId: taylor.id, amountCents: 1000 }], tenders: [{ kind: 'cash', amountCents: 1000 }] }, cashier);
    db.prepare("UPDATE drawers SET closed_at = '2026-03-16T22:00:00Z'").run();
    const r = await t.call('receipts.void', { number: posted.receipt.number, reason: 'late', override: { username: 'supervisor', secret: '9999' } }, cashier);
    expect(r.ok ? null : r.error.code).toBe('VOID_NOT_ALLOWED');
  });
});

describe("the day's journal", () => {
  it('lists every receipt of the drawer with totals by tender', async () => {
    const { t, taylor, cashier } = await counter();
    await t.must('payments.post', { idempotencyKey: nextKey(), lines: [{ type: 'account', accountId: taylor.id, amountCents: 5000 }], tenders: [{ kind: 'cash', amountCents: 6000 }] }, cashier);
    await t.must('payments.post', { idempotencyKey: nextKey(), lines: [{ type: 'account', accountId: taylor.id, amountCents: 3000 }], tenders: [{ kind: 'check', amountCents: 2000, checkNumber: '55', payer: 'A' }, { kind: 'card', amountCents: 1000, brand: 'AMEX', last4: '0005', authCode: 'Z9' }] }, cashier);
    await t.must('payments.post', { idempotencyKey: nextKey(), lines: [{ type: 'revenue', revenueCode: 'PERMIT', amountCents: 7500 }], tenders: [{ kind: 'money_order', amountCents: 7500 }] }, cashier);
    const j = await t.must('drawer.journal', {}, cashier);
    expect(j.rows.map((r) => r.receiptNumber)).toEqual(['S1-000001', 'S1-000002', 'S1-000003']);
    expect(j.totals).toEqual({ cash: 6000, check: 2000, card: 1000, money_order: 7500, remittance: 0, change: 1000, net: 15500 });
    expect(j.expectedCashCents).toBeNull(); // the close is blind for the cashier
    expect((await t.must('drawer.journal', { drawerId: j.drawer.id }, await t.signIn('supervisor'))).expectedCashCents).toBe(20000 + 5000);
  });
});
