// Reading one value of a conversion file (docs/IMPORT.md "Values"). Each reader returns the
// value or a problem (reject code and reason); the reason never echoes a secret.
import { isCalendarDate } from '../../../src-shared/ipc/calendar';
import { containsCardNumber } from '../../../src-shared/free-text';
import type { RejectCode } from '../../../src-shared/ipc/conversion-schemas';
import type { Service } from '../../../src-shared/domain';

export class Problem {
  constructor(
    readonly code: RejectCode,
    readonly reason: string,
  ) {}
}

export const isProblem = (v: unknown): v is Problem => v instanceof Problem;

// A conversion set repeats a few thousand dates millions of times: each is read once.
const DATES = new Map<string, string | Problem>();

/** A date as YYYY-MM-DD, MM/DD/YYYY (or M/D/YYYY) or YYYYMMDD, on the calendar. */
export function readDate(raw: string): string | Problem {
  let v = DATES.get(raw);
  if (v === undefined) {
    v = readDateOnce(raw);
    if (DATES.size > 200_000) DATES.clear();
    DATES.set(raw, v);
  }
  return v;
}

function readDateOnce(raw: string): string | Problem {
  let y: string, m: string, d: string;
  let r = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (r) [, y, m, d] = r as unknown as [string, string, string, string];
  else if ((r = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw))) {
    [, m, d, y] = r as unknown as [string, string, string, string];
    m = m.padStart(2, '0');
    d = d.padStart(2, '0');
  } else if ((r = /^(\d{4})(\d{2})(\d{2})$/.exec(raw))) [, y, m, d] = r as unknown as [string, string, string, string];
  else return new Problem('BAD_DATE', `"${raw}" is not a date (YYYY-MM-DD, MM/DD/YYYY or YYYYMMDD)`);
  const iso = `${y}-${m}-${d}`;
  if (!isCalendarDate(iso) || y < '1900') return new Problem('BAD_DATE', `"${raw}" is not on the calendar`);
  return iso;
}

/** A date, or a date and a time (HH:MM or HH:MM:SS, 24-hour, or h:MM AM/PM). */
export function readDateTime(raw: string): { date: string; time: string | null } | Problem {
  const r = /^(\S+)(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/.exec(raw);
  if (!r) return new Problem('BAD_DATE', `"${raw}" is not a date or a date and time`);
  const date = readDate(r[1]!);
  if (isProblem(date)) return date;
  if (r[2] === undefined) return { date, time: null };
  let h = Number(r[2]);
  const min = Number(r[3]);
  const s = r[4] === undefined ? 0 : Number(r[4]);
  if (r[5]) {
    if (h < 1 || h > 12) return new Problem('BAD_DATE', `"${raw}" has no such time`);
    const pm = r[5].toUpperCase() === 'PM';
    h = (h % 12) + (pm ? 12 : 0);
  }
  if (h > 23 || min > 59 || s > 59) return new Problem('BAD_DATE', `"${raw}" has no such time`);
  return { date, time: `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}:${String(s).padStart(2, '0')}` };
}

/** Largest amount one row may carry: $9,999,999.99. */
export const MAX_ROW_CENTS = 999_999_999;

/** Dollars and cents to integer cents, exactly: 123.45, 1,234.50, $12, -5.00, (5.00). */
export function readAmount(raw: string): number | Problem {
  // Fast path: plain digits with an optional point and one or two decimals (most rows).
  const len = raw.length;
  if (len > 0 && len <= 12) {
    let cents = 0;
    let i = 0;
    let c = raw.charCodeAt(0);
    while (i < len && (c = raw.charCodeAt(i)) >= 48 && c <= 57) {
      cents = cents * 10 + (c - 48);
      i++;
    }
    if (i > 0 && i <= 9) {
      if (i === len) return cents * 100;
      if (c === 46 && len - i >= 2 && len - i <= 3) {
        const d1 = raw.charCodeAt(i + 1) - 48;
        const d2 = len - i === 3 ? raw.charCodeAt(i + 2) - 48 : 0;
        if (d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9) {
          const v = cents * 100 + d1 * 10 + d2;
          if (v <= MAX_ROW_CENTS) return v;
        }
      }
    }
  }
  let s = raw.replace(/\s/g, '');
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  if (s.startsWith('-')) {
    if (negative) return new Problem('BAD_AMOUNT', `"${raw}" is not an amount`);
    negative = true;
    s = s.slice(1);
  }
  if (s.startsWith('$')) s = s.slice(1);
  const r = /^(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d{1,2}))?$/.exec(s);
  if (!r || (r[1] === undefined && r[2] === undefined)) return new Problem('BAD_AMOUNT', `"${raw}" is not an amount of dollars and cents`);
  const dollars = (r[1] ?? '0').replace(/,/g, '');
  if (dollars.length > 9) return new Problem('BAD_AMOUNT', `"${raw}" is out of range (at most $9,999,999.99)`);
  const cents = Number(dollars) * 100 + Number((r[2] ?? '0').padEnd(2, '0'));
  if (cents > MAX_ROW_CENTS) return new Problem('BAD_AMOUNT', `"${raw}" is out of range (at most $9,999,999.99)`);
  return negative && cents !== 0 ? -cents : cents;
}

