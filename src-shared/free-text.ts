// Free text never carries a full card number. Every free-text field at the contract (payers,
// references, descriptions, authorization codes, notes, reasons, mail-batch fields, settings
// text) goes through freeText(), which refuses a run of 12–19 digits — with single spaces or
// dashes allowed between the digits, as people type card numbers — that passes the Luhn check.
// Only brand, last four and authorization code of a card are ever kept (DOMAIN.md).
import type { z } from 'zod';

export const CARD_NUMBER_MESSAGE = 'looks like a full card number: record only the brand, the last four digits and the authorization code';

/** The Luhn (mod 10) check over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Whether the text contains a card number: within each run of digit groups (separated by one
 * space or dash), any run of consecutive groups holding 12–19 digits in all that passes Luhn.
 * "4111 1111 1111 1111", "4111-1111-1111-1111" and "4111111111111111 12/26" all count; a
 * 20-digit reference without separators does not (no card number is that long).
 */
export function containsCardNumber(text: string): boolean {
  for (const m of text.matchAll(/\d+(?:[ -]\d+)*/g)) {
    const groups = m[0].split(/[ -]/);
    for (let i = 0; i < groups.length; i++) {
      let digits = '';
      for (let j = i; j < groups.length; j++) {
        digits += groups[j];
        if (digits.length > 19) break;
        if (digits.length >= 12 && luhnValid(digits)) return true;
      }
    }
  }
  return false;
}

/** Wraps a string schema of a free-text field: the same field, refusing card numbers. */
export function freeText<S extends z.ZodType<string>>(schema: S): S {
  return schema.refine((s) => !containsCardNumber(s), { message: CARD_NUMBER_MESSAGE });
}
