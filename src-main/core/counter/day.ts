// The business day: postings take their date from the open business day, never from the
// wall clock at the moment of posting. Opening the first drawer (or batch) of a day opens
// it; the supervisor closes it (end-of-day issue), and the next posting opens the next one.
import type { Db } from '../../db/open-ledger';
import { addDays } from '../deps';

export function openBusinessDate(db: Db): string | null {
  const row = db.prepare('SELECT business_date FROM business_days WHERE closed_at IS NULL').get() as { business_date: string } | undefined;
  return row?.business_date ?? null;
}

/** The latest business day, when it is closed (null while a day is open or before the first). */
export function lastClosedBusinessDate(db: Db): string | null {
  const last = db.prepare('SELECT business_date, closed_at FROM business_days ORDER BY business_date DESC LIMIT 1').get() as { business_date: string; closed_at: string | null } | undefined;
  return last && last.closed_at !== null ? last.business_date : null;
}

/** The date the next business day takes when none is open: today, or the day after the last one if that is today or later. */
export function nextBusinessDate(db: Db, today: string): string {
  const last = db.prepare('SELECT max(business_date) AS d FROM business_days').get() as { d: string | null };
  return last.d && last.d >= today ? addDays(last.d, 1) : today;
}

/** The open business date, opening a new business day if none is open. Call inside a transaction. */
export function ensureBusinessDay(db: Db, userId: number, today: string, at: string): string {
  const open = openBusinessDate(db);
  if (open) return open;
  const date = nextBusinessDate(db, today);
  db.prepare('INSERT INTO business_days (business_date, opened_at, opened_by) VALUES (?, ?, ?)').run(date, at, userId);
  return date;
}

/** Next receipt number for a station ("S1-000123"); never skipped because it is taken in the posting transaction. */
export function nextReceiptNumber(db: Db, station: string): { seq: number; number: string } {
  const row = db
    .prepare('INSERT INTO receipt_sequences (station, last_number) VALUES (?, 1) ON CONFLICT(station) DO UPDATE SET last_number = last_number + 1 RETURNING last_number')
    .get(station) as { last_number: number };
  return { seq: row.last_number, number: `${station}-${String(row.last_number).padStart(6, '0')}` };
}
