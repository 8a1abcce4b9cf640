// The day's reports, computed from the ledger for a business date so the same day gives the
// same numbers at any later time: the daily cash report and the receipt journal.
import type { DailyCashReport, ReceiptJournalReport } from '../../../src-shared/ipc/day-end-schemas';
import type { Db } from '../../db/open-ledger';
import { CoreError } from '../errors';
import { GL } from '../ledger/gl';
import { listTransfers } from '../counter/transfers';

type TenderKind = 'cash' | 'check' | 'card' | 'money_order' | 'remittance';
/** Entries that belong to the day's collections. */
const COLLECTION_KINDS = "('payment', 'void', 'returned_payment', 'over_short')";

export function requireBusinessDay(db: Db, businessDate: string) {
  const d = db
    .prepare('SELECT b.business_date, b.opened_at, b.closed_at, u.display_name AS closed_by FROM business_days b LEFT JOIN users u ON u.id = b.closed_by WHERE b.business_date = ?')
    .get(businessDate) as { business_date: string; opened_at: string; closed_at: string | null; closed_by: string | null } | undefined;
  if (!d) throw new CoreError('NOT_FOUND', `No business day ${businessDate}.`);
  return d;
}

export function dailyCashReport(db: Db, businessDate: string, townName: string): DailyCashReport {
  const day = requireBusinessDay(db, businessDate);
  const receipts = db
    .prepare(
      `SELECT r.id, r.number, r.total_cents, r.change_cents, u.display_name AS cashier,
              (SELECT v.id FROM journal_entries v WHERE v.reverses_entry_id = r.entry_id AND v.kind = 'void') AS void_entry
         FROM receipts r JOIN users u ON u.id = r.user_id WHERE r.business_date = ? ORDER BY r.station, r.seq`,
    )
    .all(businessDate) as Array<{ id: number; number: string; total_cents: number; change_cents: number; cashier: string; void_entry: number | null }>;
  const tenderStmt = db.prepare('SELECT kind, amount_cents FROM receipt_tenders WHERE receipt_id = ?');
  const tenders = { cash: 0, check: 0, card: 0, money_order: 0, remittance: 0 };
  let change = 0;
  let net = 0;
  const byCashier = new Map<string, { cashier: string; receipts: number; voids: number; netCents: number }>();
  for (const r of receipts) {
    const c = byCashier.get(r.cashier) ?? { cashier: r.cashier, receipts: 0, voids: 0, netCents: 0 };
    byCashier.set(r.cashier, c);
    if (r.void_entry !== null) {
      c.voids++;
      continue;
    }
    c.receipts++;
    c.netCents += r.total_cents;
    net += r.total_cents;
    change += r.change_cents;
    for (const t of tenderStmt.all(r.id) as Array<{ kind: TenderKind; amount_cents: number }>) tenders[t.kind] += t.amount_cents;
  }
  const byGl = (
    db
      .prepare(
        `SELECT l.gl_code AS glCode, g.name, sum(CASE WHEN l.amount_cents > 0 THEN l.amount_cents ELSE 0 END) AS debitCents,
                sum(CASE WHEN l.amount_cents < 0 THEN -l.amount_cents ELSE 0 END) AS creditCents
           FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id JOIN gl_accounts g ON g.code = l.gl_code
          WHERE e.business_date = ? AND e.kind IN ${COLLECTION_KINDS}
          GROUP BY l.gl_code ORDER BY l.gl_code`,
      )
      .all(businessDate) as DailyCashReport['byGl']
  );
  const byRevenue = db
    .prepare(
      `SELECT CASE WHEN rl.account_id IS NOT NULL THEN 'Utility accounts' ELSE rc.code || ' ' || rc.name END AS label,
              CASE WHEN rl.account_id IS NOT NULL THEN '${GL.receivables}' ELSE rc.gl_code END AS glCode, sum(rl.amount_cents) AS amountCents
         FROM receipt_lines rl JOIN receipts r ON r.id = rl.receipt_id LEFT JOIN revenue_codes rc ON rc.code = rl.revenue_code
        WHERE r.business_date = ? AND NOT EXISTS (SELECT 1 FROM journal_entries v WHERE v.reverses_entry_id = r.entry_id AND v.kind = 'void')
        GROUP BY label, glCode ORDER BY glCode, label`,
    )
    .all(businessDate) as DailyCashReport['byRevenue'];
  const voids = db
    .prepare(
      `SELECT r.number AS receiptNumber, u.display_name AS cashier, r.total_cents AS amountCents, v.memo AS reason, s.display_name AS approvedBy
         FROM journal_entries v JOIN receipts r ON r.entry_id = v.reverses_entry_id JOIN users u ON u.id = r.user_id LEFT JOIN users s ON s.id = v.approved_by
        WHERE v.kind = 'void' AND v.business_date = ? ORDER BY r.number`,
    )
    .all(businessDate) as DailyCashReport['voids'];
  const returned = db
    .prepare(
      `SELECT r.number AS receiptNumber, rp.amount_cents AS amountCents, rp.reason,
              coalesce((SELECT sum(amount_cents) FROM journal_lines WHERE entry_id = rp.fee_entry_id AND amount_cents > 0), 0) AS feeCents
         FROM returned_payments rp JOIN receipts r ON r.id = rp.receipt_id JOIN journal_entries e ON e.id = rp.entry_id
        WHERE e.business_date = ? ORDER BY rp.id`,
    )
    .all(businessDate) as DailyCashReport['returned'];
  const mailBatches = db
    .prepare(
      `SELECT b.id, count(i.id) AS count, coalesce(sum(i.amount_cents), 0) AS totalCents, b.posted_at AS postedAt
         FROM mail_batches b LEFT JOIN mail_batch_items i ON i.batch_id = b.id WHERE b.business_date = ? GROUP BY b.id ORDER BY b.id`,
    )
    .all(businessDate) as DailyCashReport['mailBatches'];
  const drawers = (
    db
      .prepare(
        `SELECT d.id AS drawerId, u.display_name AS cashier, d.station, d.closed_at IS NOT NULL AS closed,
                (SELECT sum(l.amount_cents) FROM drawer_closes c JOIN journal_lines l ON l.entry_id = c.over_short_entry_id
                  WHERE c.drawer_id = d.id AND l.gl_code <> '${GL.overShort}') AS overShort, (SELECT 1 FROM drawer_closes c WHERE c.drawer_id = d.id) AS hasClose
           FROM drawers d JOIN users u ON u.id = d.user_id WHERE d.business_date = ? ORDER BY d.id`,
      )
      .all(businessDate) as Array<{ drawerId: number; cashier: string; station: string; closed: number; overShort: number | null; hasClose: number | null }>
  ).map((d) => ({ drawerId: d.drawerId, cashier: d.cashier, station: d.station, closed: d.closed === 1, overShortCents: d.hasClose ? (d.overShort ?? 0) : null }));
  return {
    businessDate,
    townName,
    status: day.closed_at ? 'closed' : 'open',
    closedAt: day.closed_at,
    closedBy: day.closed_by,
    tenders,
    changeCents: change,
    netCollectedCents: net,
    byGl,
    byCashier: [...byCashier.values()].sort((a, b) => a.cashier.localeCompare(b.cashier)),
    byRevenue,
    voids,
    returned,
    mailBatches,
    transfers: listTransfers(db, { businessDate }),
    drawers,
    overShortCents: drawers.reduce((s, d) => s + (d.overShortCents ?? 0), 0),
    receiptCount: receipts.filter((r) => r.void_entry === null).length,
  };
}

