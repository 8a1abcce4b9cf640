// Pickups and the blind close: the cashier counts cash by denomination, lists checks and
// enters the card terminal's batch total before seeing what was expected; then the expected
// amounts and variances are shown, a variance over the limit needs a supervisor's note and
// approval, and over/short posts to its GL account as its own journal entry.
import type { DenominationCount } from '../../../src-shared/denominations';
import { countTotal } from '../../../src-shared/denominations';
import type { CountResult, CountSummary, DrawerReport, Pickup } from '../../../src-shared/ipc/day-end-schemas';
import type { Db } from '../../db/open-ledger';
import { drawerJournal, getDrawer } from '../counter/drawer';
import { CoreError } from '../errors';
import { GL } from '../ledger/gl';
import { postEntry, type JournalLine } from '../ledger/journal';

export function normalizeCounts(counts: readonly DenominationCount[]): DenominationCount[] {
  const merged = new Map<number, number>();
  for (const c of counts) merged.set(c.denominationCents, (merged.get(c.denominationCents) ?? 0) + c.count);
  return [...merged].filter(([, n]) => n > 0).sort((a, b) => b[0] - a[0]).map(([denominationCents, count]) => ({ denominationCents, count }));
}

export function listPickups(db: Db, drawerId: number): Pickup[] {
  return (
    db
      .prepare(
        `SELECT p.id, p.drawer_id, p.at, s.display_name AS supervisor, c.display_name AS cashier, p.amount_cents, p.counts, p.note
           FROM drawer_pickups p JOIN users s ON s.id = p.supervisor_id JOIN users c ON c.id = p.cashier_id WHERE p.drawer_id = ? ORDER BY p.id`,
      )
      .all(drawerId) as Array<{ id: number; drawer_id: number; at: string; supervisor: string; cashier: string; amount_cents: number; counts: string; note: string | null }>
  ).map((p) => ({ id: p.id, drawerId: p.drawer_id, at: p.at, supervisor: p.supervisor, cashier: p.cashier, amountCents: p.amount_cents, counts: JSON.parse(p.counts) as DenominationCount[], note: p.note }));
}

/** Expected cash, checks (with money orders and remittances) and card for a drawer right now. */
export function expectedForDrawer(db: Db, drawerId: number): { cash: number; checks: number; card: number; pickups: number } {
  const j = drawerJournal(db, drawerId);
  const pickups = listPickups(db, drawerId).reduce((s, p) => s + p.amountCents, 0);
  return {
    cash: j.expectedCashCents,
    checks: j.totals.check + j.totals.money_order + j.totals.remittance,
    card: j.totals.card,
    pickups,
  };
}

function requireOpen(db: Db, drawerId: number) {
  const d = getDrawer(db, drawerId);
  if (d.closedAt) throw new CoreError('DRAWER_NOT_OPEN', `Drawer ${drawerId} is closed; it takes no more changes. Corrections go to the next day.`);
  return d;
}

