// Extensions and payment arrangements: installments with dates within the town's limits
// (arrangementMaxPer12Months, arrangementMaxMonths -> ARRANGEMENT_LIMIT), accounts.payment_arrangement
// set while one is active, and the standing on a date — every installment due so far covered by
// the payments since the arrangement began — which the cut-off list asks (arrangementStanding).
// A missed installment ends the arrangement (refreshArrangement / reviewArrangements record it).
import type { ArrangementOverview, ArrangementStanding, ArrangementView, CreateArrangementInput, InstallmentView } from '../../../src-shared/ipc/adjustment-schemas';
import type { SettingsValues } from '../../../src-shared/ipc/contract';
import type { Db } from '../../db/open-ledger';
import { accountBalance } from '../accounts/queries';
import { recordAudit } from '../audit';
import { addDays, addMonths } from '../deps';
import { CoreError } from '../errors';
import { GL } from '../ledger/gl';

export interface DeskContext {
  at: string;
  today: string;
  userId: number;
  station: string;
  timeZone: string;
}

interface ArrangementRow {
  id: number;
  account_id: number;
  kind: 'extension' | 'arrangement';
  created_on: string;
  after_entry_id: number;
  created_at: string;
  created_by: string | null;
  total_cents: number;
  note: string | null;
  status: 'active' | 'kept' | 'broken' | 'cancelled';
  ended_on: string | null;
  ended_reason: string | null;
  letter_id: number | null;
  idempotency_key: string | null;
}

const SELECT = `SELECT r.id, r.account_id, r.kind, r.created_on, r.after_entry_id, r.created_at, u.display_name AS created_by, r.total_cents, r.note, r.status,
  r.ended_on, r.ended_reason, r.letter_id, r.idempotency_key FROM arrangements r LEFT JOIN users u ON u.id = r.created_by`;


function installmentsOf(db: Db, arrangementId: number): Array<{ seq: number; dueDate: string; amountCents: number }> {
  return db.prepare('SELECT seq, due_date AS dueDate, amount_cents AS amountCents FROM arrangement_installments WHERE arrangement_id = ? ORDER BY seq').all(arrangementId) as Array<{
    seq: number;
    dueDate: string;
    amountCents: number;
  }>;
}

/**
 * What reduced the account's debt after the arrangement was made (journal entries after
 * `afterEntryId`, the last one then — not a date, because the open business day can lag the
 * calendar) with a business date up to `to`: payments net of voids and returns, payments moved
 * in (less those moved out), and posted adjustments, which lower what the customer has to pay.
 */
function paidBetween(db: Db, accountId: number, afterEntryId: number, to: string): number {
  const r = db
    .prepare(
      `SELECT coalesce(-sum(l.amount_cents), 0) AS paid FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
        WHERE l.account_id = ? AND l.gl_code = '${GL.receivables}' AND e.kind IN ('payment', 'void', 'returned_payment', 'transfer', 'adjustment')
          AND e.id > ? AND e.business_date <= ?`,
    )
    .get(accountId, afterEntryId, to) as { paid: number };
  return r.paid;
}

/** Installments and state of one arrangement on a date, from the payments alone. */
function evaluate(db: Db, a: ArrangementRow, date: string): { state: 'keeping' | 'kept' | 'broken'; paid: number; missed: string | null; installments: InstallmentView[] } {
  const paid = paidBetween(db, a.account_id, a.after_entry_id, date);
  let cumulative = 0;
  let missed: string | null = null;
  const installments: InstallmentView[] = [];
  for (const i of installmentsOf(db, a.id)) {
    cumulative += i.amountCents;
    let state: InstallmentView['state'];
    if (i.dueDate < date) {
      // Past its due date: covered by what was paid through that date, else missed.
      const paidByDue = paidBetween(db, a.account_id, a.after_entry_id, i.dueDate);
      state = paidByDue >= cumulative ? 'paid' : 'missed';
      if (state === 'missed' && missed === null) missed = i.dueDate;
    } else if (paid >= cumulative) state = 'paid';
    else state = i.dueDate === date ? 'due' : 'upcoming';
    installments.push({ seq: i.seq, dueDate: i.dueDate, amountCents: i.amountCents, cumulativeCents: cumulative, state });
  }
  const state = missed !== null ? 'broken' : paid >= a.total_cents ? 'kept' : 'keeping';
  return { state, paid, missed, installments };
}

