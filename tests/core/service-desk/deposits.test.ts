// Issue 14 part B: the deposit a new service pays, with its arithmetic (history, class defaults,
// the cap, commercial), the letter of credit that waives it, and the deposit charged per the
// service desk's ledger convention (collected at the counter like any charge).
import { DEFAULT_SETTINGS } from '../../../src-main/core/settings';
import { insertLocation } from '../../../src-main/core/accounts/records';
import { chargeDeposit, computeDeposit, depositPosition } from '../../../src-main/core/service-desk/deposits';
import { addMonths } from '../../../src-main/core/deps';
import type { Db } from '../../../src-main/db/open-ledger';
import { makeTestCore } from '../../helpers/core';
import { billAccount, makeAccount, STARTING_BANK } from '../../helpers/fixtures';

const TODAY = '2026-03-16';
const S = { ...DEFAULT_SETTINGS };

/** Twelve monthly bills dated the 5th, April 2025 to March 2026 (each 4,200 gallons). */
function billYear(db: Db, accountId: number, lines: Record<string, number>, months = 12): void {
  for (let i = 0; i < months; i++) billAccount(db, accountId, addMonths('2026-03-05', -i), lines);
}

function newLocation(db: Db, serviceClass: 'residential' | 'commercial' = 'residential', street = '9 Elm St'): number {
  return db.transaction(() => insertLocation(db, { street, city: 'Mayberry', state: 'NC', zip: '27030', serviceClass, waterMeter: 'W-9', services: ['water', 'sewer', 'solid_waste', 'electric'] }))();
}

function letterOfCredit(db: Db, customerId: number, receivedOn: string, goodMonths: number, utility = 'Mount Pilot Utilities'): number {
  return Number(
    db.prepare('INSERT INTO letters_of_credit (customer_id, utility, received_on, good_months, created_at) VALUES (?, ?, ?, ?, ?)').run(customerId, utility, receivedOn, goodMonths, '2026-03-16T15:00:00Z').lastInsertRowid,
  );
}

function locationOf(db: Db, accountId: number): number {
  return (db.prepare('SELECT location_id AS id FROM accounts WHERE id = ?').get(accountId) as { id: number }).id;
}

const WSS = ['water', 'sewer', 'solid_waste'] as const;
// Rates in force (migration 0013) on 4,200 gallons: water $18.50 + 2.2 × $6.25 = $32.25; sewer
// $22.00 + 2.2 × $7.10 = $37.62; solid waste $19.75: $89.62 a month, $1,075.44 a year, and the
// cap 2/12 of that is $179.24.
const ESTIMATE = 'Estimated monthly bill at today\'s rates (the location\'s average monthly use): water on 4,200 gallons $32.25 + sewer on 4,200 gallons $37.62 + solid waste $19.75 = $89.62';

