// Mail payment batches: a control count and total first, then account number (or the bill
// stub's scan line) + amount + what was received (a check, with its number when keyed, or a
// money order) rows; rows can be corrected or removed until the batch posts, and the batch posts
// only when the keyed count and total match the controls.
import { parseScanLine } from '../../../src-shared/scan-line';
import type { MailBatch } from '../../../src-shared/ipc/counter-schemas';
import type { Db } from '../../db/open-ledger';
import { accountByOldScanLine, accountIdByLegacyKey, hasLegacyColumns, resolveAccountNumber } from '../accounts/account-ref';
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
        `SELECT i.id, i.account_id AS accountId, a.number AS accountNumber, ${hasLegacyColumns(db) ? 'a.legacy_number' : 'NULL'} AS legacyNumber, c.display_name AS name, i.amount_cents AS amountCents,
                i.check_number AS checkNumber, i.payer, i.tender_kind AS tenderKind,
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

export interface MailItemInput {
  batchId: number;
  /** An account number with its check digit, or the 19-digit scan line of the bill stub. */
  accountNumber: string;
  amountCents: number;
  /** What came in the envelope; a row without a kind is a check (most mail payments are). */
  tenderKind?: 'check' | 'money_order' | undefined;
  checkNumber?: string | undefined;
  payer?: string | undefined;
}

/** The account a keyed number or a scanned stub names, checked for a mail row of this kind. */
function resolveMailRow(db: Db, p: MailItemInput): { accountId: number; tenderKind: 'check' | 'money_order' } {
  const scan = parseScanLine(p.accountNumber);
  if (!scan && /^\d{19}$/.test(p.accountNumber.replace(/\s/g, '')) && accountIdByLegacyKey(db, p.accountNumber) === null && accountByOldScanLine(db, p.accountNumber) === null) throw new CoreError('BAD_ACCOUNT_NUMBER', 'That scan line does not read (its check digit fails); key the account number from the stub.');
  // The stub's number: TownCounter's, or the old number on a bill from the previous system.
  const found = resolveAccountNumber(db, scan ? scan.accountNumber : p.accountNumber, { rekey: 're-key it from the stub' });
  const acct = db.prepare('SELECT id, cash_only FROM accounts WHERE id = ?').get(found.id) as { id: number; cash_only: number };
  const tenderKind = p.tenderKind ?? 'check';
  if (tenderKind === 'money_order' && p.checkNumber) throw new CoreError('BAD_INPUT', 'A money order has no check number; choose "Check" or clear the number.');
  if (acct.cash_only && tenderKind === 'check') throw new CoreError('CASH_ONLY', `Account ${found.number} is cash-only: return the check to the customer with a letter.`);
  return { accountId: acct.id, tenderKind };
}

export function addMailItem(db: Db, p: MailItemInput & { at: string }): void {
  requireOpenBatch(db, p.batchId);
  const row = resolveMailRow(db, p);
  db.prepare('INSERT INTO mail_batch_items (batch_id, account_id, amount_cents, check_number, payer, added_at, tender_kind) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    p.batchId,
    row.accountId,
    p.amountCents,
    p.checkNumber ?? null,
    p.payer ?? null,
    p.at,
    row.tenderKind,
  );
}

/** Corrects a keyed row of a batch not yet posted (the whole row is replaced by what is given). */
export function updateMailItem(db: Db, p: MailItemInput & { itemId: number }): void {
  requireOpenBatch(db, p.batchId);
  const row = resolveMailRow(db, p);
  const n = db
    .prepare('UPDATE mail_batch_items SET account_id = ?, amount_cents = ?, check_number = ?, payer = ?, tender_kind = ? WHERE id = ? AND batch_id = ?')
    .run(row.accountId, p.amountCents, p.checkNumber ?? null, p.payer ?? null, row.tenderKind, p.itemId, p.batchId).changes;
  if (n === 0) throw new CoreError('NOT_FOUND', `No item ${p.itemId} in batch ${p.batchId}.`);
}

export function removeMailItem(db: Db, batchId: number, itemId: number): void {
  requireOpenBatch(db, batchId);
  const n = db.prepare('DELETE FROM mail_batch_items WHERE id = ? AND batch_id = ?').run(itemId, batchId).changes;
  if (n === 0) throw new CoreError('NOT_FOUND', `No item ${itemId} in batch ${batchId}.`);
}
