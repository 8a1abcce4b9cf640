// Write-off of final balances with another supervisor's approval, collection agency referral
// (never twice) and the unclaimed property report, through the contract.
import type { Envelope } from '../../../src-shared/ipc/envelope';
import type { Db } from '../../../src-main/db/open-ledger';
import { makeTestCore, type TestCore } from '../../helpers/core';
import { billAccount, makeAccount, STARTING_BANK } from '../../helpers/fixtures';
import { createUser } from '../../../src-main/core/auth/users';

const codeOf = (r: Envelope<unknown>) => (r.ok ? 'ok' : r.error.code);
let keys = 0;
const key = () => `wof-key-${String(++keys).padStart(4, '0')}`;

describe('write-offs, agency referral, unclaimed property', () => {
  let t: TestCore;
  let db: Db;
  let sup: string;
  let sup2: string;
  let clerk: string;
  beforeEach(async () => {
    t = await makeTestCore(); // 2026-03-16
    db = t.core.deps.db;
    createUser(db, { username: 'super2', displayName: 'Second Supervisor', role: 'supervisor', secret: '8888', at: '2026-01-01T00:00:00Z' });
    sup = await t.signIn('supervisor');
    sup2 = await t.signIn('super2', '8888');
    clerk = await t.signIn('clerk');
  });
  afterEach(() => t.close());

  const finalOwing = (last: string, billDate: string, water: number, status = 'final_billed') => {
    const a = makeAccount(db, { last, street: `${++keys} ${last} St` });
    billAccount(db, a.id, billDate, { water });
    db.prepare('UPDATE accounts SET status = ? WHERE id = ?').run(status, a.id);
    return a;
  };

  it('requests the whole balance, refuses self-approval, posts Dr 5200 / Cr 1200 allocated to the open charges', async () => {
    const a = finalOwing('Pyle', '2025-10-01', 12345);
    const active = makeAccount(db, { last: 'Active', street: '9 Oak St' });
    billAccount(db, active.id, '2025-10-01', { water: 5000 });
    expect(codeOf(await t.call('writeOffs.request', { accountId: active.id, reason: 'gone' }, clerk))).toBe('ACCOUNT_STATUS');
    expect(codeOf(await t.call('writeOffs.request', { accountId: a.id, reason: 'x' }, clerk))).toBe('BAD_INPUT');
    expect(codeOf(await t.call('writeOffs.request', { accountId: a.id, reason: 'skipped town', extra: 1 } as never, clerk))).toBe('BAD_INPUT');
    const cashier = await t.signIn('cashier');
    expect(codeOf(await t.call('writeOffs.request', { accountId: a.id, reason: 'skipped town' }, cashier))).toBe('FORBIDDEN');

    const w = await t.must('writeOffs.request', { accountId: a.id, reason: 'skipped town, no forwarding address', idempotencyKey: key() }, sup);
    expect(w).toMatchObject({ number: 'WOF-2026-S1-000001', amountCents: 12345, status: 'pending' });
    expect(codeOf(await t.call('writeOffs.request', { accountId: a.id, reason: 'again' }, clerk))).toBe('CONFLICT');
    expect(codeOf(await t.call('writeOffs.approve', { id: w.id }, clerk))).toBe('FORBIDDEN');
    expect(codeOf(await t.call('writeOffs.approve', { id: w.id }, sup))).toBe('FORBIDDEN'); // the requester
    const posted = await t.must('writeOffs.approve', { id: w.id }, sup2);
    expect(posted).toMatchObject({ status: 'posted', decidedBy: 'Second Supervisor' });
    expect(db.prepare('SELECT gl_code, account_id, amount_cents FROM journal_lines WHERE entry_id = ? ORDER BY id').all(posted.entryId)).toEqual([
      { gl_code: '5200', account_id: null, amount_cents: 12345 },
      { gl_code: '1200', account_id: a.id, amount_cents: -12345 },
    ]);
    expect((await t.must('accounts.get', { accountId: a.id }, clerk)).balanceCents).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM charges c WHERE c.account_id = ? AND c.amount_cents > coalesce((SELECT sum(amount_cents) FROM allocations WHERE charge_id = c.id), 0)").get(a.id)).toEqual({ n: 0 });
    expect(codeOf(await t.call('writeOffs.approve', { id: w.id }, sup2))).toBe('CONFLICT');
    expect((await t.must('ledger.verify', {}, sup)).violations).toEqual([]);
  });

  it('refuses to post when the balance changed since the request; a rejection records why', async () => {
    const a = finalOwing('Lawson', '2025-10-01', 9000);
    const w = await t.must('writeOffs.request', { accountId: a.id, reason: 'uncollectible' }, clerk);
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    await t.must('payments.post', { idempotencyKey: key(), lines: [{ type: 'account', accountId: a.id, amountCents: 1000 }], tenders: [{ kind: 'cash', amountCents: 1000 }] } as never, cashier);
    expect(codeOf(await t.call('writeOffs.approve', { id: w.id }, sup))).toBe('CONFLICT');
    const r = await t.must('writeOffs.reject', { id: w.id, reason: 'customer is paying again' }, sup);
    expect(r).toMatchObject({ status: 'rejected', rejectReason: 'customer is paying again' });
    expect((await t.must('writeOffs.list', { status: 'rejected' }, clerk)).writeOffs.map((x) => x.number)).toEqual([w.number]);
    expect((await t.must('accounts.get', { accountId: a.id }, clerk)).balanceCents).toBe(8000);
  });

  it('refers final balances over the minimum and days once, as CSV', async () => {
    const old = finalOwing('Old', '2025-10-01', 9000); // due 2025-10-21: 146 days
    finalOwing('Small', '2025-10-01', 4999); // under $50
    finalOwing('Recent', '2026-01-10', 9000); // due 2026-01-30: 45 days
    const active = makeAccount(db, { last: 'Active', street: '9 Oak St' });
    billAccount(db, active.id, '2025-10-01', { water: 9000 });
    const preview = await t.must('collections.agencyReferral.preview', {}, sup);
    expect(preview.rows.map((r) => r.accountId)).toEqual([old.id]);
    expect(preview.rows[0]).toMatchObject({ balanceCents: 9000, oldestDue: '2025-10-21', lastPayment: null });
    expect(codeOf(await t.call('collections.agencyReferral.export', {}, clerk))).toBe('FORBIDDEN');
    const out = await t.must('collections.agencyReferral.export', {}, sup);
    expect(out.totalCents).toBe(9000);
    const lines = out.csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('account,name,mailing_address,phone,status,balance,oldest_due,last_payment');
    expect(lines[1]).toMatch(new RegExp(`^${old.number},Andy Old,"\\d+ Old St, Mayberry, NC 27030",\\(336\\) 555-0142,final_billed,90\\.00,2025-10-21,$`));
    expect((await t.must('accounts.get', { accountId: old.id }, clerk)).flags.inCollections).toBe(true);
    expect((await t.must('collections.agencyReferral.export', {}, sup)).rows).toEqual([]);
  });

  it('reports credits and refund checks unclaimed a year, until a check is marked claimed', async () => {
    const a = makeAccount(db, { last: 'Credit', street: '5 Elm St' });
    const e = Number(db.prepare("INSERT INTO journal_entries (kind, business_date, posted_at) VALUES ('refund', '2025-01-10', '2025-01-10T12:00:00Z')").run().lastInsertRowid);
    db.prepare("INSERT INTO journal_lines (entry_id, gl_code, account_id, amount_cents) VALUES (?, '1200', ?, -2500), (?, '2400', NULL, 2500)").run(e, a.id, e);
    db.prepare("UPDATE accounts SET status = 'closed' WHERE id = ?").run(a.id);
    const recent = makeAccount(db, { last: 'Recent', street: '6 Elm St' });
    const e2 = Number(db.prepare("INSERT INTO journal_entries (kind, business_date, posted_at) VALUES ('refund', '2025-12-10', '2025-12-10T12:00:00Z')").run().lastInsertRowid);
    db.prepare("INSERT INTO journal_lines (entry_id, gl_code, account_id, amount_cents) VALUES (?, '1200', ?, -700), (?, '2400', NULL, 700)").run(e2, recent.id, e2);
    db.prepare("UPDATE accounts SET status = 'closed' WHERE id = ?").run(recent.id);
    const e3 = Number(db.prepare("INSERT INTO journal_entries (kind, business_date, posted_at) VALUES ('refund', '2025-02-01', '2025-02-01T12:00:00Z')").run().lastInsertRowid);
    const check = Number(
      db
        .prepare("INSERT INTO check_requests (account_id, entry_id, payee, mail_street, mail_city, mail_state, mail_zip, amount_cents, business_date, memo, created_at) VALUES (?, ?, 'Gomer Pyle', '1 Main', 'Mayberry', 'NC', '27030', 4200, '2025-02-01', 'refund', 'x')")
        .run(recent.id, e3).lastInsertRowid,
    );
    const r = await t.must('collections.unclaimedProperty', {}, sup);
    expect(r.rows.map((x) => [x.kind, x.accountNumber, x.amountCents, x.since])).toEqual(
      [
        ['credit_balance', a.number, 2500, '2025-01-10'],
        ['refund_check', recent.number, 4200, '2025-02-01'],
      ].sort((x, y) => String(x[1]).localeCompare(String(y[1]))),
    );
    expect(r.totalCents).toBe(6700);
    expect(r.csv.split('\r\n')[0]).toBe('kind,account,name,mailing_address,amount,since');
    await t.must('collections.refundChecks.claim', { checkRequestId: check, claimedOn: '2025-02-20' }, sup);
    expect(codeOf(await t.call('collections.refundChecks.claim', { checkRequestId: check, claimedOn: '2025-02-20' }, sup))).toBe('CONFLICT');
    expect(codeOf(await t.call('collections.refundChecks.claim', { checkRequestId: check, claimedOn: '2025-02-30' }, sup))).toBe('BAD_INPUT');
    expect((await t.must('collections.unclaimedProperty', {}, sup)).rows.map((x) => x.kind)).toEqual(['credit_balance']);
  });
});
