// Wall-clock time in the town's time zone: when "22:00" is as an instant, and an instant's
// local date and HHMM. DST-safe (the offset is looked up at the instant itself).
const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(timeZone, f);
  }
  return f;
}

export interface LocalParts {
  date: string;
  hour: number;
  minute: number;
  second: number;
}

export function localParts(instant: Date, timeZone: string): LocalParts {
  const p = Object.fromEntries(format(timeZone).formatToParts(instant).map((x) => [x.type, x.value])) as Record<string, string>;
  return { date: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour) % 24, minute: Number(p.minute), second: Number(p.second) };
}

/** "1530" for 3:30 pm local. */
export function localHhmm(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${String(p.hour).padStart(2, '0')}${String(p.minute).padStart(2, '0')}`;
}

function offsetMs(instant: number, timeZone: string): number {
  const p = localParts(new Date(instant), timeZone);
  const [y, m, d] = p.date.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, m - 1, d, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant of a local date and time (a time skipped by DST moves forward an hour). */
export function zonedInstant(date: string, hour: number, minute: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hour, minute);
  let t = wall - offsetMs(wall, timeZone);
  const again = wall - offsetMs(t, timeZone);
  if (again !== t) t = again;
  return new Date(t);
}

/** The next time the local clock reads hh:mm, strictly after now. */
export function nextLocalTime(now: Date, hhmm: string, timeZone: string): Date {
  const [hour, minute] = hhmm.split(':').map(Number) as [number, number];
  const today = localParts(now, timeZone).date;
  let at = zonedInstant(today, hour, minute, timeZone);
  for (let i = 1; at.getTime() <= now.getTime() && i <= 3; i++) {
    const d = new Date(`${today}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + i);
    at = zonedInstant(d.toISOString().slice(0, 10), hour, minute, timeZone);
  }
  return at;
}