describe('computeDeposit (issue 14 part B)', () => {
  it('residential with history: 2 × the average bill of the services asked for over 12 months, under the cap', async () => {
    const t = await makeTestCore();
    const db = t.core.deps.db;
    const prev = makeAccount(db, { last: 'Lawson', street: '14 Maple St', services: ['water', 'sewer', 'solid_waste', 'electric'] });
    billYear(db, prev.id, { water: 2500, sewer: 4000, solid_waste: 1975, electric: 9000 });
    // Older than 12 months: not counted.
    billAccount(db, prev.id, '2025-03-05', { water: 90000 });

    const q = computeDeposit(db, { locationId: locationOf(db, prev.id), serviceClass: 'residential', services: [...WSS] }, S, TODAY);
    expect(q).toMatchObject({
      basis: 'history',
      history: { from: '2025-03-17', to: TODAY, bills: 12, totalCents: 12 * 8475, averageCents: 8475 },
      computedCents: 16950,
      requiredCents: 16950,
      estimatedMonthlyCents: 8962,
      estimatedAnnualCents: 107544,
      capCents: 17924,
      capApplied: false,
      waivedBy: null,
    });
    expect(q.arithmetic).toEqual([
      'History at 14 Maple St: 12 bills from 2025-03-17 to 2026-03-16 for water, sewer, solid waste, $1,017.00 in all',
      'Average monthly bill: $1,017.00 ÷ 12 = $84.75',
      'Deposit: 2 × $84.75 = $169.50',
      ESTIMATE,
      'Estimated annual bill: 12 × $89.62 = $1,075.44',
      'Cap: 2/12 × $1,075.44 = $179.24',
      'Under the cap: $169.50 ≤ $179.24.',
      'Deposit required: $169.50',
    ]);
    t.close();
  });

  it('the cap binds: 2 × the average is more than 2/12 of the estimated annual bill', async () => {
    const t = await makeTestCore();
    const db = t.core.deps.db;
    const prev = makeAccount(db, { last: 'Lawson', street: '14 Maple St' });
    // Nine bills only (the average is over the bills there are), higher than today's rates give.
    billYear(db, prev.id, { water: 3000, sewer: 4000, solid_waste: 1975 }, 9);
    const q = computeDeposit(db, { locationId: locationOf(db, prev.id), serviceClass: 'residential', services: [...WSS] }, S, TODAY);
    expect(q).toMatchObject({ basis: 'history', history: { bills: 9, averageCents: 8975 }, capCents: 17924, capApplied: true, computedCents: 17924, requiredCents: 17924 });
    expect(q.arithmetic.slice(1)).toEqual([
      'Average monthly bill: $807.75 ÷ 9 = $89.75',
      'Deposit: 2 × $89.75 = $179.50',
      ESTIMATE,
      'Estimated annual bill: 12 × $89.62 = $1,075.44',
      'Cap: 2/12 × $1,075.44 = $179.24',
      'The cap applies: $179.50 is more than $179.24.',
      'Deposit required: $179.24',
    ]);
    // The settings drive every number: 3 months and a 3/12 cap.
    const q3 = computeDeposit(db, { locationId: locationOf(db, prev.id), serviceClass: 'residential', services: [...WSS] }, { ...S, depositResidentialMonths: 3, depositCapTwelfths: 3 }, TODAY);
    expect(q3).toMatchObject({ capCents: 26886, computedCents: 26886, capApplied: true });
    // 0 twelfths: no cap.
    const q0 = computeDeposit(db, { locationId: locationOf(db, prev.id), serviceClass: 'residential', services: [...WSS] }, { ...S, depositCapTwelfths: 0 }, TODAY);
    expect(q0).toMatchObject({ capCents: null, capApplied: false, computedCents: 17950, requiredCents: 17950 });
    expect(q0.arithmetic.slice(-2)).toEqual(['No cap (depositCapTwelfths is 0).', 'Deposit required: $179.50']);
    t.close();
  });

  it('no history: the class default by services, capped on the class average use; no consumption anywhere: no cap', async () => {
    const t = await makeTestCore();
    const db = t.core.deps.db;
    const fresh = newLocation(db);
    // Nothing billed in the town yet: the default stands with no cap.
    const none = computeDeposit(db, { locationId: fresh, serviceClass: 'residential', services: [...WSS] }, S, TODAY);
    expect(none).toMatchObject({ basis: 'class_default', requiredCents: 15000, capCents: null, estimatedAnnualCents: null, history: { bills: 0, averageCents: null } });
    expect(none.arithmetic).toEqual([
      'No bills at 9 Elm St from 2025-03-17 to 2026-03-16 for water, sewer, solid waste.',
      'Class default (no history), water/sewer: $150.00',
      'No consumption to estimate the annual bill from: no cap.',
      'Deposit required: $150.00',
    ]);
    const elec = computeDeposit(db, { locationId: fresh, serviceClass: 'residential', services: ['water', 'electric'] }, S, TODAY);
    expect(elec).toMatchObject({ basis: 'class_default', requiredCents: 20000, capCents: null });

    // Other residential locations' bills give the class's average use (4,200 gallons).
    const other = makeAccount(db, { last: 'Pyle', street: '3 Oak St' });
    billYear(db, other.id, { water: 3000, sewer: 4000, solid_waste: 1975 }, 3);
    const capped = computeDeposit(db, { locationId: fresh, serviceClass: 'residential', services: [...WSS] }, { ...S, depositDefaultWaterSewerCents: 25000 }, TODAY);
    expect(capped).toMatchObject({ basis: 'class_default', history: { bills: 0 }, estimatedMonthlyCents: 8962, capCents: 17924, capApplied: true, requiredCents: 17924 });
    expect(capped.arithmetic).toContain("Estimated monthly bill at today's rates (the residential class's average monthly use): water on 4,200 gallons $32.25 + sewer on 4,200 gallons $37.62 + solid waste $19.75 = $89.62");
    const under = computeDeposit(db, { locationId: fresh, serviceClass: 'residential', services: [...WSS] }, S, TODAY);
    expect(under).toMatchObject({ capCents: 17924, capApplied: false, requiredCents: 15000 });
    t.close();
  });

  it('commercial: 2 × the estimated monthly bill; the class default when there is nothing to estimate from', async () => {
    const t = await makeTestCore();
    const db = t.core.deps.db;
    const shop = makeAccount(db, { business: 'Floyd’s Barber Shop', street: '2 Main St' });
    const loc = locationOf(db, shop.id);
    expect(computeDeposit(db, { locationId: loc, serviceClass: 'commercial', services: [...WSS] }, S, TODAY)).toMatchObject({ basis: 'class_default', requiredCents: 15000, capCents: null });
    billYear(db, shop.id, { water: 3000, sewer: 4000, solid_waste: 1975 }, 2);
    const q = computeDeposit(db, { locationId: loc, serviceClass: 'commercial', services: [...WSS] }, S, TODAY);
    expect(q).toMatchObject({ basis: 'commercial_estimate', estimatedMonthlyCents: 8962, computedCents: 17924, requiredCents: 17924, capCents: null });
    expect(q.arithmetic.at(-2)).toBe('Commercial deposit: 2 × $89.62 = $179.24');
    t.close();
  });

  it('a letter of credit received within 30 days showing 12 months of good payment waives it; an old or short one does not', async () => {
    const t = await makeTestCore();
    const db = t.core.deps.db;
    const fresh = newLocation(db);
    const c = makeAccount(db, { last: 'Sprague', street: '5 Pine St' }).customerId;
    const req = { locationId: fresh, serviceClass: 'residential' as const, services: [...WSS], customerId: c };
    letterOfCredit(db, c, '2026-02-13', 24, 'Old Utility'); // 31 days ago
    letterOfCredit(db, c, '2026-03-10', 11, 'Short Utility');
    const no = computeDeposit(db, req, S, TODAY);
    expect(no).toMatchObject({ requiredCents: 15000, waivedBy: null });
    expect(no.arithmetic).toContain('Letter of credit from Old Utility does not waive the deposit: received 2026-02-13, more than 30 days ago.');
    expect(no.arithmetic).toContain('Letter of credit from Short Utility does not waive the deposit: shows 11 months of good payment, fewer than 12.');
    const id = letterOfCredit(db, c, '2026-02-14', 12, 'Mount Pilot Utilities'); // exactly 30 days
    const yes = computeDeposit(db, req, S, TODAY);
    expect(yes).toMatchObject({ requiredCents: 0, computedCents: 15000, waivedBy: { letterOfCreditId: id, utility: 'Mount Pilot Utilities', receivedOn: '2026-02-14', goodMonths: 12 } });
    expect(yes.arithmetic.at(-1)).toBe('Waived: letter of credit from Mount Pilot Utilities, received 2026-02-14 (within 30 days), shows 12 months of good payment (at least 12). Deposit due: $0.00');
    // Another customer's letter waives nothing; a voided one neither.
    const other = makeAccount(db, { last: 'Goober', street: '6 Pine St' }).customerId;
    expect(computeDeposit(db, { ...req, customerId: other }, S, TODAY).waivedBy).toBeNull();
    db.prepare("UPDATE letters_of_credit SET voided_at = 'x', void_reason = 'entered on the wrong customer' WHERE id = ?").run(id);
    expect(computeDeposit(db, req, S, TODAY).waivedBy).toBeNull();
    expect(() => db.prepare('UPDATE letters_of_credit SET good_months = 99 WHERE id = ?').run(id)).toThrow(/APPEND_ONLY/);
    t.close();
  });
});