export function receiptJournal(db: Db, businessDate: string): ReceiptJournalReport {
  requireBusinessDay(db, businessDate);
  const rows = (
    db
      .prepare(
        `SELECT r.number, r.posted_at AS postedAt, u.display_name AS cashier, CASE WHEN r.mail_batch_id IS NULL THEN 'counter' ELSE 'mail' END AS source,
                CASE WHEN EXISTS (SELECT 1 FROM journal_entries v WHERE v.reverses_entry_id = r.entry_id AND v.kind = 'void') THEN 'void'
                     WHEN EXISTS (SELECT 1 FROM returned_payments rp WHERE rp.receipt_id = r.id) THEN 'returned' ELSE 'posted' END AS status,
                r.payer, r.total_cents AS totalCents,
                (SELECT json_group_array(json_object('kind', t.kind, 'amountCents', t.amount_cents)) FROM (SELECT * FROM receipt_tenders t WHERE t.receipt_id = r.id ORDER BY t.line_no) t) AS tenders
           FROM receipts r JOIN users u ON u.id = r.user_id WHERE r.business_date = ? ORDER BY r.station, r.seq`,
      )
      .all(businessDate) as Array<Omit<ReceiptJournalReport['rows'][number], 'tenders'> & { tenders: string }>
  ).map((r) => ({ ...r, tenders: JSON.parse(r.tenders) as ReceiptJournalReport['rows'][number]['tenders'] }));
  return {
    businessDate,
    rows,
    totalPostedCents: rows.filter((r) => r.status !== 'void').reduce((s, r) => s + r.totalCents, 0),
    totalVoidCents: rows.filter((r) => r.status === 'void').reduce((s, r) => s + r.totalCents, 0),
  };
}
