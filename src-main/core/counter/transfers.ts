// Payment transfers: moving (part of) a posted payment from the account it was keyed to onto the
// account it was meant for — the correction once the drawer is closed and a void is no longer
// allowed. A pair of journal entries through the transfer clearing account: out of the wrong
// account (its allocations undone, newest first) and into the right one (allocated oldest first,
// like any payment). Both point at the original payment entry, so the receipt keeps its number,
// and both show on their account's page and in the day's report.
import type { SettingsValues } from '../../../src-shared/ipc/contract';
import type { PaymentTransfer } from '../../../src-shared/ipc/counter-schemas';
import { formatCents } from '../../../src-shared/money';
import type { Db } from '../../db/open-ledger';
import { openCharges } from '../accounts/queries';
import { CoreError } from '../errors';
import { GL } from '../ledger/gl';
import { postEntry } from '../ledger/journal';
import { allocate } from './allocation';
import { findReceiptRow } from './payments';

export interface TransferRequest {
  receiptNumber: string;
  fromAccountId: number;
  toAccountId: number;
  amountCents: number;
  reason: string;
}

interface AccountRef {
  id: number;
  number: string;
  name: string;
}

function account(db: Db, id: number): AccountRef {
  const a = db.prepare('SELECT a.id, a.number, c.display_name AS name FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id = ?').get(id) as AccountRef | undefined;
  if (!a) throw new CoreError('NOT_FOUND', `No account with id ${id}.`);
  return a;
}

/** Checks a transfer and returns what it would move. Reads only. */
export function checkTransfer(db: Db, req: TransferRequest): { receipt: NonNullable<ReturnType<typeof findReceiptRow>>; from: AccountRef; to: AccountRef; transferableCents: number } {
  const receipt = findReceiptRow(db, { number: req.receiptNumber });
  if (!receipt) throw new CoreError('NOT_FOUND', `No receipt ${req.receiptNumber}.`);
  const from = account(db, req.fromAccountId);
  const to = account(db, req.toAccountId);
  if (from.id === to.id) throw new CoreError('TRANSFER_NOT_ALLOWED', 'Choose a different account to move the payment to.');
  if (db.prepare("SELECT 1 FROM journal_entries WHERE reverses_entry_id = ? AND kind = 'void'").get(receipt.entry_id)) {
    throw new CoreError('TRANSFER_NOT_ALLOWED', `Receipt ${receipt.number} is void: there is no payment to move.`);
  }
  if (db.prepare('SELECT 1 FROM returned_payments WHERE receipt_id = ?').get(receipt.id)) {
    throw new CoreError('TRANSFER_NOT_ALLOWED', `Receipt ${receipt.number} has a returned payment recorded; it can't be moved.`);
  }
  const paid = (db.prepare('SELECT coalesce(sum(amount_cents), 0) AS c FROM receipt_lines WHERE receipt_id = ? AND account_id = ?').get(receipt.id, from.id) as { c: number }).c;
  if (paid === 0) throw new CoreError('TRANSFER_NOT_ALLOWED', `Receipt ${receipt.number} paid nothing to account ${from.number}.`);
  const moved = (db.prepare('SELECT coalesce(sum(amount_cents), 0) AS c FROM payment_transfers WHERE receipt_id = ? AND from_account_id = ?').get(receipt.id, from.id) as { c: number }).c;
  const transferableCents = paid - moved;
  if (req.amountCents > transferableCents) {
    throw new CoreError(
      'TRANSFER_NOT_ALLOWED',
      `Receipt ${receipt.number} paid ${formatCents(paid, { symbol: true })} to account ${from.number}${moved > 0 ? `, ${formatCents(moved, { symbol: true })} of it already moved` : ''}: at most ${formatCents(transferableCents, { symbol: true })} can be moved.`,
      { transferableCents },
    );
  }
  return { receipt, from, to, transferableCents };
}

