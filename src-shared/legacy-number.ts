// Old account numbers from the previous billing system (conversion, issue 16). The setting
// conversionCheckDigit says how the old system made the last character of its numbers:
// 'luhn' (mod 10, the rule TownCounter's own numbers use), 'mod11' (weights 2..7 from the
// right, a check value of 10 written X) or 'none'. An old number is compared by its key:
// upper case, without spaces or dashes (as a cashier may type it either way).
import { checkAccountNumber, luhnCheckDigit } from './account-number';

export const CHECK_DIGIT_RULES = ['luhn', 'mod11', 'none'] as const;
export type CheckDigitRule = (typeof CHECK_DIGIT_RULES)[number];

/** The key an old number is stored and looked up by: upper case, spaces and dashes removed. */
export function legacyKey(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

/** The mod 11 check character over a digit string: weights 2,3,4,5,6,7 repeating from the right. */
export function mod11CheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (body.charCodeAt(body.length - 1 - i) - 48) * (2 + (i % 6));
  const v = (11 - (sum % 11)) % 11;
  return v === 10 ? 'X' : String(v);
}

export type LegacyCheck = { ok: true; key: string } | { ok: false; reason: 'FORMAT' | 'CHECK_DIGIT' };

/**
 * Checks an old account number against a rule. The key must be 1–30 letters or digits; with a
 * rule, it is all digits (mod 11 may end in X) and its last character is the check digit over
 * the rest.
 */
export function checkLegacyNumber(input: string, rule: CheckDigitRule): LegacyCheck {
  const key = legacyKey(input);
  if (!/^[0-9A-Z]{1,30}$/.test(key)) return { ok: false, reason: 'FORMAT' };
  if (rule === 'none') return { ok: true, key };
  if (rule === 'luhn') {
    if (!/^\d{2,30}$/.test(key)) return { ok: false, reason: 'FORMAT' };
    return luhnCheckDigit(key.slice(0, -1)) === Number(key.slice(-1)) ? { ok: true, key } : { ok: false, reason: 'CHECK_DIGIT' };
  }
  if (!/^\d{1,29}[\dX]$/.test(key) || key.length < 2) return { ok: false, reason: 'FORMAT' };
  return mod11CheckDigit(key.slice(0, -1)) === key.slice(-1) ? { ok: true, key } : { ok: false, reason: 'CHECK_DIGIT' };
}

/**
 * The TownCounter number an old number becomes when it already has TownCounter's form (seven
 * digits and a Luhn check digit, with or without the dash); null when it does not.
 */
export function ownFormOf(input: string): string | null {
  const key = legacyKey(input);
  if (!/^\d{8}$/.test(key)) return null;
  const c = checkAccountNumber(key);
  return c.ok ? c.number : null;
}
