// Extensions and payment arrangements through the contract: the limits (one per 12 months, at
// most arrangementMaxMonths long) refused with ARRANGEMENT_LIMIT and nothing written, the account
// flag while active, the standing on a date judged against real counter payments (kept so far,
// paid in full, broken by a missed installment), a broken one ended by the review.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Envelope } from '../../../src-shared/ipc/envelope';
import { makeTestCore, tempDir, type TestCore } from '../../helpers/core';
import { billAccount, makeAccount, STARTING_BANK } from '../../helpers/fixtures';

const errorOf = <T>(r: Envelope<T>) => (r.ok ? null : r.error);

function pdfText(base64: string): string {
  const file = path.join(tempDir('tc-arr-'), 'letter.pdf');
  fs.writeFileSync(file, Buffer.from(base64, 'base64'));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}
let keys = 0;
const key = () => `arr-key-${String(++keys).padStart(4, '0')}`;

describe('payment arrangements', () => {
  let t: TestCore;
  let clerk: string;
  let accountId: number;
  beforeEach(async () => {
    t = await makeTestCore(); // 2026-03-16
    clerk = await t.signIn('clerk');
    const db = t.core.deps.db;
    const a = makeAccount(db);
    accountId = a.id;
    billAccount(db, a.id, '2026-01-20', { water: 9000, sewer: 6000 }); // due 2026-02-09, past due
    billAccount(db, a.id, '2026-02-20', { water: 9000, sewer: 6000 }); // due 2026-03-12
  });
  afterEach(() => t.close());

  const count = (sql: string) => (t.core.deps.db.prepare(sql).get() as { n: number }).n;

  it('refuses an arrangement longer than the limit, then makes one within it and flags the account', async () => {
    const overview = await t.must('arrangements.get', { accountId }, clerk);
    expect(overview.balanceCents).toBe(30000);
    expect(overview.limits).toEqual({ maxPer12Months: 1, maxMonths: 2, usedIn12Months: 0, latestDueDate: '2026-05-16', refusal: null });

    const tooLong = await t.call(
      'arrangements.create',
      { accountId, kind: 'arrangement', installments: [{ dueDate: '2026-04-15', amountCents: 15000 }, { dueDate: '2026-05-17', amountCents: 15000 }], idempotencyKey: key() },
      clerk,
    );
    expect(errorOf(tooLong)).toMatchObject({ code: 'ARRANGEMENT_LIMIT', details: { limit: 'arrangementMaxMonths', latestDueDate: '2026-05-16' } });
    expect(count('SELECT count(*) AS n FROM arrangements')).toBe(0);

    const overOwed = await t.call('arrangements.create', { accountId, kind: 'arrangement', installments: [{ dueDate: '2026-04-15', amountCents: 15000 }, { dueDate: '2026-05-15', amountCents: 15001 }], idempotencyKey: key() }, clerk);
    expect(errorOf(overOwed)?.code).toBe('BAD_INPUT');
    const oneInstallment = await t.call('arrangements.create', { accountId, kind: 'arrangement', installments: [{ dueDate: '2026-04-15', amountCents: 15000 }], idempotencyKey: key() }, clerk);
    expect(errorOf(oneInstallment)?.code).toBe('BAD_INPUT');
    const outOfOrder = await t.call('arrangements.create', { accountId, kind: 'arrangement', installments: [{ dueDate: '2026-04-15', amountCents: 15000 }, { dueDate: '2026-04-15', amountCents: 15000 }], idempotencyKey: key() }, clerk);
    expect(errorOf(outOfOrder)?.code).toBe('BAD_INPUT');
    const cashier = await t.signIn('cashier');
    const forbidden = await t.call('arrangements.create', { accountId, kind: 'extension', installments: [{ dueDate: '2026-04-15', amountCents: 1000 }], idempotencyKey: key() }, cashier);
    expect(errorOf(forbidden)?.code).toBe('FORBIDDEN');
    expect(count('SELECT count(*) AS n FROM arrangements')).toBe(0);

    const k = key();
    const input = { accountId, kind: 'arrangement' as const, installments: [{ dueDate: '2026-04-15', amountCents: 15000 }, { dueDate: '2026-05-16', amountCents: 15000 }], note: 'Lost hours at work', idempotencyKey: k };
    const made = await t.must('arrangements.create', input, clerk);
    expect(made).toMatchObject({ kind: 'arrangement', status: 'active', totalCents: 30000, createdOn: '2026-03-16', endedOn: null });
    expect(made.installments.map((i) => [i.seq, i.dueDate, i.amountCents, i.cumulativeCents, i.state])).toEqual([
      [1, '2026-04-15', 15000, 15000, 'upcoming'],
      [2, '2026-05-16', 15000, 30000, 'upcoming'],
    ]);
    // A retry with the same key returns the same arrangement.
    expect((await t.must('arrangements.create', input, clerk)).id).toBe(made.id);
    const reused = await t.call('arrangements.create', { ...input, installments: [{ dueDate: '2026-04-15', amountCents: 10000 }, { dueDate: '2026-05-16', amountCents: 20000 }] }, clerk);
    expect(errorOf(reused)?.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(count('SELECT count(*) AS n FROM arrangements')).toBe(1);
    const acct = await t.must('accounts.get', { accountId }, clerk);
    expect(acct.flags.paymentArrangement).toBe(true);
    expect(count("SELECT count(*) AS n FROM audit_log WHERE action = 'arrangements.create'")).toBe(1);

    // The confirmation letter is recorded on the account with the installments, once.
    expect(made.letterId).not.toBeNull();
    expect(count("SELECT count(*) AS n FROM letters WHERE kind = 'arrangement'")).toBe(1);
    const letters = await t.must('letters.list', { accountId }, clerk);
    expect(letters.rows.map((l) => l.id)).toContain(made.letterId);
    const text = pdfText((await t.must('letters.pdf', { letterId: made.letterId! }, clerk)).contentBase64);
    for (const s of ['Payment arrangement confirmation', 'Andy Taylor', '$300.00', '$150.00']) expect(text).toContain(s);
  });

  it('writes the confirmation in Spanish for a customer whose letters go out in Spanish', async () => {
    t.core.deps.db.prepare("UPDATE customers SET language = 'es' WHERE id = (SELECT customer_id FROM accounts WHERE id = ?)").run(accountId);
    const made = await t.must('arrangements.create', { accountId, kind: 'extension', installments: [{ dueDate: '2026-04-10', amountCents: 30000 }], idempotencyKey: key() }, clerk);
    const row = t.core.deps.db.prepare('SELECT kind, language, details FROM letters WHERE id = ?').get(made.letterId) as { kind: string; language: string; details: string };
    expect(row).toMatchObject({ kind: 'arrangement', language: 'es' });
    expect(JSON.parse(row.details)).toMatchObject({ arrangementId: made.id, kind: 'extension', totalCents: 30000, installments: [{ seq: 1, dueDate: '2026-04-10', amountCents: 30000 }], createdOn: '2026-03-16' });
    const text = pdfText((await t.must('letters.pdf', { letterId: made.letterId! }, clerk)).contentBase64);
    expect(text).toContain('Confirmación de extensión de pago');
    expect(text).toContain('una extensión de pago');
    expect(text).toContain('$300.00');
  });

  it('allows one extension or arrangement per 12 months (a cancelled one does not count)', async () => {
    const ext = await t.must('arrangements.create', { accountId, kind: 'extension', installments: [{ dueDate: '2026-04-01', amountCents: 30000 }], idempotencyKey: key() }, clerk);
    const second = await t.call('arrangements.create', { accountId, kind: 'extension', installments: [{ dueDate: '2026-04-01', amountCents: 30000 }], idempotencyKey: key() }, clerk);
    expect(errorOf(second)?.code).toBe('ARRANGEMENT_LIMIT'); // one active already
    const cancelled = await t.must('arrangements.cancel', { arrangementId: ext.id, reason: 'Keyed on the wrong account' }, clerk);
    expect(cancelled).toMatchObject({ status: 'cancelled', endedOn: '2026-03-16' });
    expect((await t.must('accounts.get', { accountId }, clerk)).flags.paymentArrangement).toBe(false);

    const again = await t.must('arrangements.create', { accountId, kind: 'extension', installments: [{ dueDate: '2026-04-01', amountCents: 30000 }], idempotencyKey: key() }, clerk);
    // Paid in full on the day: kept, and ended by the review; the next one inside 12 months is refused.
    await payCash(30000);
    const review = await t.must('arrangements.review', {}, clerk);
    expect(review).toEqual({ reviewed: 1, kept: 1, broken: 0 });
    const o = await t.must('arrangements.get', { accountId }, clerk);
    expect(o.arrangements.find((a) => a.id === again.id)).toMatchObject({ status: 'kept', endedReason: 'paid in full' });
    expect(o.limits.usedIn12Months).toBe(1);
    billAccount(t.core.deps.db, accountId, '2026-03-16', { water: 5000 });
    t.clock.set('2027-03-15T15:00:00Z'); // a day short of 12 months
    const early = await t.call('arrangements.create', { accountId, kind: 'extension', installments: [{ dueDate: '2027-04-01', amountCents: 5000 }], idempotencyKey: key() }, clerk);
    expect(errorOf(early)).toMatchObject({ code: 'ARRANGEMENT_LIMIT', details: { limit: 'arrangementMaxPer12Months', used: 1, max: 1 } });
    expect(errorOf(early)?.message).toContain('since 2026-03-16');
    t.clock.set('2027-03-16T15:00:00Z'); // 12 months on: allowed again
    await t.must('arrangements.create', { accountId, kind: 'extension', installments: [{ dueDate: '2027-04-01', amountCents: 5000 }], idempotencyKey: key() }, clerk);
  });

  async function payCash(amountCents: number) {
    const cashier = await t.signIn('cashier');
    const open = await t.call('drawer.open', { counts: STARTING_BANK }, cashier);
    if (!open.ok) expect(open.error.code).toBe('DRAWER_ALREADY_OPEN');
    await t.must('payments.post', { idempotencyKey: key(), lines: [{ type: 'account', accountId, amountCents }], tenders: [{ kind: 'cash', amountCents }] }, cashier);
  }

  it('stands kept while every installment due so far is paid, broken after a missed one, and the review ends it', async () => {
    const made = await t.must(
      'arrangements.create',
      { accountId, kind: 'arrangement', installments: [{ dueDate: '2026-03-31', amountCents: 10000 }, { dueDate: '2026-04-30', amountCents: 20000 }], idempotencyKey: key() },
      clerk,
    );
    await payCash(10000); // business date 2026-03-16
    const onDue = await t.must('arrangements.standing', { accountId, date: '2026-03-31' }, clerk);
    expect(onDue).toMatchObject({ arrangementId: made.id, state: 'keeping', excludesFromCutoff: true, paidCents: 10000, totalCents: 30000, missedDueDate: null });
    expect(onDue.installments.map((i) => i.state)).toEqual(['paid', 'upcoming']);
    const dueDay = await t.must('arrangements.standing', { accountId, date: '2026-04-30' }, clerk);
    expect(dueDay.installments.map((i) => i.state)).toEqual(['paid', 'due']);
    expect(dueDay.excludesFromCutoff).toBe(true);
    const after = await t.must('arrangements.standing', { accountId, date: '2026-05-01' }, clerk);
    expect(after).toMatchObject({ state: 'broken', excludesFromCutoff: false, missedDueDate: '2026-04-30' });
    expect(after.installments.map((i) => i.state)).toEqual(['paid', 'missed']);
    // Before the arrangement was made there was none.
    expect((await t.must('arrangements.standing', { accountId, date: '2026-03-15' }, clerk)).state).toBe('none');

    // The town's calendar reaches May 1: the review ends it as broken and clears the flag.
    t.clock.set('2026-05-01T15:00:00Z');
    expect(await t.must('arrangements.review', {}, clerk)).toEqual({ reviewed: 1, kept: 0, broken: 1 });
    const o = await t.must('arrangements.get', { accountId }, clerk);
    expect(o.arrangements[0]).toMatchObject({ status: 'broken', endedOn: '2026-05-01', endedReason: 'installment due 2026-04-30 not paid' });
    expect((await t.must('accounts.get', { accountId }, clerk)).flags.paymentArrangement).toBe(false);
    expect(o.standing.state).toBe('broken');
    expect(o.standing.excludesFromCutoff).toBe(false);
  });

  it('refuses crafted requests with BAD_INPUT and writes nothing', async () => {
    const base = { accountId, kind: 'extension', installments: [{ dueDate: '2026-04-01', amountCents: 1000 }] };
    const crafted: unknown[] = [
      { ...base, idempotencyKey: 'short' },
      { ...base, kind: 'forever', idempotencyKey: key() },
      { ...base, installments: [{ dueDate: '2026-02-30', amountCents: 1000 }], idempotencyKey: key() },
      { ...base, installments: [{ dueDate: '2026-04-01', amountCents: -5 }], idempotencyKey: key() },
      { ...base, installments: [{ dueDate: '2026-04-01', amountCents: 10.5 }], idempotencyKey: key() },
      { ...base, installments: [], idempotencyKey: key() },
      { ...base, installments: Array.from({ length: 25 }, (_, i) => ({ dueDate: `2026-04-${String(i + 1).padStart(2, '0')}`, amountCents: 1 })), idempotencyKey: key() },
      { ...base, note: 'x'.repeat(501), idempotencyKey: key() },
      { ...base, status: 'kept', idempotencyKey: key() },
      { ...base, accountId: 'one', idempotencyKey: key() },
    ];
    for (const c of crafted) expect(errorOf(await t.call('arrangements.create', c as never, clerk))?.code).toBe('BAD_INPUT');
    expect(errorOf(await t.call('arrangements.create', { ...base, accountId: 999_999, idempotencyKey: key() } as never, clerk))?.code).toBe('NOT_FOUND');
    expect(errorOf(await t.call('arrangements.create', { ...base, installments: [{ dueDate: '2026-03-15', amountCents: 1000 }], idempotencyKey: key() } as never, clerk))?.code).toBe('BAD_INPUT');
    expect(errorOf(await t.call('arrangements.standing', { accountId, date: 'tomorrow' }, clerk))?.code).toBe('BAD_INPUT');
    expect(count('SELECT count(*) AS n FROM arrangements')).toBe(0);
    expect(count("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'arrangements.%'")).toBe(0);
  });

  it('counts a payment made after the arrangement even while the business day still open is yesterday’s', async () => {
    // The drawer opened yesterday and the day was never closed: postings still carry 2026-03-15.
    t.clock.set('2026-03-15T15:00:00Z');
    await payCash(100);
    t.clock.set('2026-03-16T15:00:00Z');
    await t.must('arrangements.create', { accountId, kind: 'arrangement', installments: [{ dueDate: '2026-03-31', amountCents: 14900 }, { dueDate: '2026-04-30', amountCents: 15000 }], idempotencyKey: key() }, clerk);
    await payCash(14900);
    expect(t.core.deps.db.prepare("SELECT max(business_date) AS d FROM journal_entries WHERE kind = 'payment'").get()).toEqual({ d: '2026-03-15' });
    const s = await t.must('arrangements.standing', { accountId, date: '2026-04-01' }, clerk);
    expect(s).toMatchObject({ state: 'keeping', paidCents: 14900 }); // the payment before the arrangement does not count
  });

  it('counts a posted adjustment toward the installments, as it lowers what is owed', async () => {
    await t.must('arrangements.create', { accountId, kind: 'arrangement', installments: [{ dueDate: '2026-03-31', amountCents: 15000 }, { dueDate: '2026-04-30', amountCents: 15000 }], idempotencyKey: key() }, clerk);
    await payCash(11000);
    expect((await t.must('arrangements.standing', { accountId, date: '2026-04-01' }, clerk)).state).toBe('broken');
    const charge = t.core.deps.db.prepare("SELECT id FROM charges WHERE account_id = ? AND service = 'water' ORDER BY due_date DESC").get(accountId) as { id: number };
    await t.must('adjustments.request', { accountId, chargeId: charge.id, reasonCode: 'courtesy_credit', amountCents: 4000, explanation: 'Main break week', idempotencyKey: key() }, clerk);
    const s = await t.must('arrangements.standing', { accountId, date: '2026-04-01' }, clerk);
    expect(s).toMatchObject({ state: 'keeping', paidCents: 15000, excludesFromCutoff: true });
  });

  it('a first installment unpaid by its due date breaks it, and opening the account records that', async () => {
    await t.must('arrangements.create', { accountId, kind: 'arrangement', installments: [{ dueDate: '2026-03-20', amountCents: 10000 }, { dueDate: '2026-04-20', amountCents: 20000 }], idempotencyKey: key() }, clerk);
    const s = await t.must('arrangements.standing', { accountId, date: '2026-03-21' }, clerk);
    expect(s).toMatchObject({ state: 'broken', missedDueDate: '2026-03-20', paidCents: 0 });
    // Opening the account's arrangement on a later day records it as ended and clears the flag.
    t.clock.set('2026-03-23T15:00:00Z');
    const o = await t.must('arrangements.get', { accountId }, await t.signIn('cashier'));
    expect(o.arrangements[0]).toMatchObject({ status: 'broken', endedOn: '2026-03-21' });
    expect(o.limits.refusal).toMatch(/per 12 months/);
    expect((await t.must('accounts.get', { accountId }, clerk)).flags.paymentArrangement).toBe(false);
  });
});