export function readWhole(raw: string, min: number, max: number): number | Problem {
  const s = raw.replace(/,/g, '');
  if (!/^\d{1,12}$/.test(s)) return new Problem('BAD_NUMBER', `"${raw}" is not a whole number`);
  const n = Number(s);
  if (n < min || n > max) return new Problem('BAD_NUMBER', `${raw} is out of range (${min}–${max})`);
  return n;
}

const YES = new Set(['Y', 'YES', '1', 'TRUE', 'T']);
const NO = new Set(['N', 'NO', '0', 'FALSE', 'F']);

export function readYesNo(raw: string, fallback: boolean): boolean | Problem {
  if (raw === '') return fallback;
  const u = raw.toUpperCase();
  if (YES.has(u)) return true;
  if (NO.has(u)) return false;
  return new Problem('BAD_VALUE', `"${raw}" is not yes or no`);
}

/** One of a set of codes, case-insensitive, through an alias table. */
export function readChoice<T extends string>(raw: string, choices: Record<string, T>, what: string): T | Problem {
  const v = choices[raw.toUpperCase().replace(/[\s-]+/g, '_')];
  if (v === undefined) return new Problem('BAD_VALUE', `"${raw}" is not a ${what} (${[...new Set(Object.keys(choices))].slice(0, 8).join(', ')}…)`);
  return v;
}

export const SERVICE_CODES: Record<string, Service> = {
  W: 'water',
  WATER: 'water',
  WA: 'water',
  S: 'sewer',
  SEWER: 'sewer',
  SW: 'sewer',
  E: 'electric',
  ELECTRIC: 'electric',
  EL: 'electric',
  ELEC: 'electric',
  G: 'solid_waste',
  T: 'solid_waste',
  SOLID_WASTE: 'solid_waste',
  GARBAGE: 'solid_waste',
  TRASH: 'solid_waste',
  SANITATION: 'solid_waste',
  D: 'stormwater',
  STORMWATER: 'stormwater',
  STORM: 'stormwater',
  DRAINAGE: 'stormwater',
};

/** A list of services in one field (W S G, W;S;G, W/S/G), each at most once. */
export function readServices(raw: string): Service[] | Problem {
  const parts = raw.split(/[\s;/|,]+/).filter((p) => p !== '');
  if (parts.length === 0) return new Problem('REQUIRED', 'no services listed');
  const out: Service[] = [];
  for (const p of parts) {
    const s = SERVICE_CODES[p.toUpperCase()];
    if (!s) return new Problem('BAD_VALUE', `"${p}" is not a service (W, S, E, G, D or their names)`);
    if (out.includes(s)) return new Problem('BAD_VALUE', `${s.replace('_', ' ')} is listed twice`);
    out.push(s);
  }
  return out;
}

export const US_STATES = new Set(
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR VI GU AS MP AA AE AP'.split(' '),
);

export function readState(raw: string): string | Problem {
  const u = raw.toUpperCase();
  if (!US_STATES.has(u)) return new Problem('BAD_VALUE', `"${raw}" is not a two-letter state`);
  return u;
}

export function readZip(raw: string): string | Problem {
  if (!/^\d{5}(-\d{4})?$/.test(raw)) return new Problem('BAD_VALUE', `"${raw}" is not a ZIP code (12345 or 12345-6789)`);
  return raw;
}

/** A 10-digit phone (a leading 1 dropped), stored 919-555-0100 as the service desk does. */
export function readPhone(raw: string): string | null | Problem {
  if (raw === '') return null;
  let d = raw.replace(/\D/g, '');
  if (d.length === 11 && d.startsWith('1')) d = d.slice(1);
  if (d.length !== 10 || /[^\d\s().+\-x]/i.test(raw)) return new Problem('BAD_VALUE', `"${raw}" is not a 10-digit phone number`);
  return `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`;
}

export function readEmail(raw: string): string | null | Problem {
  if (raw === '') return null;
  if (raw.length > 120) return new Problem('TOO_LONG', 'an email address is at most 120 characters');
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw)) return new Problem('BAD_VALUE', `"${raw}" is not an email address`);
  return raw;
}

/** Free text: at most max characters, no control characters, never a card number. */
export function readText(raw: string, max: number): string | Problem {
  if (raw.length > max) return new Problem('TOO_LONG', `${raw.length} characters; at most ${max}`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(raw)) return new Problem('BAD_VALUE', 'holds a control character');
  if (digitCount(raw) >= 12 && containsCardNumber(raw)) return new Problem('CARD_NUMBER', 'looks like a payment card number; card numbers are never stored');
  return raw;
}

function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}
