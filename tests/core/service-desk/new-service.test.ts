// New service through the contract: a customer found or created (tax id masked in every reply),
// the deposit the rule gives charged on the new pending account with its connect order, the
// confirmation letter; a previous tenant's debt at the premise shown as not this customer's and
// never on the new account; an occupied premise, a stale deposit and bad input change nothing.
import type { Db } from '../../../src-main/db/open-ledger';
import { insertLocation } from '../../../src-main/core/accounts/records';
import { verifyLedger } from '../../../src-main/core/ledger/verify';
import path from 'node:path';
import { makeTestCore, tempDir, type TestCore } from '../../helpers/core';
import { moveOutAccount } from '../../helpers/service-desk';
import { STARTING_BANK } from '../../helpers/fixtures';

const count = (db: Db, sql: string, ...p: unknown[]) => (db.prepare(sql).get(...p) as { n: number }).n;
const NEW_CUSTOMER = {
  kind: 'person' as const,
  firstName: 'Gomer',
  lastName: 'Pyle',
  phone: '336-555-0199',
  mailStreet: '7 Filling Station Rd',
  mailCity: 'Mayberry',
  mailState: 'NC',
  mailZip: '27030',
  language: 'es' as const,
  idCheck: { document: 'drivers_license' as const, issuer: 'NC DMV', last4: '4321' },
  taxId: { kind: 'ssn' as const, value: '123-45-6789' },
};

