// Validation of calendar values that cross the contract: a YYYY-MM-DD that is a real date
// (no 2026-02-31, no month 13), a 24-hour HH:MM, and an IANA time zone the runtime knows.
// One schema each, used by every contract schema that carries one, so a date the core would
// choke on (INTERNAL) or store wrongly is refused as BAD_INPUT at the door.
import { z } from 'zod';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when s is YYYY-MM-DD naming a day that exists (leap years included), years 1900–2199. */
export function isCalendarDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1900 || y > 2199 || mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days;
}

/** A real calendar date, YYYY-MM-DD. */
export const calendarDate = z
  .string()
  .regex(DATE_RE, 'expected YYYY-MM-DD')
  .refine(isCalendarDate, { message: 'not a real calendar date (YYYY-MM-DD)', abort: true });

export const HHMM_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A 24-hour wall-clock time, HH:MM. */
export const hhmm = z.string().regex(HHMM_RE, 'time is HH:MM (24-hour)');

const ZONE_NAME_RE = /^[A-Za-z][A-Za-z0-9_]*(?:[/+-][A-Za-z0-9_]+)*$/;
const zoneCache = new Map<string, boolean>();

/**
 * True for a named IANA time zone the runtime's time-zone database knows ("America/New_York",
 * "UTC", "US/Eastern"); false for made-up names and for bare offsets ("+05:00"), which have no
 * daylight-saving rules.
 */
export function isTimeZone(name: string): boolean {
  const cached = zoneCache.get(name);
  if (cached !== undefined) return cached;
  let ok = false;
  if (name.length <= 64 && ZONE_NAME_RE.test(name)) {
    try {
      const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
      ok = typeof resolved === 'string' && resolved !== '';
    } catch {
      ok = false;
    }
  }
  if (zoneCache.size < 1000) zoneCache.set(name, ok);
  return ok;
}

export const timeZone = z.string().min(1).max(64).refine(isTimeZone, 'not a time zone (use an IANA name such as America/New_York)');
