// A reader of the NC Debt Setoff submission file written from shared/formats/NC-DEBT-SETOFF.md §3
// and the control record in docs/SETOFF.md alone — deliberately sharing no code with the writer
// (src-main/core/collections/setoff-file.ts), so a test that reads the writer's output with it
// checks the layout, not the writer against itself. It throws on anything off the layout.

export interface SubmissionRecord {
  ssn: string;
  firstName: string;
  middleInitial: string;
  lastName: string;
  street: string;
  city: string;
  state: string;
  zip: string;
  debtAmountCents: number;
  agencyCode: string;
  expiration: string;
  complianceDate: string;
  accountNumber: string;
  uniqueKey: string;
  accountCode: string;
  baseDebtCents: number | null;
  baseInterestCents: number | null;
  uniqueKeyExtension: string;
}

export interface ControlRecord {
  recordCount: number;
  totalCents: number;
  agencyCode: string;
  fileDate: string;
}

// [first position, last position] as printed in the layout table (1-based, inclusive).
const FIELDS = {
  ssn: [1, 9],
  firstName: [10, 19],
  middleInitial: [20, 20],
  lastName: [21, 35],
  street: [36, 60],
  city: [61, 71],
  state: [72, 73],
  zip: [74, 78],
  debtAmount: [79, 85],
  agencyCode: [86, 89],
  expiration: [90, 95],
  complianceDate: [96, 103],
  accountNumber: [104, 128],
  uniqueKey: [129, 136],
  accountCode: [137, 139],
  baseDebt: [140, 146],
  baseInterest: [147, 153],
  uniqueKeyExtension: [154, 165],
} as const;

function cut(line: string, [a, b]: readonly [number, number]): string {
  return line.substring(a - 1, b);
}

function alphaField(v: string, name: string): string {
  if (!/^[A-Z -]*$/.test(v)) throw new Error(`${name} "${v}" is not alpha (A-Z, hyphen, blank)`);
  if (v.trim() !== '' && v !== v.trimStart()) throw new Error(`${name} is not left-justified`);
  return v.trimEnd();
}

function digits(v: string, name: string): string {
  if (!/^[0-9]+$/.test(v)) throw new Error(`${name} "${v}" is not numeric`);
  return v;
}

function optionalCurrency(v: string, name: string): number | null {
  if (v.trim() === '') return null;
  return Number(digits(v, name));
}

function mdy(v: string, name: string): string {
  digits(v, name);
  const iso = `${v.substring(4, 8)}-${v.substring(0, 2)}-${v.substring(2, 4)}`;
  if (Number.isNaN(Date.parse(`${iso}T00:00:00Z`))) throw new Error(`${name} ${v} is not MMDDYYYY`);
  return iso;
}

export function parseSubmissionRecord(line: string): SubmissionRecord {
  if (line.length !== 165) throw new Error(`a record is ${line.length} characters, not 165`);
  for (const ch of line) if (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) > 0x7e) throw new Error('a record holds a character outside printable 7-bit ASCII');
  const ssn = digits(cut(line, FIELDS.ssn), 'SSN');
  if (ssn.startsWith('000') || ssn.startsWith('999')) throw new Error('an SSN may not begin 000 or 999');
  const firstName = alphaField(cut(line, FIELDS.firstName), 'first name');
  const lastName = alphaField(cut(line, FIELDS.lastName), 'last name');
  if (!firstName || !lastName) throw new Error('first and last name are required');
  const expiration = digits(cut(line, FIELDS.expiration), 'expiration');
  const month = Number(expiration.substring(4, 6));
  if (month < 1 || month > 12) throw new Error('expiration is not YYYYMM');
  const uniqueKey = cut(line, FIELDS.uniqueKey);
  if (uniqueKey.trim() === '') throw new Error('the debt unique key is required');
  return {
    ssn,
    firstName,
    middleInitial: alphaField(cut(line, FIELDS.middleInitial), 'middle initial'),
    lastName,
    street: cut(line, FIELDS.street).trimEnd(),
    city: alphaField(cut(line, FIELDS.city), 'city'),
    state: alphaField(cut(line, FIELDS.state), 'state'),
    zip: digits(cut(line, FIELDS.zip), 'ZIP'),
    debtAmountCents: Number(digits(cut(line, FIELDS.debtAmount), 'debt amount')),
    agencyCode: cut(line, FIELDS.agencyCode),
    expiration,
    complianceDate: mdy(cut(line, FIELDS.complianceDate), 'compliance date'),
    accountNumber: cut(line, FIELDS.accountNumber).trimEnd(),
    uniqueKey: uniqueKey.trimEnd(),
    accountCode: cut(line, FIELDS.accountCode).trimEnd(),
    baseDebtCents: optionalCurrency(cut(line, FIELDS.baseDebt), 'base debt'),
    baseInterestCents: optionalCurrency(cut(line, FIELDS.baseInterest), 'base interest'),
    uniqueKeyExtension: cut(line, FIELDS.uniqueKeyExtension).trimEnd(),
  };
}

/** docs/SETOFF.md: 999999999, CONTROL (10), count (7), total cents (12), agency (4), file date MMDDYYYY, blanks to 165. */
export function parseControlRecord(line: string): ControlRecord {
  if (line.length !== 165) throw new Error(`the control record is ${line.length} characters, not 165`);
  if (line.substring(0, 9) !== '999999999' || line.substring(9, 19) !== 'CONTROL   ') throw new Error('not a control record');
  if (line.substring(50).trim() !== '') throw new Error('the control record is not blank after position 50');
  return {
    recordCount: Number(digits(line.substring(19, 26), 'record count')),
    totalCents: Number(digits(line.substring(26, 38), 'total')),
    agencyCode: line.substring(38, 42),
    fileDate: mdy(line.substring(42, 50), 'file date'),
  };
}

/** A whole file: lines end CR LF (a lone record without one is read too); the control record, when present, is last. */
export function parseSubmissionFile(content: string): { records: SubmissionRecord[]; control: ControlRecord | null } {
  const lines = content.endsWith('\r\n') ? content.slice(0, -2).split('\r\n') : content.split('\r\n');
  if (lines.some((l) => l.includes('\n') || l.includes('\r'))) throw new Error('a line does not end with CR LF');
  const last = lines[lines.length - 1]!;
  const control = last.startsWith('999999999') ? parseControlRecord(last) : null;
  const records = (control ? lines.slice(0, -1) : lines).map(parseSubmissionRecord);
  return { records, control };
}
