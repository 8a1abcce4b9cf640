// The NC Debt Setoff Clearinghouse files (shared/formats/NC-DEBT-SETOFF.md, docs/SETOFF.md):
// the 165-character submission record, the control record this program adds at the end of a
// submission file, and the 173-character proceeds (return) record. Pure functions: no ledger, no
// key; the writer (setoff.ts) decrypts the SSN and hands it here, and nothing here keeps it.
import { CoreError } from '../errors';

export const RECORD_LENGTH = 165;
export const RETURN_RECORD_LENGTH = 173;
/** Records end with CR LF (the Clearinghouse has not published a terminator; see docs/SETOFF.md). */
export const LINE_END = '\r\n';
/** Positions 1–9 of the control record: an SSN may not begin 999, so no debt record starts so. */
export const CONTROL_MARKER = '999999999';
export const MAX_CURRENCY_CENTS = 9_999_999;

export interface SetoffRecordFields {
  ssn: string;
  firstName: string;
  middleName: string | null;
  lastName: string;
  street: string;
  city: string;
  state: string;
  zip: string;
  amountCents: number;
  agencyCode: string;
  /** YYYYMM */
  expirationYm: string;
  /** YYYY-MM-DD */
  complianceDate: string;
  accountNumber: string;
  uniqueKey: string;
  accountCode: string;
}

/** ASCII letters without accents, upper case. */
function plainUpper(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase();
}

