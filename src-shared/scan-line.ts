// The scan line printed on a bill stub: account digits (8), amount due in cents (10 digits),
// and a Luhn check digit over both — 19 digits a barcode scanner types in one go.
import { checkAccountNumber, luhnCheckDigit } from './account-number';

export function makeScanLine(accountNumber: string, amountDueCents: number): string {
  const acct = accountNumber.replace(/\D/g, '');
  if (!Number.isSafeInteger(amountDueCents) || amountDueCents < 0 || amountDueCents > 9_999_999_999) throw new RangeError('amount out of range for a scan line');
  const body = `${acct}${String(amountDueCents).padStart(10, '0')}`;
  return `${body}${luhnCheckDigit(body)}`;
}

export function parseScanLine(text: string): { accountNumber: string; amountDueCents: number } | null {
  const digits = text.replace(/\s/g, '');
  if (!/^\d{19}$/.test(digits)) return null;
  const body = digits.slice(0, 18);
  if (luhnCheckDigit(body) !== Number(digits[18])) return null;
  const acct = checkAccountNumber(body.slice(0, 8));
  if (!acct.ok) return null;
  return { accountNumber: acct.number, amountDueCents: Number(body.slice(8)) };
}
