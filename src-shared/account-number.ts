// Account numbers: seven digits and a Luhn check digit, shown as "0012345-6", so a single
// mistyped digit or a swap of neighbouring digits is rejected at the counter.

export function luhnCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function makeAccountNumber(serial: number): string {
  if (!Number.isInteger(serial) || serial < 1 || serial > 9_999_999) throw new RangeError('account serial out of range');
  const body = serial.toString().padStart(7, '0');
  return `${body}-${luhnCheckDigit(body)}`;
}

export type AccountNumberCheck = { ok: true; number: string } | { ok: false; reason: 'FORMAT' | 'CHECK_DIGIT' };

/** Accepts "0012345-6", "00123456" or "0012345 6"; returns the canonical form. */
export function checkAccountNumber(input: string): AccountNumberCheck {
  const digits = input.replace(/[\s-]/g, '');
  if (!/^\d{8}$/.test(digits)) return { ok: false, reason: 'FORMAT' };
  const body = digits.slice(0, 7);
  if (luhnCheckDigit(body) !== Number(digits[7])) return { ok: false, reason: 'CHECK_DIGIT' };
  return { ok: true, number: `${body}-${digits[7]}` };
}
