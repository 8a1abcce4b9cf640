// Mail payment batches: a control count and total first, then account number + amount (+
// check number) rows; the batch posts only when the keyed count and total match the controls.
import { checkAccountNumber } from '../../../src-shared/account-number';
import type { MailBatch } from '../../../src-shared/ipc/counter-schemas';
import type { Db } from '../../db/open-ledger';
import { CoreError } from '../errors';
import { readSettings } from '../settings';
import { formatTownTime } from '../town-time';

interface BatchRow {
  id: number;
  business_date: string;
  station: string;
  opened_by: string;
  opened_at: string;
  control_count: number;
  control_total_cents: number;
  posted_at: string | null;
  posted_by: string | null;
}

export function getMailBatch(db: Db, batchId: number): MailBatch {
  const b = db
    .prepare(
      `SELECT b.id, b.business_date, b.station, u.display_name AS opened_by, b.opened_at, b.control_count, b.control_total_cents,
              b.posted_at, p.display_name AS posted_by
         FROM mail_batches b JOIN users u ON u.id = b.user_id LEFT JOIN users p ON p.id = b.posted_by WHERE b.id = ?`,
    )
    .get(batchId) as BatchRow | undefined;
  if (!b) throw new CoreError('NOT_FOUND', `No mail batch ${batchId}.`);
  const items = (
    db
      .prepare(
        `SELECT i.id, i.account_id AS accountId, a.number AS accountNumber, c.display_name AS name, i.amount_cents AS amountCents,
                i.check_number AS checkNumber, i.payer,
                (SELECT r.number FROM receipts r WHERE r.mail_item_id = i.id) AS receiptNumber
           FROM mail_batch_items i JOIN accounts a ON a.id = i.account_id JOIN customers c ON c.id = a.customer_id
          WHERE i.batch_id = ? ORDER BY i.id`,
      )
      .all(batchId) as MailBatch['items']
  );
  const total = items.reduce((s, i) => s + i.amountCents, 0);
  return {
    id: b.id,
    businessDate: b.business_date,
    station: b.station,
    openedBy: b.opened_by,
    openedAt: b.opened_at,
    controlCount: b.control_count,
    controlTotalCents: b.control_total_cents,
    count: items.length,
    totalCents: total,
    countDifference: items.length - b.control_count,
    totalDifferenceCents: total - b.control_total_cents,
    balanced: items.length === b.control_count && total === b.control_total_cents,
    postedAt: b.posted_at,
    postedBy: b.posted_by,
    items,
  };
}

export function openMailBatch(db: Db, p: { userId: number; station: string; businessDate: string; at: string; controlCount: number; controlTotalCents: number }): number {
  return Number(
    db
      .prepare('INSERT INTO mail_batches (business_date, station, user_id, control_count, control_total_cents, opened_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(p.businessDate, p.station, p.userId, p.controlCount, p.controlTotalCents, p.at).lastInsertRowid,
  );
}

export function requireOpenBatch(db: Db, batchId: number): MailBatch {
  const b = getMailBatch(db, batchId);
  if (b.postedAt) throw new CoreError('ALREADY_POSTED', `Mail batch ${batchId} was posted at ${formatTownTime(b.postedAt, readSettings(db).timeZone)}; it can't change.`);
  return b;
}

export function addMailItem(db: Db, p: { batchId: number; accountNumber: string; amountCents: number; checkNumber?: string | undefined; payer?: string | undefined; at: string }): void {
  requireOpenBatch(db, p.batchId);
  const check = checkAccountNumber(p.accountNumber);
  if (!check.ok) {
    throw new CoreError('BAD_ACCOUNT_NUMBER', check.reason === 'CHECK_DIGIT' ? `${p.accountNumber} fails its check digit; re-key it from the stub.` : `${p.accountNumber} is not an account number (like 0012345-6).`);
  }
  const acct = db.prepare('SELECT id, cash_only FROM accounts WHERE number = ?').get(check.number) as { id: number; cash_only: number } | undefined;
  if (!acct) throw new CoreError('NOT_FOUND', `No account ${check.number}.`);
  if (acct.cash_only && p.checkNumber) throw new CoreError('CASH_ONLY', `Account ${check.number} is cash-only: return the check to the customer with a letter.`);
  db.prepare('INSERT INTO mail_batch_items (batch_id, account_id, amount_cents, check_number, payer, added_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    p.batchId,
    acct.id,
    p.amountCents,
    p.checkNumber ?? null,
    p.payer ?? null,
    p.at,
  );
}

export function removeMailItem(db: Db, batchId: number, itemId: number): void {
  requireOpenBatch(db, batchId);
  const n = db.prepare('DELETE FROM mail_batch_items WHERE id = ? AND batch_id = ?').run(itemId, batchId).changes;
  if (n === 0) throw new CoreError('NOT_FOUND', `No item ${itemId} in batch ${batchId}.`);
}
