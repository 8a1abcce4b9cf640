import { makeTestCore } from '../helpers/core';
import { billAccount, makeAccount } from '../helpers/fixtures';

describe('account lookup and inquiry', () => {
  async function setup() {
    const t = await makeTestCore({ now: '2026-03-16T15:00:00Z' });
    const db = t.core.deps.db;
    const taylor = makeAccount(db, { first: 'Andy', last: 'Taylor', street: '14 Maple St', phone: '(336) 555-0142' });
    const barney = makeAccount(db, { first: 'Barney', last: 'Fife', street: '22 Elm Ave', phone: '(336) 555-0199', cashOnly: true, medicalAlertUntil: '2026-12-31' });
    const store = makeAccount(db, { business: "Walker's Drug Store", street: '1 Main St', phone: '(336) 555-0100' });
    billAccount(db, taylor.id, '2026-01-05', { water: 3150, sewer: 4200, solid_waste: 1800 }); // due 01-25: 50 days late
    billAccount(db, taylor.id, '2026-02-05', { water: 2900, sewer: 4000, solid_waste: 1800 }); // due 02-25: 19 days late
    billAccount(db, taylor.id, '2026-03-05', { water: 3000, sewer: 4100, solid_waste: 1800 }); // due 03-25: current
    const token = await t.signIn('clerk');
    return { t, taylor, barney, store, token };
  }

  it('finds accounts by part of a name, number, address and phone', async () => {
    const { t, taylor, barney, store, token } = await setup();
    const names = async (query: string) => (await t.must('accounts.search', { query }, token)).results.map((r) => r.name);
    expect(await names('tay')).toEqual(['Andy Taylor']);
    expect(await names('andy tay')).toEqual(['Andy Taylor']);
    expect(await names('fif')).toEqual(['Barney Fife']);
    expect(await names('walker')).toEqual(["Walker's Drug Store"]);
    expect(await names('elm')).toEqual(['Barney Fife']);
    expect(await names('555-0199')).toEqual(['Barney Fife']);
    expect(await names('3365550100')).toEqual(["Walker's Drug Store"]);
    expect(await names(taylor.number)).toEqual(['Andy Taylor']);
    expect(await names(String(barney.id))).toContain('Barney Fife');
    expect(await names(store.number.slice(0, 7))).toEqual(["Walker's Drug Store"]);
    expect(await names('zzz')).toEqual([]);
    expect(await names('   ')).toEqual([]);
    expect(await names('"; DROP TABLE accounts; --')).toEqual([]);
    const r = (await t.must('accounts.search', { query: 'fife' }, token)).results[0]!;
    expect(r.flags).toMatchObject({ cashOnly: true, medicalAlert: true, medicalAlertUntil: '2026-12-31' });
    expect(r.serviceAddress).toBe('22 Elm Ave, Mayberry');
  });

  it('shows balance, past due, aging, due date, bills and open charges from the journal', async () => {
    const { t, taylor, token } = await setup();
    const a = await t.must('accounts.get', { accountId: taylor.id }, token);
    expect(a.number).toBe(taylor.number);
    expect(a.balanceCents).toBe(9150 + 8700 + 8900);
    expect(a.pastDueCents).toBe(9150 + 8700);
    expect(a.aging).toEqual({ current: 8700 + 8900, days30: 9150, days60: 0, days90: 0 });
    expect(a.currentDueCents).toBe(8900);
    expect(a.nextDueDate).toBe('2026-03-25');
    expect(a.creditCents).toBe(0);
    expect(a.bills).toHaveLength(3);
    expect(a.bills[0]).toMatchObject({ billDate: '2026-03-05', dueDate: '2026-03-25', totalCents: 8900, openCents: 8900, converted: false });
    expect(a.bills[0]!.lines.map((l) => l.label)).toEqual(['Solid waste', 'Sewer', 'Water']);
    expect(a.openCharges).toHaveLength(9);
    expect(a.services.sort()).toEqual(['sewer', 'solid_waste', 'water']);
    expect(a.customer.taxIdMasked).toBeNull();
    const byNumber = await t.must('accounts.get', { number: taylor.number.replace('-', '') }, token);
    expect(byNumber.id).toBe(taylor.id);
  });

  it('rejects a mistyped account number by its check digit, and unknown accounts', async () => {
    const { t, taylor, token } = await setup();
    const last = Number(taylor.number.slice(-1));
    const wrong = `${taylor.number.slice(0, -1)}${(last + 1) % 10}`;
    const r = await t.call('accounts.get', { number: wrong }, token);
    expect(r.ok ? null : r.error.code).toBe('BAD_ACCOUNT_NUMBER');
    const missing = await t.call('accounts.get', { accountId: 99999 }, token);
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
    const bad = await t.call('accounts.get', { accountId: -1 }, token);
    expect(bad.ok ? null : bad.error.code).toBe('BAD_INPUT');
  });

  it('keeps notes and follow-ups visible to every clerk until resolved', async () => {
    const { t, taylor, token } = await setup();
    const note = await t.must('accounts.addNote', { accountId: taylor.id, text: 'Application incomplete: needs ID copy', followUp: true }, token);
    expect(note).toMatchObject({ followUp: true, resolvedAt: null, author: 'Clara Clerk' });
    const cashier = await t.signIn('cashier');
    expect((await t.must('accounts.get', { accountId: taylor.id }, cashier)).notes[0]!.text).toContain('needs ID copy');
    const resolved = await t.must('accounts.resolveNote', { noteId: note.id }, cashier);
    expect(resolved.resolvedAt).not.toBeNull();
    const again = await t.call('accounts.resolveNote', { noteId: note.id }, cashier);
    expect(again.ok ? null : again.error.code).toBe('CONFLICT');
    const empty = await t.call('accounts.addNote', { accountId: taylor.id, text: '   ' }, token);
    expect(empty.ok ? null : empty.error.code).toBe('BAD_INPUT');
  });

  it('needs a supervisor to clear cash-only, by override with their own credentials, and audits it', async () => {
    const { t, barney, token } = await setup();
    const denied = await t.call('accounts.setCashOnly', { accountId: barney.id, cashOnly: false, reason: 'customer request' }, token);
    expect(denied.ok ? null : denied.error.code).toBe('NEEDS_SUPERVISOR');
    const wrongPin = await t.call('accounts.setCashOnly', { accountId: barney.id, cashOnly: false, reason: 'customer request', override: { username: 'supervisor', secret: '1234' } }, token);
    expect(wrongPin.ok ? null : wrongPin.error.code).toBe('NEEDS_SUPERVISOR');
    const notSupervisor = await t.call('accounts.setCashOnly', { accountId: barney.id, cashOnly: false, reason: 'customer request', override: { username: 'cashier', secret: '1111' } }, token);
    expect(notSupervisor.ok ? null : notSupervisor.error.code).toBe('NEEDS_SUPERVISOR');
    expect((await t.must('accounts.get', { accountId: barney.id }, token)).flags.cashOnly).toBe(true);
    const flags = await t.must('accounts.setCashOnly', { accountId: barney.id, cashOnly: false, reason: 'two years without a returned check', override: { username: 'supervisor', secret: '9999' } }, token);
    expect(flags.cashOnly).toBe(false);
    const audit = await t.must('audit.list', { action: 'account.cashOnly.clear' }, await t.signIn('supervisor'));
    expect(audit.rows[0]).toMatchObject({ user: 'clerk', approvedBy: 'supervisor', subject: barney.number, reason: 'two years without a returned check' });
  });
});

describe('scan line and receipts on the account page', () => {
  it('finds the account from a scanned bill stub and shows receipt numbers with payments', async () => {
    const { makeScanLine } = await import('../../src-shared/scan-line');
    const { STARTING_BANK } = await import('../helpers/fixtures');
    const t = await makeTestCore();
    const a = makeAccount(t.core.deps.db);
    billAccount(t.core.deps.db, a.id, '2026-02-05', { water: 4000 });
    const cashier = await t.signIn('cashier');
    const hits = await t.must('accounts.search', { query: makeScanLine(a.number, 4000) }, cashier);
    expect(hits.results.map((r) => r.id)).toEqual([a.id]);
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    await t.must('payments.post', { idempotencyKey: 'acct-page-0001', lines: [{ type: 'account', accountId: a.id, amountCents: 4000 }], tenders: [{ kind: 'cash', amountCents: 4000 }] }, cashier);
    const page = await t.must('accounts.get', { accountId: a.id }, cashier);
    expect(page.payments[0]).toMatchObject({ kind: 'payment', amountCents: 4000, receiptNumber: 'S1-000001' });
  });
});