/** Alpha: A–Z, hyphen or blank; apostrophes, periods and anything else dropped ("O'Neal" → "ONEAL"). */
export function alpha(s: string): string {
  return plainUpper(s)
    .replace(/[^A-Z -]/g, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Address text: upper-case ASCII letters, digits, blank, hyphen, # and /; apostrophes, periods and commas dropped. */
export function addressText(s: string): string {
  return plainUpper(s)
    .replace(/['’.,]/g, '')
    .replace(/[^A-Z0-9 #/-]/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Left-justified, blank-filled, cut to the width. */
export function text(s: string, width: number): string {
  return s.slice(0, width).padEnd(width, ' ');
}

/** Right-justified, zero-filled digits; refuses what does not fit. */
export function numeric(n: number | string, width: number): string {
  const s = typeof n === 'number' ? String(n) : n;
  if (!/^\d+$/.test(s) || s.length > width) throw new CoreError('BAD_INPUT', `${s} does not fit a ${width}-digit numeric field.`);
  return s.padStart(width, '0');
}

export function currency(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0 || cents > MAX_CURRENCY_CENTS) throw new CoreError('BAD_INPUT', `An amount of ${cents} cents does not fit the 7-digit currency field (at most $99,999.99).`);
  return numeric(cents, 7);
}

/** YYYY-MM-DD → MMDDYYYY */
export function mmddyyyy(day: string): string {
  return `${day.slice(5, 7)}${day.slice(8, 10)}${day.slice(0, 4)}`;
}

/** MMDDYYYY → YYYY-MM-DD (null when it is not a date). */
export function fromMmddyyyy(s: string): string | null {
  if (!/^\d{8}$/.test(s)) return null;
  const day = `${s.slice(4, 8)}-${s.slice(0, 2)}-${s.slice(2, 4)}`;
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day ? null : day;
}

/** Why an SSN/ITIN can't go in the file, or null. */
export function ssnProblem(ssn: string): string | null {
  if (!/^\d{9}$/.test(ssn)) return 'the tax id on file is not 9 digits';
  if (ssn.startsWith('000') || ssn.startsWith('999')) return 'the tax id on file begins 000 or 999, which the Clearinghouse refuses';
  return null;
}

/** One 165-character debt record, exactly as the layout (§3). */
export function formatSetoffRecord(f: SetoffRecordFields): string {
  const problem = ssnProblem(f.ssn);
  if (problem) throw new CoreError('BAD_INPUT', problem);
  const first = alpha(f.firstName);
  const last = alpha(f.lastName);
  if (first.length === 0 || last.length === 0) throw new CoreError('BAD_INPUT', 'A debtor needs a last name and at least a first initial.');
  if (!/^\d{6}$/.test(f.expirationYm)) throw new CoreError('BAD_INPUT', 'The expiration date must be YYYYMM.');
  if (f.uniqueKey.length < 1 || f.uniqueKey.length > 20) throw new CoreError('BAD_INPUT', 'The debt unique key must be 1 to 20 characters.');
  const zip = f.zip.replace(/\D/g, '').slice(0, 5);
  const record =
    numeric(f.ssn, 9) +
    text(first, 10) +
    text(alpha(f.middleName ?? '').slice(0, 1), 1) +
    text(last, 15) +
    text(addressText(f.street), 25) +
    text(alpha(f.city), 11) +
    text(alpha(f.state), 2) +
    numeric(zip || '0', 5) +
    currency(f.amountCents) +
    text(f.agencyCode, 4) +
    f.expirationYm +
    mmddyyyy(f.complianceDate) +
    text(addressText(f.accountNumber), 25) +
    text(f.uniqueKey.slice(0, 8), 8) +
    text(alpha(f.accountCode), 3) +
    ' '.repeat(7) +
    ' '.repeat(7) +
    text(f.uniqueKey.slice(8, 20), 12);
  if (record.length !== RECORD_LENGTH || !/^[\x20-\x7e]*$/.test(record)) throw new CoreError('INTERNAL', 'A setoff record came out the wrong length or not plain ASCII.');
  return record;
}

/**
 * The control record (our own, the layout has none; docs/SETOFF.md): 999999999, CONTROL, the
 * number of debt records (7 digits), their total amount in cents (12 digits), the agency code and
 * the file date (MMDDYYYY), blank to 165.
 */
export function formatControlRecord(p: { recordCount: number; totalCents: number; agencyCode: string; fileDate: string }): string {
  const r = CONTROL_MARKER + text('CONTROL', 10) + numeric(p.recordCount, 7) + numeric(p.totalCents, 12) + text(p.agencyCode, 4) + mmddyyyy(p.fileDate);
  return text(r, RECORD_LENGTH);
}

/** The whole file: the debt records then the control record, each ended with CR LF. */
export function formatSubmissionFile(records: readonly string[], control: { totalCents: number; agencyCode: string; fileDate: string }): string {
  return [...records, formatControlRecord({ recordCount: records.length, ...control })].map((r) => r + LINE_END).join('');
}

/** The YYYYMM a number of years after a date. */
export function expirationYm(complianceDate: string, years: number): string {
  return `${String(Number(complianceDate.slice(0, 4)) + years).padStart(4, '0')}${complianceDate.slice(5, 7)}`;
}

// The proceeds file ---------------------------------------------------------------------------

export interface ReturnRecord {
  lineNo: number;
  /** Positions 1–9: only its last four are compared with the customer's; never logged or stored. */
  ssn: string;
  lastName: string;
  uniqueKey: string;
  matchDate: string | null;
  setoffCents: number;
  loadStamp: string;
  depositCents: number;
}

export interface ParsedReturnFile {
  records: ReturnRecord[];
  /** Lines that are not a 173-character record, with why (the file is refused when any). */
  problems: Array<{ lineNo: number; problem: string }>;
}

/** Parses the 173-character records of a proceeds file (§5); blank lines are ignored. */
export function parseReturnFile(content: string): ParsedReturnFile {
  const records: ReturnRecord[] = [];
  const problems: ParsedReturnFile['problems'] = [];
  const lines = content.split(/\r?\n/);
  lines.forEach((line, i) => {
    const lineNo = i + 1;
    if (line.trim() === '') return;
    if (!/^[\x20-\x7e]*$/.test(line)) return problems.push({ lineNo, problem: 'not plain ASCII' });
    if (line.length !== RETURN_RECORD_LENGTH) return problems.push({ lineNo, problem: `${line.length} characters, not ${RETURN_RECORD_LENGTH}` });
    const cur = (from: number, len: number) => line.slice(from - 1, from - 1 + len);
    const amount = cur(145, 7);
    const deposit = cur(167, 7);
    if (!/^\d{7}$/.test(amount)) return problems.push({ lineNo, problem: 'the setoff amount (positions 145–151) is not 7 digits' });
    if (!/^\d{7}$/.test(deposit)) return problems.push({ lineNo, problem: 'the cash management deposit (positions 167–173) is not 7 digits' });
    records.push({
      lineNo,
      ssn: cur(1, 9),
      lastName: cur(21, 15).trimEnd(),
      uniqueKey: cur(129, 8).trimEnd(),
      matchDate: fromMmddyyyy(cur(137, 8)),
      setoffCents: Number(amount),
      loadStamp: cur(152, 15),
      depositCents: Number(deposit),
    });
  });
  return { records, problems };
}

/**
 * The Cash Management deposit total of a proceeds file: each load (positions 152–166) is one
 * deposit, repeated on every record of that load, so it counts once. A load whose records carry
 * different deposit amounts is a problem (the file is refused).
 */
export function depositTotal(records: readonly ReturnRecord[]): { totalCents: number; problem: string | null } {
  const byLoad = new Map<string, number>();
  for (const r of records) {
    const seen = byLoad.get(r.loadStamp);
    if (seen !== undefined && seen !== r.depositCents) return { totalCents: 0, problem: `The records of load ${r.loadStamp.trim()} carry different deposit amounts (line ${r.lineNo}).` };
    byLoad.set(r.loadStamp, r.depositCents);
  }
  let total = 0;
  for (const v of byLoad.values()) total += v;
  return { totalCents: total, problem: null };
}
