// Resolving what a clerk typed as an account number (issue 16, item 3). A valid TownCounter
// number (0012345-6) names the account that holds it; otherwise — or when no account holds it —
// the input is looked up as an old number from the previous billing system, by its key (upper
// case, without spaces or dashes: accounts.legacy_key). Only when neither finds an account does
// the check digit speak: TownCounter's own for an 8-digit input, else the town's old rule
// (setting conversionCheckDigit), so a mis-keyed old number is caught as one.
import { checkAccountNumber } from '../../../src-shared/account-number';
import { checkLegacyNumber, legacyKey, type CheckDigitRule } from '../../../src-shared/legacy-number';
import { OLD_SCAN_MIN_LENGTH, oldScanKeys, parseOldScanFormat, readOldScanLine } from '../../../src-shared/old-scan-line';
import type { Db } from '../../db/open-ledger';
import { CoreError } from '../errors';
import { readSettings } from '../settings';

const legacyColumns = new WeakMap<Db, boolean>();

/** Whether the ledger has the old-number columns (migration 0025): a read-only start may open an older one. */
export function hasLegacyColumns(db: Db): boolean {
  let has = legacyColumns.get(db);
  if (has === undefined) {
    const cols = db.prepare("SELECT name FROM pragma_table_info('accounts')").all() as Array<{ name: string }>;
    has = cols.some((c) => c.name === 'legacy_key');
    legacyColumns.set(db, has);
  }
  return has;
}

/** The key an input would have as an old number, or null when it can't be one (too long, other characters). */
export function legacyKeyOf(input: string): string | null {
  const key = legacyKey(input.trim());
  return /^[0-9A-Z]{1,30}$/.test(key) ? key : null;
}

/** The id of the account holding this old number (by key), if any. */
export function accountIdByLegacyKey(db: Db, input: string): number | null {
  if (!hasLegacyColumns(db)) return null;
  const key = legacyKeyOf(input);
  if (!key) return null;
  const hit = db.prepare('SELECT id FROM accounts WHERE legacy_key = ?').get(key) as { id: number } | undefined;
  return hit?.id ?? null;
}

/**
 * The account an old bill stub's scan line names (setting conversionScanLine, read when not
 * given), with the amount due the stub carries; null when the input isn't such a scan line or
 * no account holds its number (as scanned, or without the zeros it was padded with).
 */
export function accountByOldScanLine(db: Db, input: string, spec?: string): { id: number; amountDueCents: number | null } | null {
  const digits = input.replace(/\s/g, '');
  if (digits.length < OLD_SCAN_MIN_LENGTH || !/^\d+$/.test(digits) || !hasLegacyColumns(db)) return null;
  const parsed = parseOldScanFormat(spec ?? readSettings(db).conversionScanLine);
  const read = parsed.ok ? readOldScanLine(parsed.format, digits) : null;
  if (!read) return null;
  for (const key of oldScanKeys(read.accountDigits)) {
    const id = accountIdByLegacyKey(db, key);
    if (id !== null) return { id, amountDueCents: read.amountDueCents };
  }
  return null;
}

/** accounts.readStub: the account and amount due an old stub's scan line carries, or NOT_FOUND. */
export function readOldStub(db: Db, scanLine: string): { accountId: number; accountNumber: string; legacyNumber: string | null; amountDueCents: number | null } {
  const stub = accountByOldScanLine(db, scanLine);
  if (!stub) throw new CoreError('NOT_FOUND', 'That is not the scan line of an old bill stub of an account here (setting conversionScanLine); key the account number from the stub.');
  const r = db.prepare('SELECT number, legacy_number FROM accounts WHERE id = ?').get(stub.id) as { number: string; legacy_number: string | null };
  return { accountId: stub.id, accountNumber: r.number, legacyNumber: r.legacy_number, amountDueCents: stub.amountDueCents };
}

function anyLegacyNumbers(db: Db): boolean {
  return hasLegacyColumns(db) && db.prepare('SELECT 1 FROM accounts WHERE legacy_key IS NOT NULL LIMIT 1').get() !== undefined;
}

export interface FoundAccount {
  id: number;
  /** The TownCounter number. */
  number: string;
  /** True when the input was the account's old number. */
  byOldNumber: boolean;
}

export interface ResolveOptions {
  /** The town's old check-digit rule; read from the settings when not given (and only when needed). */
  rule?: CheckDigitRule;
  /** How a check-digit message ends: "re-key the account number" by default. */
  rekey?: string;
}

/**
 * The account a typed number names: a TownCounter number first, then an old number. Throws
 * BAD_ACCOUNT_NUMBER (not a number, or a check digit that fails) or NOT_FOUND.
 */
export function resolveAccountNumber(db: Db, input: string, opts: ResolveOptions = {}): FoundAccount {
  const typed = input.trim();
  const rekey = opts.rekey ?? 're-key the account number';
  const own = checkAccountNumber(typed);
  if (own.ok) {
    const hit = db.prepare('SELECT id FROM accounts WHERE number = ?').get(own.number) as { id: number } | undefined;
    if (hit) return { id: hit.id, number: own.number, byOldNumber: false };
  }
  const oldId = accountIdByLegacyKey(db, typed);
  if (oldId !== null) {
    const r = db.prepare('SELECT number FROM accounts WHERE id = ?').get(oldId) as { number: string };
    return { id: oldId, number: r.number, byOldNumber: true };
  }
  if (own.ok) throw new CoreError('NOT_FOUND', `No account ${own.number}.`);
  // A scanned stub of the previous system (setting conversionScanLine).
  const stub = accountByOldScanLine(db, typed);
  if (stub) {
    const r = db.prepare('SELECT number FROM accounts WHERE id = ?').get(stub.id) as { number: string };
    return { id: stub.id, number: r.number, byOldNumber: true };
  }
  const converted = anyLegacyNumbers(db);
  if (!converted) {
    // A town that brought no old numbers in: TownCounter's numbers only.
    throw new CoreError('BAD_ACCOUNT_NUMBER', own.reason === 'CHECK_DIGIT' ? `${typed} fails its check digit; ${rekey}.` : `${typed} is not an account number (7 digits and a check digit, like 0012345-6).`);
  }
  const rule = opts.rule ?? readSettings(db).conversionCheckDigit;
  const old = checkLegacyNumber(typed, rule);
  // Eight digits failing TownCounter's check digit: mis-keyed, unless the old rule is another
  // one (mod 11) that it passes — then it is an old number no account holds.
  if (own.reason === 'CHECK_DIGIT' && !(old.ok && rule === 'mod11')) throw new CoreError('BAD_ACCOUNT_NUMBER', `${typed} fails its check digit; ${rekey}.`);
  if (old.ok) throw new CoreError('NOT_FOUND', `No account with the number ${typed} (neither a TownCounter number nor an old one).`);
  if (old.reason === 'CHECK_DIGIT') throw new CoreError('BAD_ACCOUNT_NUMBER', `${typed} fails its check digit (old account number); ${rekey}.`);
  throw new CoreError('BAD_ACCOUNT_NUMBER', `${typed} is not an account number (like 0012345-6, or the old number on the customer's bill).`);
}
