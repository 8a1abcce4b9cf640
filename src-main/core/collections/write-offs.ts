// Write-off of uncollectible final balances, collection agency referral, unclaimed property
// (issue 15, DOMAIN.md "Collections").
//
// - Write-off: a clerk or supervisor requests it for a final-billed or closed account's whole
//   balance with a reason; a supervisor other than the requester approves it: one journal entry
//   kind 'write_off' (Dr 5200 bad debt expense / Cr 1200 the account's receivable) with
//   allocations of that entry to the open charges in the allocation order, so nothing is left
//   open; refused (CONFLICT) when the balance changed since the request. Or rejects it with a
//   reason. One pending request per account.
// - Agency referral: final-billed/closed accounts not yet referred whose balance is at least
//   agencyReferralMinimumCents and whose oldest open charge is at least agencyReferralDays past
//   due — exported as CSV and marked (accounts.in_collections = 1 and an agency_referrals row),
//   so an account is never sent twice.
// - Unclaimed property: credit balances on final-billed/closed accounts with no ledger activity
//   for unclaimedPropertyDays, and refund checks issued that long ago and not marked claimed
//   (cashed) — reportable to the State Treasurer.
import type { SettingsValues } from '../../../src-shared/ipc/contract';
import type { Db } from '../../db/open-ledger';
import { accountBalance, openCharges } from '../accounts/queries';
import { allocate } from '../counter/allocation';
import { addDays } from '../deps';
import { CoreError } from '../errors';
import { GL } from '../ledger/gl';
import { postEntry } from '../ledger/journal';

export interface WoContext {
  at: string;
  today: string;
  userId: number;
  station: string;
}

export interface WriteOffView {
  id: number;
  number: string;
  accountId: number;
  accountNumber: string;
  name: string;
  amountCents: number;
  reason: string;
  status: 'pending' | 'posted' | 'rejected';
  requestedAt: string;
  requestedBy: string;
  decidedAt: string | null;
  decidedBy: string | null;
  rejectReason: string | null;
  entryId: number | null;
}

const VIEW_SELECT = `
  SELECT w.id, w.number, w.account_id AS accountId, a.number AS accountNumber, c.display_name AS name, w.amount_cents AS amountCents,
         w.reason, w.status, w.requested_at AS requestedAt, ru.display_name AS requestedBy, w.decided_at AS decidedAt,
         du.display_name AS decidedBy, w.reject_reason AS rejectReason, w.entry_id AS entryId
    FROM write_offs w JOIN accounts a ON a.id = w.account_id JOIN customers c ON c.id = a.customer_id
    JOIN users ru ON ru.id = w.requested_by LEFT JOIN users du ON du.id = w.decided_by`;

export function getWriteOff(db: Db, id: number): WriteOffView {
  const v = db.prepare(`${VIEW_SELECT} WHERE w.id = ?`).get(id) as WriteOffView | undefined;
  if (!v) throw new CoreError('NOT_FOUND', `No write-off ${id}.`);
  return v;
}

export function listWriteOffs(db: Db, f: { status?: 'pending' | 'posted' | 'rejected'; accountId?: number; limit: number }): WriteOffView[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.status) {
    where.push('w.status = ?');
    args.push(f.status);
  }
  if (f.accountId) {
    where.push('w.account_id = ?');
    args.push(f.accountId);
  }
  return db.prepare(`${VIEW_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY w.id DESC LIMIT ?`).all(...args, f.limit) as WriteOffView[];
}

function nextNumber(db: Db, ctx: WoContext): string {
  const year = Number(ctx.today.slice(0, 4));
  db.prepare('INSERT INTO write_off_sequences (station, year, next) VALUES (?, ?, 1) ON CONFLICT(station, year) DO NOTHING').run(ctx.station, year);
  const { next } = db.prepare('SELECT next FROM write_off_sequences WHERE station = ? AND year = ?').get(ctx.station, year) as { next: number };
  if (next > 999_999) throw new CoreError('CONFLICT', `Station ${ctx.station} has used every write-off number for ${year}.`);
  db.prepare('UPDATE write_off_sequences SET next = next + 1 WHERE station = ? AND year = ?').run(ctx.station, year);
  return `WOF-${year}-${ctx.station}-${String(next).padStart(6, '0')}`;
}

