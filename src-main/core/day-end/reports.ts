// The day's reports, computed from the ledger for a business date so the same day gives the
// same numbers at any later time: the daily cash report and the receipt journal.
import type { DailyCashReport, MailDepositSlip, ReceiptJournalReport } from '../../../src-shared/ipc/day-end-schemas';
import type { Db } from '../../db/open-ledger';
import { CoreError } from '../errors';
import { GL } from '../ledger/gl';
import { listTransfers } from '../counter/transfers';

type TenderKind = 'cash' | 'check' | 'card' | 'money_order' | 'remittance';
/** The GL accounts money comes in through (cash, checks, card clearing, money orders, remittances, draft clearing). */
const COLLECTION_GL = [GL.cash, GL.checks, GL.cardClearing, GL.moneyOrders, GL.remittances, GL.draftClearing];
const COLLECTION_GL_SQL = `(${COLLECTION_GL.map((c) => `'${c}'`).join(', ')})`;
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
  const overShortCents = drawers.reduce((s, d) => s + (d.overShortCents ?? 0), 0);
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
    overShortCents,
    receiptCount: receipts.filter((r) => r.void_entry === null).length,
    reconciliation: reconcile(db, businessDate, net),
    ...depositsOfDay(db, businessDate),
  };
}

/**
 * From the receipts' tender totals to the GL section's collection accounts: every journal entry
 * of the day that touches a collection account is either a receipt (or its void) or one of the
 * reconciling lines below; the difference is what none of them explains (0 when the day ties).
 */
function reconcile(db: Db, businessDate: string, netCollectedCents: number): DailyCashReport['reconciliation'] {
  const groups = db
    .prepare(
      `SELECT CASE
                WHEN e.kind = 'payment' AND EXISTS (SELECT 1 FROM receipts r WHERE r.entry_id = e.id AND r.business_date = e.business_date) THEN 'receipt'
                WHEN e.kind = 'void' AND EXISTS (SELECT 1 FROM receipts r WHERE r.entry_id = e.reverses_entry_id AND r.business_date = e.business_date) THEN 'receipt'
                WHEN e.kind = 'payment' AND EXISTS (SELECT 1 FROM receipts r WHERE r.entry_id = e.id) THEN 'receipt_other_day'
                WHEN e.kind = 'void' AND EXISTS (SELECT 1 FROM receipts r WHERE r.entry_id = e.reverses_entry_id) THEN 'void_other_day'
                WHEN e.kind = 'payment' AND EXISTS (SELECT 1 FROM journal_lines d WHERE d.entry_id = e.id AND d.gl_code = '${GL.draftClearing}') THEN 'draft'
                WHEN e.kind = 'payment' AND EXISTS (SELECT 1 FROM setoff_import_items s WHERE s.entry_id = e.id) THEN 'setoff'
                WHEN e.kind = 'payment' THEN 'no_receipt'
                ELSE e.kind END AS grp,
              count(DISTINCT e.id) AS n, sum(l.amount_cents) AS amount
         FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
        WHERE e.business_date = ? AND e.kind IN ${COLLECTION_KINDS} AND l.gl_code IN ${COLLECTION_GL_SQL}
        GROUP BY grp`,
    )
    .all(businessDate) as Array<{ grp: string; n: number; amount: number }>;
  const by = new Map(groups.map((g) => [g.grp, g]));
  const glCents = groups.reduce((s, g) => s + g.amount, 0);
  const LABELS: Array<[string, string]> = [
    ['draft', 'Bank drafts posted (no counter receipt)'],
    ['setoff', 'NC Debt Setoff proceeds posted (no counter receipt)'],
    ['no_receipt', 'Other payments without a counter receipt (converted or imported history)'],
    ['returned_payment', 'Returned payments (checks and drafts)'],
    ['over_short', 'Drawer over (short)'],
    ['receipt_other_day', 'Payments dated this day on receipts of another day'],
    ['void_other_day', 'Voids of receipts of another day'],
  ];
  const lines: DailyCashReport['reconciliation']['lines'] = [{ label: 'Net collected on receipts (tenders less change)', count: null, amountCents: netCollectedCents }];
  for (const [grp, label] of LABELS) {
    const g = by.get(grp);
    if (g) lines.push({ label, count: g.n, amountCents: g.amount });
  }
  const expectedGlCents = lines.reduce((s, l) => s + l.amountCents, 0);
  return { lines, expectedGlCents, glCents, differenceCents: glCents - expectedGlCents };
}

