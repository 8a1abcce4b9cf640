// The scan line on the previous billing system's bill stubs (issue 16 item 3: the stubs customers
// hold still work at the counter). A town describes where its old scan line keeps the account
// number — setting conversionScanLine, e.g. "length=24 account=3-12 amount=13-22": the scanner
// types `length` digits; characters 3 to 12 (counted from 1) are the old account number
// (zero-padded on the left as such systems print it) and 13 to 22, when given, the amount due in
// cents. Empty: old stubs are not read (the old number printed on them is typed instead).

export interface OldScanFormat {
  /** How many digits the scanner types. */
  length: number;
  /** The old account number's first and last position (1-based, inclusive). */
  account: readonly [number, number];
  /** The amount due's first and last position, when the stub carries it. */
  amount: readonly [number, number] | null;
}

/** Shortest scan line read as an old stub: anything shorter is an account number, not a scan line. */
export const OLD_SCAN_MIN_LENGTH = 12;
export const OLD_SCAN_MAX_LENGTH = 60;

/** Reads a conversionScanLine setting: null for '' (no old stubs), the format, or what is wrong with it. */
export function parseOldScanFormat(spec: string): { ok: true; format: OldScanFormat | null } | { ok: false; message: string } {
  const text = spec.trim();
  if (text === '') return { ok: true, format: null };
  const parts = new Map<string, string>();
  for (const token of text.split(/[\s,;]+/)) {
    const m = /^(length|account|amount)=(.+)$/i.exec(token);
    if (!m) return { ok: false, message: `"${token}" is not length=N, account=A-B or amount=A-B` };
    const key = m[1]!.toLowerCase();
    if (parts.has(key)) return { ok: false, message: `${key} is given twice` };
    parts.set(key, m[2]!);
  }
  const lengthText = parts.get('length');
  if (lengthText === undefined || !/^\d{1,3}$/.test(lengthText)) return { ok: false, message: 'length=N is needed (the digits the scanner types)' };
  const length = Number(lengthText);
  if (length < OLD_SCAN_MIN_LENGTH || length > OLD_SCAN_MAX_LENGTH) return { ok: false, message: `length must be ${OLD_SCAN_MIN_LENGTH} to ${OLD_SCAN_MAX_LENGTH} digits` };
  const range = (key: 'account' | 'amount'): readonly [number, number] | string | null => {
    const v = parts.get(key);
    if (v === undefined) return null;
    const m = /^(\d{1,3})-(\d{1,3})$/.exec(v);
    if (!m) return `${key} must be two positions, first-last (like ${key}=3-12)`;
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a < 1 || b < a || b > length) return `${key}=${v} must lie within the ${length} digits, first position before the last`;
    return [a, b];
  };
  const account = range('account');
  if (account === null) return { ok: false, message: 'account=A-B is needed (where the old account number is)' };
  if (typeof account === 'string') return { ok: false, message: account };
  if (account[1] - account[0] + 1 > 30) return { ok: false, message: 'the account number can be at most 30 digits' };
  const amount = range('amount');
  if (typeof amount === 'string') return { ok: false, message: amount };
  if (amount && amount[1] - amount[0] + 1 > 11) return { ok: false, message: 'the amount can be at most 11 digits (cents)' };
  if (amount && amount[0] <= account[1] && account[0] <= amount[1]) return { ok: false, message: 'account and amount overlap' };
  return { ok: true, format: { length, account, amount } };
}

/**
 * What an old stub's scan line says: the account number as the stub carries it (digits, with
 * the zeros it was padded with) and the amount due in cents (null when the format has none).
 * Null when the input isn't a scan line of that format.
 */
export function readOldScanLine(format: OldScanFormat | null, input: string): { accountDigits: string; amountDueCents: number | null } | null {
  if (!format) return null;
  const digits = input.replace(/\s/g, '');
  if (digits.length !== format.length || !/^\d+$/.test(digits)) return null;
  const cut = ([a, b]: readonly [number, number]) => digits.slice(a - 1, b);
  return { accountDigits: cut(format.account), amountDueCents: format.amount ? Number(cut(format.amount)) : null };
}

/**
 * The old-number keys a scanned account field may be: as scanned, then without its padding
 * zeros, then with fewer of them (an old number that itself starts with zeros, 00012-3, is
 * kept as 000123 and scanned as 0000000123).
 */
export function oldScanKeys(accountDigits: string): string[] {
  const bare = accountDigits.replace(/^0+/, '');
  if (bare === '') return [accountDigits];
  const keys = [accountDigits];
  for (let n = bare.length; n < accountDigits.length; n++) keys.push(bare.padStart(n, '0'));
  return keys;
}