function finalAccount(db: Db, accountId: number): { id: number; number: string; status: string } {
  const a = db.prepare('SELECT id, number, status FROM accounts WHERE id = ?').get(accountId) as { id: number; number: string; status: string } | undefined;
  if (!a) throw new CoreError('NOT_FOUND', `No account ${accountId}.`);
  if (a.status !== 'final_billed' && a.status !== 'closed')
    throw new CoreError('ACCOUNT_STATUS', `Account ${a.number} is ${a.status.replace('_', ' ')}: only a final-billed or closed account's balance is written off.`, { status: a.status });
  return a;
}

export function requestWriteOff(db: Db, input: { accountId: number; reason: string; idempotencyKey?: string }, ctx: WoContext): WriteOffView {
  if (input.idempotencyKey) {
    const prior = db.prepare('SELECT id, account_id FROM write_offs WHERE idempotency_key = ?').get(input.idempotencyKey) as { id: number; account_id: number } | undefined;
    if (prior) {
      if (prior.account_id !== input.accountId) throw new CoreError('IDEMPOTENCY_CONFLICT', 'This request key was already used for another write-off.');
      return getWriteOff(db, prior.id);
    }
  }
  const a = finalAccount(db, input.accountId);
  const balance = accountBalance(db, a.id);
  if (balance <= 0) throw new CoreError('BAD_INPUT', `Account ${a.number} owes nothing: there is no balance to write off.`, { field: 'accountId' });
  const pending = db.prepare("SELECT number FROM write_offs WHERE account_id = ? AND status = 'pending'").get(a.id) as { number: string } | undefined;
  if (pending) throw new CoreError('CONFLICT', `Write-off ${pending.number} for account ${a.number} is already waiting for a supervisor.`);
  const id = Number(
    db
      .prepare('INSERT INTO write_offs (number, account_id, amount_cents, reason, requested_at, requested_by, station, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(nextNumber(db, ctx), a.id, balance, input.reason, ctx.at, ctx.userId, ctx.station, input.idempotencyKey ?? null).lastInsertRowid,
  );
  return getWriteOff(db, id);
}

function pendingRow(db: Db, id: number) {
  const w = db.prepare('SELECT id, number, account_id, amount_cents, status, requested_by FROM write_offs WHERE id = ?').get(id) as
    | { id: number; number: string; account_id: number; amount_cents: number; status: string; requested_by: number }
    | undefined;
  if (!w) throw new CoreError('NOT_FOUND', `No write-off ${id}.`);
  if (w.status !== 'pending') throw new CoreError('CONFLICT', `Write-off ${w.number} is already ${w.status}.`);
  return w;
}

export function approveWriteOff(db: Db, id: number, ctx: WoContext, settings: Pick<SettingsValues, 'serviceOrder'>): WriteOffView {
  const w = pendingRow(db, id);
  if (w.requested_by === ctx.userId) throw new CoreError('FORBIDDEN', `${w.number} was requested by you: another supervisor approves a write-off.`);
  finalAccount(db, w.account_id);
  const balance = accountBalance(db, w.account_id);
  if (balance !== w.amount_cents)
    throw new CoreError('CONFLICT', `${w.number} is for ${(w.amount_cents / 100).toFixed(2)} but the balance is now ${(balance / 100).toFixed(2)} (paid or charged meanwhile): reject it and request a new one.`, {
      balanceCents: balance,
    });
  const entryId = postEntry(db, {
    kind: 'write_off',
    businessDate: ctx.today,
    postedAt: ctx.at,
    userId: w.requested_by,
    approvedBy: ctx.userId,
    station: ctx.station,
    memo: `Write-off ${w.number}`,
    idempotencyKey: `write-off:${w.id}`,
    lines: [
      { glCode: GL.badDebt, amountCents: w.amount_cents },
      { glCode: GL.receivables, accountId: w.account_id, amountCents: -w.amount_cents },
    ],
  });
  const { allocations } = allocate(openCharges(db, w.account_id), w.amount_cents, settings.serviceOrder);
  const alloc = db.prepare('INSERT INTO allocations (entry_id, charge_id, amount_cents) VALUES (?, ?, ?)');
  for (const x of allocations) alloc.run(entryId, x.chargeId, x.amountCents);
  db.prepare("UPDATE write_offs SET status = 'posted', decided_at = ?, decided_by = ?, entry_id = ? WHERE id = ?").run(ctx.at, ctx.userId, entryId, w.id);
  return getWriteOff(db, w.id);
}

export function rejectWriteOff(db: Db, id: number, reason: string, ctx: WoContext): WriteOffView {
  const w = pendingRow(db, id);
  db.prepare("UPDATE write_offs SET status = 'rejected', decided_at = ?, decided_by = ?, reject_reason = ? WHERE id = ?").run(ctx.at, ctx.userId, reason, w.id);
  return getWriteOff(db, w.id);
}

// Agency referral ---------------------------------------------------------------------------

export interface ReferralRow {
  accountId: number;
  accountNumber: string;
  name: string;
  mailingAddress: string;
  phone: string | null;
  status: string;
  balanceCents: number;
  oldestDue: string;
  lastPayment: string | null;
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const money = (c: number) => (c / 100).toFixed(2);

/** Final balances due for referral on asOf (not yet referred). */
export function referralCandidates(db: Db, asOf: string, s: Pick<SettingsValues, 'agencyReferralMinimumCents' | 'agencyReferralDays'>): ReferralRow[] {
  const latestDue = addDays(asOf, -s.agencyReferralDays);
  const rows = db
    .prepare(
      `SELECT a.id AS accountId, a.number AS accountNumber, c.display_name AS name,
              c.mail_street || ', ' || c.mail_city || ', ' || c.mail_state || ' ' || c.mail_zip AS mailingAddress, c.phone, a.status,
              (SELECT coalesce(sum(j.amount_cents), 0) FROM journal_lines j WHERE j.account_id = a.id AND j.gl_code = '${GL.receivables}') AS balanceCents,
              (SELECT min(ch.due_date) FROM charges ch WHERE ch.account_id = a.id
                 AND ch.amount_cents > coalesce((SELECT sum(al.amount_cents) FROM allocations al WHERE al.charge_id = ch.id), 0)) AS oldestDue,
              (SELECT max(e.business_date) FROM journal_lines j JOIN journal_entries e ON e.id = j.entry_id
                WHERE j.account_id = a.id AND j.gl_code = '${GL.receivables}' AND e.kind = 'payment') AS lastPayment
         FROM accounts a JOIN customers c ON c.id = a.customer_id
        WHERE a.status IN ('final_billed', 'closed') AND a.in_collections = 0
          AND NOT EXISTS (SELECT 1 FROM agency_referrals r WHERE r.account_id = a.id)
        ORDER BY a.number`,
    )
    .all() as ReferralRow[];
  return rows.filter((r) => r.balanceCents >= s.agencyReferralMinimumCents && r.balanceCents > 0 && r.oldestDue !== null && r.oldestDue <= latestDue);
}

export function referralCsv(rows: readonly ReferralRow[]): string {
  const head = 'account,name,mailing_address,phone,status,balance,oldest_due,last_payment';
  return [head, ...rows.map((r) => [r.accountNumber, r.name, r.mailingAddress, r.phone, r.status, money(r.balanceCents), r.oldestDue, r.lastPayment].map(csvCell).join(','))].join('\r\n') + '\r\n';
}

/** Refers the candidates: marks each (never sent twice) and returns the CSV. Inside a transaction. */
export function referToAgency(db: Db, asOf: string, s: Pick<SettingsValues, 'agencyReferralMinimumCents' | 'agencyReferralDays'>, ctx: WoContext) {
  const rows = referralCandidates(db, asOf, s);
  const ins = db.prepare('INSERT INTO agency_referrals (account_id, referred_on, balance_cents, oldest_due, referred_at, referred_by) VALUES (?, ?, ?, ?, ?, ?)');
  const mark = db.prepare('UPDATE accounts SET in_collections = 1 WHERE id = ?');
  for (const r of rows) {
    ins.run(r.accountId, ctx.today, r.balanceCents, r.oldestDue, ctx.at, ctx.userId);
    mark.run(r.accountId);
  }
  return { rows, totalCents: rows.reduce((t, r) => t + r.balanceCents, 0), csv: referralCsv(rows) };
}

// Unclaimed property ------------------------------------------------------------------------

export interface UnclaimedRow {
  kind: 'credit_balance' | 'refund_check';
  accountId: number;
  accountNumber: string;
  name: string;
  mailingAddress: string;
  amountCents: number;
  /** The last ledger activity (credit) or the check's date (refund check). */
  since: string;
  checkRequestId: number | null;
}

export function unclaimedProperty(db: Db, asOf: string, s: Pick<SettingsValues, 'unclaimedPropertyDays'>): { rows: UnclaimedRow[]; totalCents: number; csv: string } {
  const before = addDays(asOf, -s.unclaimedPropertyDays);
  const credits = db
    .prepare(
      `SELECT 'credit_balance' AS kind, a.id AS accountId, a.number AS accountNumber, c.display_name AS name,
              c.mail_street || ', ' || c.mail_city || ', ' || c.mail_state || ' ' || c.mail_zip AS mailingAddress,
              -sum(j.amount_cents) AS amountCents, max(e.business_date) AS since, NULL AS checkRequestId
         FROM accounts a JOIN customers c ON c.id = a.customer_id
         JOIN journal_lines j ON j.account_id = a.id AND j.gl_code = '${GL.receivables}' JOIN journal_entries e ON e.id = j.entry_id
        WHERE a.status IN ('final_billed', 'closed')
        GROUP BY a.id HAVING sum(j.amount_cents) < 0 AND max(e.business_date) <= ?`,
    )
    .all(before) as UnclaimedRow[];
  const checks = db
    .prepare(
      `SELECT 'refund_check' AS kind, a.id AS accountId, a.number AS accountNumber, k.payee AS name,
              k.mail_street || ', ' || k.mail_city || ', ' || k.mail_state || ' ' || k.mail_zip AS mailingAddress,
              k.amount_cents AS amountCents, k.business_date AS since, k.id AS checkRequestId
         FROM check_requests k JOIN accounts a ON a.id = k.account_id
        WHERE k.business_date <= ? AND NOT EXISTS (SELECT 1 FROM refund_check_claims cl WHERE cl.check_request_id = k.id)`,
    )
    .all(before) as UnclaimedRow[];
  const rows = [...credits, ...checks].sort((x, y) => x.accountNumber.localeCompare(y.accountNumber) || x.kind.localeCompare(y.kind));
  const head = 'kind,account,name,mailing_address,amount,since';
  const csv = [head, ...rows.map((r) => [r.kind, r.accountNumber, r.name, r.mailingAddress, money(r.amountCents), r.since].map(csvCell).join(','))].join('\r\n') + '\r\n';
  return { rows, totalCents: rows.reduce((t, r) => t + r.amountCents, 0), csv };
}

export function claimRefundCheck(db: Db, checkRequestId: number, claimedOn: string, ctx: WoContext): void {
  if (!db.prepare('SELECT 1 FROM check_requests WHERE id = ?').get(checkRequestId)) throw new CoreError('NOT_FOUND', `No refund check ${checkRequestId}.`);
  if (db.prepare('SELECT 1 FROM refund_check_claims WHERE check_request_id = ?').get(checkRequestId)) throw new CoreError('CONFLICT', `Refund check ${checkRequestId} is already marked claimed.`);
  db.prepare('INSERT INTO refund_check_claims (check_request_id, claimed_on, recorded_at, recorded_by) VALUES (?, ?, ?, ?)').run(checkRequestId, claimedOn, ctx.at, ctx.userId);
}