interface DepositedCheck {
  receiptNumber?: string;
  tenderLineNo?: number | null;
  checkNumber: string;
  amountCents: number;
}

/**
 * The day's deposit slips — each counted drawer (the count it closed on, or its latest) and each
 * posted mail batch — and the checks, money orders and remittances received on the day that are
 * on none of them.
 */
function depositsOfDay(db: Db, businessDate: string): Pick<DailyCashReport, 'deposits' | 'checksNotDeposited'> {
  const deposits: DailyCashReport['deposits'] = [];
  const received = db
    .prepare(
      `SELECT r.number AS receiptNumber, r.drawer_id AS drawerId, r.mail_batch_id AS batchId, b.posted_at AS batchPosted, t.line_no AS lineNo, t.kind,
              coalesce(t.check_number, t.reference) AS checkNumber, t.amount_cents AS amountCents
         FROM receipts r JOIN receipt_tenders t ON t.receipt_id = r.id LEFT JOIN mail_batches b ON b.id = r.mail_batch_id
        WHERE r.business_date = ? AND t.kind IN ('check', 'money_order', 'remittance')
          AND NOT EXISTS (SELECT 1 FROM journal_entries v WHERE v.reverses_entry_id = r.entry_id AND v.kind = 'void')
        ORDER BY r.station, r.seq, t.line_no`,
    )
    .all(businessDate) as Array<{ receiptNumber: string; drawerId: number | null; batchId: number | null; batchPosted: string | null; lineNo: number; kind: string; checkNumber: string | null; amountCents: number }>;
  // What each counted drawer's slip lists.
  const slips = new Map<number, DepositedCheck[]>();
  const drawers = db
    .prepare(
      `SELECT d.id, d.station, d.starting_cents, u.display_name AS cashier,
              coalesce((SELECT c.count_id FROM drawer_closes c WHERE c.drawer_id = d.id), (SELECT max(id) FROM drawer_counts WHERE drawer_id = d.id)) AS countId,
              coalesce((SELECT sum(amount_cents) FROM drawer_pickups WHERE drawer_id = d.id), 0) AS pickups
         FROM drawers d JOIN users u ON u.id = d.user_id WHERE d.business_date = ? ORDER BY d.id`,
    )
    .all(businessDate) as Array<{ id: number; station: string; starting_cents: number; cashier: string; countId: number | null; pickups: number }>;
  for (const d of drawers) {
    if (d.countId === null) continue;
    const c = db.prepare('SELECT counted_cash_cents, checks, counted_checks_cents FROM drawer_counts WHERE id = ?').get(d.countId) as { counted_cash_cents: number; checks: string; counted_checks_cents: number };
    const checks = JSON.parse(c.checks) as DepositedCheck[];
    slips.set(d.id, checks);
    deposits.push({ source: 'drawer', id: d.id, label: `Drawer ${d.id} (${d.cashier}, ${d.station})`, cashCents: c.counted_cash_cents - d.starting_cents + d.pickups, checkCount: checks.length, checksCents: c.counted_checks_cents });
  }
  const batches = db
    .prepare(
      `SELECT b.id, b.station, count(t.line_no) AS n, coalesce(sum(t.amount_cents), 0) AS total
         FROM mail_batches b JOIN receipts r ON r.mail_batch_id = b.id JOIN receipt_tenders t ON t.receipt_id = r.id
        WHERE b.business_date = ? AND b.posted_at IS NOT NULL AND t.kind IN ('check', 'money_order', 'remittance') GROUP BY b.id ORDER BY b.id`,
    )
    .all(businessDate) as Array<{ id: number; station: string; n: number; total: number }>;
  for (const b of batches) deposits.push({ source: 'mail', id: b.id, label: `Mail batch ${b.id} (${b.station})`, cashCents: 0, checkCount: b.n, checksCents: b.total });

  const checksNotDeposited: DailyCashReport['checksNotDeposited'] = [];
  for (const t of received) {
    if (t.batchId !== null) {
      if (!t.batchPosted) checksNotDeposited.push({ receiptNumber: t.receiptNumber, kind: t.kind, checkNumber: t.checkNumber, amountCents: t.amountCents, why: `mail batch ${t.batchId} is not posted` });
      continue;
    }
    if (t.drawerId === null) continue;
    const slip = slips.get(t.drawerId);
    if (!slip) {
      checksNotDeposited.push({ receiptNumber: t.receiptNumber, kind: t.kind, checkNumber: t.checkNumber, amountCents: t.amountCents, why: `drawer ${t.drawerId} is not counted yet` });
      continue;
    }
    // Ticked off the drawer's list (receipt and line), else keyed by hand with the same number and amount.
    let i = slip.findIndex((c) => c.receiptNumber === t.receiptNumber && c.tenderLineNo === t.lineNo);
    if (i < 0) i = slip.findIndex((c) => c.receiptNumber === undefined && c.amountCents === t.amountCents && (t.checkNumber === null || c.checkNumber === t.checkNumber));
    if (i >= 0) slip.splice(i, 1);
    else checksNotDeposited.push({ receiptNumber: t.receiptNumber, kind: t.kind, checkNumber: t.checkNumber, amountCents: t.amountCents, why: `not on drawer ${t.drawerId}'s deposit slip` });
  }
  return { deposits, checksNotDeposited };
}