export function recordPickup(db: Db, p: { drawerId: number; supervisorId: number; at: string; counts: DenominationCount[]; note?: string | undefined }): Pickup {
  const d = requireOpen(db, p.drawerId);
  const counts = normalizeCounts(p.counts);
  const amount = countTotal(counts);
  if (amount <= 0) throw new CoreError('BAD_INPUT', 'Count the cash being picked up.');
  const available = expectedForDrawer(db, p.drawerId).cash;
  if (amount > available) throw new CoreError('BAD_INPUT', `The drawer should hold only ${available} cents in cash; a pickup can't take more.`);
  const id = Number(
    db
      .prepare('INSERT INTO drawer_pickups (drawer_id, at, supervisor_id, cashier_id, amount_cents, counts, note) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(p.drawerId, p.at, p.supervisorId, d.userId, amount, JSON.stringify(counts), p.note ?? null).lastInsertRowid,
  );
  return listPickups(db, p.drawerId).find((x) => x.id === id)!;
}

export interface CheckItem {
  checkNumber?: string | undefined;
  amountCents?: number | undefined;
  payer?: string | undefined;
  /** Set when the check was ticked off the drawer's own list. */
  receiptNumber?: string | undefined;
  tenderLineNo?: number | undefined;
}

interface CountedCheck {
  checkNumber: string;
  amountCents: number;
  payer: string | null;
  receiptNumber?: string;
  tenderLineNo?: number;
}

/** Ticked checks take number, payer and amount from the drawer's receipt; keyed ones are as typed. */
function resolveChecks(db: Db, drawerId: number, items: readonly CheckItem[]): CountedCheck[] {
  const own = new Map(drawerChecks(db, drawerId).map((c) => [`${c.receiptNumber}#${c.tenderLineNo}`, c]));
  const seen = new Set<string>();
  return items.map((c) => {
    if (c.receiptNumber !== undefined) {
      const key = `${c.receiptNumber}#${c.tenderLineNo ?? 0}`;
      const t = own.get(key);
      if (!t) throw new CoreError('BAD_INPUT', `Receipt ${c.receiptNumber} tender ${c.tenderLineNo ?? '?'} is not a check this drawer took.`);
      if (seen.has(key)) throw new CoreError('BAD_INPUT', `Receipt ${c.receiptNumber} tender ${t.tenderLineNo} is ticked twice.`);
      seen.add(key);
      return { checkNumber: t.checkNumber ?? (t.kind === 'money_order' ? 'money order' : t.kind), amountCents: t.amountCents, payer: t.payer, receiptNumber: t.receiptNumber, tenderLineNo: t.tenderLineNo };
    }
    if (c.checkNumber === undefined || c.amountCents === undefined) throw new CoreError('BAD_INPUT', 'A check keyed by hand needs its number and amount.');
    return { checkNumber: c.checkNumber, amountCents: c.amountCents, payer: c.payer ?? null };
  });
}

/** A check, money order or remittance the drawer took (not voided), for the blind close's tick list. */
export interface DrawerCheck {
  receiptNumber: string;
  tenderLineNo: number;
  kind: 'check' | 'money_order' | 'remittance';
  checkNumber: string | null;
  payer: string | null;
  amountCents: number;
}

/** The drawer's checks, money orders and remittances in the order they were taken. */
export function drawerChecks(db: Db, drawerId: number): DrawerCheck[] {
  return (
    db
      .prepare(
        `SELECT r.number AS receiptNumber, t.line_no AS tenderLineNo, t.kind, coalesce(t.check_number, t.reference) AS checkNumber,
                coalesce(t.payer, r.payer) AS payer, t.amount_cents AS amountCents
           FROM receipt_tenders t JOIN receipts r ON r.id = t.receipt_id
          WHERE r.drawer_id = ? AND t.kind IN ('check', 'money_order', 'remittance')
            AND NOT EXISTS (SELECT 1 FROM journal_entries v WHERE v.reverses_entry_id = r.entry_id AND v.kind = 'void')
          ORDER BY r.seq, t.line_no`,
      )
      .all(drawerId) as DrawerCheck[]
  );
}

export function recordCount(db: Db, p: { drawerId: number; userId: number; at: string; cash: DenominationCount[]; checks: CheckItem[]; cardBatchCents: number; limitCents: number }): CountResult {
  requireOpen(db, p.drawerId);
  const cash = normalizeCounts(p.cash);
  const countedCash = countTotal(cash);
  const checks = resolveChecks(db, p.drawerId, p.checks);
  const countedChecks = checks.reduce((s, c) => s + c.amountCents, 0);
  const expected = expectedForDrawer(db, p.drawerId);
  const countId = Number(
    db
      .prepare(
        `INSERT INTO drawer_counts (drawer_id, at, user_id, cash_counts, counted_cash_cents, checks, counted_checks_cents, card_batch_cents,
                                    expected_cash_cents, expected_checks_cents, expected_card_cents)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        p.drawerId,
        p.at,
        p.userId,
        JSON.stringify(cash),
        countedCash,
        JSON.stringify(checks),
        countedChecks,
        p.cardBatchCents,
        expected.cash,
        expected.checks,
        expected.card,
      ).lastInsertRowid,
  );
  return countResult(db, countId, p.limitCents);
}

interface CountRow {
  id: number;
  drawer_id: number;
  at: string;
  user_id: number;
  cash_counts: string;
  counted_cash_cents: number;
  checks: string;
  counted_checks_cents: number;
  card_batch_cents: number;
  expected_cash_cents: number;
  expected_checks_cents: number;
  expected_card_cents: number;
}

function countRow(db: Db, countId: number): CountRow {
  const c = db.prepare('SELECT * FROM drawer_counts WHERE id = ?').get(countId) as CountRow | undefined;
  if (!c) throw new CoreError('NOT_FOUND', `No drawer count ${countId}.`);
  return c;
}

const overLimit = (v: { cash: number; checks: number; card: number }, limitCents: number) => Math.abs(v.cash) > limitCents || Math.abs(v.checks) > limitCents || Math.abs(v.card) > limitCents;

function summarize(db: Db, c: CountRow, firstId: number, limitCents: number): CountSummary {
  const variances = { cash: c.counted_cash_cents - c.expected_cash_cents, checks: c.counted_checks_cents - c.expected_checks_cents, card: c.card_batch_cents - c.expected_card_cents };
  const who = db.prepare('SELECT display_name FROM users WHERE id = ?').get(c.user_id) as { display_name: string } | undefined;
  return {
    countId: c.id,
    at: c.at,
    countedBy: who?.display_name ?? `user ${c.user_id}`,
    recount: c.id !== firstId,
    countedCashCents: c.counted_cash_cents,
    countedChecksCents: c.counted_checks_cents,
    cardBatchCents: c.card_batch_cents,
    expected: { cash: c.expected_cash_cents, checks: c.expected_checks_cents, card: c.expected_card_cents },
    variances,
    overLimit: overLimit(variances, limitCents),
  };
}

/** Every count of a drawer, oldest (the cashier's count of record) first. */
export function drawerCounts(db: Db, drawerId: number, limitCents: number, uptoId = Number.MAX_SAFE_INTEGER): CountSummary[] {
  const rows = db.prepare('SELECT * FROM drawer_counts WHERE drawer_id = ? AND id <= ? ORDER BY id').all(drawerId, uptoId) as CountRow[];
  const firstId = rows[0]?.id ?? 0;
  return rows.map((r) => summarize(db, r, firstId, limitCents));
}

/**
 * A count with its expected amounts and variances. The first count of a drawer is the cashier's
 * count of record: a recount made after the expected amounts were shown can't make an
 * over-the-limit drawer balance on its own — the close still needs a supervisor when the count
 * of record (or this count) is over the limit.
 */
export function countResult(db: Db, countId: number, limitCents: number): CountResult {
  const c = countRow(db, countId);
  const counts = drawerCounts(db, c.drawer_id, limitCents, c.id);
  const self = counts[counts.length - 1]!;
  const ofRecord = counts[0]!;
  return {
    countId: c.id,
    drawerId: c.drawer_id,
    at: self.at,
    countedBy: self.countedBy,
    recount: self.recount,
    counts,
    countedCashCents: c.counted_cash_cents,
    countedChecksCents: c.counted_checks_cents,
    cardBatchCents: c.card_batch_cents,
    expected: self.expected,
    variances: self.variances,
    limitCents,
    needsSupervisor: self.overLimit || ofRecord.overLimit,
  };
}

/** The latest count of a drawer (null: not counted yet). */
export function latestCountId(db: Db, drawerId: number): number | null {
  return (db.prepare('SELECT max(id) AS id FROM drawer_counts WHERE drawer_id = ?').get(drawerId) as { id: number | null }).id;
}

/** Closes the drawer on a count; posts over/short. Must run in a transaction. */
export function closeDrawer(db: Db, p: { countId: number; userId: number; approvedBy: number | null; note: string | null; at: string; limitCents: number; station: string }): void {
  const result = countResult(db, p.countId, p.limitCents);
  const d = requireOpen(db, result.drawerId);
  const latest = db.prepare('SELECT max(id) AS id FROM drawer_counts WHERE drawer_id = ?').get(d.id) as { id: number };
  if (latest.id !== p.countId) throw new CoreError('CONFLICT', 'A newer count exists for this drawer; close on the latest count.');
  const now = expectedForDrawer(db, d.id);
  if (now.cash !== result.expected.cash || now.checks !== result.expected.checks || now.card !== result.expected.card) {
    throw new CoreError('CONFLICT', 'The drawer changed after it was counted; count it again.');
  }
  if (result.needsSupervisor && (p.approvedBy === null || !p.note)) {
    throw new CoreError('NEEDS_SUPERVISOR', result.recount && !result.counts[result.counts.length - 1]!.overLimit ? "The cashier's first count was over the limit; a recount closes only with a supervisor's note and approval." : "A variance over the limit needs a supervisor's note and approval.", { variances: result.variances, firstCountVariances: result.counts[0]!.variances, limitCents: p.limitCents });
  }
  const lines: JournalLine[] = [];
  const pair = (gl: string, v: number, what: string) => {
    if (v === 0) return;
    lines.push({ glCode: gl, amountCents: v, memo: `${what} ${v > 0 ? 'over' : 'short'}` }, { glCode: GL.overShort, amountCents: -v, memo: `${what} ${v > 0 ? 'over' : 'short'}` });
  };
  pair(GL.cash, result.variances.cash, 'Cash');
  pair(GL.checks, result.variances.checks, 'Checks');
  pair(GL.cardClearing, result.variances.card, 'Card batch');
  let entryId: number | null = null;
  if (lines.length > 0) {
    entryId = postEntry(db, {
      kind: 'over_short',
      businessDate: d.businessDate,
      postedAt: p.at,
      userId: p.userId,
      approvedBy: p.approvedBy,
      station: d.station,
      memo: `Drawer ${d.id} over/short${p.note ? `: ${p.note}` : ''}`,
      lines,
    });
  }
  db.prepare('INSERT INTO drawer_closes (drawer_id, count_id, closed_at, closed_by, approved_by, note, over_short_entry_id) VALUES (?, ?, ?, ?, ?, ?, ?)').run(d.id, p.countId, p.at, p.userId, p.approvedBy, p.note, entryId);
  db.prepare('UPDATE drawers SET closed_at = ? WHERE id = ?').run(p.at, d.id);
}

export function drawerReport(db: Db, drawerId: number, limitCents: number): DrawerReport {
  const j = drawerJournal(db, drawerId);
  const pickups = listPickups(db, drawerId);
  const close = db
    .prepare('SELECT c.count_id, c.note, c.over_short_entry_id, u.display_name AS approver FROM drawer_closes c LEFT JOIN users u ON u.id = c.approved_by WHERE c.drawer_id = ?')
    .get(drawerId) as { count_id: number; note: string | null; over_short_entry_id: number | null; approver: string | null } | undefined;
  // The count the drawer closed on, or (still open) its latest blind count.
  const countId = close?.count_id ?? (db.prepare('SELECT max(id) AS id FROM drawer_counts WHERE drawer_id = ?').get(drawerId) as { id: number | null }).id;
  const count = countId ? countRow(db, countId) : null;
  const result = countId ? countResult(db, countId, limitCents) : null;
  const exp = expectedForDrawer(db, drawerId);
  return {
    drawerId,
    station: j.drawer.station,
    cashier: j.drawer.cashier,
    businessDate: j.drawer.businessDate,
    openedAt: j.drawer.openedAt,
    closedAt: j.drawer.closedAt,
    startingCents: j.drawer.startingCents,
    tenders: { cash: j.totals.cash, check: j.totals.check, card: j.totals.card, money_order: j.totals.money_order, remittance: j.totals.remittance, change: j.totals.change },
    voids: { count: j.voidCount, totalCents: j.voidTotals.net },
    receiptCount: j.receiptCount,
    collectedCents: j.totals.net,
    pickups,
    pickupsCents: exp.pickups,
    expected: result ? result.expected : { cash: exp.cash, checks: exp.checks, card: exp.card },
    count: count
      ? {
          countId: count.id,
          at: count.at,
          cash: JSON.parse(count.cash_counts) as DenominationCount[],
          countedCashCents: count.counted_cash_cents,
          checks: JSON.parse(count.checks) as Array<{ checkNumber: string; amountCents: number; payer: string | null }>,
          countedChecksCents: count.counted_checks_cents,
          cardBatchCents: count.card_batch_cents,
        }
      : null,
    variances: result ? result.variances : null,
    counts: drawerCounts(db, drawerId, limitCents),
    overShortCents: result ? result.variances.cash + result.variances.checks + result.variances.card : null,
    closeNote: close?.note ?? null,
    approvedBy: close?.approver ?? null,
  };
}