/** Posts the pair of entries and the transfer row. Inside the caller's transaction. */
export function postTransfer(
  db: Db,
  req: TransferRequest,
  ctx: { userId: number; approvedBy: number | null; station: string; businessDate: string; postedAt: string; idempotencyKey: string; settings: SettingsValues },
): number {
  const { receipt, from, to } = checkTransfer(db, req);
  const amount = req.amountCents;
  const base = { businessDate: ctx.businessDate, postedAt: ctx.postedAt, userId: ctx.userId, approvedBy: ctx.approvedBy, station: ctx.station, reversesEntryId: receipt.entry_id };
  const outId = postEntry(db, {
    ...base,
    kind: 'transfer',
    memo: `Payment transfer to ${to.number} (receipt ${receipt.number}): ${req.reason}`,
    idempotencyKey: ctx.idempotencyKey,
    lines: [
      { glCode: GL.receivables, accountId: from.id, amountCents: amount },
      { glCode: GL.transferClearing, amountCents: -amount },
    ],
  });
  const inId = postEntry(db, {
    ...base,
    kind: 'transfer',
    memo: `Payment transfer from ${from.number} (receipt ${receipt.number}): ${req.reason}`,
    idempotencyKey: `${ctx.idempotencyKey}-in`,
    lines: [
      { glCode: GL.transferClearing, amountCents: amount },
      { glCode: GL.receivables, accountId: to.id, amountCents: -amount },
    ],
  });
  // Out: undo what this receipt (less earlier transfers out of it) paid on the wrong account, newest first.
  const paidCharges = db
    .prepare(
      `SELECT a.charge_id AS chargeId, sum(a.amount_cents) AS paid, max(a.id) AS last
         FROM allocations a JOIN charges c ON c.id = a.charge_id
        WHERE c.account_id = ? AND (a.entry_id = ? OR a.entry_id IN (SELECT out_entry_id FROM payment_transfers WHERE receipt_id = ?))
        GROUP BY a.charge_id HAVING paid > 0 ORDER BY last DESC, a.charge_id DESC`,
    )
    .all(from.id, receipt.entry_id, receipt.id) as Array<{ chargeId: number; paid: number }>;
  const alloc = db.prepare('INSERT INTO allocations (entry_id, charge_id, amount_cents) VALUES (?, ?, ?)');
  let left = amount;
  for (const c of paidCharges) {
    if (left <= 0) break;
    const take = Math.min(left, c.paid);
    alloc.run(outId, c.chargeId, -take);
    left -= take;
  }
  // In: like a payment on the right account.
  for (const a of allocate(openCharges(db, to.id), amount, ctx.settings.serviceOrder).allocations) alloc.run(inId, a.chargeId, a.amountCents);
  return Number(
    db
      .prepare(
        `INSERT INTO payment_transfers (receipt_id, from_account_id, to_account_id, amount_cents, reason, out_entry_id, in_entry_id, business_date, posted_at, user_id, approved_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(receipt.id, from.id, to.id, amount, req.reason, outId, inId, ctx.businessDate, ctx.postedAt, ctx.userId, ctx.approvedBy).lastInsertRowid,
  );
}

const TRANSFER_SELECT = `
  SELECT t.id, r.number AS receiptNumber, t.from_account_id AS fromAccountId, fa.number AS fromAccountNumber, fc.display_name AS fromName,
         t.to_account_id AS toAccountId, ta.number AS toAccountNumber, tc.display_name AS toName, t.amount_cents AS amountCents, t.reason,
         t.business_date AS businessDate, t.posted_at AS postedAt, u.display_name AS by, s.display_name AS approvedBy, e.idempotency_key AS idempotencyKey
    FROM payment_transfers t JOIN receipts r ON r.id = t.receipt_id
    JOIN accounts fa ON fa.id = t.from_account_id JOIN customers fc ON fc.id = fa.customer_id
    JOIN accounts ta ON ta.id = t.to_account_id JOIN customers tc ON tc.id = ta.customer_id
    JOIN users u ON u.id = t.user_id LEFT JOIN users s ON s.id = t.approved_by
    JOIN journal_entries e ON e.id = t.out_entry_id`;

type TransferRow = Omit<PaymentTransfer, 'replayed'> & { idempotencyKey: string };

const view = (r: TransferRow, replayed: boolean): PaymentTransfer => {
  const { idempotencyKey: _key, ...rest } = r;
  return { ...rest, replayed };
};

export function getTransfer(db: Db, id: number, replayed = false): PaymentTransfer {
  return view(db.prepare(`${TRANSFER_SELECT} WHERE t.id = ?`).get(id) as TransferRow, replayed);
}

/** A transfer already posted with this idempotency key (the same request), or null. */
export function findTransferByKey(db: Db, key: string, req: TransferRequest): PaymentTransfer | null {
  const r = db.prepare(`${TRANSFER_SELECT} WHERE e.idempotency_key = ?`).get(key) as TransferRow | undefined;
  if (!r) {
    if (db.prepare('SELECT 1 FROM journal_entries WHERE idempotency_key = ?').get(key)) throw new CoreError('IDEMPOTENCY_CONFLICT', 'That idempotency key was already used for something else.');
    return null;
  }
  const same = r.receiptNumber === req.receiptNumber.toUpperCase() && r.fromAccountId === req.fromAccountId && r.toAccountId === req.toAccountId && r.amountCents === req.amountCents;
  if (!same) throw new CoreError('IDEMPOTENCY_CONFLICT', 'That idempotency key was already used for a different transfer.');
  return view(r, true);
}

/** The transfers of a business day (the day's report) or of one account (both directions). */
export function listTransfers(db: Db, where: { businessDate: string } | { accountId: number }): PaymentTransfer[] {
  const rows =
    'businessDate' in where
      ? (db.prepare(`${TRANSFER_SELECT} WHERE t.business_date = ? ORDER BY t.id`).all(where.businessDate) as TransferRow[])
      : (db.prepare(`${TRANSFER_SELECT} WHERE t.from_account_id = ? OR t.to_account_id = ? ORDER BY t.id DESC`).all(where.accountId, where.accountId) as TransferRow[]);
  return rows.map((r) => view(r, false));
}