/**
 * How the account's arrangement stands on `date`: the arrangement in force that day (made on or
 * before it and not ended before it), judged against the payments. Read-only: the cut-off list
 * calls it for each candidate; `excludesFromCutoff` is true only while every installment due so
 * far is paid and some remain.
 */
export function arrangementStanding(db: Db, accountId: number, date: string): ArrangementStanding {
  const a = db
    .prepare(`${SELECT} WHERE r.account_id = ? AND r.created_on <= ? AND r.status <> 'cancelled' AND (r.ended_on IS NULL OR r.ended_on >= ?) ORDER BY r.created_on DESC, r.id DESC LIMIT 1`)
    .get(accountId, date, date) as ArrangementRow | undefined;
  if (!a) return { date, arrangementId: null, state: 'none', excludesFromCutoff: false, paidCents: 0, totalCents: 0, missedDueDate: null, installments: [] };
  const e = evaluate(db, a, date);
  return {
    date,
    arrangementId: a.id,
    state: e.state,
    excludesFromCutoff: e.state === 'keeping',
    paidCents: e.paid,
    totalCents: a.total_cents,
    missedDueDate: e.missed,
    installments: e.installments,
  };
}

function toView(db: Db, a: ArrangementRow, today: string): ArrangementView {
  const installments = a.status === 'active' ? evaluate(db, a, today).installments : evaluate(db, a, a.ended_on ?? today).installments;
  return {
    id: a.id,
    accountId: a.account_id,
    kind: a.kind,
    createdOn: a.created_on,
    createdAt: a.created_at,
    createdBy: a.created_by,
    totalCents: a.total_cents,
    note: a.note,
    status: a.status,
    endedOn: a.ended_on,
    endedReason: a.ended_reason,
    letterId: a.letter_id,
    installments,
  };
}

export function getArrangement(db: Db, arrangementId: number, today: string): ArrangementView {
  const a = db.prepare(`${SELECT} WHERE r.id = ?`).get(arrangementId) as ArrangementRow | undefined;
  if (!a) throw new CoreError('NOT_FOUND', `No arrangement ${arrangementId}.`);
  return toView(db, a, today);
}

function endArrangement(db: Db, a: ArrangementRow, status: 'kept' | 'broken' | 'cancelled', endedOn: string, reason: string, ctx: { at: string; userId: number | null; station: string | null }): void {
  db.prepare('UPDATE arrangements SET status = ?, ended_on = ?, ended_reason = ? WHERE id = ? AND status = ?').run(status, endedOn, reason, a.id, 'active');
  db.prepare('UPDATE accounts SET payment_arrangement = 0 WHERE id = ?').run(a.account_id);
  const number = (db.prepare('SELECT number FROM accounts WHERE id = ?').get(a.account_id) as { number: string }).number;
  recordAudit(db, { at: ctx.at, userId: ctx.userId, station: ctx.station, action: `arrangements.${status}`, subject: number, reason, details: { arrangementId: a.id, endedOn } });
}

/** Ends the account's active arrangement when, as of `today`, it was paid in full or broken. Inside the caller's transaction. */
export function refreshArrangement(db: Db, accountId: number, today: string, ctx: { at: string; userId: number | null; station: string | null }): 'kept' | 'broken' | null {
  const a = db.prepare(`${SELECT} WHERE r.account_id = ? AND r.status = 'active'`).get(accountId) as ArrangementRow | undefined;
  if (!a) return null;
  const e = evaluate(db, a, today);
  if (e.state === 'keeping') return null;
  if (e.state === 'broken') endArrangement(db, a, 'broken', addDays(e.missed!, 1), `installment due ${e.missed} not paid`, ctx);
  else endArrangement(db, a, 'kept', today, 'paid in full', ctx);
  return e.state;
}

/** Every active arrangement reviewed as of today. Inside the caller's transaction. */
export function reviewArrangements(db: Db, today: string, ctx: { at: string; userId: number | null; station: string | null }): { reviewed: number; kept: number; broken: number } {
  const ids = db.prepare("SELECT account_id FROM arrangements WHERE status = 'active' ORDER BY id").all() as Array<{ account_id: number }>;
  let kept = 0;
  let broken = 0;
  for (const r of ids) {
    const out = refreshArrangement(db, r.account_id, today, ctx);
    if (out === 'kept') kept++;
    if (out === 'broken') broken++;
  }
  return { reviewed: ids.length, kept, broken };
}

