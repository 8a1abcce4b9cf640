// Browser mode's `--today YYYY-MM-DD`, for training and acceptance on a demo ledger: the core's
// clock keeps running at the real time of day, but on that date in the town's time zone, so a
// bank-draft settlement date or a cut-off day can be walked through. A real ledger refuses it:
// its dates come from the computer's clock and nothing else.
import type { Clock } from '../core/deps';
import { addDays, localDate, systemClock } from '../core/deps';
import { zonedInstant } from '../core/export/local-time';
import type { Db } from '../db/open-ledger';
import { isDemoLedger } from '../demo/demo-ledger';

export class TodayRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TodayRefused';
  }
}

export interface ShiftableClock extends Clock {
  /** From now on, the base clock's time of day on `date` in `timeZone`. */
  shiftTo(date: string, timeZone: string): void;
}

/** A clock that reads `base` until shifted to another town date (whole local days). */
export function shiftableClock(base: Clock = systemClock): ShiftableClock {
  let offsetMs = 0;
  return {
    now: () => new Date(base.now().getTime() + offsetMs),
    shiftTo(date, timeZone) {
      const realToday = localDate(base.now(), timeZone);
      offsetMs = zonedInstant(date, 0, 0, timeZone).getTime() - zonedInstant(realToday, 0, 0, timeZone).getTime();
    },
  };
}

export function isCalendarDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && addDays(s, 0) === s;
}

/** Checks `--today` against the ledger (demo only, a real calendar date) and shifts the clock. */
export function applyDemoToday(db: Db, clock: ShiftableClock, today: string, timeZone: string, file: string): void {
  if (!isCalendarDate(today)) throw new TodayRefused(`--today needs a calendar date as YYYY-MM-DD, got "${today}".`);
  if (!isDemoLedger(db)) {
    throw new TodayRefused(`--today is only for a demo ledger (npm run host -- --demo); ${file} is not one, and a real ledger's dates always come from the computer's clock.`);
  }
  clock.shiftTo(today, timeZone);
}
