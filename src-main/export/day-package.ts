// The export package of one closed business day (docs/EXPORT.md): payments.csv, revenue.csv,
// gl.csv, voids.csv, returned.csv, adjustments.csv, work_orders.csv, check_requests.csv and manifest.json, built from the ledger in a
// fixed order so the same day always gives the same bytes (the manifest's createdAt is the day's
// close time, never "now"). Payments are read in pages of entries, yielding to the event loop
// between pages, so a 20,000-payment day never holds the main process for long.
import crypto from 'node:crypto';
import type { Db } from '../db/open-ledger';
import { GL } from '../core/ledger/gl';
import { zonedInstant } from '../core/export/local-time';
import { readSettings } from '../core/settings';
import { moneyCell, CsvWriter, type Column } from './csv';

export const EXPORT_FORMAT = 'towncounter-day-export';
/** 2: work_orders.csv added. 3: check_requests.csv added. */
export const EXPORT_FORMAT_VERSION = 3;
export const PACKAGE_FILES = ['payments.csv', 'revenue.csv', 'gl.csv', 'voids.csv', 'returned.csv', 'adjustments.csv', 'work_orders.csv', 'check_requests.csv', 'manifest.json'] as const;
/** Journal entry kinds listed line by line in adjustments.csv. */
export const ADJUSTMENT_KINDS = ['over_short', 'adjustment', 'write_off', 'refund', 'transfer'] as const;

export interface PackageFile {
  name: string;
  bytes: Buffer;
  rows: number;
  sha256: string;
  controls: Record<string, number | boolean>;
}

export interface Manifest {
  format: string;
  formatVersion: number;
  businessDate: string;
  station: string;
  town: string;
  appVersion: string;
  createdAt: string;
  files: Array<{ name: string; rows: number; bytes: number; sha256: string; controls: Record<string, number | boolean> }>;
  totals: Record<string, number | boolean>;
}

export interface DayPackage {
  businessDate: string;
  station: string;
  /** The package folder's name in the target: "<YYYY-MM-DD>_<station>". */
  folderName: string;
  /** Every file, manifest.json last. */
  files: PackageFile[];
  manifest: Manifest;
  manifestSha256: string;
}

