// The service desk's intake through the contract: the account status life cycle with its
// history (refusing every other move with ACCOUNT_STATUS), stop -> final read -> final bill ->
// close-out with the arithmetic to the cent (deposit applied, remaining credit refunded by check),
// transfer moving the balance and the deposit, and a previous tenant's debt never on a new tenant.
import type { Db } from '../../../src-main/db/open-ledger';
import { verifyLedger } from '../../../src-main/core/ledger/verify';
import { insertCustomer, insertLocation } from '../../../src-main/core/accounts/records';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTestCore, tempDir, type TestCore } from '../../helpers/core';
import { moveOutAccount } from '../../helpers/service-desk';

async function pdfText(pdf: { contentBase64: string }): Promise<string> {
  const file = path.join(tempDir('tc-intake-pdf-'), 'letter.pdf');
  fs.writeFileSync(file, Buffer.from(pdf.contentBase64, 'base64'));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

const count = (db: Db, sql: string, ...p: unknown[]) => (db.prepare(sql).get(...p) as { n: number }).n;

const setUp = moveOutAccount;

describe('service desk intake', () => {
  let t: TestCore;
  let clerk: string;
  let db: Db;
  beforeEach(async () => {
    t = await makeTestCore();
    clerk = await t.signIn('clerk');
    db = t.core.deps.db;
  });
  afterEach(() => t.close());

  const waterCrew = () => (db.prepare("SELECT id FROM crews WHERE division = 'water' ORDER BY id LIMIT 1").get() as { id: number }).id;
  async function completeRead(orderId: number, reading: number | undefined) {
    await t.must('workOrders.dispatch', { id: orderId, crewId: waterCrew() }, clerk);
    return t.must('workOrders.complete', { id: orderId, reading, readCode: reading === undefined ? 'no_access' : 'ok', findings: 'read at move-out', confirmAnyway: false }, clerk);
  }

  it('stop -> final read -> final bill -> close-out: the deposit pays the final bill, the rest is refunded by check, the account closes, every step in the status history', async () => {
    const a = setUp(db);
    const stop = await t.must('serviceDesk.stop', { accountId: a.id, stopOn: '2026-03-16', reason: 'moving away', idempotencyKey: 'stop-key-0001' }, clerk);
    expect(stop.number).toBe('SR-2026-S1-000001');
    expect(stop).toMatchObject({ kind: 'stop', status: 'open', accountStatus: 'active', finalBill: null });
    expect(stop.orders).toEqual([expect.objectContaining({ type: 'final_read', role: 'final_read', status: 'new' })]);
    // A retry returns the same request; a second stop is refused.
    expect((await t.must('serviceDesk.stop', { accountId: a.id, stopOn: '2026-03-16', idempotencyKey: 'stop-key-0001' }, clerk)).id).toBe(stop.id);
    expect((await t.call('serviceDesk.stop', { accountId: a.id, stopOn: '2026-03-16', idempotencyKey: 'stop-key-0002' }, clerk)).ok).toBe(false);
    // The printed confirmation is a letter on the account.
    const letter = db.prepare('SELECT kind, details FROM letters WHERE id = ?').get(stop.letterId) as { kind: string; details: string };
    expect(letter.kind).toBe('service_confirmation');
    expect(JSON.parse(letter.details)).toMatchObject({ requestNumber: 'SR-2026-S1-000001', kind: 'stop', accountNumber: a.number, dates: [{ label: 'Service stops', date: '2026-03-16' }], workOrders: [stop.orders[0]!.number] });

    // Close-out before the final bill: refused.
    const early = await t.call('serviceDesk.closeOut', { accountId: a.id, idempotencyKey: 'close-key-0001' }, clerk);
    expect(early.ok ? null : early.error.code).toBe('ACCOUNT_STATUS');

    // The crew reads the meter: the final bill is made from that reading.
    await completeRead(stop.orders[0]!.id, 50_800);
    const billed = await t.must('serviceDesk.request', { id: stop.id }, clerk);
    expect(billed.accountStatus).toBe('final_billed');
    expect(billed.finalBill).toMatchObject({ periodFrom: '2026-02-01', periodTo: '2026-03-16' });
    const finalTotal = billed.finalBill!.totalCents;
    expect(finalTotal).toBeGreaterThan(0);

    // The arithmetic, to the cent: open = $50.00 bill + final bill; deposit $200.00 applied; refund the rest.
    const preview = await t.must('serviceDesk.closeOutPreview', { accountId: a.id }, clerk);
    expect(preview).toMatchObject({
      openChargesCents: 5000 + finalTotal,
      unappliedCreditCents: 0,
      balanceBeforeCents: 5000 + finalTotal,
      depositHeldCents: 20000,
      depositAppliedCents: 20000,
      balanceAfterDepositCents: 5000 + finalTotal - 20000,
      refundCents: 20000 - 5000 - finalTotal,
      remainingDueCents: 0,
    });
    // Applied in the allocation order: the older bill first (sewer before water), then the final bill.
    expect(preview.applied.slice(0, 2).map((x) => [x.dueDate, x.amountCents])).toEqual([
      ['2026-02-21', 2000],
      ['2026-02-21', 3000],
    ]);
    expect(preview.applied.reduce((s, x) => s + x.amountCents, 0)).toBe(5000 + finalTotal);

    const closed = await t.must('serviceDesk.closeOut', { accountId: a.id, idempotencyKey: 'close-key-0002' }, clerk);
    expect(closed).toMatchObject({ id: stop.id, status: 'completed', accountStatus: 'closed' });
    expect(closed.closeOut!.refundCents).toBe(20000 - 5000 - finalTotal);
    // The close-out statement prints the same arithmetic (a second letter on the account).
    const statement = JSON.parse((db.prepare('SELECT details FROM letters WHERE id = ?').get(closed.letterId) as { details: string }).details) as { amounts: Array<{ label: string; labelEs?: string; cents: number }> };
    expect(closed.letterId).not.toBe(stop.letterId);
    expect(statement.amounts.map((x) => [x.label, x.cents])).toEqual(closed.closeOut!.lines.map((l) => [l.label, l.cents]));
    expect(statement.amounts.at(-1)).toMatchObject({ label: 'Refund by check', labelEs: 'Reembolso por cheque', cents: 20000 - 5000 - finalTotal });
    // Printed: the confirmation PDF carries the arithmetic to the cent.
    const refundText = `$${((20000 - 5000 - finalTotal) / 100).toFixed(2)}`;
    const en = await pdfText(await t.must('letters.pdf', { letterId: closed.letterId! }, clerk));
    expect(en).toContain('SR-2026-S1-000001');
    expect(en).toContain(`Refund by check ${refundText}`);
    expect(en).toContain('Deposit held, applied -$200.00');
    // A retried close-out posts nothing twice.
    expect((await t.must('serviceDesk.closeOut', { accountId: a.id, idempotencyKey: 'close-key-0002' }, clerk)).id).toBe(stop.id);
    expect(count(db, "SELECT count(*) AS n FROM journal_entries WHERE kind = 'refund'")).toBe(2);

    const acct = await t.must('accounts.get', { accountId: a.id }, clerk);
    expect(acct.balanceCents).toBe(0);
    expect(count(db, "SELECT -coalesce(sum(amount_cents), 0) AS n FROM journal_lines WHERE account_id = ? AND gl_code = '2200'", a.id)).toBe(0);
    expect(count(db, "SELECT -sum(amount_cents) AS n FROM journal_lines WHERE gl_code = '2400'")).toBe(20000 - 5000 - finalTotal);
    const check = db.prepare('SELECT payee, amount_cents, business_date, mail_city FROM check_requests WHERE id = ?').get(closed.checkRequestId);
    expect(check).toEqual({ payee: 'Andy Taylor', amount_cents: 20000 - 5000 - finalTotal, business_date: '2026-03-16', mail_city: 'Mayberry' });
    expect(count(db, 'SELECT count(*) AS n FROM check_requests')).toBe(1);

    // The day's export package lists the check request (and no SSN digits, none being on file here).
    const { buildDayPackage } = await import('../../../src-main/export/day-package');
    const pkg = await buildDayPackage(db, { businessDate: '2026-03-16', station: 'S1', appVersion: 'test', townName: 'Town of Mayberry', createdAt: '2026-03-16T22:00:00.000Z' });
    const csv = pkg.files.find((f) => f.name === 'check_requests.csv')!;
    const [header, row] = csv.bytes.toString('utf8').trim().split('\r\n');
    expect(header).toBe('business_date,station,check_request,entry_id,account_number,service_request,payee,mail_street,mail_city,mail_state,mail_zip,amount,memo,requested_at');
    const refund = 20000 - 5000 - finalTotal;
    expect(row).toBe(`2026-03-16,S1,${closed.checkRequestId},${count(db, 'SELECT entry_id AS n FROM check_requests')},${a.number},SR-2026-S1-000001,Andy Taylor,14 Maple St,Mayberry,NC,27030,${(refund / 100).toFixed(2)},"Close-out refund, account ${a.number} (SR-2026-S1-000001)",2026-03-16T15:00:00.000Z`);
    expect(pkg.manifest.files.find((f) => f.name === 'check_requests.csv')!.controls).toEqual({ count: 1, amountCents: refund });
    expect(pkg.manifest.totals.checkRequestsCents).toBe(refund);

    const forAccount = await t.must('serviceDesk.forAccount', { accountId: a.id }, clerk);
    expect(forAccount.history.map((h) => [h.fromStatus, h.toStatus])).toEqual([
      ['active', 'final_billed'],
      ['final_billed', 'closed'],
    ]);
    // Nothing else moves a closed account.
    const again = await t.call('serviceDesk.stop', { accountId: a.id, stopOn: '2026-03-16', idempotencyKey: 'stop-key-0003' }, clerk);
    expect(again.ok ? null : again.error.code).toBe('ACCOUNT_STATUS');
    expect(verifyLedger(db, new Date()).violations).toEqual([]);
  });

  it('a close-out with more owed than the deposit applies all of it and closes with the rest still owed (no refund, no check)', async () => {
    const a = setUp(db, { depositCents: 1500 });
    const stop = await t.must('serviceDesk.stop', { accountId: a.id, stopOn: '2026-03-16', idempotencyKey: 'stop-key-0101' }, clerk);
    await completeRead(stop.orders[0]!.id, 50_800);
    const finalTotal = (await t.must('serviceDesk.request', { id: stop.id }, clerk)).finalBill!.totalCents;
    // A Spanish-speaking customer: the close-out statement prints in Spanish.
    db.prepare("UPDATE customers SET language = 'es' WHERE id = ?").run(a.customerId);
    const closed = await t.must('serviceDesk.closeOut', { accountId: a.id, idempotencyKey: 'close-key-0101' }, clerk);
    const es = await pdfText(await t.must('letters.pdf', { letterId: closed.letterId! }, clerk));
    expect(es).toContain(`Saldo pendiente $${((5000 + finalTotal - 1500) / 100).toFixed(2)}`);
    expect(es).toContain('Depósito retenido, aplicado -$15.00');
    expect(closed.closeOut).toMatchObject({ depositAppliedCents: 1500, refundCents: 0, remainingDueCents: 5000 + finalTotal - 1500 });
    // $15.00 pays the oldest charges in order: sewer $15.00 of $20.00.
    expect(closed.closeOut!.applied).toEqual([expect.objectContaining({ dueDate: '2026-02-21', amountCents: 1500 })]);
    expect(count(db, 'SELECT count(*) AS n FROM check_requests')).toBe(0);
    expect((await t.must('accounts.get', { accountId: a.id }, clerk)).balanceCents).toBe(5000 + finalTotal - 1500);
  });

  it('a final read with no access leaves the request open with the reason; the clerk enters the reading to bill', async () => {
    const a = setUp(db);
    const stop = await t.must('serviceDesk.stop', { accountId: a.id, stopOn: '2026-03-16', idempotencyKey: 'stop-key-0201' }, clerk);
    await completeRead(stop.orders[0]!.id, undefined);
    const waiting = await t.must('serviceDesk.request', { id: stop.id }, clerk);
    expect(waiting).toMatchObject({ accountStatus: 'active', finalBill: null });
    expect(waiting.finalBillProblem).toMatch(/no access/);
    const billed = await t.must('serviceDesk.finalBill', { requestId: stop.id, readOn: '2026-03-16', readings: [{ service: 'water', meterNumber: 'W-1001', value: 50_900, readCode: 'ok' }] }, clerk);
    expect(billed).toMatchObject({ accountStatus: 'final_billed', finalBillProblem: null });
    expect(billed.finalBill!.totalCents).toBeGreaterThan(0);
  });

  it('transfer: final read at the old premise, connect at the new; on the final bill the balance and the deposit move and the old account closes', async () => {
    const a = setUp(db);
    const vacant = db.transaction(() => insertLocation(db, { street: '9 Elm St', city: 'Mayberry', state: 'NC', zip: '27030', serviceClass: 'residential', waterMeter: 'W-2002', services: ['water', 'sewer', 'solid_waste'] }))();
    // Services typed in any order, once each; a service the premise lacks is refused.
    const bad = await t.call('serviceDesk.transfer', { fromAccountId: a.id, locationId: vacant, services: ['water', 'water'], occupancy: 'tenant', moveOutOn: '2026-03-16', moveInOn: '2026-03-17', idempotencyKey: 'xfer-key-0000' }, clerk);
    expect(bad.ok ? null : bad.error.code).toBe('BAD_INPUT');
    const lacks = await t.call('serviceDesk.transfer', { fromAccountId: a.id, locationId: vacant, services: ['electric'], occupancy: 'tenant', moveOutOn: '2026-03-16', moveInOn: '2026-03-17', idempotencyKey: 'xfer-key-0000' }, clerk);
    expect(lacks.ok ? null : lacks.error.code).toBe('BAD_INPUT');
    expect(count(db, 'SELECT count(*) AS n FROM service_requests')).toBe(0);

    const x = await t.must('serviceDesk.transfer', { fromAccountId: a.id, locationId: vacant, services: ['solid_waste', 'water', 'sewer'], occupancy: 'tenant', moveOutOn: '2026-03-16', moveInOn: '2026-03-17', idempotencyKey: 'xfer-key-0001' }, clerk);
    expect(x).toMatchObject({ kind: 'transfer', fromAccountId: a.id, accountStatus: 'pending', services: ['solid_waste', 'sewer', 'water'], serviceAddress: '9 Elm St, Mayberry' });
    expect(x.orders.map((o) => o.role).sort()).toEqual(['connect', 'final_read']);
    const newId = x.accountId;
    expect(db.prepare('SELECT customer_id, occupancy, moved_from_account_id FROM accounts WHERE id = ?').get(newId)).toEqual({ customer_id: a.customerId, occupancy: 'tenant', moved_from_account_id: a.id });

    await completeRead(x.orders.find((o) => o.role === 'final_read')!.id, 50_800);
    const after = await t.must('serviceDesk.request', { id: x.id }, clerk);
    const finalTotal = after.finalBill!.totalCents;
    expect(after.moved).toMatchObject({ balanceCents: 5000 + finalTotal, depositCents: 20000 });
    const old = await t.must('accounts.get', { accountId: a.id }, clerk);
    expect(old.status).toBe('closed');
    expect(old.balanceCents).toBe(0);
    const moved = await t.must('accounts.get', { accountId: newId }, clerk);
    expect(moved.balanceCents).toBe(5000 + finalTotal);
    expect(count(db, "SELECT -sum(amount_cents) AS n FROM journal_lines WHERE account_id = ? AND gl_code = '2200'", newId)).toBe(20000);
    expect(count(db, "SELECT coalesce(sum(amount_cents), 0) AS n FROM journal_lines WHERE account_id = ? AND gl_code = '2200'", a.id)).toBe(0);
    // One balance_forward charge, due the earliest moved due date; nothing open on the old account.
    expect(db.prepare("SELECT amount_cents, due_date FROM charges WHERE account_id = ? AND kind = 'balance_forward'").all(newId)).toEqual([{ amount_cents: 5000 + finalTotal, due_date: '2026-02-21' }]);
    expect(count(db, 'SELECT count(*) AS n FROM charges c WHERE c.account_id = ? AND c.amount_cents > (SELECT coalesce(sum(amount_cents), 0) FROM allocations WHERE charge_id = c.id)', a.id)).toBe(0);
    expect(after.status).toBe('open');

    // The connect order done: the new account is active and the transfer complete.
    const connect = x.orders.find((o) => o.role === 'connect')!;
    await t.must('workOrders.dispatch', { id: connect.id, crewId: waterCrew() }, clerk);
    await t.must('workOrders.complete', { id: connect.id, reading: 1200, readCode: 'ok', findings: 'turned on', confirmAnyway: true }, clerk);
    const done = await t.must('serviceDesk.request', { id: x.id }, clerk);
    expect(done).toMatchObject({ status: 'completed', accountStatus: 'active' });
    expect((await t.must('serviceDesk.forAccount', { accountId: newId }, clerk)).history.map((h) => h.toStatus)).toEqual(['pending', 'active']);
    expect((await t.must('serviceDesk.forAccount', { accountId: a.id }, clerk)).history.map((h) => h.toStatus)).toEqual(['final_billed', 'closed']);
    expect(verifyLedger(db, new Date()).violations).toEqual([]);
  });

  it("a previous tenant's debt at the premise is shown as not this customer's and never moves to the new account", async () => {
    // Barney rented 9 Elm St and left owing; Andy transfers in.
    const prev = setUp(db, { last: 'Fife', street: '9 Elm St', meter: 'W-3003', depositCents: 0 });
    db.prepare("UPDATE accounts SET status = 'closed' WHERE id = ?").run(prev.id);
    const a = setUp(db, { depositCents: 0 });
    const other = db.transaction(() =>
      insertCustomer(db, { kind: 'person', firstName: 'Otis', lastName: 'Campbell', businessName: null, phone: null, mailStreet: '1 Jail Rd', mailCity: 'Mayberry', mailState: 'NC', mailZip: '27030', createdAt: '2024-01-02T12:00:00Z' }),
    )();
    const debt = await t.must('serviceDesk.priorDebt', { locationId: prev.locationId, customerId: a.customerId }, clerk);
    expect(debt).toMatchObject({ notThisCustomersCents: 5000, thisCustomersCents: 0 });
    expect(debt.accounts).toEqual([expect.objectContaining({ accountNumber: prev.number, occupancy: 'tenant', whose: 'not_this_customer', balanceCents: 5000 })]);
    // Barney's own debt is his.
    expect((await t.must('serviceDesk.priorDebt', { locationId: prev.locationId, customerId: prev.customerId }, clerk)).thisCustomersCents).toBe(5000);
    expect((await t.must('serviceDesk.priorDebt', { locationId: prev.locationId, customerId: other }, clerk)).notThisCustomersCents).toBe(5000);

    const x = await t.must('serviceDesk.transfer', { fromAccountId: a.id, locationId: prev.locationId, services: ['water', 'sewer'], occupancy: 'tenant', moveOutOn: '2026-03-16', moveInOn: '2026-03-16', idempotencyKey: 'xfer-key-0301' }, clerk);
    // The new account starts owing nothing; Barney's account still owes his.
    expect((await t.must('accounts.get', { accountId: x.accountId }, clerk)).balanceCents).toBe(0);
    expect((await t.must('accounts.get', { accountId: prev.id }, clerk)).balanceCents).toBe(5000);
    await completeRead(x.orders.find((o) => o.role === 'final_read')!.id, 50_800);
    const moved = await t.must('accounts.get', { accountId: x.accountId }, clerk);
    const finalTotal = (await t.must('serviceDesk.request', { id: x.id }, clerk)).finalBill!.totalCents;
    // Only Andy's own balance followed him.
    expect(moved.balanceCents).toBe(5000 + finalTotal);
    expect((await t.must('accounts.get', { accountId: prev.id }, clerk)).balanceCents).toBe(5000);
  });

  it('the status life cycle refuses every other move with ACCOUNT_STATUS, and bad input changes nothing', async () => {
    const a = setUp(db);
    const before = count(db, 'SELECT count(*) AS n FROM account_status_history');
    const close = await t.call('serviceDesk.closeOut', { accountId: a.id, idempotencyKey: 'close-key-0401' }, clerk);
    expect(close.ok ? null : close.error.code).toBe('ACCOUNT_STATUS');
    db.prepare("UPDATE accounts SET status = 'pending' WHERE id = ?").run(a.id);
    const stop = await t.call('serviceDesk.stop', { accountId: a.id, stopOn: '2026-03-16', idempotencyKey: 'stop-key-0401' }, clerk);
    expect(stop.ok ? null : stop.error.code).toBe('ACCOUNT_STATUS');
    db.prepare("UPDATE accounts SET status = 'active' WHERE id = ?").run(a.id);
    for (const bad of [
      { accountId: a.id, stopOn: '2026-02-30', idempotencyKey: 'stop-key-0402' },
      { accountId: a.id, stopOn: '2026-03-01', idempotencyKey: 'stop-key-0403' },
      { accountId: a.id, stopOn: '2026-03-16', idempotencyKey: 'short' },
      { accountId: a.id, stopOn: '2026-03-16', idempotencyKey: 'stop-key-0404', extra: 1 },
    ]) {
      const r = await t.call('serviceDesk.stop', bad, clerk);
      expect(r.ok ? null : r.error.code).toBe('BAD_INPUT');
    }
    // A cashier has no intake permission.
    const cashier = await t.signIn('cashier');
    const r = await t.call('serviceDesk.stop', { accountId: a.id, stopOn: '2026-03-16', idempotencyKey: 'stop-key-0405' }, cashier);
    expect(r.ok ? null : r.error.code).toBe('FORBIDDEN');
    expect(count(db, 'SELECT count(*) AS n FROM service_requests')).toBe(0);
    expect(count(db, 'SELECT count(*) AS n FROM work_orders')).toBe(0);
    expect(count(db, 'SELECT count(*) AS n FROM account_status_history')).toBe(before);
  });
});
