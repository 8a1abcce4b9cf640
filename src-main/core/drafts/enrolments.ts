// Bank-draft enrolments: the customer's authorization to debit a checking or savings account.
// The bank account number is encrypted before it reaches the ledger and leaves it masked
// (••••1234) everywhere except a NACHA file and an audited reveal. Audit details carry the
// routing number and last four digits, never the number.
import type { DraftEnrolment } from '../../../src-shared/ipc/export-schemas';
import type { Db } from '../../db/open-ledger';
import { recordAudit } from '../audit';
import { CoreError } from '../errors';
import type { Keyring } from './keyring';

export interface EnrolmentRow {
  id: number;
  account_id: number;
  account_number: string;
  holder_name: string;
  routing_number: string;
  account_type: 'checking' | 'savings';
  bank_account_enc: Buffer;
  bank_account_last4: string;
  authorized_on: string;
  status: DraftEnrolment['status'];
  live_from: string | null;
  enrolled_at: string;
  enrolled_by_name: string | null;
  ended_at: string | null;
  end_reason: string | null;
}

export const ENROLMENT_SELECT = `SELECT e.*, a.number AS account_number, u.display_name AS enrolled_by_name
  FROM draft_enrolments e JOIN accounts a ON a.id = e.account_id LEFT JOIN users u ON u.id = e.enrolled_by`;

/** Associated data binding an encrypted bank account number to its account. */
export const enrolmentAad = (accountId: number) => `towncounter:draft-enrolment:account:${accountId}`;

export function maskBankAccount(last4: string): string {
  return `••••${last4}`;
}

export function enrolmentView(r: EnrolmentRow): DraftEnrolment {
  return {
    id: r.id,
    accountId: r.account_id,
    accountNumber: r.account_number,
    holderName: r.holder_name,
    routingNumber: r.routing_number,
    accountType: r.account_type,
    bankAccountMasked: maskBankAccount(r.bank_account_last4),
    bankAccountLast4: r.bank_account_last4,
    status: r.status,
    liveFrom: r.live_from,
    authorizedOn: r.authorized_on,
    enrolledAt: r.enrolled_at,
    enrolledBy: r.enrolled_by_name,
    endedAt: r.ended_at,
    endReason: r.end_reason,
  };
}

export function getEnrolment(db: Db, id: number): EnrolmentRow {
  const r = db.prepare(`${ENROLMENT_SELECT} WHERE e.id = ?`).get(id) as EnrolmentRow | undefined;
  if (!r) throw new CoreError('NOT_FOUND', `No bank-draft enrolment ${id}.`);
  return r;
}

export function listEnrolments(db: Db, q: { accountId?: number | undefined; status?: DraftEnrolment['status'] | undefined; limit: number }): DraftEnrolment[] {
  const rows = db
    .prepare(`${ENROLMENT_SELECT} WHERE (@accountId IS NULL OR e.account_id = @accountId) AND (@status IS NULL OR e.status = @status) ORDER BY e.id DESC LIMIT @limit`)
    .all({ accountId: q.accountId ?? null, status: q.status ?? null, limit: q.limit }) as EnrolmentRow[];
  return rows.map(enrolmentView);
}

export interface EnrollInput {
  accountId: number;
  routingNumber: string;
  accountType: 'checking' | 'savings';
  bankAccountNumber: string;
  holderName?: string | undefined;
  authorizedOn: string;
}

/** Records an enrolment. Inside the caller's transaction. */
export function enroll(db: Db, keyring: Keyring, input: EnrollInput, ctx: { userId: number; station: string; at: string; today: string; prenote: boolean }): number {
  const acct = db.prepare('SELECT a.id, a.number, a.status, c.display_name FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id = ?').get(input.accountId) as
    | { id: number; number: string; status: string; display_name: string }
    | undefined;
  if (!acct) throw new CoreError('NOT_FOUND', `No account with id ${input.accountId}.`);
  if (acct.status === 'closed' || acct.status === 'final_billed') throw new CoreError('CONFLICT', `Account ${acct.number} is ${acct.status.replace('_', ' ')}; it cannot be enrolled in bank drafts.`);
  if (input.authorizedOn > ctx.today) throw new CoreError('BAD_INPUT', 'The authorization date cannot be in the future.');
  const live = db.prepare("SELECT id FROM draft_enrolments WHERE account_id = ? AND status <> 'ended'").get(acct.id) as { id: number } | undefined;
  if (live) throw new CoreError('CONFLICT', `Account ${acct.number} is already enrolled in bank drafts (enrolment ${live.id}); cancel it first to change the bank account.`);
  const holder = (input.holderName ?? acct.display_name).trim();
  const enc = keyring.encrypt(input.bankAccountNumber, enrolmentAad(acct.id));
  const id = Number(
    db
      .prepare(
        `INSERT INTO draft_enrolments (account_id, holder_name, routing_number, account_type, bank_account_enc, bank_account_last4, authorized_on, status, live_from, enrolled_at, enrolled_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(acct.id, holder, input.routingNumber, input.accountType, enc, input.bankAccountNumber.slice(-4), input.authorizedOn, ctx.prenote ? 'pending_prenote' : 'active', ctx.prenote ? null : ctx.today, ctx.at, ctx.userId)
      .lastInsertRowid,
  );
  db.prepare('UPDATE accounts SET bank_draft = 1 WHERE id = ?').run(acct.id);
  recordAudit(db, {
    at: ctx.at,
    userId: ctx.userId,
    station: ctx.station,
    action: 'drafts.enroll',
    subject: acct.number,
    details: { enrolmentId: id, routingNumber: input.routingNumber, accountType: input.accountType, bankAccountLast4: input.bankAccountNumber.slice(-4), authorizedOn: input.authorizedOn, prenote: ctx.prenote },
  });
  return id;
}

/** Ends an enrolment (cancelled, or stopped by a return) and clears the account's bank-draft flag. Inside the caller's transaction. */
export function endEnrolment(db: Db, id: number, reason: string, ctx: { userId: number | null; at: string }): void {
  const r = db.prepare('SELECT account_id, status FROM draft_enrolments WHERE id = ?').get(id) as { account_id: number; status: string } | undefined;
  if (!r) throw new CoreError('NOT_FOUND', `No bank-draft enrolment ${id}.`);
  if (r.status === 'ended') return;
  db.prepare("UPDATE draft_enrolments SET status = 'ended', ended_at = ?, ended_by = ?, end_reason = ? WHERE id = ?").run(ctx.at, ctx.userId, reason, id);
  db.prepare('UPDATE accounts SET bank_draft = 0 WHERE id = ?').run(r.account_id);
}

export function revealBankAccount(keyring: Keyring, r: Pick<EnrolmentRow, 'account_id' | 'bank_account_enc'>): string {
  return keyring.decrypt(r.bank_account_enc, enrolmentAad(r.account_id));
}
