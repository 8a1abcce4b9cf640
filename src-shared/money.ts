// Money: integer cents with a brand, parsed from strings without floating point and
// formatted only at the edge (screens, receipts, reports).

export type Cents = number & { readonly __brand: 'Cents' };

/** Largest amount the ledger accepts in one figure: $9,999,999.99. */
export const MAX_CENTS = 999_999_999;

export function cents(n: number): Cents {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a whole number of cents: ${n}`);
  return n as Cents;
}

const MONEY_RE = /^(-)?\$?((?:\d{1,3}(?:,\d{3})+)|\d+)?(?:\.(\d{0,2}))?$/;

/**
 * Parses "12.50", "$1,234.5", "7", ".25" into cents. Returns null for anything else
 * (three decimals, letters, empty, more than MAX_CENTS).
 */
export function parseCents(text: string): Cents | null {
  const t = text.trim();
  if (t === '' || t === '.' || t === '-') return null;
  const m = MONEY_RE.exec(t);
  if (!m) return null;
  const whole = (m[2] ?? '0').replace(/,/g, '');
  const frac = (m[3] ?? '').padEnd(2, '0');
  if (m[2] === undefined && (m[3] === undefined || m[3] === '')) return null;
  const value = Number(whole) * 100 + Number(frac || '0');
  if (!Number.isSafeInteger(value) || value > MAX_CENTS) return null;
  return (m[1] ? -value : value) as Cents;
}

/** 123456 -> "1,234.56"; negative amounts get a leading minus. */
export function formatCents(value: number, opts: { symbol?: boolean } = {}): string {
  const neg = value < 0;
  const abs = Math.abs(value);
  const whole = Math.trunc(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = (abs % 100).toString().padStart(2, '0');
  return `${neg ? '-' : ''}${opts.symbol ? '$' : ''}${whole}.${frac}`;
}

export function sumCents(values: readonly number[]): Cents {
  let total = 0;
  for (const v of values) total += v;
  return cents(total);
}

/** Rate in basis points (1.5% = 150) applied to cents, rounded half up. */
export function percentOf(amount: number, basisPoints: number): Cents {
  return cents(Math.floor((amount * basisPoints + 5000) / 10000));
}
