// Cash drawers: opening with a counted starting bank, finding the cashier's open drawer,
// and the drawer's journal (every receipt with tenders and totals by tender).
import type { DenominationCount } from '../../../src-shared/denominations';
import { countTotal } from '../../../src-shared/denominations';
import type { DrawerJournal, DrawerView } from '../../../src-shared/ipc/counter-schemas';
import type { Db } from '../../db/open-ledger';
import { CoreError } from '../errors';

interface DrawerRow {
  id: number;
  station: string;
  user_id: number;
  cashier: string;
  business_date: string;
  opened_at: string;
  starting_cents: number;
  starting_count: string;
  closed_at: string | null;
}

const DRAWER_SELECT = 'SELECT d.*, u.display_name AS cashier FROM drawers d JOIN users u ON u.id = d.user_id';

function toView(r: DrawerRow): DrawerView {
  return {
    id: r.id,
    station: r.station,
    cashier: r.cashier,
    userId: r.user_id,
    businessDate: r.business_date,
    openedAt: r.opened_at,
    startingCents: r.starting_cents,
    startingCount: JSON.parse(r.starting_count) as DenominationCount[],
    closedAt: r.closed_at,
  };
}

export function findOpenDrawer(db: Db, userId: number, station: string): DrawerView | null {
  const r = db.prepare(`${DRAWER_SELECT} WHERE d.user_id = ? AND d.station = ? AND d.closed_at IS NULL`).get(userId, station) as DrawerRow | undefined;
  return r ? toView(r) : null;
}

export function getDrawer(db: Db, drawerId: number): DrawerView {
  const r = db.prepare(`${DRAWER_SELECT} WHERE d.id = ?`).get(drawerId) as DrawerRow | undefined;
  if (!r) throw new CoreError('NOT_FOUND', `No drawer ${drawerId}.`);
  return toView(r);
}

export function openDrawer(db: Db, p: { userId: number; station: string; businessDate: string; at: string; counts: DenominationCount[] }): DrawerView {
  const mine = db.prepare('SELECT station FROM drawers WHERE user_id = ? AND closed_at IS NULL').get(p.userId) as { station: string } | undefined;
  if (mine) throw new CoreError('DRAWER_ALREADY_OPEN', `You already have an open drawer at station ${mine.station}.`);
  const here = db.prepare(`${DRAWER_SELECT} WHERE d.station = ? AND d.closed_at IS NULL`).get(p.station) as DrawerRow | undefined;
  if (here) throw new CoreError('DRAWER_ALREADY_OPEN', `Station ${p.station} already has an open drawer (${here.cashier}).`);
  const merged = new Map<number, number>();
  for (const c of p.counts) merged.set(c.denominationCents, (merged.get(c.denominationCents) ?? 0) + c.count);
  const counts = [...merged].filter(([, n]) => n > 0).sort((a, b) => b[0] - a[0]).map(([denominationCents, count]) => ({ denominationCents, count }));
  const id = Number(
    db
      .prepare('INSERT INTO drawers (station, user_id, business_date, opened_at, starting_cents, starting_count) VALUES (?, ?, ?, ?, ?, ?)')
      .run(p.station, p.userId, p.businessDate, p.at, countTotal(counts), JSON.stringify(counts)).lastInsertRowid,
  );
  return getDrawer(db, id);
}

type Totals = DrawerJournal['totals'];
const zero = (): Totals => ({ cash: 0, check: 0, card: 0, money_order: 0, remittance: 0, change: 0, net: 0 });

function pickupsCents(db: Db, drawerId: number): number {
  return (db.prepare('SELECT coalesce(sum(amount_cents), 0) AS c FROM drawer_pickups WHERE drawer_id = ?').get(drawerId) as { c: number }).c;
}

/** The cash a drawer holds now: starting bank + cash taken − change given − pickups (voided receipts left out). */
export function drawerCashCents(db: Db, drawerId: number): number {
  const live = `r.drawer_id = d.id AND NOT EXISTS (SELECT 1 FROM journal_entries v WHERE v.reverses_entry_id = r.entry_id AND v.kind = 'void')`;
  return (
    db
      .prepare(
        `SELECT d.starting_cents
              + coalesce((SELECT sum(t.amount_cents) FROM receipt_tenders t JOIN receipts r ON r.id = t.receipt_id WHERE t.kind = 'cash' AND ${live}), 0)
              - coalesce((SELECT sum(r.change_cents) FROM receipts r WHERE ${live}), 0)
              - coalesce((SELECT sum(p.amount_cents) FROM drawer_pickups p WHERE p.drawer_id = d.id), 0) AS c
           FROM drawers d WHERE d.id = ?`,
      )
      .get(drawerId) as { c: number }
  ).c;
}

export function drawerJournal(db: Db, drawerId: number): DrawerJournal & { expectedCashCents: number } {
  const drawer = getDrawer(db, drawerId);
  const receipts = db
    .prepare(
      `SELECT r.id, r.number, r.posted_at, r.payer, r.total_cents, r.change_cents, r.entry_id,
              EXISTS (SELECT 1 FROM journal_entries v WHERE v.reverses_entry_id = r.entry_id AND v.kind = 'void') AS voided,
              (SELECT group_concat(rl.description, '; ') FROM receipt_lines rl WHERE rl.receipt_id = r.id) AS description
         FROM receipts r WHERE r.drawer_id = ? ORDER BY r.seq`,
    )
    .all(drawerId) as Array<{ id: number; number: string; posted_at: string; payer: string | null; total_cents: number; change_cents: number; voided: number; description: string }>;
  const tenders = db.prepare('SELECT kind, amount_cents FROM receipt_tenders WHERE receipt_id = ? ORDER BY line_no');
  const totals = zero();
  const voidTotals = zero();
  const rows = receipts.map((r) => {
    const ts = tenders.all(r.id) as Array<{ kind: keyof Totals; amount_cents: number }>;
    const bucket = r.voided ? voidTotals : totals;
    for (const t of ts) bucket[t.kind] += t.amount_cents;
    bucket.change += r.change_cents;
    bucket.net += r.total_cents;
    return {
      receiptNumber: r.number,
      postedAt: r.posted_at,
      status: r.voided ? ('void' as const) : ('posted' as const),
      payer: r.payer,
      description: r.description,
      totalCents: r.total_cents,
      tenders: ts.map((t) => ({ kind: t.kind, amountCents: t.amount_cents })),
      changeCents: r.change_cents,
    };
  });
  return {
    drawer,
    rows,
    totals,
    voidTotals,
    receiptCount: rows.filter((r) => r.status === 'posted').length,
    voidCount: rows.filter((r) => r.status === 'void').length,
    expectedCashCents: drawer.startingCents + totals.cash - totals.change - pickupsCents(db, drawerId),
  };
}