describe('chargeDeposit (issue 14 part B)', () => {
  it('posts Dr 1200 / Cr 2200 on the account and a Deposit fee charge due today that the counter collects; a repeated key posts nothing', async () => {
    const t = await makeTestCore();
    const db = t.core.deps.db;
    const a = makeAccount(db, { last: 'Taylor' });
    const ctx = { at: '2026-03-16T15:00:00.000Z', today: TODAY, userId: 1, station: 'S1', idempotencyKey: 'dep-000001' };
    const d = db.transaction(() => chargeDeposit(db, a.id, 17924, ctx))();
    expect(d).toMatchObject({ accountId: a.id, amountCents: 17924, dueDate: TODAY, businessDate: TODAY, replayed: false });
    expect(db.prepare('SELECT kind, idempotency_key FROM journal_entries WHERE id = ?').get(d.entryId)).toEqual({ kind: 'deposit', idempotency_key: 'dep-000001' });
    expect(db.prepare('SELECT gl_code, account_id, amount_cents FROM journal_lines WHERE entry_id = ? ORDER BY gl_code').all(d.entryId)).toEqual([
      { gl_code: '1200', account_id: a.id, amount_cents: 17924 },
      { gl_code: '2200', account_id: a.id, amount_cents: -17924 },
    ]);
    expect(db.prepare('SELECT kind, service, description, gl_code, amount_cents, due_date FROM charges WHERE id = ?').get(d.chargeId)).toEqual({
      kind: 'fee', service: null, description: 'Deposit', gl_code: '2200', amount_cents: 17924, due_date: TODAY,
    });
    expect(depositPosition(db, a.id)).toEqual({ accountId: a.id, heldCents: 17924, unpaidCents: 17924, paidCents: 0, chargedOn: TODAY });

    // Replay: the same posting back, nothing new; the key with another amount is refused.
    expect(db.transaction(() => chargeDeposit(db, a.id, 17924, ctx))()).toEqual({ ...d, replayed: true });
    expect(() => chargeDeposit(db, a.id, 100, ctx)).toThrow(/different deposit/);
    expect(() => chargeDeposit(db, a.id, 0, { ...ctx, idempotencyKey: 'dep-000002' })).toThrow(/positive/);
    expect(db.prepare("SELECT count(*) AS n FROM journal_entries WHERE kind = 'deposit'").get()).toEqual({ n: 1 });

    // The counter collects it like any charge: a partial payment goes to the deposit first (a fee).
    const bill = billAccount(db, a.id, '2026-03-05', { water: 3000 });
    expect(bill.billId).toBeGreaterThan(0);
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    const preview = await t.must('accounts.get', { accountId: a.id }, cashier);
    expect(preview.balanceCents).toBe(17924 + 3000);
    await t.must('payments.post', { idempotencyKey: 'pay-dep-0001', lines: [{ type: 'account', accountId: a.id, amountCents: 10000 }], tenders: [{ kind: 'cash', amountCents: 10000 }] } as never, cashier);
    expect(depositPosition(db, a.id)).toMatchObject({ heldCents: 17924, unpaidCents: 7924, paidCents: 10000 });
    const sup = await t.signIn('supervisor');
    expect((await t.must('ledger.verify', {}, sup)).violations).toEqual([]);
    t.close();
  });
});
