// The account status life cycle (DOMAIN "Customers, locations, accounts"): pending -> active ->
// final_billed -> closed (or pending -> closed: a new service cancelled before it was ever
// connected or billed), one row of append-only history per change with who and why. Every
// status change goes through setAccountStatus (the connect order's completion, the final bill,
// the close-out); any other move is refused with ACCOUNT_STATUS. Runs in the caller's transaction.
import type { AccountStatus } from '../../../src-shared/domain';
import type { Db } from '../../db/open-ledger';
import { CoreError } from '../errors';

/** The one move allowed out of each status (a new account starts pending: from null). */
export const NEXT_STATUS: Record<AccountStatus | 'none', AccountStatus | null> = {
  none: 'pending',
  pending: 'active',
  active: 'final_billed',
  final_billed: 'closed',
  closed: null,
};

const LABEL: Record<AccountStatus, string> = { pending: 'pending', active: 'active', final_billed: 'final-billed', closed: 'closed' };

export interface StatusChange {
  at: string;
  userId: number | null;
  reason: string;
  /** The date the account closed (final bill: the last day of service). */
  closedOn?: string;
}

export interface StatusHistoryRow {
  at: string;
  fromStatus: AccountStatus | null;
  toStatus: AccountStatus;
  userName: string | null;
  reason: string;
}

export function accountStatus(db: Db, accountId: number): { number: string; status: AccountStatus } {
  const row = db.prepare('SELECT number, status FROM accounts WHERE id = ?').get(accountId) as { number: string; status: AccountStatus } | undefined;
  if (!row) throw new CoreError('NOT_FOUND', `No account with id ${accountId}.`);
  return row;
}

/** Refuses unless the account is in one of the given statuses. */
export function requireStatus(db: Db, accountId: number, allowed: readonly AccountStatus[], doing: string): { number: string; status: AccountStatus } {
  const a = accountStatus(db, accountId);
  if (!allowed.includes(a.status)) {
    throw new CoreError('ACCOUNT_STATUS', `Account ${a.number} is ${LABEL[a.status]}; ${doing} needs an account that is ${allowed.map((s) => LABEL[s]).join(' or ')}.`, { status: a.status, accountNumber: a.number });
  }
  return a;
}

/** Records the first status of an account just inserted (pending). */
export function recordInitialStatus(db: Db, accountId: number, change: StatusChange): void {
  const a = accountStatus(db, accountId);
  if (a.status !== 'pending') throw new CoreError('ACCOUNT_STATUS', `A new account starts pending; ${a.number} is ${LABEL[a.status]}.`, { status: a.status });
  db.prepare('INSERT INTO account_status_history (account_id, at, from_status, to_status, user_id, reason) VALUES (?, ?, NULL, ?, ?, ?)').run(accountId, change.at, 'pending', change.userId, change.reason);
}

/** Moves an account one step along its life cycle, with history; any other move is ACCOUNT_STATUS. */
export function setAccountStatus(db: Db, accountId: number, to: AccountStatus, change: StatusChange): void {
  const a = accountStatus(db, accountId);
  const cancelledBeforeConnect = a.status === 'pending' && to === 'closed';
  if (NEXT_STATUS[a.status] !== to && !cancelledBeforeConnect) {
    throw new CoreError('ACCOUNT_STATUS', `Account ${a.number} is ${LABEL[a.status]}; it can't become ${LABEL[to]}${NEXT_STATUS[a.status] ? ` (only ${LABEL[NEXT_STATUS[a.status]!]})` : ''}.`, {
      status: a.status,
      to,
    });
  }
  if (change.closedOn !== undefined) db.prepare('UPDATE accounts SET status = ?, closed_on = ? WHERE id = ?').run(to, change.closedOn, accountId);
  else db.prepare('UPDATE accounts SET status = ? WHERE id = ?').run(to, accountId);
  db.prepare('INSERT INTO account_status_history (account_id, at, from_status, to_status, user_id, reason) VALUES (?, ?, ?, ?, ?, ?)').run(accountId, change.at, a.status, to, change.userId, change.reason);
}

export function statusHistory(db: Db, accountId: number): StatusHistoryRow[] {
  return (
    db
      .prepare(
        `SELECT h.at, h.from_status, h.to_status, u.display_name AS user_name, h.reason
           FROM account_status_history h LEFT JOIN users u ON u.id = h.user_id WHERE h.account_id = ? ORDER BY h.id`,
      )
      .all(accountId) as Array<{ at: string; from_status: AccountStatus | null; to_status: AccountStatus; user_name: string | null; reason: string }>
  ).map((r) => ({ at: r.at, fromStatus: r.from_status, toStatus: r.to_status, userName: r.user_name, reason: r.reason }));
}
