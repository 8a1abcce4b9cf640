// Issue 14 part B: deposit refund eligibility (each criterion alone), the refund run (account credit
// per the service desk convention, a letter each, chunked and resumable), the liability report
// (screen, CSV, PDF), letters of credit and the letters issued from the ledger, through the contract.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openCharges } from '../../../src-main/core/accounts/queries';
import { allocate } from '../../../src-main/core/counter/allocation';
import { chargeDeposit } from '../../../src-main/core/service-desk/deposits';
import { addMonths } from '../../../src-main/core/deps';
import { runRefunds } from '../../../src-main/core/service-desk/deposit-refunds';
import { DEFAULT_SETTINGS } from '../../../src-main/core/settings';
import type { Db } from '../../../src-main/db/open-ledger';
import { addDays } from '../../../src-main/core/deps';
import { makeTestCore, tempDir, type TestCore } from '../../helpers/core';
import { billAccount, chargePenalty, makeAccount } from '../../helpers/fixtures';

const TODAY = '2026-03-16';

/** A payment posted on a past business date (as the counter would have), allocated in the normal order. */
function payOn(db: Db, accountId: number, day: string, cents: number): number {
  return db.transaction(() => {
    const entryId = Number(db.prepare("INSERT INTO journal_entries (kind, business_date, posted_at, memo) VALUES ('payment', ?, ?, 'test payment')").run(day, `${day}T15:00:00Z`).lastInsertRowid);
    db.prepare("INSERT INTO journal_lines (entry_id, gl_code, account_id, amount_cents) VALUES (?, '1010', NULL, ?), (?, '1200', ?, ?)").run(entryId, cents, entryId, accountId, -cents);
    const { allocations } = allocate(openCharges(db, accountId), cents, DEFAULT_SETTINGS.serviceOrder);
    for (const a of allocations) db.prepare('INSERT INTO allocations (entry_id, charge_id, amount_cents) VALUES (?, ?, ?)').run(entryId, a.chargeId, a.amountCents);
    return entryId;
  })();
}

/**
 * A customer with a $150 deposit paid, twelve bills (March 2025 to February 2026) each paid five
 * days after its bill date, and the March 2026 bill not yet due.
 */
function goodCustomer(db: Db, last: string, street: string, opts: { bills?: number; latePaid?: number } = {}) {
  const a = makeAccount(db, { last, street });
  db.transaction(() => chargeDeposit(db, a.id, 15000, { at: '2026-03-16T15:00:00Z', today: TODAY, userId: 1, station: 'S1', idempotencyKey: `dep-${last}-0001` }))();
  payOn(db, a.id, TODAY, 15000);
  const n = opts.bills ?? 12;
  for (let i = n; i >= 1; i--) {
    const billDate = addMonths('2026-03-05', -i);
    billAccount(db, a.id, billDate, { water: 3000, sewer: 4000 });
    const late = i <= (opts.latePaid ?? 0);
    payOn(db, a.id, late ? addDays(billDate, 23) : addDays(billDate, 5), 7000);
  }
  billAccount(db, a.id, '2026-03-05', { water: 3000, sewer: 4000 });
  return a;
}