describe('new service', () => {
  let t: TestCore;
  let clerk: string;
  let db: Db;
  let vacant: number;
  beforeEach(async () => {
    t = await makeTestCore({ boot: { keyFile: path.join(tempDir(), 'towncounter.key') } });
    clerk = await t.signIn('clerk');
    db = t.core.deps.db;
    vacant = db.transaction(() => insertLocation(db, { street: '9 Elm St', city: 'Mayberry', state: 'NC', zip: '27030', serviceClass: 'residential', waterMeter: 'W-2002', services: ['water', 'sewer', 'solid_waste'] }))();
  });
  afterEach(() => t.close());

  it('creates the customer, charges the deposit the rule gives, opens a pending account with its connect order and confirms it', async () => {
    const quote = await t.must('serviceDesk.newServiceQuote', { locationId: vacant, services: ['water', 'sewer'] }, clerk);
    expect(quote.deposit.requiredCents).toBeGreaterThan(0);
    expect(quote.deposit.arithmetic.length).toBeGreaterThan(0);
    expect(quote.priorDebt.accounts).toEqual([]);
    const r = await t.must('serviceDesk.newService', { customer: { create: NEW_CUSTOMER }, locationId: vacant, services: ['sewer', 'water'], occupancy: 'tenant', startOn: '2026-03-17', expectedDepositCents: quote.deposit.requiredCents, idempotencyKey: 'new-key-0001' }, clerk);
    expect(r).toMatchObject({ kind: 'new_service', status: 'open', accountStatus: 'pending', services: ['sewer', 'water'], customerName: 'Gomer Pyle', serviceAddress: '9 Elm St, Mayberry' });
    expect(r.deposit).toMatchObject({ requiredCents: quote.deposit.requiredCents });
    expect(r.orders).toEqual([expect.objectContaining({ type: 'connect', role: 'connect', status: 'new' })]);
    expect(JSON.stringify(r)).not.toContain('6789');
    // The deposit per the convention: Dr 1200 / Cr 2200 on the account, a 'Deposit' fee charge due today.
    expect(count(db, "SELECT -sum(amount_cents) AS n FROM journal_lines WHERE account_id = ? AND gl_code = '2200'", r.accountId)).toBe(quote.deposit.requiredCents);
    expect(db.prepare("SELECT kind, gl_code, amount_cents, due_date FROM charges WHERE account_id = ?").all(r.accountId)).toEqual([{ kind: 'fee', gl_code: '2200', amount_cents: quote.deposit.requiredCents, due_date: '2026-03-16' }]);
    expect((await t.must('accounts.get', { accountId: r.accountId }, clerk)).balanceCents).toBe(quote.deposit.requiredCents);
    // The confirmation, in the customer's language.
    const letter = db.prepare('SELECT kind, language, details FROM letters WHERE id = ?').get(r.letterId) as { kind: string; language: string; details: string };
    expect(letter).toMatchObject({ kind: 'service_confirmation', language: 'es' });
    expect(JSON.parse(letter.details)).toMatchObject({ requestNumber: r.number, kind: 'new_service', depositCents: quote.deposit.requiredCents, workOrders: [r.orders[0]!.number] });
    // A retry returns the same; the premise is now taken.
    expect((await t.must('serviceDesk.newService', { customer: { create: NEW_CUSTOMER }, locationId: vacant, services: ['sewer', 'water'], occupancy: 'tenant', startOn: '2026-03-17', expectedDepositCents: quote.deposit.requiredCents, idempotencyKey: 'new-key-0001' }, clerk)).id).toBe(r.id);
    const again = await t.call('serviceDesk.newServiceQuote', { locationId: vacant, services: ['water'] }, clerk);
    expect(again.ok ? null : again.error.code).toBe('CONFLICT');

    // Connected: active, request completed, with the status history.
    const crew = (db.prepare("SELECT id FROM crews WHERE division = 'water' ORDER BY id LIMIT 1").get() as { id: number }).id;
    await t.must('workOrders.dispatch', { id: r.orders[0]!.id, crewId: crew }, clerk);
    await t.must('workOrders.complete', { id: r.orders[0]!.id, reading: 100, readCode: 'ok', findings: 'on', confirmAnyway: true }, clerk);
    expect(await t.must('serviceDesk.request', { id: r.id }, clerk)).toMatchObject({ status: 'completed', accountStatus: 'active' });
    expect((await t.must('serviceDesk.forAccount', { accountId: r.accountId }, clerk)).history.map((h) => [h.fromStatus, h.toStatus])).toEqual([
      [null, 'pending'],
      ['pending', 'active'],
    ]);
    expect(verifyLedger(db, new Date()).violations).toEqual([]);
  });

  it('a new service cancelled before it was connected closes: the paid deposit comes back by check, pending -> closed', async () => {
    const quote = await t.must('serviceDesk.newServiceQuote', { locationId: vacant, services: ['water', 'sewer'] }, clerk);
    const deposit = quote.deposit.requiredCents;
    const r = await t.must('serviceDesk.newService', { customer: { create: NEW_CUSTOMER }, locationId: vacant, services: ['water', 'sewer'], occupancy: 'tenant', startOn: '2026-03-17', expectedDepositCents: deposit, idempotencyKey: 'new-key-cancel' }, clerk);
    // The deposit is paid at the counter.
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    await t.must('payments.post', { idempotencyKey: 'pay-deposit-cancel', lines: [{ type: 'account', accountId: r.accountId, amountCents: deposit }], tenders: [{ kind: 'cash', amountCents: deposit }] } as never, cashier);

    // While the connect order stands, the account can't be closed; nothing changes.
    const early = await t.call('serviceDesk.closeOut', { accountId: r.accountId, idempotencyKey: 'close-cancel-1' }, clerk);
    expect(early.ok ? null : early.error).toMatchObject({ code: 'ACCOUNT_STATUS', message: expect.stringContaining(r.orders[0]!.number) });
    expect(count(db, 'SELECT count(*) AS n FROM check_requests')).toBe(0);

    await t.must('workOrders.cancel', { id: r.orders[0]!.id, reason: 'customer changed plans' }, clerk);
    const closed = await t.must('serviceDesk.closeOut', { accountId: r.accountId, idempotencyKey: 'close-cancel-2' }, clerk);
    expect(closed).toMatchObject({ kind: 'close_out', status: 'completed', accountStatus: 'closed' });
    expect(db.prepare('SELECT amount_cents FROM check_requests WHERE account_id = ?').all(r.accountId)).toEqual([{ amount_cents: deposit }]);
    expect((await t.must('accounts.get', { accountId: r.accountId }, clerk)).balanceCents).toBe(0);
    expect(count(db, "SELECT -coalesce(sum(amount_cents), 0) AS n FROM journal_lines WHERE account_id = ? AND gl_code = '2200'", r.accountId)).toBe(0);
    expect(await t.must('serviceDesk.request', { id: r.id }, clerk)).toMatchObject({ status: 'completed' });
    expect((await t.must('serviceDesk.forAccount', { accountId: r.accountId }, clerk)).history.map((h) => [h.fromStatus, h.toStatus])).toEqual([
      [null, 'pending'],
      ['pending', 'closed'],
    ]);
    expect(verifyLedger(db, new Date()).violations).toEqual([]);
  });

  it("never puts a previous tenant's debt on the new tenant; a stale deposit or an occupied premise changes nothing", async () => {
    const prev = moveOutAccount(db, { first: 'Barney', last: 'Fife', street: '3 Oak Ave', meter: 'W-3003', depositCents: 0 });
    db.prepare("UPDATE accounts SET status = 'closed' WHERE id = ?").run(prev.id);
    const quote = await t.must('serviceDesk.newServiceQuote', { locationId: prev.locationId, services: ['water', 'sewer'] }, clerk);
    expect(quote.priorDebt).toMatchObject({ notThisCustomersCents: 5000, thisCustomersCents: 0 });
    const stale = await t.call('serviceDesk.newService', { customer: { create: NEW_CUSTOMER }, locationId: prev.locationId, services: ['water', 'sewer'], occupancy: 'tenant', startOn: '2026-03-16', expectedDepositCents: quote.deposit.requiredCents + 1, idempotencyKey: 'new-key-0101' }, clerk);
    expect(stale.ok ? null : stale.error.code).toBe('CONFLICT');
    expect(count(db, 'SELECT count(*) AS n FROM customers')).toBe(1);
    expect(count(db, 'SELECT count(*) AS n FROM service_requests')).toBe(0);
    const r = await t.must('serviceDesk.newService', { customer: { create: NEW_CUSTOMER }, locationId: prev.locationId, services: ['water', 'sewer'], occupancy: 'tenant', startOn: '2026-03-16', expectedDepositCents: quote.deposit.requiredCents, idempotencyKey: 'new-key-0102' }, clerk);
    expect((await t.must('accounts.get', { accountId: r.accountId }, clerk)).balanceCents).toBe(quote.deposit.requiredCents);
    expect((await t.must('accounts.get', { accountId: prev.id }, clerk)).balanceCents).toBe(5000);
    const taken = await t.call('serviceDesk.newService', { customer: { customerId: prev.customerId }, locationId: prev.locationId, services: ['water'], occupancy: 'owner', startOn: '2026-03-16', expectedDepositCents: 0, idempotencyKey: 'new-key-0103' }, clerk);
    expect(taken.ok ? null : taken.error.code).toBe('CONFLICT');
    const dup = await t.call('serviceDesk.newService', { customer: { customerId: prev.customerId }, locationId: vacant, services: ['water', 'water'], occupancy: 'owner', startOn: '2026-03-16', expectedDepositCents: 0, idempotencyKey: 'new-key-0104' }, clerk);
    expect(dup.ok ? null : dup.error.code).toBe('BAD_INPUT');
    expect(count(db, 'SELECT count(*) AS n FROM service_requests')).toBe(1);
  });

  it('a letter of credit on file waives the deposit: nothing is charged, the confirmation says why', async () => {
    const existing = moveOutAccount(db, { first: 'Floyd', last: 'Lawson', street: '2 Main St', meter: 'W-4004', depositCents: 0 });
    await t.must('lettersOfCredit.record', { customerId: existing.customerId, utility: 'Mount Pilot Utilities', receivedOn: '2026-03-10', goodMonths: 24 }, clerk);
    const quote = await t.must('serviceDesk.newServiceQuote', { locationId: vacant, services: ['water', 'sewer', 'solid_waste'], customerId: existing.customerId }, clerk);
    expect(quote.deposit).toMatchObject({ requiredCents: 0, waivedBy: { utility: 'Mount Pilot Utilities', goodMonths: 24 } });
    expect(quote.deposit.computedCents).toBeGreaterThan(0);
    const r = await t.must(
      'serviceDesk.newService',
      { customer: { customerId: existing.customerId, idCheck: { document: 'state_id', issuer: 'NC DMV' } }, locationId: vacant, services: ['water', 'sewer', 'solid_waste'], occupancy: 'owner', startOn: '2026-03-16', expectedDepositCents: 0, idempotencyKey: 'new-key-0201' },
      clerk,
    );
    expect(r.deposit).toMatchObject({ requiredCents: 0, waivedBy: 'Mount Pilot Utilities' });
    expect(count(db, 'SELECT count(*) AS n FROM charges WHERE account_id = ?', r.accountId)).toBe(0);
    expect(JSON.parse((db.prepare('SELECT id_check FROM customers WHERE id = ?').get(existing.customerId) as { id_check: string }).id_check)).toMatchObject({ document: 'state_id', issuer: 'NC DMV', checkedOn: '2026-03-16' });
    expect(JSON.parse((db.prepare('SELECT details FROM letters WHERE id = ?').get(r.letterId) as { details: string }).details).notes).toContainEqual(expect.objectContaining({ en: 'Deposit waived: letter of credit from Mount Pilot Utilities.' }));
    // No tax id digits anywhere in the audit trail of these requests.
    expect(count(db, "SELECT count(*) AS n FROM audit_log WHERE details LIKE '%6789%' OR details LIKE '%123456789%'")).toBe(0);
  });
});
