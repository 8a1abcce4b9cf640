// Banking days for ACH effective dates (shared/formats/NACHA-PPD.md §5): Monday to Friday except
// the Federal Reserve holidays. A holiday on a Sunday closes the Fed on the Monday; one on a
// Saturday does not close it on the Friday.

function parse(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function addDays(date: string, n: number): string {
  const d = parse(date);
  d.setUTCDate(d.getUTCDate() + n);
  return iso(d);
}

/** The n-th (1-based) weekday (0 Sunday … 6 Saturday) of a month; n = -1 is the last. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  if (n > 0) {
    const first = new Date(Date.UTC(year, month - 1, 1));
    const offset = (weekday - first.getUTCDay() + 7) % 7;
    return iso(new Date(Date.UTC(year, month - 1, 1 + offset + (n - 1) * 7)));
  }
  const last = new Date(Date.UTC(year, month, 0));
  const back = (last.getUTCDay() - weekday + 7) % 7;
  return iso(new Date(Date.UTC(year, month - 1, last.getUTCDate() - back)));
}

const holidayCache = new Map<number, Set<string>>();

/** The dates the Federal Reserve is closed in a year (observed dates). */
export function fedHolidays(year: number): Set<string> {
  let set = holidayCache.get(year);
  if (set) return set;
  const fixed = (m: number, d: number) => {
    const date = iso(new Date(Date.UTC(year, m - 1, d)));
    // Sunday → observed Monday; Saturday → not observed.
    return parse(date).getUTCDay() === 0 ? addDays(date, 1) : date;
  };
  const days = [
    fixed(1, 1), // New Year's Day
    nthWeekday(year, 1, 1, 3), // Martin Luther King Jr. Day
    nthWeekday(year, 2, 1, 3), // Washington's Birthday
    nthWeekday(year, 5, 1, -1), // Memorial Day
    fixed(7, 4), // Independence Day
    nthWeekday(year, 9, 1, 1), // Labor Day
    nthWeekday(year, 10, 1, 2), // Columbus Day
    fixed(11, 11), // Veterans Day
    nthWeekday(year, 11, 4, 4), // Thanksgiving
    fixed(12, 25), // Christmas
  ];
  if (year >= 2021) days.push(fixed(6, 19)); // Juneteenth
  set = new Set(days);
  holidayCache.set(year, set);
  return set;
}

export function isBankingDay(date: string): boolean {
  const d = parse(date);
  const wd = d.getUTCDay();
  if (wd === 0 || wd === 6) return false;
  return !fedHolidays(d.getUTCFullYear()).has(date);
}

/** The first banking day on or after date. */
export function bankingDayOnOrAfter(date: string): string {
  let d = date;
  while (!isBankingDay(d)) d = addDays(d, 1);
  return d;
}

/** The first banking day strictly after date. */
export function nextBankingDay(date: string): string {
  return bankingDayOnOrAfter(addDays(date, 1));
}

/** date moved n banking days forward (n ≥ 0; 0 returns date itself). */
export function addBankingDays(date: string, n: number): string {
  let d = date;
  for (let i = 0; i < n; i++) d = nextBankingDay(d);
  return d;
}

/**
 * Effective Entry Date of a debit file made on creationDate for a requested draft date: a
 * banking day, on or after the draft date, and at least the next banking day after the file
 * reaches the bank.
 */
export function effectiveEntryDate(creationDate: string, draftDate: string): string {
  const earliest = nextBankingDay(creationDate);
  return bankingDayOnOrAfter(draftDate > earliest ? draftDate : earliest);
}