async function pdfText(pdf: { filename: string; contentBase64: string }): Promise<string> {
  const file = path.join(tempDir('tc-dep-'), pdf.filename);
  fs.writeFileSync(file, Buffer.from(pdf.contentBase64, 'base64'));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

async function town(): Promise<{ t: TestCore; db: Db; clerk: string; sup: string }> {
  const t = await makeTestCore();
  return { t, db: t.core.deps.db, clerk: await t.signIn('clerk'), sup: await t.signIn('supervisor') };
}

describe('deposit refund eligibility (issue 14 part B)', () => {
  it('lists each criterion met or not; each failing criterion alone makes an account ineligible', async () => {
    const { t, db, clerk } = await town();
    const good = goodCustomer(db, 'Good', '1 Elm St');
    const short = goodCustomer(db, 'Short', '2 Elm St', { bills: 11 });
    const late = goodCustomer(db, 'Late', '3 Elm St', { latePaid: 3 });
    const twoLate = goodCustomer(db, 'TwoLate', '4 Elm St', { latePaid: 2 });
    const cut = goodCustomer(db, 'Cut', '5 Elm St');
    db.prepare(
      `INSERT INTO work_orders (number, type, division, account_id, address, priority, source, station, created_by, created_at, due_at, status, completed_at, completed_by)
       VALUES ('WO-2025-000001', 'disconnect_nonpay', 'water', ?, '5 Elm St', 'normal', 'collections', 'S1', 1, '2025-09-01T12:00:00Z', '2025-09-02T12:00:00Z', 'completed', '2025-09-01T16:00:00Z', 1)`,
    ).run(cut.id);
    const bounced = goodCustomer(db, 'Bounced', '6 Elm St');
    payOn(db, bounced.id, '2025-10-01', 2500); // an overpayment...
    const ret = Number(db.prepare("INSERT INTO journal_entries (kind, business_date, posted_at, memo) VALUES ('returned_payment', '2025-10-09', '2025-10-09T15:00:00Z', 'NSF')").run().lastInsertRowid);
    db.prepare("INSERT INTO journal_lines (entry_id, gl_code, account_id, amount_cents) VALUES (?, '1200', ?, 2500), (?, '1010', NULL, -2500)").run(ret, bounced.id, ret); // ...returned unpaid
    const owing = goodCustomer(db, 'Owing', '7 Elm St');
    chargePenalty(db, owing.id, '2026-03-10', 1000);
    const none = makeAccount(db, { last: 'NoDeposit', street: '8 Elm St' });

    const p = await t.must('depositRefunds.preview', {}, clerk);
    expect(p.rows.map((r) => r.accountId)).not.toContain(none.id);
    const by = (id: number) => p.rows.find((r) => r.accountId === id)!;
    const unmet = (id: number) => by(id).criteria.filter((c) => !c.met).map((c) => c.key);
    expect(by(good.id)).toMatchObject({ eligible: true, heldCents: 15000, unpaidCents: 0, interestCents: 0 });
    expect(by(good.id).criteria).toEqual([
      { key: 'paidBills', met: true, detail: 'the last 12 bills are paid' },
      { key: 'lateLimit', met: true, detail: '0 late of the last 12 bills (at most 2)' },
      { key: 'noDisconnect', met: true, detail: 'none since 2025-03-05' },
      { key: 'noReturnedPayment', met: true, detail: 'none since 2025-03-05' },
      { key: 'notPastDue', met: true, detail: 'nothing past due' },
    ]);
    expect(unmet(short.id)).toEqual(['paidBills']);
    expect(by(short.id).criteria[0]!.detail).toBe('11 bills so far; 12 consecutive needed');
    expect(unmet(late.id)).toEqual(['lateLimit']);
    expect(by(late.id).criteria[1]!.detail).toBe('3 late of the last 12 bills (at most 2)');
    expect(by(twoLate.id).eligible).toBe(true);
    expect(unmet(cut.id)).toEqual(['noDisconnect']);
    expect(unmet(bounced.id)).toEqual(['noReturnedPayment']);
    expect(unmet(owing.id)).toEqual(['notPastDue']);
    expect(by(owing.id).criteria[4]!.detail).toBe('$10.00 past due');
    expect(p.eligible).toBe(2);
    expect(p.eligibleCents).toBe(30000);

    // The same decision on the account page.
    const acct = await t.must('deposits.forAccount', { accountId: late.id }, clerk);
    expect(acct).toMatchObject({ heldCents: 15000, unpaidCents: 0, paidCents: 15000, chargedOn: TODAY, eligibility: { eligible: false } });
    t.close();
  });

  it('refunds the eligible deposits as account credit with a letter each, in chunks, resuming with the same key; supervisors only', async () => {
    const { t, db, clerk, sup } = await town();
    const good = goodCustomer(db, 'Good', '1 Elm St');
    const twoLate = goodCustomer(db, 'TwoLate', '4 Elm St', { latePaid: 2 });
    const owing = goodCustomer(db, 'Owing', '7 Elm St');
    chargePenalty(db, owing.id, '2026-03-10', 1000);

    const denied = await t.call('depositRefunds.run', { idempotencyKey: 'refund-run-0001' }, clerk);
    expect(denied.ok ? null : denied.error.code).toBe('FORBIDDEN');
    expect(db.prepare('SELECT count(*) AS n FROM deposit_refund_runs').get()).toEqual({ n: 0 });

    // Interrupted after the first chunk of one account...
    const s = { ...DEFAULT_SETTINGS };
    const part = await runRefunds(db, { idempotencyKey: 'refund-run-0001' }, s, { at: '2026-03-16T15:00:00.000Z', today: TODAY, userId: 3, station: 'S1' }, { chunk: 1, stopAfterChunks: 1 });
    expect(part).toMatchObject({ status: 'posting', accounts: 3, eligible: 2, posted: 1 });
    // ...and finished by the same request again: nothing twice.
    const run = await t.must('depositRefunds.run', { idempotencyKey: 'refund-run-0001' }, sup);
    expect(run).toMatchObject({ runId: part.runId, status: 'posted', accounts: 3, eligible: 2, posted: 2, postedCents: 30000 });
    expect(run.refunds.map((r) => r.accountId).sort()).toEqual([good.id, twoLate.id].sort());
    expect(await t.must('depositRefunds.run', { idempotencyKey: 'refund-run-0001' }, sup)).toEqual(run);
    expect(db.prepare("SELECT count(*) AS n FROM journal_entries WHERE kind = 'refund'").get()).toEqual({ n: 2 });

    // The convention: Dr 2200 / Cr 1200 on the account, allocated to the open March bill; the rest is credit.
    const entry = db.prepare("SELECT e.id FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id WHERE e.kind = 'refund' AND l.account_id = ? LIMIT 1").get(good.id) as { id: number };
    expect(db.prepare('SELECT gl_code, account_id, amount_cents FROM journal_lines WHERE entry_id = ? ORDER BY gl_code').all(entry.id)).toEqual([
      { gl_code: '1200', account_id: good.id, amount_cents: -15000 },
      { gl_code: '2200', account_id: good.id, amount_cents: 15000 },
    ]);
    expect(db.prepare('SELECT sum(amount_cents) AS s FROM allocations WHERE entry_id = ?').get(entry.id)).toEqual({ s: 7000 });
    expect(run.refunds.find((r) => r.accountId === good.id)).toMatchObject({ depositCents: 15000, creditCents: 8000 });
    const acct = await t.must('accounts.get', { accountId: good.id }, clerk);
    expect(acct.balanceCents).toBe(-8000);
    expect((await t.must('deposits.forAccount', { accountId: good.id }, clerk)).heldCents).toBe(0);
    expect((await t.must('deposits.forAccount', { accountId: owing.id }, clerk)).heldCents).toBe(15000);

    // The refund letter, with the criteria.
    const letters = await t.must('letters.list', { accountId: good.id }, clerk);
    expect(letters.rows).toMatchObject([{ kind: 'deposit_refund', subject: 'Deposit refund', language: 'en' }]);
    const text = await pdfText(await t.must('letters.pdf', { letterId: letters.rows[0]!.id }, clerk));
    expect(text).toContain('Your account meets the requirements for a deposit refund. On March 16, 2026 we credited your deposit to your account.');
    expect(text).toMatch(/Deposit refunded \$150\.00 Applied to open charges \$70\.00 Credit on your account \$80\.00/);
    expect(text).toContain('No disconnection for nonpayment Yes none since 2025-03-05');
    expect((await t.must('ledger.verify', {}, sup)).violations).toEqual([]);
    t.close();
  });

  it('a run interrupted while recording its decisions decides the rest on the same key; the preview counts every account and names every eligible one', async () => {
    const { t, db, sup } = await town();
    const good = goodCustomer(db, 'Good', '1 Elm St');
    const also = goodCustomer(db, 'Also', '2 Elm St');
    const owing = goodCustomer(db, 'Owing', '3 Elm St');
    chargePenalty(db, owing.id, '2026-03-10', 1000);

    const preview = await t.must('depositRefunds.preview', {}, sup);
    expect(preview).toMatchObject({ accounts: 3, eligible: 2, eligibleCents: 30000 });
    expect([...preview.eligibleIds].sort()).toEqual([good.id, also.id].sort());
    // Eligible rows first.
    expect(preview.rows.map((r) => r.eligible)).toEqual([true, true, false]);

    // The run row and one decision were written, then the process died before the others.
    db.transaction(() => {
      db.prepare("INSERT INTO deposit_refund_runs (as_of, created_at, created_by, idempotency_key, status, accounts, eligible) VALUES (?, '2026-03-16T15:00:00.000Z', 3, 'refund-run-cut', 'posting', 3, 0)").run(TODAY);
      db.prepare("INSERT INTO deposit_refund_decisions (run_id, account_id, eligible, criteria, held_cents, interest_cents) VALUES ((SELECT id FROM deposit_refund_runs WHERE idempotency_key = 'refund-run-cut'), ?, 1, '[]', 15000, 0)").run(good.id);
    })();
    const run = await t.must('depositRefunds.run', { idempotencyKey: 'refund-run-cut' }, sup);
    expect(run).toMatchObject({ status: 'posted', accounts: 3, eligible: 2, posted: 2, postedCents: 30000 });
    expect(run.refunds.map((r) => r.accountId).sort()).toEqual([good.id, also.id].sort());
    expect(db.prepare("SELECT count(*) AS n FROM deposit_refund_decisions WHERE run_id = ?").get(run.runId)).toEqual({ n: 3 });
    expect(db.prepare("SELECT count(*) AS n FROM journal_entries WHERE kind = 'refund'").get()).toEqual({ n: 2 });
    expect((await t.must('ledger.verify', {}, sup)).violations).toEqual([]);
    t.close();
  });

  it('a resumed run decides again: an account that fell past due meanwhile is not refunded', async () => {
    const { t, db, sup } = await town();
    const good = goodCustomer(db, 'Good', '1 Elm St');
    const later = goodCustomer(db, 'Later', '2 Elm St');
    const ctx = { at: '2026-03-16T15:00:00.000Z', today: TODAY, userId: 3, station: 'S1' };
    const part = await runRefunds(db, { idempotencyKey: 'refund-run-0002' }, { ...DEFAULT_SETTINGS }, ctx, { chunk: 1, stopAfterChunks: 1 });
    expect(part).toMatchObject({ eligible: 2, posted: 1, refunds: [{ accountId: good.id }] });
    chargePenalty(db, later.id, '2026-03-12', 1000);
    const run = await t.must('depositRefunds.run', { idempotencyKey: 'refund-run-0002' }, sup);
    expect(run).toMatchObject({ status: 'posted', accounts: 2, eligible: 1, posted: 1 });
    const d = db.prepare('SELECT eligible, entry_id, criteria FROM deposit_refund_decisions WHERE account_id = ?').get(later.id) as { eligible: number; entry_id: number | null; criteria: string };
    expect(d).toMatchObject({ eligible: 0, entry_id: null });
    expect(JSON.parse(d.criteria)).toContainEqual({ key: 'notPastDue', met: false, detail: '$10.00 past due' });
    expect((await t.must('deposits.forAccount', { accountId: later.id }, sup)).heldCents).toBe(15000);
    t.close();
  });

  it('with depositInterestBasisPoints, interest on the paid deposit is credited too (Dr 5100), each deposit by its days held', async () => {
    const { t, db, sup } = await town();
    const a = goodCustomer(db, 'Good', '1 Elm St');
    // A second deposit taken a year ago (converted from the previous system: charged and paid then).
    const e = Number(db.prepare("INSERT INTO journal_entries (kind, business_date, posted_at, memo) VALUES ('deposit', '2025-03-16', '2025-03-16T15:00:00Z', 'Deposit')").run().lastInsertRowid);
    db.prepare("INSERT INTO journal_lines (entry_id, gl_code, account_id, amount_cents) VALUES (?, '2200', ?, -10000), (?, '3900', NULL, 10000)").run(e, a.id, e);
    const s = { ...DEFAULT_SETTINGS, depositInterestBasisPoints: 500 };
    // 5 % a year: $100.00 held 365 days earns $5.00; the $150.00 taken today nothing yet.
    const run = await runRefunds(db, { idempotencyKey: 'refund-run-0003' }, s, { at: '2026-03-16T15:00:00.000Z', today: TODAY, userId: 3, station: 'S1' });
    expect(run).toMatchObject({ posted: 1, postedCents: 25000 + 500, refunds: [{ accountId: a.id, depositCents: 25500, creditCents: 25500 - 7000 }] });
    const entry = db.prepare("SELECT id FROM journal_entries WHERE kind = 'refund'").get() as { id: number };
    expect(db.prepare('SELECT gl_code, sum(amount_cents) AS s FROM journal_lines WHERE entry_id = ? GROUP BY gl_code ORDER BY gl_code').all(entry.id)).toEqual([
      { gl_code: '1200', s: -25500 },
      { gl_code: '2200', s: 25000 },
      { gl_code: '5100', s: 500 },
    ]);
    expect((await t.must('ledger.verify', {}, sup)).violations).toEqual([]);
    t.close();
  });

  it('the liability report: per account held, unpaid, paid and the totals, equal to GL 2200; as CSV and PDF', async () => {
    const { t, db, clerk } = await town();
    const good = goodCustomer(db, 'Good', '1 Elm St');
    const b = makeAccount(db, { business: 'Wally’s Service, "Filling" Station', street: '9 Main St' });
    db.transaction(() => chargeDeposit(db, b.id, 20000, { at: '2026-03-16T15:00:00Z', today: TODAY, userId: 1, station: 'S1', idempotencyKey: 'dep-wally-0001' }))();
    payOn(db, b.id, TODAY, 5000);
    const r = await t.must('deposits.liability', {}, clerk);
    expect(r.rows).toEqual([
      { accountId: good.id, accountNumber: good.number, name: 'Andy Good', status: 'active', heldCents: 15000, unpaidCents: 0, paidCents: 15000 },
      { accountId: b.id, accountNumber: b.number, name: 'Wally’s Service, "Filling" Station', status: 'active', heldCents: 20000, unpaidCents: 15000, paidCents: 5000 },
    ]);
    expect(r.totals).toEqual({ accounts: 2, heldCents: 35000, unpaidCents: 15000, paidCents: 20000 });
    expect(r.glBalanceCents).toBe(35000);
    const csv = await t.must('deposits.liabilityCsv', {}, clerk);
    expect(csv.filename).toBe('deposit-liability-2026-03-16.csv');
    expect(csv.content.split('\r\n')).toEqual([
      'account_number,name,status,held,unpaid,paid',
      `${good.number},Andy Good,active,150.00,0.00,150.00`,
      `${b.number},"Wally’s Service, ""Filling"" Station",active,200.00,150.00,50.00`,
      'TOTAL,2 accounts,,350.00,150.00,200.00',
      '',
    ]);
    const text = await pdfText(await t.must('deposits.liabilityPdf', {}, clerk));
    expect(text).toContain('Deposit liability report');
    expect(text).toContain('As of March 16, 2026 — printed 03/16/2026 11:00 AM EDT');
    expect(text).toMatch(/Deposits held \$350\.00 Charged, not yet paid \$150\.00 Paid and held \$200\.00 GL 2200 customer deposits \$350\.00/);
    expect(text).toMatch(/Total 2 accounts \$350\.00 \$150\.00 \$200\.00/);
    t.close();
  });
});

describe('letters of credit and letters from the ledger (issue 14 part B)', () => {
  it('records a letter of credit that then waives the quote; voids it with a reason; bad input changes nothing', async () => {
    const { t, db, clerk } = await town();
    const a = makeAccount(db, { last: 'Sprague', street: '5 Pine St' });
    const loc = (db.prepare('SELECT location_id AS id FROM accounts WHERE id = ?').get(a.id) as { id: number }).id;
    const quote = (customerId?: number) => t.must('deposits.quote', { locationId: loc, services: ['water', 'sewer', 'solid_waste'], customerId }, clerk);
    expect(await quote(a.customerId)).toMatchObject({ requiredCents: 15000, waivedBy: null });
    const rec = await t.must('lettersOfCredit.record', { customerId: a.customerId, utility: 'Mount Pilot Utilities', receivedOn: '2026-03-10', goodMonths: 18 }, clerk);
    expect(rec).toMatchObject({ customerName: 'Andy Sprague', utility: 'Mount Pilot Utilities', waivesToday: true, voidedAt: null });
    expect(await quote(a.customerId)).toMatchObject({ requiredCents: 0, computedCents: 15000, waivedBy: { letterOfCreditId: rec.id } });
    expect(await quote()).toMatchObject({ requiredCents: 15000 });

    for (const bad of [
      { customerId: a.customerId, utility: '', receivedOn: '2026-03-10', goodMonths: 18 },
      { customerId: a.customerId, utility: 'X', receivedOn: '2026-02-30', goodMonths: 18 },
      { customerId: a.customerId, utility: 'X', receivedOn: '2026-03-17', goodMonths: 18 },
      { customerId: a.customerId, utility: 'X', receivedOn: '2026-03-10', goodMonths: -1 },
      { customerId: 999, utility: 'X', receivedOn: '2026-03-10', goodMonths: 18 },
    ]) {
      const r = await t.call('lettersOfCredit.record', bad, clerk);
      expect(r.ok ? null : r.error.code).toMatch(/BAD_INPUT|NOT_FOUND/);
    }
    const cashier = await t.signIn('cashier');
    const forbidden = await t.call('lettersOfCredit.record', { customerId: a.customerId, utility: 'X', receivedOn: '2026-03-10', goodMonths: 18 }, cashier);
    expect(forbidden.ok ? null : forbidden.error.code).toBe('FORBIDDEN');
    expect((await t.must('lettersOfCredit.list', { customerId: a.customerId }, clerk)).rows).toHaveLength(1);

    const voided = await t.must('lettersOfCredit.void', { id: rec.id, reason: 'entered on the wrong customer' }, clerk);
    expect(voided).toMatchObject({ voidReason: 'entered on the wrong customer', waivesToday: false });
    expect(await quote(a.customerId)).toMatchObject({ requiredCents: 15000, waivedBy: null });
    const again = await t.call('lettersOfCredit.void', { id: rec.id, reason: 'again' }, clerk);
    expect(again.ok ? null : again.error.code).toBe('CONFLICT');
    // A deposit receipt with no deposit held names the letter of credit that waived it.
    const rec2 = await t.must('lettersOfCredit.record', { customerId: a.customerId, utility: 'Mount Pilot Utilities', receivedOn: '2026-03-12', goodMonths: 24 }, clerk);
    expect(rec2.waivesToday).toBe(true);
    const receipt = await t.must('letters.issue', { accountId: a.id, kind: 'deposit_receipt' }, clerk);
    const text = await pdfText(await t.must('letters.pdf', { letterId: receipt.id }, clerk));
    expect(text).toContain('No deposit is required on this account: we accepted the letter of credit from Mount Pilot Utilities received on March 12, 2026.');
    const badQuote = await t.call('deposits.quote', { locationId: loc, services: ['water', 'water'] } as never, clerk);
    expect(badQuote.ok ? null : badQuote.error.code).toBe('BAD_INPUT');
    t.close();
  });

  it('issues a credit reference (24 months: bills, payments, late and returned counted), a deposit receipt and a welcome letter, English and Spanish', async () => {
    const { t, db, clerk } = await town();
    const a = goodCustomer(db, 'Taylor', '14 Maple St', { latePaid: 1 });
    const issue = (kind: 'credit_reference' | 'deposit_receipt' | 'welcome', language?: 'en' | 'es') => t.must('letters.issue', { accountId: a.id, kind, language }, clerk);

    const ref = await issue('credit_reference');
    expect(ref).toMatchObject({ kind: 'credit_reference', subject: 'Credit reference', language: 'en', createdBy: expect.any(String) });
    const text = await pdfText(await t.must('letters.pdf', { letterId: ref.id }, clerk));
    expect(text).toContain('To whom it may concern:');
    expect(text).toContain(`Andy Taylor has had utility service with Town of Mayberry since January 2, 2024 at 14 Maple St, Mayberry, account ${a.number}. This is the payment history for the 24 months from March 17, 2024 to March 16, 2026:`);
    expect(text).toMatch(/Bills issued 13 \(\$910\.00\) Payments received 13 \(\$990\.00\) Late payments 1 Returned payments 0 Balance now \$70\.00/);

    const es = await issue('credit_reference', 'es');
    const spanish = await pdfText(await t.must('letters.pdf', { letterId: es.id }, clerk));
    expect(spanish).toContain('A quien corresponda:');
    expect(spanish).toMatch(/Facturas emitidas 13 \(\$910\.00\) Pagos recibidos 13 \(\$990\.00\) Pagos tardíos 1 Pagos devueltos 0 Saldo actual \$70\.00/);

    const receipt = await pdfText(await t.must('letters.pdf', { letterId: (await issue('deposit_receipt')).id }, clerk));
    expect(receipt).toMatch(/This is the receipt for your account's utility deposit, charged on March 16, 2026\. Deposit \$150\.00 Paid \$150\.00 Still to pay \$0\.00/);
    expect(receipt).toContain('after 12 consecutive bills paid, with no more than 2 late payments');
    const recibo = await pdfText(await t.must('letters.pdf', { letterId: (await issue('deposit_receipt', 'es')).id }, clerk));
    expect(recibo).toMatch(/Depósito \$150\.00 Pagado \$150\.00 Pendiente de pago \$0\.00/);

    const welcome = await pdfText(await t.must('letters.pdf', { letterId: (await issue('welcome')).id }, clerk));
    expect(welcome).toContain(`Welcome to Town of Mayberry utility service. Your account ${a.number} for solid waste, sewer and water at 14 Maple St, Mayberry was opened on January 2, 2024.`);
    expect(welcome).toMatch(/Days to pay each bill 20 Deposit \$150\.00/);
    const bienvenida = await pdfText(await t.must('letters.pdf', { letterId: (await issue('welcome', 'es')).id }, clerk));
    expect(bienvenida).toContain('para recolección de basura, alcantarillado y agua en 14 Maple St, Mayberry se abrió el 2 de enero de 2024.');

    const list = await t.must('letters.list', { accountId: a.id }, clerk);
    expect(list.rows.map((r) => [r.kind, r.language])).toEqual([
      ['welcome', 'es'], ['welcome', 'en'], ['deposit_receipt', 'es'], ['deposit_receipt', 'en'], ['credit_reference', 'es'], ['credit_reference', 'en'],
    ]);
    const bad = await t.call('letters.issue', { accountId: a.id, kind: 'arrangement' } as never, clerk);
    expect(bad.ok ? null : bad.error.code).toBe('BAD_INPUT');
    t.close();
  });
});

describe('demo town (issue 14 part B)', () => {
  it('has a few letters of credit: one that waives a deposit, one too short, one too old; its deposits are on the liability report', async () => {
    const t = await makeTestCore({ town: { accounts: 60 } });
    const clerk = await t.signIn('clerk');
    const loc = await t.must('lettersOfCredit.list', {}, clerk);
    expect(loc.rows.map((r) => [r.utility, r.goodMonths, r.waivesToday])).toEqual([
      ['Mount Pilot Utilities', 24, true],
      ['Siler City Water', 8, false],
      ['Raleigh Public Utilities', 36, false],
    ]);
    const r = await t.must('deposits.liability', {}, clerk);
    expect(r.totals.accounts).toBeGreaterThan(0);
    expect(r.totals.heldCents).toBe(r.glBalanceCents);
    t.close();
  });
});
