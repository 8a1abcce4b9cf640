// Money typed at the counter: parsed with parseCents (integer cents, never float math) and
// refused at the field with a message the cashier can act on.
import { formatCents, MAX_CENTS, parseCents } from '../../src-shared/money';

export type AmountCheck = { ok: true; cents: number } | { ok: false; empty: boolean; message: string };

export function checkAmount(text: string): AmountCheck {
  const t = text.trim();
  if (t === '') return { ok: false, empty: true, message: 'Enter the amount.' };
  const cents = parseCents(t);
  if (cents === null) {
    const bare = t.replace(/^-?\$?/, '').replace(/,/g, '');
    if (/^\d*\.\d{3,}$/.test(bare)) return { ok: false, empty: false, message: 'Use at most two digits after the decimal point.' };
    if (/^\d+(\.\d{0,2})?$/.test(bare)) return { ok: false, empty: false, message: `That amount is too large (the most is ${formatCents(MAX_CENTS, { symbol: true })}).` };
    return { ok: false, empty: false, message: 'Enter an amount in dollars and cents, like 12.50.' };
  }
  if (cents < 0) return { ok: false, empty: false, message: 'The amount can’t be negative.' };
  if (cents === 0) return { ok: false, empty: false, message: 'The amount must be more than zero.' };
  return { ok: true, cents };
}

/** Cents as the text an amount field starts with ("155.25"); empty for nothing owed. */
export function amountText(cents: number): string {
  return cents > 0 ? formatCents(cents) : '';
}