function limitsFor(db: Db, accountId: number, today: string, s: Pick<SettingsValues, 'arrangementMaxPer12Months' | 'arrangementMaxMonths'>) {
  const since = addMonths(today, -12);
  const used = (db.prepare("SELECT count(*) AS n FROM arrangements WHERE account_id = ? AND status <> 'cancelled' AND created_on > ?").get(accountId, since) as { n: number }).n;
  const latestDueDate = addMonths(today, s.arrangementMaxMonths);
  const active = db.prepare("SELECT id FROM arrangements WHERE account_id = ? AND status = 'active'").get(accountId) as { id: number } | undefined;
  let refusal: string | null = null;
  if (active) refusal = 'The account already has an active arrangement.';
  else if (used >= s.arrangementMaxPer12Months) {
    refusal = `The town allows ${s.arrangementMaxPer12Months} extension or arrangement per 12 months; this account has had ${used} since ${addDays(since, 1)}.`;
  }
  return { maxPer12Months: s.arrangementMaxPer12Months, maxMonths: s.arrangementMaxMonths, usedIn12Months: used, latestDueDate, refusal };
}

export function arrangementOverview(db: Db, accountId: number, today: string, s: SettingsValues): ArrangementOverview {
  const acct = db.prepare('SELECT id, number FROM accounts WHERE id = ?').get(accountId) as { id: number; number: string } | undefined;
  if (!acct) throw new CoreError('NOT_FOUND', `No account ${accountId}.`);
  const rows = db.prepare(`${SELECT} WHERE r.account_id = ? ORDER BY r.created_on DESC, r.id DESC`).all(accountId) as ArrangementRow[];
  return {
    accountId,
    accountNumber: acct.number,
    balanceCents: accountBalance(db, accountId),
    standing: arrangementStanding(db, accountId, today),
    arrangements: rows.map((r) => toView(db, r, today)),
    limits: limitsFor(db, accountId, today, s),
  };
}

export interface CreatedArrangement {
  id: number;
  accountId: number;
  accountNumber: string;
  kind: 'extension' | 'arrangement';
  totalCents: number;
  createdOn: string;
  installments: Array<{ seq: number; dueDate: string; amountCents: number }>;
  /** True when the idempotency key named an arrangement made before (nothing new was written). */
  replayed: boolean;
}