/** A mail batch's deposit slip: each check and money order of the posted batch, with its receipt. */
export function mailDepositSlip(db: Db, batchId: number): MailDepositSlip {
  const b = db.prepare('SELECT id, business_date, station, posted_at FROM mail_batches WHERE id = ?').get(batchId) as { id: number; business_date: string; station: string; posted_at: string | null } | undefined;
  if (!b) throw new CoreError('NOT_FOUND', `No mail batch ${batchId}.`);
  if (!b.posted_at) throw new CoreError('DAY_NOT_READY', `Mail batch ${batchId} is not posted yet; its deposit slip comes with the posting.`);
  const items = db
    .prepare(
      `SELECT r.number AS receiptNumber, t.kind, t.check_number AS checkNumber, coalesce(t.payer, r.payer) AS payer, a.number AS accountNumber, t.amount_cents AS amountCents
         FROM mail_batch_items i JOIN receipts r ON r.mail_item_id = i.id JOIN receipt_tenders t ON t.receipt_id = r.id JOIN accounts a ON a.id = i.account_id
        WHERE i.batch_id = ? ORDER BY i.id, t.line_no`,
    )
    .all(batchId) as MailDepositSlip['items'];
  return { batchId: b.id, businessDate: b.business_date, station: b.station, postedAt: b.posted_at, items, totalCents: items.reduce((s, i) => s + i.amountCents, 0) };
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
                (SELECT group_concat(x.label, '; ') FROM (SELECT CASE WHEN rl.account_id IS NOT NULL THEN a.number || ' ' || c.display_name ELSE rl.revenue_code || coalesce(' ' || rc.name, '') END AS label
                   FROM receipt_lines rl LEFT JOIN accounts a ON a.id = rl.account_id LEFT JOIN customers c ON c.id = a.customer_id LEFT JOIN revenue_codes rc ON rc.code = rl.revenue_code
                  WHERE rl.receipt_id = r.id ORDER BY rl.line_no) x) AS paidFor,
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