export interface BuildOptions {
  businessDate: string;
  /** The station the package is delivered as (folder name, manifest). */
  station: string;
  appVersion: string;
  townName: string;
  /** The business day's close time: the package's creation time. */
  createdAt: string;
  /** The town's time zone (where the business day starts); default: the ledger's setting. */
  timeZone?: string;
  /** Entries per page (default 500). */
  pageSize?: number;
  /** Awaited between pages (default: one turn of the event loop). */
  pause?: () => Promise<void>;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const yn = (b: boolean | number) => (b ? 'Y' : 'N');

export function packageFolderName(businessDate: string, station: string): string {
  return `${businessDate}_${station}`;
}

const TENDER_NAMES: Record<string, string> = { cash: 'cash', check: 'check', card: 'card', money_order: 'money order', remittance: 'remittance' };
const GL_TENDER_NAMES: Record<string, string> = {
  [GL.cash]: 'cash',
  [GL.checks]: 'check',
  [GL.cardClearing]: 'card',
  [GL.moneyOrders]: 'money order',
  [GL.remittances]: 'remittance',
  [GL.draftClearing]: 'bank draft',
};

// Rows ------------------------------------------------------------------------------------

type PaymentSource = 'counter' | 'mail' | 'draft' | 'other';
const SOURCE_CONTROL = { counter: 'counterCents', mail: 'mailCents', draft: 'draftCents', other: 'otherCents' } as const;

interface PaymentRow {
  station: string | null;
  source: string;
  receipt: string | null;
  entryId: number;
  postedAt: string;
  accountNumber: string;
  chargeId: number | null;
  chargeKind: string;
  service: string | null;
  description: string;
  dueDate: string | null;
  glCode: string;
  amount: number;
  tenders: string;
  voided: boolean;
}

interface RevenueRow {
  station: string | null;
  source: string;
  receipt: string;
  entryId: number;
  postedAt: string;
  lineNo: number;
  code: string;
  name: string;
  glCode: string;
  description: string;
  billRef: string | null;
  taxYear: number | null;
  department: string | null;
  amount: number;
  tenders: string;
  voided: boolean;
}

function columns<R>(date: string, cols: Array<[string, Column<R>['type'], (r: R) => string | number | null]>): Array<Column<R>> {
  return [{ name: 'business_date', type: 'text', value: () => date }, ...cols.map(([name, type, value]) => ({ name, type, value }))];
}

export async function buildDayPackage(db: Db, o: BuildOptions): Promise<DayPackage> {
  const pause = o.pause ?? nextTurn;
  const pageSize = o.pageSize ?? 500;
  const day = o.businessDate;

  const paymentCols = columns<PaymentRow>(day, [
    ['station', 'text', (r) => r.station],
    ['source', 'text', (r) => r.source],
    ['receipt_number', 'text', (r) => r.receipt],
    ['entry_id', 'int', (r) => r.entryId],
    ['posted_at', 'text', (r) => r.postedAt],
    ['account_number', 'text', (r) => r.accountNumber],
    ['charge_id', 'int', (r) => r.chargeId],
    ['charge_kind', 'text', (r) => r.chargeKind],
    ['service', 'text', (r) => r.service],
    ['charge_description', 'text', (r) => r.description],
    ['charge_due_date', 'text', (r) => r.dueDate],
    ['gl_code', 'text', (r) => r.glCode],
    ['amount', 'money', (r) => r.amount],
    ['tender_summary', 'text', (r) => r.tenders],
    ['voided', 'text', (r) => yn(r.voided)],
  ]);
  const revenueCols = columns<RevenueRow>(day, [
    ['station', 'text', (r) => r.station],
    ['source', 'text', (r) => r.source],
    ['receipt_number', 'text', (r) => r.receipt],
    ['entry_id', 'int', (r) => r.entryId],
    ['posted_at', 'text', (r) => r.postedAt],
    ['line_no', 'int', (r) => r.lineNo],
    ['revenue_code', 'text', (r) => r.code],
    ['revenue_name', 'text', (r) => r.name],
    ['gl_code', 'text', (r) => r.glCode],
    ['description', 'text', (r) => r.description],
    ['bill_ref', 'text', (r) => r.billRef],
    ['tax_year', 'int', (r) => r.taxYear],
    ['department', 'text', (r) => r.department],
    ['amount', 'money', (r) => r.amount],
    ['tender_summary', 'text', (r) => r.tenders],
    ['voided', 'text', (r) => yn(r.voided)],
  ]);
  const payments = new CsvWriter(paymentCols);
  const revenue = new CsvWriter(revenueCols);
  const pc = { amountCents: 0, netCents: 0, counterCents: 0, mailCents: 0, draftCents: 0, otherCents: 0, entries: 0 };
  const rc = { amountCents: 0, netCents: 0 };

  // Payment entries, a page at a time.
  const pageStmt = db.prepare(
    `SELECT e.id, e.station, e.posted_at, r.id AS receipt_id, r.number AS receipt_number, r.drawer_id, r.change_cents, d.trace_number,
            EXISTS (SELECT 1 FROM journal_entries v WHERE v.reverses_entry_id = e.id AND v.kind = 'void') AS voided
       FROM journal_entries e LEFT JOIN receipts r ON r.entry_id = e.id LEFT JOIN draft_items d ON d.entry_id = e.id
      WHERE e.business_date = ? AND e.kind = 'payment' AND e.id > ? ORDER BY e.id LIMIT ?`,
  );
  const arStmt = db.prepare(
    `SELECT l.entry_id, l.account_id, a.number, -sum(l.amount_cents) AS paid, min(l.id) AS first_line
       FROM journal_lines l JOIN accounts a ON a.id = l.account_id
      WHERE l.entry_id IN (SELECT value FROM json_each(?)) AND l.gl_code = '${GL.receivables}'
      GROUP BY l.entry_id, l.account_id ORDER BY l.entry_id, first_line`,
  );
  const allocStmt = db.prepare(
    `SELECT a.entry_id, a.charge_id, a.amount_cents, c.account_id, c.kind, c.service, c.description, c.due_date, c.gl_code
       FROM allocations a JOIN charges c ON c.id = a.charge_id
      WHERE a.entry_id IN (SELECT value FROM json_each(?)) ORDER BY a.entry_id, a.id`,
  );
  const tenderStmt = db.prepare(
    `SELECT receipt_id, kind, amount_cents, check_number, card_brand, card_last4, reference FROM receipt_tenders
      WHERE receipt_id IN (SELECT value FROM json_each(?)) ORDER BY receipt_id, line_no`,
  );
  const debitStmt = db.prepare(
    `SELECT entry_id, gl_code, amount_cents FROM journal_lines
      WHERE entry_id IN (SELECT value FROM json_each(?)) AND amount_cents > 0 ORDER BY entry_id, id`,
  );
  const revenueStmt = db.prepare(
    `SELECT rl.receipt_id, rl.line_no, rl.revenue_code, rc.name, rc.gl_code, rl.description, rl.bill_ref, rl.tax_year, rl.department, rl.amount_cents
       FROM receipt_lines rl JOIN revenue_codes rc ON rc.code = rl.revenue_code
      WHERE rl.receipt_id IN (SELECT value FROM json_each(?)) AND rl.revenue_code IS NOT NULL ORDER BY rl.receipt_id, rl.line_no`,
  );

  type Entry = { id: number; station: string | null; posted_at: string; receipt_id: number | null; receipt_number: string | null; drawer_id: number | null; change_cents: number | null; trace_number: string | null; voided: number };
  type Ar = { entry_id: number; account_id: number; number: string; paid: number };
  type Alloc = { entry_id: number; charge_id: number; amount_cents: number; account_id: number; kind: string; service: string | null; description: string; due_date: string; gl_code: string };
  type Tender = { receipt_id: number; kind: string; amount_cents: number; check_number: string | null; card_brand: string | null; card_last4: string | null; reference: string | null };

  let after = 0;
  for (;;) {
    const page = pageStmt.all(day, after, pageSize) as Entry[];
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    const ids = JSON.stringify(page.map((e) => e.id));
    const receiptIds = JSON.stringify(page.filter((e) => e.receipt_id !== null).map((e) => e.receipt_id));
    const others = JSON.stringify(page.filter((e) => e.receipt_id === null && e.trace_number === null).map((e) => e.id));
    const ar = groupBy(arStmt.all(ids) as Ar[], (r) => r.entry_id);
    const allocs = groupBy(allocStmt.all(ids) as Alloc[], (r) => r.entry_id);
    const tenders = groupBy(tenderStmt.all(receiptIds) as Tender[], (r) => r.receipt_id);
    const debits = groupBy(debitStmt.all(others) as Array<{ entry_id: number; gl_code: string; amount_cents: number }>, (r) => r.entry_id);
    const revLines = groupBy(
      revenueStmt.all(receiptIds) as Array<{ receipt_id: number; line_no: number; revenue_code: string; name: string; gl_code: string; description: string; bill_ref: string | null; tax_year: number | null; department: string | null; amount_cents: number }>,
      (r) => r.receipt_id,
    );

    for (const e of page) {
      const source: PaymentSource = e.receipt_id !== null ? (e.drawer_id !== null ? 'counter' : 'mail') : e.trace_number !== null ? 'draft' : 'other';
      let summary: string;
      if (e.receipt_id !== null) {
        const parts = (tenders.get(e.receipt_id) ?? []).map((t) => {
          const detail = t.kind === 'check' ? t.check_number : t.kind === 'card' ? `${t.card_brand ?? ''} ${t.card_last4 ?? ''}`.trim() : t.reference;
          return `${TENDER_NAMES[t.kind] ?? t.kind}${detail ? ` ${detail}` : ''} ${moneyCell(t.amount_cents)}`;
        });
        if (e.change_cents) parts.push(`change ${moneyCell(e.change_cents)}`);
        summary = parts.join('; ');
      } else if (e.trace_number !== null) {
        summary = `bank draft trace ${e.trace_number}`;
      } else {
        summary = (debits.get(e.id) ?? []).filter((d) => d.gl_code !== GL.receivables).map((d) => `${GL_TENDER_NAMES[d.gl_code] ?? `GL ${d.gl_code}`} ${moneyCell(d.amount_cents)}`).join('; ');
      }
      const voided = e.voided === 1;
      pc.entries++;
      const entryAllocs = allocs.get(e.id) ?? [];
      for (const a of ar.get(e.id) ?? []) {
        let allocated = 0;
        const base = { station: e.station, source, receipt: e.receipt_number, entryId: e.id, postedAt: e.posted_at, accountNumber: a.number, tenders: summary, voided };
        for (const al of entryAllocs) {
          if (al.account_id !== a.account_id) continue;
          allocated += al.amount_cents;
          payments.add({ ...base, chargeId: al.charge_id, chargeKind: al.kind, service: al.service, description: al.description, dueDate: al.due_date, glCode: al.gl_code, amount: al.amount_cents });
        }
        const credit = a.paid - allocated;
        if (credit !== 0) payments.add({ ...base, chargeId: null, chargeKind: 'credit', service: null, description: 'Unapplied credit on account', dueDate: null, glCode: GL.receivables, amount: credit });
        pc.amountCents += a.paid;
        if (!voided) {
          pc.netCents += a.paid;
          pc[SOURCE_CONTROL[source]] += a.paid;
        }
      }
      if (e.receipt_id !== null) {
        for (const l of revLines.get(e.receipt_id) ?? []) {
          revenue.add({
            station: e.station,
            source,
            receipt: e.receipt_number!,
            entryId: e.id,
            postedAt: e.posted_at,
            lineNo: l.line_no,
            code: l.revenue_code,
            name: l.name,
            glCode: l.gl_code,
            description: l.description,
            billRef: l.bill_ref,
            taxYear: l.tax_year,
            department: l.department,
            amount: l.amount_cents,
            tenders: summary,
            voided,
          });
          rc.amountCents += l.amount_cents;
          if (!voided) rc.netCents += l.amount_cents;
        }
      }
    }
    payments.flush();
    revenue.flush();
    await pause();
  }

  // The GL journal of the day: debits and credits per station, entry kind and GL account.
  const gl = new CsvWriter(
    columns<{ station: string; kind: string; gl_code: string; name: string; entries: number; debit: number; credit: number }>(day, [
      ['station', 'text', (r) => r.station],
      ['entry_kind', 'text', (r) => r.kind],
      ['gl_code', 'text', (r) => r.gl_code],
      ['gl_name', 'text', (r) => r.name],
      ['entries', 'int', (r) => r.entries],
      ['debit', 'money', (r) => r.debit],
      ['credit', 'money', (r) => r.credit],
    ]),
  );
  // Summed a page of entries at a time (per kind, in id order) so no one query holds the loop.
  type GlRow = { station: string; kind: string; gl_code: string; name: string; entries: number; debit: number; credit: number };
  const kinds = (db.prepare('SELECT DISTINCT kind FROM journal_entries WHERE business_date = ? ORDER BY kind').all(day) as Array<{ kind: string }>).map((r) => r.kind);
  const kindPage = db.prepare('SELECT id FROM journal_entries WHERE business_date = ? AND kind = ? AND id > ? ORDER BY id LIMIT ?');
  const glPage = db.prepare(
    `SELECT coalesce(e.station, '') AS station, l.gl_code, g.name, count(DISTINCT e.id) AS entries,
            sum(CASE WHEN l.amount_cents > 0 THEN l.amount_cents ELSE 0 END) AS debit,
            sum(CASE WHEN l.amount_cents < 0 THEN -l.amount_cents ELSE 0 END) AS credit
       FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id JOIN gl_accounts g ON g.code = l.gl_code
      WHERE e.id IN (SELECT value FROM json_each(?)) GROUP BY 1, 2`,
  );
  const glSums = new Map<string, GlRow>();
  for (const kind of kinds) {
    let afterId = 0;
    for (;;) {
      const ids = (kindPage.all(day, kind, afterId, pageSize) as Array<{ id: number }>).map((r) => r.id);
      if (ids.length === 0) break;
      afterId = ids[ids.length - 1]!;
      for (const r of glPage.all(JSON.stringify(ids)) as Array<Omit<GlRow, 'kind'>>) {
        const key = `${r.station}\u0000${kind}\u0000${r.gl_code}`;
        const sum = glSums.get(key);
        if (sum) {
          sum.entries += r.entries;
          sum.debit += r.debit;
          sum.credit += r.credit;
        } else glSums.set(key, { ...r, kind });
      }
      await pause();
    }
  }
  const glRows = [...glSums.values()].sort((a, b) => (a.station < b.station ? -1 : a.station > b.station ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.gl_code < b.gl_code ? -1 : a.gl_code > b.gl_code ? 1 : 0));
  const glc = { debitCents: 0, creditCents: 0, balanced: true };
  for (const r of glRows) {
    gl.add(r);
    glc.debitCents += r.debit;
    glc.creditCents += r.credit;
  }
  glc.balanced = glc.debitCents === glc.creditCents;
  if (!glc.balanced) throw new Error(`the GL journal of ${day} does not balance: debits ${glc.debitCents}, credits ${glc.creditCents}`);
  await pause();

  // Voids of the day's receipts.
  type VoidRow = { id: number; station: string | null; posted_at: string; number: string; original_entry_id: number; original_business_date: string; cashier: string; approved_by: string | null; reason: string | null; total_cents: number };
  const voids = new CsvWriter(
    columns<VoidRow>(day, [
      ['station', 'text', (r) => r.station],
      ['void_entry_id', 'int', (r) => r.id],
      ['posted_at', 'text', (r) => r.posted_at],
      ['receipt_number', 'text', (r) => r.number],
      ['original_entry_id', 'int', (r) => r.original_entry_id],
      ['original_business_date', 'text', (r) => r.original_business_date],
      ['cashier', 'text', (r) => r.cashier],
      ['approved_by', 'text', (r) => r.approved_by],
      ['reason', 'text', (r) => r.reason],
      ['amount', 'money', (r) => r.total_cents],
    ]),
  );
  const vc = { amountCents: 0 };
  for (const r of db
    .prepare(
      `SELECT v.id, v.station, v.posted_at, r.number, r.entry_id AS original_entry_id, o.business_date AS original_business_date,
              u.display_name AS cashier, s.display_name AS approved_by, v.memo AS reason, r.total_cents
         FROM journal_entries v JOIN receipts r ON r.entry_id = v.reverses_entry_id JOIN journal_entries o ON o.id = r.entry_id
         JOIN users u ON u.id = r.user_id LEFT JOIN users s ON s.id = v.approved_by
        WHERE v.business_date = ? AND v.kind = 'void' ORDER BY v.id`,
    )
    .all(day) as VoidRow[]) {
    voids.add(r);
    vc.amountCents += r.total_cents;
  }

  // Returned payments recorded on the day: checks at the counter and bank drafts.
  type ReturnRow = {
    entry_id: number; station: string | null; posted_at: string; source: string; receipt_number: string | null; trace_number: string | null; original_entry_id: number;
    original_business_date: string; account_number: string | null; return_code: string | null; reason: string; returned_on: string; amount_cents: number; fee_cents: number;
    set_cash_only: number; ended: number;
  };
  const returned = new CsvWriter(
    columns<ReturnRow>(day, [
      ['station', 'text', (r) => r.station],
      ['source', 'text', (r) => r.source],
      ['return_entry_id', 'int', (r) => r.entry_id],
      ['posted_at', 'text', (r) => r.posted_at],
      ['receipt_number', 'text', (r) => r.receipt_number],
      ['trace_number', 'text', (r) => r.trace_number],
      ['original_entry_id', 'int', (r) => r.original_entry_id],
      ['original_business_date', 'text', (r) => r.original_business_date],
      ['account_number', 'text', (r) => r.account_number],
      ['return_code', 'text', (r) => r.return_code],
      ['reason', 'text', (r) => r.reason],
      ['returned_on', 'text', (r) => r.returned_on],
      ['amount', 'money', (r) => r.amount_cents],
      ['fee', 'money', (r) => r.fee_cents],
      ['cash_only_set', 'text', (r) => yn(r.set_cash_only)],
      ['enrolment_ended', 'text', (r) => yn(r.ended)],
    ]),
  );
  const retc = { amountCents: 0, feeCents: 0, counterCents: 0, draftCents: 0 };
  const feeOf = (col: string) => `coalesce((SELECT sum(amount_cents) FROM journal_lines WHERE entry_id = ${col} AND amount_cents > 0), 0)`;
  for (const r of db
    .prepare(
      `SELECT e.id AS entry_id, e.station, e.posted_at, 'counter' AS source, r.number AS receipt_number, NULL AS trace_number, r.entry_id AS original_entry_id,
              o.business_date AS original_business_date, a.number AS account_number, NULL AS return_code, rp.reason, rp.returned_on, rp.amount_cents,
              ${feeOf('rp.fee_entry_id')} AS fee_cents, rp.set_cash_only, 0 AS ended
         FROM returned_payments rp JOIN journal_entries e ON e.id = rp.entry_id JOIN receipts r ON r.id = rp.receipt_id
         JOIN journal_entries o ON o.id = r.entry_id LEFT JOIN accounts a ON a.id = rp.account_id
        WHERE e.business_date = @day
       UNION ALL
       SELECT e.id, e.station, e.posted_at, 'draft', NULL, di.trace_number, di.entry_id, o.business_date, a.number, dr.return_code, dr.reason, dr.returned_on,
              dr.amount_cents, ${feeOf('dr.fee_entry_id')}, dr.set_cash_only, dr.ended_enrolment
         FROM draft_returns dr JOIN journal_entries e ON e.id = dr.entry_id JOIN draft_items di ON di.id = dr.item_id
         JOIN journal_entries o ON o.id = di.entry_id JOIN accounts a ON a.id = dr.account_id
        WHERE e.business_date = @day
        ORDER BY 1`,
    )
    .all({ day }) as ReturnRow[]) {
    returned.add(r);
    retc.amountCents += r.amount_cents;
    retc.feeCents += r.fee_cents;
    if (r.source === 'draft') retc.draftCents += r.amount_cents;
    else retc.counterCents += r.amount_cents;
  }

  // Over/short and adjustment entries, line by line (debit > 0, credit < 0).
  type AdjRow = { id: number; station: string | null; kind: string; posted_at: string; user: string | null; approved_by: string | null; drawer_id: number | null; account_number: string | null; gl_code: string; gl_name: string; amount_cents: number; memo: string | null };
  const adjustments = new CsvWriter(
    columns<AdjRow>(day, [
      ['station', 'text', (r) => r.station],
      ['entry_id', 'int', (r) => r.id],
      ['entry_kind', 'text', (r) => r.kind],
      ['posted_at', 'text', (r) => r.posted_at],
      ['user', 'text', (r) => r.user],
      ['approved_by', 'text', (r) => r.approved_by],
      ['drawer_id', 'int', (r) => r.drawer_id],
      ['account_number', 'text', (r) => r.account_number],
      ['gl_code', 'text', (r) => r.gl_code],
      ['gl_name', 'text', (r) => r.gl_name],
      ['amount', 'money', (r) => r.amount_cents],
      ['memo', 'text', (r) => r.memo],
    ]),
  );
  const ac = { debitCents: 0, creditCents: 0, overShortCents: 0 };
  for (const r of db
    .prepare(
      `SELECT e.id, e.station, e.kind, e.posted_at, u.display_name AS user, s.display_name AS approved_by, dc.drawer_id, a.number AS account_number,
              l.gl_code, g.name AS gl_name, l.amount_cents, coalesce(l.memo, e.memo) AS memo
         FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id JOIN gl_accounts g ON g.code = l.gl_code
         LEFT JOIN accounts a ON a.id = l.account_id LEFT JOIN users u ON u.id = e.user_id LEFT JOIN users s ON s.id = e.approved_by
         LEFT JOIN drawer_closes dc ON dc.over_short_entry_id = e.id
        WHERE e.business_date = ? AND e.kind IN (${ADJUSTMENT_KINDS.map((k) => `'${k}'`).join(', ')}) ORDER BY e.id, l.id`,
    )
    .all(day) as AdjRow[]) {
    adjustments.add(r);
    if (r.amount_cents > 0) ac.debitCents += r.amount_cents;
    else ac.creditCents -= r.amount_cents;
    if (r.kind === 'over_short' && r.gl_code !== GL.overShort) ac.overShortCents += r.amount_cents;
  }

  await pause();

  // Work orders as they stood at the day's close: every order open then, and every order whose
  // status changed during the day. Read from the append-only history, so a re-send is the same.
  const timeZone = o.timeZone ?? readSettings(db).timeZone;
  const dayStart = zonedInstant(day, 0, 0, timeZone).toISOString();
  type WoRow = {
    station: string; number: string; type: string; type_label: string; division: string; priority: string; status_at_close: string; account_number: string | null;
    address: string; meter_number: string | null; source: string; created_at: string; due_at: string; crew: string | null; dispatched_at: string | null;
    completed_at: string | null; reading: number | null; reading_flag: string | null; verified_at: string | null; cancelled_at: string | null; cancel_reason: string | null; changed_today: number;
  };
  const workOrders = new CsvWriter(
    columns<WoRow>(day, [
      ['station', 'text', (r) => r.station],
      ['work_order', 'text', (r) => r.number],
      ['type', 'text', (r) => r.type],
      ['type_label', 'text', (r) => r.type_label],
      ['division', 'text', (r) => r.division],
      ['priority', 'text', (r) => r.priority],
      ['status_at_close', 'text', (r) => r.status_at_close],
      ['changed_today', 'text', (r) => yn(r.changed_today)],
      ['account_number', 'text', (r) => r.account_number],
      ['address', 'text', (r) => r.address],
      ['meter_number', 'text', (r) => r.meter_number],
      ['source', 'text', (r) => r.source],
      ['created_at', 'text', (r) => r.created_at],
      ['due_at', 'text', (r) => r.due_at],
      ['overdue_at_close', 'text', (r) => yn((r.completed_at ?? r.cancelled_at ?? o.createdAt) > r.due_at && r.status_at_close !== 'cancelled')],
      ['crew', 'text', (r) => r.crew],
      ['dispatched_at', 'text', (r) => r.dispatched_at],
      ['completed_at', 'text', (r) => r.completed_at],
      ['turnaround_hours', 'text', (r) => (r.completed_at ? ((Date.parse(r.completed_at) - Date.parse(r.created_at)) / 3_600_000).toFixed(1) : null)],
      ['reading', 'int', (r) => r.reading],
      ['reading_flag', 'text', (r) => r.reading_flag],
      ['verified_at', 'text', (r) => r.verified_at],
      ['cancelled_at', 'text', (r) => r.cancelled_at],
      ['cancel_reason', 'text', (r) => r.cancel_reason],
    ]),
  );
  const wc = { open: 0, created: 0, completed: 0, verified: 0, cancelled: 0, overdue: 0 };
  const lastEvent = (cond: string) => `(SELECT e.at FROM work_order_events e WHERE e.work_order_id = w.id AND ${cond} AND e.at <= @close ORDER BY e.id DESC LIMIT 1)`;
  for (const r of db
    .prepare(
      `SELECT * FROM (
         SELECT w.station, w.number, w.type, t.label AS type_label, w.division, w.priority, a.number AS account_number, w.address, w.meter_number, w.source,
                w.created_at, w.due_at, w.completed_at AS completed_at_now, w.reading AS reading_now, w.reading_flag AS reading_flag_now, w.cancel_reason AS cancel_reason_now,
                (SELECT e.to_status FROM work_order_events e WHERE e.work_order_id = w.id AND e.at <= @close ORDER BY e.id DESC LIMIT 1) AS status_at_close,
                EXISTS (SELECT 1 FROM work_order_events e WHERE e.work_order_id = w.id AND e.at >= @start AND e.at <= @close) AS changed_today,
                (SELECT c.name FROM work_order_events e JOIN crews c ON c.id = json_extract(e.details, '$.crewId')
                  WHERE e.work_order_id = w.id AND e.to_status = 'dispatched' AND e.at <= @close ORDER BY e.id DESC LIMIT 1) AS crew,
                ${lastEvent("e.to_status = 'dispatched'")} AS dispatched_at,
                ${lastEvent("e.to_status = 'verified'")} AS verified_at,
                ${lastEvent("e.to_status = 'cancelled'")} AS cancelled_at
           FROM work_orders w JOIN work_order_types t ON t.code = w.type LEFT JOIN accounts a ON a.id = w.account_id
          WHERE w.created_at <= @close)
        WHERE status_at_close IS NOT NULL AND (status_at_close IN ('new', 'dispatched') OR changed_today)
        ORDER BY number`,
    )
    .all({ close: o.createdAt, start: dayStart }) as Array<Omit<WoRow, 'completed_at' | 'reading' | 'reading_flag' | 'cancel_reason'> & { completed_at_now: string | null; reading_now: number | null; reading_flag_now: string | null; cancel_reason_now: string | null }>) {
    const done = r.status_at_close === 'completed' || r.status_at_close === 'verified';
    const row: WoRow = {
      ...r,
      completed_at: done ? r.completed_at_now : null,
      reading: done ? r.reading_now : null,
      reading_flag: done ? r.reading_flag_now : null,
      cancel_reason: r.status_at_close === 'cancelled' ? r.cancel_reason_now : null,
    };
    workOrders.add(row);
    if (r.status_at_close === 'new' || r.status_at_close === 'dispatched') wc.open++;
    if (r.created_at >= dayStart) wc.created++;
    if (r.changed_today && r.status_at_close === 'completed') wc.completed++;
    if (r.changed_today && r.status_at_close === 'verified') wc.verified++;
    if (r.changed_today && r.status_at_close === 'cancelled') wc.cancelled++;
    if ((row.completed_at ?? row.cancelled_at ?? o.createdAt) > r.due_at && r.status_at_close !== 'cancelled') wc.overdue++;
  }

  // Refunds by check the service desk requested that day (close-out credits): finance cuts the checks.
  type CheckRow = { station: string | null; id: number; entry_id: number; account_number: string; request: string | null; payee: string; mail_street: string; mail_city: string; mail_state: string; mail_zip: string; amount_cents: number; memo: string; created_at: string };
  const checks = new CsvWriter(
    columns<CheckRow>(day, [
      ['station', 'text', (r) => r.station],
      ['check_request', 'int', (r) => r.id],
      ['entry_id', 'int', (r) => r.entry_id],
      ['account_number', 'text', (r) => r.account_number],
      ['service_request', 'text', (r) => r.request],
      ['payee', 'text', (r) => r.payee],
      ['mail_street', 'text', (r) => r.mail_street],
      ['mail_city', 'text', (r) => r.mail_city],
      ['mail_state', 'text', (r) => r.mail_state],
      ['mail_zip', 'text', (r) => r.mail_zip],
      ['amount', 'money', (r) => r.amount_cents],
      ['memo', 'text', (r) => r.memo],
      ['requested_at', 'text', (r) => r.created_at],
    ]),
  );
  const cc = { count: 0, amountCents: 0 };
  for (const r of db
    .prepare(
      `SELECT e.station, k.id, k.entry_id, a.number AS account_number, sr.number AS request, k.payee, k.mail_street, k.mail_city, k.mail_state, k.mail_zip, k.amount_cents, k.memo, k.created_at
         FROM check_requests k JOIN journal_entries e ON e.id = k.entry_id JOIN accounts a ON a.id = k.account_id LEFT JOIN service_requests sr ON sr.id = k.service_request_id
        WHERE k.business_date = ? ORDER BY k.entry_id, k.id`,
    )
    .all(day) as CheckRow[]) {
    checks.add(r);
    cc.count++;
    cc.amountCents += r.amount_cents;
  }

  const file = (name: string, w: { rows: number; finish(): { bytes: Buffer; sha256: string } }, controls: Record<string, number | boolean>): PackageFile => {
    const { bytes, sha256: hash } = w.finish();
    return { name, bytes, rows: w.rows, sha256: hash, controls };
  };
  const files = [
    file('payments.csv', payments, pc),
    file('revenue.csv', revenue, rc),
    file('gl.csv', gl, glc),
    file('voids.csv', voids, vc),
    file('returned.csv', returned, retc),
    file('adjustments.csv', adjustments, ac),
    file('work_orders.csv', workOrders, wc),
    file('check_requests.csv', checks, cc),
  ];
  const manifest: Manifest = {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    businessDate: day,
    station: o.station,
    town: o.townName,
    appVersion: o.appVersion,
    createdAt: o.createdAt,
    files: files.map((f) => ({ name: f.name, rows: f.rows, bytes: f.bytes.length, sha256: f.sha256, controls: f.controls })),
    totals: {
      collectedCents: pc.counterCents + pc.mailCents + rc.netCents,
      utilityPaymentsCents: pc.counterCents + pc.mailCents,
      otherRevenueCents: rc.netCents,
      bankDraftsCents: pc.draftCents,
      otherPaymentsCents: pc.otherCents,
      voidedCents: vc.amountCents,
      returnedCents: retc.amountCents,
      returnFeesCents: retc.feeCents,
      overShortCents: ac.overShortCents,
      checkRequestsCents: cc.amountCents,
      glDebitCents: glc.debitCents,
      glCreditCents: glc.creditCents,
      balanced: glc.balanced,
    },
  };
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const manifestSha256 = sha256(manifestBytes);
  files.push({ name: 'manifest.json', bytes: manifestBytes, rows: 0, sha256: manifestSha256, controls: {} });
  return { businessDate: day, station: o.station, folderName: packageFolderName(day, o.station), files, manifest, manifestSha256 };
}

function groupBy<T, K>(rows: T[], key: (r: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}