/** Makes an extension or arrangement within the limits. Inside the caller's transaction. */
export function createArrangement(db: Db, input: CreateArrangementInput, ctx: DeskContext, s: SettingsValues): CreatedArrangement {
  const prior = db.prepare('SELECT id, account_id FROM arrangements WHERE idempotency_key = ?').get(input.idempotencyKey) as { id: number; account_id: number } | undefined;
  if (prior) {
    const v = getArrangement(db, prior.id, ctx.today);
    const same = prior.account_id === input.accountId && v.kind === input.kind && v.installments.length === input.installments.length &&
      v.installments.every((i, n) => i.dueDate === input.installments[n]!.dueDate && i.amountCents === input.installments[n]!.amountCents);
    if (!same) throw new CoreError('IDEMPOTENCY_CONFLICT', 'That request key was used for a different arrangement.');
    const number = (db.prepare('SELECT number FROM accounts WHERE id = ?').get(v.accountId) as { number: string }).number;
    return { id: v.id, accountId: v.accountId, accountNumber: number, kind: v.kind, totalCents: v.totalCents, createdOn: v.createdOn, installments: v.installments.map((i) => ({ seq: i.seq, dueDate: i.dueDate, amountCents: i.amountCents })), replayed: true };
  }
  const acct = db.prepare('SELECT id, number, status FROM accounts WHERE id = ?').get(input.accountId) as { id: number; number: string; status: string } | undefined;
  if (!acct) throw new CoreError('NOT_FOUND', `No account ${input.accountId}.`);
  if (acct.status !== 'active' && acct.status !== 'final_billed') {
    throw new CoreError('ACCOUNT_STATUS', `Account ${acct.number} is ${acct.status.replace('_', ' ')}; an arrangement is for an active or final-billed account.`);
  }
  // An arrangement that ended today (kept or broken) is recorded before the limits are counted.
  refreshArrangement(db, acct.id, ctx.today, ctx);

  const list = input.installments;
  if (input.kind === 'extension' && list.length !== 1) throw new CoreError('BAD_INPUT', 'An extension is one new due date for the amount; use an arrangement for installments.', { field: 'installments' });
  if (input.kind === 'arrangement' && list.length < 2) throw new CoreError('BAD_INPUT', 'An arrangement has at least two installments; one new due date is an extension.', { field: 'installments' });
  for (let i = 0; i < list.length; i++) {
    const d = list[i]!.dueDate;
    if (d < ctx.today) throw new CoreError('BAD_INPUT', `Installment ${i + 1} is due ${d}, before today.`, { field: 'installments', index: i });
    if (i > 0 && d <= list[i - 1]!.dueDate) throw new CoreError('BAD_INPUT', `Installment ${i + 1} must fall after installment ${i}.`, { field: 'installments', index: i });
  }
  const total = list.reduce((sum, i) => sum + i.amountCents, 0);
  const balance = accountBalance(db, acct.id);
  if (balance <= 0) throw new CoreError('BAD_INPUT', `Account ${acct.number} owes nothing; there is nothing to arrange.`);
  if (total > balance) {
    throw new CoreError('BAD_INPUT', `The installments total ${money(total)}, more than the ${money(balance)} the account owes.`, { field: 'installments', totalCents: total, balanceCents: balance });
  }
  const limits = limitsFor(db, acct.id, ctx.today, s);
  if (limits.refusal) throw new CoreError('ARRANGEMENT_LIMIT', limits.refusal, { limit: 'arrangementMaxPer12Months', used: limits.usedIn12Months, max: limits.maxPer12Months });
  const last = list[list.length - 1]!.dueDate;
  if (last > limits.latestDueDate) {
    throw new CoreError('ARRANGEMENT_LIMIT', `An arrangement may run at most ${s.arrangementMaxMonths} month(s): the last installment must be due by ${limits.latestDueDate}, not ${last}.`, {
      limit: 'arrangementMaxMonths',
      latestDueDate: limits.latestDueDate,
    });
  }

  const id = Number(
    db
      .prepare(
        `INSERT INTO arrangements (account_id, kind, created_on, created_at, created_by, total_cents, note, after_entry_id, idempotency_key)
         VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT coalesce(max(id), 0) FROM journal_entries), ?)`,
      )
      .run(acct.id, input.kind, ctx.today, ctx.at, ctx.userId, total, input.note ?? null, input.idempotencyKey).lastInsertRowid,
  );
  const ins = db.prepare('INSERT INTO arrangement_installments (arrangement_id, seq, due_date, amount_cents) VALUES (?, ?, ?, ?)');
  list.forEach((i, n) => ins.run(id, n + 1, i.dueDate, i.amountCents));
  db.prepare('UPDATE accounts SET payment_arrangement = 1 WHERE id = ?').run(acct.id);
  recordAudit(db, {
    at: ctx.at,
    userId: ctx.userId,
    station: ctx.station,
    action: `arrangements.create`,
    subject: acct.number,
    reason: input.note ?? null,
    details: { arrangementId: id, kind: input.kind, totalCents: total, installments: list },
  });
  return { id, accountId: acct.id, accountNumber: acct.number, kind: input.kind, totalCents: total, createdOn: ctx.today, installments: list.map((i, n) => ({ seq: n + 1, ...i })), replayed: false };
}

export function cancelArrangement(db: Db, arrangementId: number, reason: string, ctx: DeskContext): ArrangementView {
  const a = db.prepare(`${SELECT} WHERE r.id = ?`).get(arrangementId) as ArrangementRow | undefined;
  if (!a) throw new CoreError('NOT_FOUND', `No arrangement ${arrangementId}.`);
  if (a.status !== 'active') throw new CoreError('BAD_TRANSITION', `Arrangement ${arrangementId} already ended (${a.status}).`);
  endArrangement(db, a, 'cancelled', ctx.today, reason, ctx);
  return getArrangement(db, arrangementId, ctx.today);
}

function money(c: number): string {
  return `$${(c / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
