// Calendar arithmetic for the generator on whole days (days since 1970-01-01), with the
// YYYY-MM-DD strings cached: a 500,000-account town formats tens of millions of dates.

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export function dayOf(iso: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new RangeError(`not a YYYY-MM-DD date: ${iso}`);
  const ms = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  const day = ms / 86_400_000;
  if (isoOfDay(day) !== iso) throw new RangeError(`not a calendar date: ${iso}`);
  return day;
}

/** Civil date of a day number (Howard Hinnant's civil_from_days). */
export function civil(day: number): { y: number; m: number; d: number } {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** Day number of a civil date (days_from_civil). */
export function dayFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function isoOfDay(day: number): string {
  const { y, m, d } = civil(day);
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Moves a Saturday or Sunday to the next Monday. */
export function nextBusinessDay(day: number): number {
  const w = weekday(day);
  return w === 6 ? day + 2 : w === 0 ? day + 1 : day;
}

/** Date strings and months for a range of days, computed once. */
export class Days {
  private readonly strings: string[] = [];
  private readonly months: Uint8Array;

  constructor(
    readonly from: number,
    readonly to: number,
  ) {
    this.months = new Uint8Array(to - from + 1);
    for (let day = from; day <= to; day++) {
      this.strings.push(isoOfDay(day));
      this.months[day - from] = civil(day).m;
    }
  }

  iso(day: number): string {
    const s = this.strings[day - this.from];
    return s ?? isoOfDay(day);
  }

  /** 1..12 */
  month(day: number): number {
    return day >= this.from && day <= this.to ? this.months[day - this.from]! : civil(day).m;
  }
}

/** ISO instants for "local time on a day" in a time zone, caching each day's UTC offset. */
export class LocalTimes {
  private readonly offsets = new Map<number, number>();
  private readonly format: Intl.DateTimeFormat;

  constructor(timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
  }

  /** Minutes to add to UTC to get local time on `day` (taken at midday, clear of DST changes). */
  offsetMinutes(day: number): number {
    let off = this.offsets.get(day);
    if (off === undefined) {
      const instant = day * 86_400_000 + 12 * 3_600_000;
      const parts = this.format.formatToParts(new Date(instant));
      const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
      off = Math.round((Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - instant) / 60_000);
      this.offsets.set(day, off);
    }
    return off;
  }

  /** The UTC ISO string for `seconds` after local midnight of `day`. */
  iso(day: number, seconds: number): string {
    return new Date(day * 86_400_000 + (seconds - this.offsetMinutes(day) * 60) * 1000).toISOString();
  }
}
