// A billing cycle's calendar for a period (YYYY-MM): the bill date is the cycle's bill day of
// that month, due `dueDays` later, and the readings that bill it are those taken in the
// read_window_days before the bill date (readFrom..readTo inclusive). The reading import, the
// exceptions screen and the billing run all use this one definition.
import type { Db } from '../../db/open-ledger';
import { CoreError } from '../errors';
import { addDays } from './rates';

export interface CycleWindow {
  cycle: number;
  period: string;
  billDate: string;
  dueDate: string;
  readFrom: string;
  readTo: string;
}

export const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function cycleWindow(db: Db, cycle: number, period: string, dueDays: number): CycleWindow {
  if (!PERIOD_RE.test(period)) throw new CoreError('BAD_INPUT', `period is YYYY-MM (got ${period})`);
  const row = db.prepare('SELECT bill_day, read_window_days FROM billing_cycles WHERE cycle = ?').get(cycle) as { bill_day: number; read_window_days: number } | undefined;
  if (!row) throw new CoreError('NOT_FOUND', `no billing cycle ${cycle}`);
  const billDate = `${period}-${String(row.bill_day).padStart(2, '0')}`;
  return {
    cycle,
    period,
    billDate,
    dueDate: addDays(billDate, dueDays),
    readFrom: addDays(billDate, -row.read_window_days),
    readTo: addDays(billDate, -1),
  };
}

/** The cycle period whose read window contains the day, or null when the day is in no window. */
export function periodForReadDate(db: Db, cycle: number, readOn: string, dueDays: number): CycleWindow | null {
  const [y, m] = readOn.split('-').map(Number) as [number, number];
  for (const [yy, mm] of [[y, m], [m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1]] as const) {
    const w = cycleWindow(db, cycle, `${yy}-${String(mm).padStart(2, '0')}`, dueDays);
    if (readOn >= w.readFrom && readOn <= w.readTo) return w;
  }
  return null;
}
